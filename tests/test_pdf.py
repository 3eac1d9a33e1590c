"""`make pdf`: the guide and the handouts, read back with pypdf and poppler (pdftotext, pdffonts).

One synthetic project (strict site build + every PDF) per session; the real data gets the same checks in one
slower test. Poppler is installed by .ci/run; without it these tests skip locally and fail under CI."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, build, copy_project

import build_pdf
from mrkb import print_document
from mrkb.loader import load_knowledge_base

IN_CI = os.environ.get("CI") == "true"
CHAPTERS = ["Principer", "Aktörskap", "Roller", "Verktyg", "Lärande exempel", "Ordlista"]


def _require_poppler() -> None:
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        return
    if IN_CI:
        pytest.fail("poppler-utils (pdftotext, pdffonts) missing under CI=true")
    pytest.skip("PDF TESTS SKIPPED: poppler-utils missing (apt-get install poppler-utils)")


def pdftotext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """Text without whitespace and hyphens, so words broken across lines (Swedish hyphenation) compare equal."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def link_annotations(reader: PdfReader) -> list:
    links = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                links.append(annotation)
    return links


def build_pdfs(project: Path) -> Path:
    site = project / "site"
    build_pdf.build_all(site, root=project)
    return site / "pdf"


@pytest.fixture(scope="session")
def print_project(tmp_path_factory) -> Path:
    """Synthetic data with the download page, built strictly WITHOUT PDFs, then `make pdf` into its site/."""
    _require_poppler()
    project = copy_project(tmp_path_factory.mktemp("print") / "project", data="synthetic", examples=4,
                           docs="minimal")
    shutil.copy2(ROOT / "docs" / "utskrift.md", project / "docs" / "utskrift.md")
    build(project)  # strict: the links to PDFs that do not exist yet must not fail the build
    build_pdfs(project)
    return project


def check_guide(pdf: Path, project: Path) -> PdfReader:
    """Every check on the whole guide; returns the reader for further checks."""
    kb, problems = load_knowledge_base(project)
    assert not problems
    records = list(kb.all_records())
    reader = PdfReader(pdf)
    pages = len(reader.pages)
    assert len(records) // 2 <= pages <= 6 * len(records) + 40, f"{pages} pages for {len(records)} records"

    # Metadata, language and tagged structure (PDF/UA-1)
    site_name = re.search(r"^site_name:\s*(.+)$", (project / "mkdocs.yml").read_text(encoding="utf-8"),
                          flags=re.MULTILINE).group(1).strip()
    assert reader.metadata.title == site_name
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog, "not a tagged PDF"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert str(catalog["/Lang"]).lower().startswith("sv")

    # Bookmarks: every chapter and every record
    titles = outline_titles(reader)
    for chapter in CHAPTERS:
        assert chapter in titles, f"no bookmark for chapter {chapter}"
    missing = [r.title for r in records if r.title not in titles]
    assert not missing, f"records without bookmark: {missing[:5]}"

    # Printed table of contents with page numbers that match where the bookmarks point
    toc = pdftotext(pdf, 2, 4)
    assert "Innehåll" in toc
    bookmarks = {item.title: reader.get_destination_page_number(item) + 1
                 for item in reader.outline if not isinstance(item, list)}
    for chapter in CHAPTERS:
        match = re.search(rf"^\s*{re.escape(chapter)}\s*\.+\s*(\d+)\s*$", toc, flags=re.MULTILINE)
        assert match, f"'{chapter}' with a page number missing from Innehåll"
        assert int(match.group(1)) == bookmarks[chapter], f"Innehåll says {chapter} is on page {match.group(1)}"

    # Text: Swedish letters survive extraction, running footer, no empty pages
    text = pdftotext(pdf)
    assert "Lärande exempel" in text and "Aktörskap" in text and "Innehåll" in text
    assert f"Sida 1 av {pages}" in text and f"Sida {pages} av {pages}" in text
    for number, page_text in enumerate(text.split("\f")[:pages], 1):
        body = re.sub(rf"Sida {number} av {pages}|{re.escape(site_name)}", "", page_text).strip()
        assert len(body) > 40, f"page {number} is (nearly) empty: {page_text!r}"
    # External link targets are printed after the link text
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
    return reader


def test_guide(print_project):
    reader = check_guide(print_project / "site" / "pdf" / "mr-plattformen.pdf", print_project)
    text = pdftotext(print_project / "site" / "pdf" / "mr-plattformen.pdf")
    assert "(https://example.org/kalla)" in text, "external link targets are not printed"
    # The matrix gets landscape pages, so no column is cut off
    landscape = [n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert landscape, "the matrix is not printed landscape"
    matrix_text = "".join(pdftotext(print_project / "site" / "pdf" / "mr-plattformen.pdf", n + 1)
                          for n in landscape)
    kb, _ = load_knowledge_base(print_project)
    for actor in kb.records["aktorskap"].values():
        assert squash(actor.title) in squash(matrix_text)


def test_handouts_exist_and_are_tagged(print_project):
    kb, _ = load_knowledge_base(print_project)
    pdf_dir = print_project / "site" / "pdf"
    for folder in ("aktorskap", "exempel", "verktyg"):
        for record in kb.records[folder].values():
            path = print_project / "site" / print_document.handout_path(record)
            assert path.is_file(), f"no handout {path.name}"
    sample = pdf_dir / f"aktorskap-{next(iter(kb.records['aktorskap']))}.pdf"
    reader = PdfReader(sample)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title.startswith(next(iter(kb.records["aktorskap"].values())).title)
    assert 1 <= len(reader.pages) <= 6


def check_worksheets(project: Path) -> None:
    kb, _ = load_knowledge_base(project)
    for tool in kb.records["verktyg"].values():
        path = project / "site" / print_document.handout_path(tool)
        pages = len(PdfReader(path).pages)
        assert pages <= 2, f"worksheet {path.name} has {pages} pages"
        text = squash(pdftotext(path))
        for step in tool.data["steps"]:
            assert squash(step["title"]) in text
            if step.get("question"):
                assert squash(step["question"]) in text, f"{path.name}: question missing: {step['question']}"


def test_worksheets_ask_every_step_on_at_most_two_pages(print_project):
    check_worksheets(print_project)


def test_record_pages_and_download_page_link_to_existing_pdfs(print_project):
    site = print_project / "site"
    kb, _ = load_knowledge_base(print_project)
    actor = next(iter(kb.records["aktorskap"].values()))
    page = (site / "aktorskap" / actor.id / "index.html").read_text(encoding="utf-8")
    assert f'href="../../pdf/aktorskap-{actor.id}.pdf"' in page
    principle = next(iter(kb.records["principer"].values()))
    assert "mr-handout" not in (site / "principer" / principle.id / "index.html").read_text(encoding="utf-8")
    downloads = (site / "utskrift" / "index.html").read_text(encoding="utf-8")
    targets = re.findall(r'href="(\.\./pdf/[^"]+\.pdf)"', downloads)
    expected = 1 + sum(len(kb.records[f]) for f in ("aktorskap", "exempel", "verktyg"))
    assert len(set(targets)) == expected
    for target in targets:
        assert (site / "utskrift" / target).resolve().is_file(), target


def test_contributor_text_is_escaped_in_print():
    from mrkb.model import KnowledgeBase, Record
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
    """The same checks on the real content."""
    _require_poppler()
    kb, problems = load_knowledge_base(ROOT)
    assert not problems and kb.records["verktyg"], "the real data must be valid (run make validate)"
    project = copy_project(tmp_path / "project")
    pdf_dir = build_pdfs(project)
    check_guide(pdf_dir / "mr-plattformen.pdf", project)
    check_worksheets(project)
