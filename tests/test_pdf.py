"""The PDFs (guide, handouts, worksheets, workshop kits), made by the site build itself, read back with pypdf and
poppler (pdftotext, pdffonts).

One synthetic project in git (strict site build with the PDFs) per session; the real data gets the same checks
on the PDFs `make build` makes (from the cache, so cheap after `make build`). Poppler is installed by .ci/run;
without it these tests skip locally and fail under CI."""
from __future__ import annotations

import concurrent.futures
import functools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, build, copy_project
from mrkb.pages.downloads import pdf_facts

import build_pdf
from mrkb.print import build as print_build
from mrkb.print import document as print_document
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import KnowledgeBase, Record

IN_CI = os.environ.get("CI") == "true"
# The guide's parts in a reader's order (those present in a project); the web site's own pages come after
# the glossary, as appendices, or not at all.
BOOK_ORDER = ["Innehåll", "Grunder – skyldigheter och begrepp", "Principer", "Aktörskap", "Roller", "Verktyg",
              "Lärande exempel", "Matris: principer och aktörskap", "Kännetecken på en rättighetsbaserad kommun "
              "eller region", "Ordlista"]
CHAPTERS = ["Principer", "Aktörskap", "Roller", "Verktyg", "Lagar och konventioner", "Lärande exempel", "Ordlista"]
HASH = re.compile(r"\b[0-9a-f]{7}\b")


def _require_poppler() -> None:
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        return
    if IN_CI:
        pytest.fail("poppler-utils (pdftotext, pdffonts) missing under CI=true")
    pytest.skip("PDF TESTS SKIPPED: poppler-utils missing (apt-get install poppler-utils)")


def read_pdf(path: Path) -> PdfReader:
    """A PdfReader, opened once per file version: pypdf takes seconds to open the 300-page guide (its catalogue
    sits in an object stream with the structure tree), and several checks read the same PDF."""
    stat = path.stat()
    return _read_pdf(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=128)
def _read_pdf(path: str, mtime_ns: int, size: int) -> PdfReader:
    return PdfReader(path)


def pdftotext(path: Path, first: int | None = None, last: int | None = None, layout: bool = True) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_texts(path: Path, layout: bool = True) -> list[str]:
    """Each page's text from one pdftotext run (pages end at form feeds)."""
    return pdftotext(path, layout=layout).split("\f")[:len(read_pdf(path).pages)]


def squash(text: str) -> str:
    """Text without whitespace and hyphens, so words broken across lines (Swedish hyphenation) compare equal."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def outline(reader: PdfReader) -> list[tuple[int, object]]:
    """(depth, item) of every bookmark, in order."""
    items = []

    def walk(entries, depth):
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                items.append((depth, entry))
    walk(reader.outline, 0)
    return items


def link_annotations(reader: PdfReader) -> list:
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                links.append(annotation)
    return links


def footer_free(page_text: str, reader: PdfReader, number: int) -> str:
    """A page's text without its running header (first line) and footer (the line with the page number, which
    holds the colophon too)."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    return "\n".join(line for line in lines[1:] if f"Sida {number} av {len(reader.pages)}" not in line)


def check_every_pdf(pdf_dir: Path) -> None:
    """What holds for every PDF: tagged, Swedish, no internal file names, addresses printed whole (never
    hyphenated), no page that holds only the header and footer (so no trailing blank page either)."""
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    assert pdfs
    # Opening a PDF parses all of it in pypdf (WeasyPrint puts every object in one object stream): the real site's
    # 90 PDFs take some 20 s of pure Python, so they are spread over the cores in processes.
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as pool:
        for future in [pool.submit(_check_one_pdf, pdf) for pdf in pdfs]:
            future.result()


def _check_one_pdf(pdf: Path) -> None:
    reader = read_pdf(pdf)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and str(catalog["/Lang"]).lower().startswith("sv"), pdf.name
    texts = page_texts(pdf, layout=False)  # in reading order: addresses wrapped over lines join up
    whole = "\f".join(texts)
    assert len(texts) == len(reader.pages), pdf.name
    assert "index.md" not in whole and ".md?" not in whole, f"{pdf.name}: an internal file name is printed"
    for number, text in enumerate(texts, 1):
        assert len(footer_free(text, reader, number)) > 40, f"{pdf.name} page {number} holds only the footer"
    # Every external address is printed as it is: hyphenation would add a U+2010 and break the match
    printed = re.sub(r"\s+", "", whole)
    for annotation in link_annotations(reader):
        uri = str(annotation.get("/A", {}).get("/URI", ""))
        if uri.startswith("http"):
            assert uri.replace(" ", "") in printed, f"{pdf.name}: address not printed whole: {uri}"


@pytest.fixture(scope="session")
def print_project(tmp_path_factory) -> Path:
    """Synthetic data with the download page, in git with one uncommitted change, built strictly WITH the PDFs
    and the offline zip (as `make build` does)."""
    _require_poppler()
    project = copy_project(tmp_path_factory.mktemp("print") / "project", data="synthetic", examples=4,
                           docs="minimal")
    shutil.copy2(ROOT / "docs" / "utskrift.md", project / "docs" / "utskrift.md")
    shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-qm", "test"], cwd=project, check=True)
    (project / "docs" / "matris.md").write_text((project / "docs" / "matris.md").read_text() + "\n", "utf-8")
    build(project, pdf=True, offline_zip=True)
    return project


def check_guide(pdf: Path, project: Path) -> PdfReader:
    """Every check on the whole guide; returns the reader for further checks."""
    kb, problems = load_knowledge_base(project)
    assert not problems
    records = list(kb.all_records())
    reader = read_pdf(pdf)
    pages = len(reader.pages)
    texts = page_texts(pdf)
    assert len(records) // 2 <= pages <= 6 * len(records) + 40, f"{pages} pages for {len(records)} records"
    site_name = re.search(r"^site_name:\s*(.+)$", (project / "mkdocs.yml").read_text(encoding="utf-8"),
                          flags=re.MULTILINE).group(1).strip()
    assert reader.metadata.title == site_name
    assert bool(reader.trailer["/Root"]["/MarkInfo"]["/Marked"]) is True

    # Cover: title and a version a reader understands; no page number, no commit hash
    cover = texts[0]
    # Swedish month names in lower case (issue #24), also first on a line
    assert "MR-plattformen" in cover and re.search(r"(januari|februari|mars|april|maj|juni|juli|augusti|"
                                                   r"september|oktober|november|december) 20\d\d", cover), cover
    assert not re.search(r"(Januari|Februari|Mars|April|Maj|Juni|Juli|Augusti|September|Oktober|November|December)"
                         r" 20\d\d", cover), cover
    assert "Sida" not in cover and not HASH.search(cover), f"page number or hash on the cover: {cover!r}"
    assert not re.search(r"\w[\u2010\u00ad-]\s*\n", cover), f"a word split over two lines on the cover: {cover!r}"

    # Bookmarks: every chapter and record, the parts in a reader's order, appendices after the glossary
    marks = outline(reader)
    top = [item.title for depth, item in marks if depth == 0]
    for chapter in CHAPTERS:
        assert chapter in top, f"no bookmark for chapter {chapter}"
    present = [title for title in BOOK_ORDER if title in top]
    assert [t for t in top if t in BOOK_ORDER] == present, f"parts out of order: {top}"
    after_glossary = top[top.index("Ordlista") + 1:]
    assert all(t.startswith("Bilaga ") for t in after_glossary), f"after the glossary: {after_glossary}"
    assert not any("Tillgänglighet" in t for t in top), "the web site's accessibility statement is printed"
    titles = [item.title for _, item in marks]
    missing = [r.title for r in records if r.title not in titles]
    assert not missing, f"records without bookmark: {missing[:5]}"

    # Every record title starts in the top part of its page, with its page's text (never at the foot of a page)
    record_titles = {r.title for r in records}
    for depth, item in marks:
        if depth == 1 and item.title in record_titles:
            number = reader.get_destination_page_number(item)
            height = float(reader.pages[number].mediabox.height)
            assert float(item["/Top"]) > height * 0.55, f"'{item.title}' starts low on page {number + 1}"
            assert squash(item.title) in squash(texts[number]), item.title

    # Printed table of contents with page numbers that match the bookmarks, then the colophon with the version
    toc = "\f".join(texts[1:5])
    assert "Innehåll" in toc and "Om utskriften" in toc
    bookmarks = {item.title: reader.get_destination_page_number(item) + 1 for depth, item in marks if depth == 0}
    for chapter in CHAPTERS:
        match = re.search(rf"^\s*{re.escape(chapter)}\s*\.+\s*(\d+)\s*$", toc, flags=re.MULTILINE)
        assert match, f"'{chapter}' with a page number missing from Innehåll"
        assert int(match.group(1)) == bookmarks[chapter], f"Innehåll says {chapter} is on page {match.group(1)}"

    text = "\f".join(texts)
    assert "Lärande exempel" in text and "Aktörskap" in text
    assert f"Sida 2 av {pages}" in text and f"Sida {pages} av {pages}" in text
    assert "(https://" in text or "(http://" in text, "external link targets are not printed"

    # Fonts: all embedded
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, "no fonts"
    for row in rows:
        assert re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", row), row
        assert row.split()[-5] == "yes", f"font not embedded: {row}"

    # Links: internal (table of contents, cross references) and external (sources)
    links = link_annotations(reader)
    internal = [a for a in links if "/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo"]
    external = [a for a in links if a.get("/A", {}).get("/S") == "/URI"]
    assert len(internal) >= len(records), f"{len(internal)} internal links"
    assert external, "no external links"

    # The matrix: landscape, dense (at least two principles per page), never an internal file name
    kb_principles = list(kb.records["principer"].values())
    landscape = [n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert landscape, "the matrix is not printed landscape"
    assert len(landscape) <= max(1, len(kb_principles) // 2), f"matrix spread over {len(landscape)} pages"
    matrix_text = squash("".join(pdftotext(pdf, n + 1, layout=False) for n in landscape))
    for record in [*kb.records["aktorskap"].values(), *kb_principles]:
        assert squash(record.title) in matrix_text
    return reader


def test_guide(print_project):
    pdf = print_project / "site" / "pdf" / "mr-plattformen.pdf"
    check_guide(pdf, print_project)
    text = pdftotext(pdf)
    assert "(https://example.org/kalla)" in text, "external link targets are not printed"
    # The colophon names the commit and says that the tree had uncommitted changes
    assert re.search(r"version [0-9a-f]{7} med lokala ändringar", squash_spaces(pdftotext(pdf, 2, 5))), \
        "the colophon does not show the version with local changes"


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_pdf_is_tagged_whole_and_without_footer_only_pages(print_project):
    check_every_pdf(print_project / "site" / "pdf")


def test_handouts_and_kits_exist(print_project):
    kb, _ = load_knowledge_base(print_project)
    site = print_project / "site"
    for record in kb.all_records():
        for path, _ in print_document.record_prints(record):
            assert (site / path).is_file(), f"no {path}"
    actor = next(iter(kb.records["aktorskap"].values()))
    reader = read_pdf(site / print_document.handout_path(actor))
    assert reader.metadata.title.startswith(actor.title)
    assert 1 <= len(reader.pages) <= 6


def test_kit_holds_the_page_its_worksheets_and_a_few_examples(print_project):
    kb, _ = load_knowledge_base(print_project)
    for folder in print_document.KIT_TYPES:
        for record in kb.records[folder].values():
            pdf = print_project / "site" / print_document.kit_path(record)
            titles = [item.title for _, item in outline(read_pdf(pdf))]
            tools, examples = print_document.kit_contents(kb, record)
            all_examples = kb.referrers(record, "exempel")
            assert len(examples) == min(3, len(all_examples)) and tools, record.id
            assert record.title in titles
            for tool in tools:
                assert f"Arbetsblad: {tool.title}" in titles, f"{pdf.name}: no worksheet for {tool.id}"
            for example in examples:
                assert example.title in titles, f"{pdf.name}: no example {example.id}"
            if print_document.kit_legal_bases(kb, record, tools):
                assert "Lagar och konventioner" in titles, f"{pdf.name}: no part on the legal bases"


def _font_sizes(pdf: Path, page: int = 0) -> dict[str, float]:
    """Largest font size (pt) each text run is drawn at on a page."""
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = abs(tm[0] * cm[0]) or 1
            sizes[text.strip()] = max(sizes.get(text.strip(), 0), size * scale)
    read_pdf(pdf).pages[page].extract_text(visitor_text=visit)
    return sizes


def check_worksheets(project: Path, site: Path) -> None:
    kb, _ = load_knowledge_base(project)
    for tool in kb.records["verktyg"].values():
        path = site / print_document.handout_path(tool)
        pages = len(read_pdf(path).pages)
        assert pages <= 2, f"worksheet {path.name} has {pages} pages"
        text = squash(pdftotext(path))
        for step in tool.data["steps"]:
            assert squash(step["title"]) in text
            if step.get("question"):
                assert squash(step["question"]) in text, f"{path.name}: question missing: {step['question']}"
        # The steps' text is at least 10 pt
        first_step_text = tool.data["steps"][0].get("text", "").split()[:2]
        if first_step_text:
            # The first two words: the source list (8.5 pt) may hold a run that starts with the same word.
            sizes = [size for run, size in _font_sizes(path).items() if run.startswith(" ".join(first_step_text))]
            assert sizes and min(sizes) >= 9.9, f"{path.name}: step text at {sizes} pt"


def test_worksheets_ask_every_step_on_at_most_two_pages(print_project):
    check_worksheets(print_project, print_project / "site")


def test_pages_link_only_to_pdfs_and_zip_the_build_has(print_project):
    site = print_project / "site"
    kb, _ = load_knowledge_base(print_project)
    actor = next(iter(kb.records["aktorskap"].values()))
    page = (site / "aktorskap" / actor.id / "index.html").read_text(encoding="utf-8")
    assert f'href="../../pdf/aktorskap-{actor.id}.pdf"' in page and f'href="../../pdf/kit-{actor.id}.pdf"' in page
    role = next(iter(kb.records["roller"].values()))
    assert "mr-handout" not in (site / "roller" / role.id / "index.html").read_text(encoding="utf-8")
    downloads = (site / "utskrift" / "index.html").read_text(encoding="utf-8")
    targets = re.findall(r'href="(\.\./pdf/[^"]+\.pdf)"', downloads)
    expected = 1 + bool(kb.traits) + sum(len(print_document.record_prints(r)) for r in kb.all_records())  # + worksheet
    assert len(set(targets)) == expected
    for target in targets:
        assert (site / "utskrift" / target).resolve().is_file(), target
    # Each PDF link opens in the browser and says format, pages and size, from the real file.
    assert not re.search(r'\.pdf"[^>]*\bdownload\b', downloads + page)
    facts = re.findall(r'href="\.\./pdf/([^"]+\.pdf)">[^<]+</a> <span class="mr-pdf">\(PDF, (\d+) sid(?:a|or), '
                       r'(\d+ kB|\d+,\d MB)\)</span>', downloads)
    assert len(facts) == len(targets), "a PDF link without its pages and size"
    for name, pages, size in facts:
        pdf = site / "pdf" / name
        assert int(pages) == len(read_pdf(pdf).pages), name
        assert size == pdf_facts(pdf.stat().st_size, None).removeprefix("PDF, "), name
    # The offline copy: a download with size and date, no developer command
    match = re.search(r'<a href="\.\./mr-plattformen-offline\.zip" download>[^<]+</a> \(zip, (\d+,\d) MB, '
                      r"(\d+ \w+ 20\d\d)\)", downloads)
    assert match, "no offline download with size and date"
    size = (site / "mr-plattformen-offline.zip").stat().st_size
    assert abs(float(match.group(1).replace(",", ".")) - size / 1e6) < 0.06
    assert "make offline" not in downloads and print_document.OFFLINE_MISSING not in downloads


def test_a_build_without_pdfs_links_to_none(tmp_path):
    """MR_PDF=0 (or no WeasyPrint): the pages have no PDF links at all, so none can be dead."""
    project = copy_project(tmp_path / "project", data="synthetic", examples=2, docs="minimal")
    shutil.copy2(ROOT / "docs" / "utskrift.md", project / "docs" / "utskrift.md")
    build(project)
    site = project / "site"
    assert not (site / "pdf").exists()
    for page in site.rglob("*.html"):
        assert ".pdf\"" not in page.read_text(encoding="utf-8"), page
    assert print_document.OFFLINE_MISSING in (site / "utskrift" / "index.html").read_text(encoding="utf-8")


def _kb(summary: str) -> KnowledgeBase:
    def record(type_, id_, **data):
        return Record(type_, id_, {"title": id_.title(), "summary": "S.", "sources": [], "reviewed": "2026-01-01",
                                   **data}, f"data/{type_}/{id_}.yml")
    actor = record("aktorskap", "arbetsgivare", body="B.", covers=["C."])
    other = record("aktorskap", "samhallsaktor", body="B.", covers=["C."])
    example = record("exempel", "ett", organisation="O", organisation_type="kommun", counties=[],
                     period={"start": 2020}, body="B.", lessons=[], aktorskap=["arbetsgivare"])
    example.data["summary"] = summary
    kb = KnowledgeBase({"aktorskap": {"arbetsgivare": actor, "samhallsaktor": other}, "exempel": {"ett": example}},
                       {})
    kb.backlinks[("aktorskap", "arbetsgivare")] = {"exempel": [example]}
    return kb


def test_only_the_pdfs_whose_content_changed_are_made_again(tmp_path, monkeypatch):
    """The cache key is the PDF's input: changing one example's summary changes the guide, its handout and the
    aktörskap handout and kit that show it, and nothing else."""
    meta = print_document.PrintMeta("T", "2026-01-01", "abc1234")
    before = {job.path: job.key for job in print_build.plan(tmp_path, _kb("Förr."), meta)}
    after = {job.path: job.key for job in print_build.plan(tmp_path, _kb("Nu."), meta)}
    changed = {path for path in before if before[path] != after[path]}
    assert changed == {print_document.GUIDE_PATH, "pdf/exempel-ett.pdf", "pdf/aktorskap-arbetsgivare.pdf",
                       "pdf/kit-arbetsgivare.pdf"}
    assert "pdf/kit-samhallsaktor.pdf" in before
    monkeypatch.setattr(print_build, "CACHE_DIR", tmp_path / "cache")
    jobs = print_build.plan(tmp_path, _kb("Nu."), meta)
    assert print_build.missing(jobs) == jobs
    (tmp_path / "cache").mkdir()
    jobs[1].cached.write_bytes(b"%PDF-cached")
    assert jobs[1] not in print_build.missing(jobs)
    assert print_build.publish(jobs, tmp_path / "site") == [jobs[1].path]
    assert (tmp_path / "site" / jobs[1].path).read_bytes() == b"%PDF-cached"
    # A new commit (another version) makes the guide again, and nothing else
    newer = print_build.plan(tmp_path, _kb("Nu."), print_document.PrintMeta("T", "2026-01-01", "def5678"))
    assert [job.path for job in newer if job.key not in {j.key for j in jobs}] == [print_document.GUIDE_PATH]


def test_print_meta_shows_local_changes(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yml").write_text("a: 1\n")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    clean = print_build.print_meta(tmp_path, "T", "")
    assert HASH.fullmatch(clean.version), clean.version
    (tmp_path / "data" / "a.yml").write_text("a: 2\n")
    assert print_build.print_meta(tmp_path, "T", "").version == f"{clean.version} med lokala ändringar"
    assert re.fullmatch(r"[a-z]+ 20\d\d", clean.edition)  # Swedish month names in lower case


def test_printed_urls_break_only_after_slash_question_mark_and_ampersand():
    shown = print_document.printed_url("https://example.org/exempel/?princip=a-b&aktorskap=c")
    assert shown == ("<span>https://example.org/</span><wbr><span>exempel/</span><wbr><span>?</span><wbr>"
                     "<span>princip=a-b&amp;</span><wbr><span>aktorskap=c</span>")
    marked = print_document.with_printed_urls('<a href="https://example.org/a-b/">Text</a>')
    assert marked.endswith('<span class="url">(<span>https://example.org/</span><wbr><span>a-b/</span>)</span>')


def test_matrix_prints_the_filtered_listing_address_not_a_file_name():
    """A link to a filtered listing becomes the real public address, with its query."""
    from mrkb.print.pages import _rewrite_links
    kb = KnowledgeBase({"exempel": {}}, {})
    markup = _rewrite_links('<a href="exempel/index.md?princip=x&amp;aktorskap=y">Alla</a>', "matris.md",
                            {"matris.md"}, kb, "https://example.org/")
    assert 'href="https://example.org/exempel/?princip=x&amp;aktorskap=y"' in markup


def test_print_wording_replaces_web_wording_in_text_only():
    from mrkb.print.pages import print_wording
    printed = print_wording('<p class="den här sidan">Den här sidan förklarar. Läs mer på sidan '
                            '<a href="x">Y</a>. På den här webbplatsen står det.</p>')
    assert printed == ('<p class="den här sidan">Det här kapitlet förklarar. Läs mer i kapitlet '
                       '<a href="x">Y</a>. I det här uppslagsverket står det.</p>')


def test_uncertain_and_disputed_facts_are_printed_once_together():
    kb = _kb("S.")
    record = kb.get("exempel", "ett")
    record.data["uncertain"] = ["Året är okänt."]
    record.data["disputed"] = ["Källa A säger 2019, källa B 2020."]
    meta = print_document.PrintMeta("T", "2026-01-01", "abc1234")
    document = print_document.handout_html(kb, record, meta).html
    assert document.count(">Osäkra uppgifter</h") == 1
    assert "Året är okänt." in document and "Källa A säger 2019" in document
    assert 'href="#exempel-ett-osakra-uppgifter"' in document


def test_contributor_text_is_escaped_in_print():
    hostile = Record("exempel", "x", {
        "title": "<script>alert(1)</script>", "summary": "Hej <img src=x onerror=alert(1)> [a](javascript:alert(1))",
        "organisation": "<b>Org</b>", "organisation_type": "kommun", "counties": [], "period": {"start": 2020},
        "body": "<script>evil()</script>", "lessons": ["<iframe src=x>"], "reviewed": "2026-01-01",
        "sources": [{"title": "<i>t</i>", "publisher": "<p>", "url": "https://example.org/\"onmouseover=x"}]},
        "data/exempel/x.yml")
    kb = KnowledgeBase({"exempel": {"x": hostile}}, {})
    meta = print_document.PrintMeta("T", "2026-01-01", "abc")
    for document in (print_document.handout_html(kb, hostile, meta), print_document.guide_html(kb, meta)):
        for bad in ("<script", "<img", "<iframe", "javascript:", "<b>", '/"onmouseover'):
            assert bad not in document.html, f"{bad!r} reached the print HTML"


@pytest.mark.slow
def test_real_data_pdfs(tmp_path):
    """The same checks on the real content, on the PDFs `make build` makes (from its cache when it ran)."""
    _require_poppler()
    kb, problems = load_knowledge_base(ROOT)
    assert not problems and kb.records["verktyg"], "the real data must be valid (run make validate)"
    site = tmp_path / "site"
    build_pdf.build_all(site, root=ROOT)
    check_guide(site / "pdf" / "mr-plattformen.pdf", ROOT)
    check_every_pdf(site / "pdf")
    check_worksheets(ROOT, site)
    top = [item.title for depth, item in outline(read_pdf(site / "pdf" / "mr-plattformen.pdf")) if depth == 0]
    assert [t for t in top if t in BOOK_ORDER] == BOOK_ORDER, f"the guide's parts: {top}"


def test_a_changed_font_file_makes_the_pdfs_again(tmp_path, monkeypatch):
    """The cache key holds the font files the print stylesheets resolve to: installing or updating a font renders
    again (PDFs made before the fonts were installed once stayed in the cache)."""
    font = tmp_path / "NotoSans-Regular.ttf"
    font.write_bytes(b"font, first version")
    resolved = []
    monkeypatch.setattr(print_build, "resolve_fonts",
                        lambda patterns: resolved.extend(patterns) or [str(font)] * len(patterns))
    monkeypatch.setattr(print_build, "CACHE_DIR", tmp_path / "cache")
    meta = print_document.PrintMeta("T", "2026-01-01", "abc1234")
    jobs = print_build.plan(tmp_path, _kb("Nu."), meta)
    assert "Noto Sans" in resolved and "Noto Sans:bold" in resolved and "monospace" in resolved
    (tmp_path / "cache").mkdir()
    for job in jobs:
        job.cached.write_bytes(b"%PDF-cached")
    assert print_build.missing(print_build.plan(tmp_path, _kb("Nu."), meta)) == []
    font.write_bytes(b"font, second version, a little longer")
    again = print_build.plan(tmp_path, _kb("Nu."), meta)
    assert [job.path for job in print_build.missing(again)] == [job.path for job in jobs]
    monkeypatch.setattr(print_build, "resolve_fonts", lambda patterns: [""] * len(patterns))  # font gone
    assert print_build.missing(print_build.plan(tmp_path, _kb("Nu."), meta)) != []


def test_guide_has_a_register_of_the_examples_beyond_the_limit(tmp_path, monkeypatch):
    """Above the limit the guide prints no example in full but a register: title, organisation, län, one line, the
    web address and the handout of each; lists of examples inside other records show a few and point to it. A
    small synthetic set with the limit set low (3) stands in for thousands of examples."""
    _require_poppler()
    import synthetic
    synthetic.write_dataset(tmp_path / "data", examples=8, schema_dir=ROOT / "data" / "schema")
    kb, problems = load_knowledge_base(tmp_path)
    assert not problems
    monkeypatch.setattr(print_document, "GUIDE_LISTED_EXAMPLES", 2)
    meta = print_document.PrintMeta("MR-plattformen – uppslagsverk", "2026-01-01", "abc1234",
                                    "https://example.org/mr/")
    full = print_document.guide_html(kb, meta, full_examples=8).html
    html = print_document.guide_html(kb, meta, full_examples=3).html
    assert "Vad gjordes?" in full and "Vad gjordes?" not in html  # no example in full
    examples = list(kb.records["exempel"].values())
    for example in examples:
        assert f'id="exempel-{example.id}"' in html  # in-book links to an example land on its entry
    assert html.count('class="register-entry"') == len(examples)
    pdf = tmp_path / "guide.pdf"
    print_build._init_engine()
    print_build._engine.render(html, pdf)
    text = squash(pdftotext(pdf, layout=False))
    assert squash("Lärande exempel (register)") in text and squash("har 8 lärande exempel") in text
    register_text = text[text.index(squash("har 8 lärande exempel")):]
    for example in examples:
        counties = [entry.title for entry in kb.resolve("lan", example.data["counties"])]
        entry = register_text[register_text.index(squash(example.title)):][:400]
        assert squash(example.data["organisation"]) in entry and all(squash(c) in entry for c in counties), entry
        assert squash(f"webben: exempel/{example.id}/") in entry, entry
        assert squash(f"utdelningsblad: pdf/exempel-{example.id}.pdf") in entry, entry
    # A principle lists two of its examples, then how many more are in the register and where on the web
    assert squash("till i registret över lärande exempel") in text
    assert "https://example.org/mr/exempel/?princip=" in html
    # Eight entries fit on one page: the register chapter is its intro page
    register = [n for n, page in enumerate(page_texts(pdf)) if "webben: exempel/" in page]
    assert len(register) == 1, register
