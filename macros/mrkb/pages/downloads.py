"""Where the build's PDFs and offline copy live, and the links to them: a record page's print links and the
download page /utskrift/. Pages link to exactly the files a build has (`available`), never to a missing one.
print/ writes the files at these paths."""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from .self_assessment import WORKSHEET_PATH

GUIDE_PATH = "pdf/mr-plattformen.pdf"  # relative to the site root
# Record types that get a handout of their own; tools get a worksheet instead of a copy of their page.
HANDOUT_PREFIX = {"aktorskap": "aktorskap", "exempel": "exempel", "verktyg": "arbetsblad"}
HANDOUT_LABEL = {"aktorskap": "Skriv ut aktörskapet", "exempel": "Skriv ut exemplet",
                 "verktyg": "Skriv ut arbetsbladet"}
# Workshop kits: the record's page, its tools as worksheets and a few of its examples, in one PDF.
KIT_TYPES = ("aktorskap", "principer")
KIT_LABEL = "Skriv ut workshoppaketet"

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


def handout_path(record: Record) -> str | None:
    """Site-relative path of a record's handout PDF, or None when its type has no handout."""
    prefix = HANDOUT_PREFIX.get(record.type)
    return f"pdf/{prefix}-{record.id}.pdf" if prefix else None


def kit_path(record: Record) -> str | None:
    """Site-relative path of a record's workshop kit, or None when its type has no kit."""
    return f"pdf/kit-{record.id}.pdf" if record.type in KIT_TYPES else None


def record_prints(record: Record) -> list[tuple[str, str]]:
    """(site path, link text) of every PDF made from a record, for its page."""
    prints = [(handout_path(record), HANDOUT_LABEL.get(record.type, "")), (kit_path(record), KIT_LABEL)]
    return [(path, label) for path, label in prints if path]


def with_handout_link(page_html: str, kb: KnowledgeBase, record_key: str | None, href,
                      available: set[str] | None = None) -> str:
    """A record page's HTML with links to its PDFs before the first section heading.

    record_key: "type/id" from the page's front matter (None for other pages); href(site path) -> URL as seen
    from the page; available: the PDF paths this build has (None: all), so no link ever points to a missing
    file."""
    folder, _, record_id = (record_key or "").partition("/")
    record = kb.get(folder, record_id)
    prints = [(path, label) for path, label in record_prints(record) if available is None or path in available] \
        if record is not None else []
    if not prints:
        return page_html
    line = '<p class="mr-handout">' + " · ".join(
        f'<a href="{html.escape(href(path))}">{label}</a> {pdf_facts_marker(path)}' for path, label in prints) + "</p>"
    position = page_html.find("<h2")
    return page_html[:position] + line + page_html[position:] if position >= 0 else page_html + line


# A PDF link opens in the browser (no download attribute) and says what it is: "(PDF, 3 sidor, 45 kB)". The pages
# are written before the PDFs exist, so each link gets a marker with the file's path, which fill_pdf_facts replaces
# with the real file's facts once the build has published the PDFs.
_PDF_MARK = re.compile(r'<span class="mr-pdf" data-mr-pdf="([^"]+)">\(PDF\)</span>')


def pdf_facts_marker(path: str) -> str:
    return f'<span class="mr-pdf" data-mr-pdf="{html.escape(path)}">(PDF)</span>'


def pdf_facts(size_bytes: int, pages: int | None) -> str:
    """ "PDF, 3 sidor, 45 kB": format, pages (when known) and size, in Swedish."""
    size = (f"{max(1, round(size_bytes / 1000))} kB" if size_bytes < 1_000_000
            else f"{size_bytes / 1e6:.1f} MB".replace(".", ","))
    count = "" if not pages else (" 1 sida," if pages == 1 else f" {pages} sidor,")
    return f"PDF,{count} {size}"


def fill_pdf_facts(site_dir: Path, facts: dict[str, tuple[int, int | None]]) -> int:
    """Replace every PDF marker in the built pages with the file's facts ({site path: (bytes, pages)}); a marker
    for a PDF not in facts stays "(PDF)". Returns the number of pages rewritten."""
    rewritten = 0
    for page in Path(site_dir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="mr-pdf"' not in text:
            continue
        def replace(match: re.Match) -> str:
            known = facts.get(html.unescape(match.group(1)))
            return f'<span class="mr-pdf">({pdf_facts(*known)})</span>' if known else match.group(0)
        filled = _PDF_MARK.sub(replace, text)
        if filled != text:
            page.write_text(filled, encoding="utf-8")
            rewritten += 1
    return rewritten


def long_date(date: str) -> str:
    """2026-11-23 -> 23 november 2026."""
    return f"{int(date[8:10])} {MONTHS[int(date[5:7]) - 1]} {date[:4]}"


OFFLINE_ZIP_PATH = "mr-plattformen-offline.zip"  # relative to the site root
# The download page's offline paragraph sits between these markers; the build fills in the link once the zip
# exists (print_build.fill_offline_link), so the page never links to a zip the build does not have.
OFFLINE_MARK = ("<!-- mr-offline-zip -->", "<!-- /mr-offline-zip -->")
OFFLINE_MISSING = "Offlinekopian finns inte med i den här versionen av webbplatsen."


def downloads_markdown(kb: KnowledgeBase, href, available: set[str] | None = None) -> str:
    """The download page's lists: the guide, the kits, the worksheets, the handouts and the offline copy.

    href(site path) gives the URL as seen from that page; available: the PDF paths this build has (None:
    all), so the page never links to a missing file."""
    def link(path: str, text: str) -> str:
        return f'<li><a href="{html.escape(href(path))}">{html.escape(text)}</a> {pdf_facts_marker(path)}</li>'

    def listing(heading: str, intro: str, entries: list[tuple[str, str]]) -> str:
        entries = [(path, text) for path, text in entries if available is None or path in available]
        if not entries:
            return ""
        return (f"\n## {heading}\n\n{intro}\n\n<ul class=\"mr-downloads\">\n"
                + "\n".join(link(path, text) for path, text in entries) + "\n</ul>\n")

    def records(folder: str, path) -> list[tuple[str, str]]:
        return [(path(r), r.title) for r in kb.records.get(folder, {}).values()]

    parts = [
        listing("Hela uppslagsverket", "Alla delar i en bok i A4, med innehållsförteckning och sidnummer.",
                [(GUIDE_PATH, "MR-plattformen – hela uppslagsverket")]),
        listing("Workshoppaket", "Ett paket per aktörskap och per princip: beskrivningen, arbetsblad för verktygen "
                "och några lärande exempel, i en fil.",
                [(kit_path(r), f"{RECORD_TYPES[r.type].singular.capitalize()}: {r.title}")
                 for folder in KIT_TYPES for r in kb.records.get(folder, {}).values()]),
        listing("Arbetsblad för verktygen", "Stegen i verktyget som frågor med linjer att skriva på, på en eller "
                "två sidor.", records("verktyg", handout_path)),
        listing("Självskattning", "Kännetecknen med frågor och nivåer att kryssa i, för ledningsgruppen på papper.",
                [(WORKSHEET_PATH, "Självskattning: Hur långt har vi kommit?")] if kb.traits else []),
        listing("Aktörskapen", "Ett utdelningsblad per aktörskap.", records("aktorskap", handout_path)),
        listing("Lärande exempel", "Ett utdelningsblad per exempel.", records("exempel", handout_path)),
    ]
    offline = ("\n## Utan internet\n\nDet finns en kopia av hela webbplatsen som fungerar utan internet, med "
               "sökning, filter och alla PDF-filer. Den är en zip-fil: packa upp den och öppna filen "
               "`mr-plattformen/index.html` i en webbläsare.\n\n"
               f'<p class="mr-offline-download">{OFFLINE_MARK[0]}{OFFLINE_MISSING}{OFFLINE_MARK[1]}</p>\n')
    # The offline copy right after the whole guide: a workshop leader without a network looks for it first.
    return parts[0] + offline + "".join(parts[1:])

def offline_link_html(href: str, size_bytes: int, date: str) -> str:
    """The offline copy's download link with its size and date, for the download page."""
    size = f"{size_bytes / 1e6:.1f}".replace(".", ",")
    return f'<a href="{html.escape(href)}" download>Ladda ner offlinekopian</a> (zip, {size} MB, {long_date(date)})'
