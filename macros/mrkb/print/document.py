"""Print HTML built from the knowledge base: the whole guide, one handout per aktörskap and learning example,
a worksheet (arbetsblad) per tool and a workshop kit per aktörskap and principle. print_build.py turns it into
PDF with print.css.

Records are rendered from the same data as the site pages; contributor text goes through safe_markdown, so
nothing from data/ reaches the HTML unescaped. No MkDocs import: any generator or script can call this."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from ..pages.outline import Row, Section, linked_records, overview_rows, provision_heading, sections
from ..pages.render import official_link, sources_html
from ..pages.source_markers import Citations, reference_line
from ..base.markers import find_markers
from ..base.safe_markdown import to_html, to_inline_html
from ..pages.self_assessment import WORKSHEET_PATH
from ..pages.county_map import county_map
from ..pages.downloads import (  # noqa: F401 - the paths and links, re-exported for print users
    GUIDE_PATH, HANDOUT_LABEL, HANDOUT_PREFIX, KIT_LABEL, KIT_TYPES, MONTHS, OFFLINE_MARK, OFFLINE_MISSING,
    OFFLINE_ZIP_PATH, downloads_markdown, handout_path, kit_path, long_date, offline_link_html, record_prints,
    with_handout_link)

PRINT_CSS = Path(__file__).with_name("print.css")
KIT_EXAMPLES = 3
# The whole guide prints learning examples in full up to this many; with more, a register instead (one short entry
# per example, with its web address and handout), so the guide stays printable at any size (≈24 entries a page).
GUIDE_FULL_EXAMPLES = 60
# With the register, a list of examples inside another record (a principle's "Lärande exempel") shows this many.
GUIDE_LISTED_EXAMPLES = 6
REGISTER_LINE = 110  # characters of an example's summary in the register: about one printed line
# Worksheet space, in ruled lines of 7.5 mm: an A4 page (257 mm of text height) holds 34; the estimates below
# (one text line ≈ 0.7 ruled line) size the writing space so the sheet fills one or two whole pages.
WORKSHEET_PAGE_LINES = 34
WORKSHEET_CHARS_PER_LINE = 95


@dataclass
class PrintMeta:
    title: str
    date: str  # YYYY-MM-DD: when the content last changed
    version: str  # git short hash, "… med lokala ändringar" for uncommitted edits; the date outside a checkout
    site_url: str = ""  # absolute URL of the published site, with a trailing slash ('' = unknown)

    @property
    def edition(self) -> str:
        """The version a reader understands, as on a printed book: "december 2026" (Swedish month names are
        written in lower case, also first on a line)."""
        year, month = self.date[:4], int(self.date[5:7])
        return f"{MONTHS[month - 1]} {year}"

    @property
    def edition_in_text(self) -> str:
        """The edition inside a line of text, where Swedish writes the month in lower case: "december 2026"."""
        return self.edition[:1].lower() + self.edition[1:]

    @property
    def colophon(self) -> str:
        """The line that says exactly which content this print is: the guide's page footer."""
        return f"{self.title}, {self.edition_in_text} (version {self.version})"

    @property
    def short_colophon(self) -> str:
        """The page footer of handouts, worksheets and kits: without the commit, so a commit that does not
        change one of them leaves its cached PDF valid (print_build.py caches by the print HTML)."""
        return f"{self.title}, {self.edition_in_text}"


@dataclass
class PrintedPage:
    """A hand-written page already turned into print HTML (see print_pages.py)."""
    slug: str
    title: str
    html: str
    css_class: str = ""
    place: str = "front"  # "front" (before the records), "back" (after them) or "appendix"


@dataclass
class Document:
    title: str  # the PDF's title in its metadata
    html: str


def anchor(record: Record) -> str:
    return f"{record.type}-{record.id}"


@dataclass
class _Links:
    """Where a link to a record points: inside this document when the record is printed in it, else the web."""
    kb: KnowledgeBase
    meta: PrintMeta
    inside: set[tuple[str, str]] = field(default_factory=set)
    # The guide with a register of examples: lists of examples in other records show this many (None: all).
    listed_examples: int | None = None

    def href(self, record: Record) -> str:
        if (record.type, record.id) in self.inside:
            return f"#{anchor(record)}"
        return self.meta.site_url + record.url if self.meta.site_url else ""

    def link(self, record: Record) -> str:
        target = self.href(record)
        title = html.escape(record.title)
        return f'<a href="{html.escape(target)}">{title}</a>' if target else title

    def links(self, records) -> str:
        return ", ".join(self.link(r) for r in records)


def _esc(text) -> str:
    return html.escape(str(text))


LONG_URL_PIECE = 48  # characters: about half a line of the A4 text column


def printed_url(url: str) -> str:
    """A URL as print HTML that may break only after / ? & (a <wbr> there), never inside a piece."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    pieces = [piece for piece in re.split(r"(?<=[/?&])", rest) if piece]
    pieces[0] = scheme + sep + pieces[0]
    # Each piece unbreakable (print.css: white-space: nowrap), else a line could break after a hyphen in it. A
    # piece too long for a line may break anywhere, with no hyphen added (class "long"), rather than be cut off.
    # A hyphen stays with the next character there, so no line ends in "-" (a reader would take it as hyphenation).
    def long_piece(piece: str) -> str:
        return re.sub(r"-(.)", r'<span class="keep">-\1</span>', html.escape(piece))
    return "<wbr>".join(f'<span class="long">{long_piece(piece)}</span>' if len(piece) > LONG_URL_PIECE
                        else f"<span>{html.escape(piece)}</span>" for piece in pieces)


_EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]+)"([^>]*)>(.*?)</a>', re.DOTALL)


def with_printed_urls(markup: str) -> str:
    """Paper has no hover: an external link's address is printed after its text, in parentheses; a link whose
    text is its address shows the address. Either way the address may break only after / ? &."""
    def replace(match: re.Match) -> str:
        url, attributes, text = match.group(1), match.group(2), match.group(3)
        address = html.unescape(url)
        shown = printed_url(address)
        if html.unescape(re.sub(r"<[^>]+>", "", text)).strip() == address:
            return f'<a href="{url}"{attributes} class="url">{shown}</a>'
        return f'{match.group(0)} <span class="url">({shown})</span>'
    return _EXTERNAL_LINK.sub(replace, markup)


def _section(title: str, body: str, level: int, section_id: str = "") -> str:
    id_attribute = f' id="{section_id}"' if section_id else ""
    return (f"<section{id_attribute}><h{level}>{_esc(title)}</h{level}>\n{body}\n</section>\n"
            if body.strip() else "")


def _block(text: str, css_class: str = "text", cites: Citations | None = None) -> str:
    if not text:
        return ""
    return f'<div class="{css_class}">{cites.html(text, "") if cites else to_html(text)}</div>'


def _points(items, cites: Citations | None = None) -> str:
    def item_html(item: str) -> str:
        return cites.inline_html(item, "") if cites else to_inline_html(item)
    return "<ul>" + "".join(f"<li>{item_html(item)}</li>" for item in items) + "</ul>" if items else ""


def _citations(record: Record) -> Citations:
    """The record's markers as superscript numbers linking to its printed sources (ids unique in a document)."""
    return Citations(record.data["sources"], mode="print", prefix=f"{anchor(record)}-kalla-")


def _record_points(records, links: _Links) -> str:
    return "<ul>" + "".join(f"<li>{links.link(r)} – {to_inline_html(r.data['summary'])}</li>"
                            for r in records) + "</ul>" if records else ""


def _row_value(row: Row, links: _Links) -> str:
    if row.kind == "link":
        return official_link(row.value)
    if row.kind == "records":
        return links.links(row.value)
    if row.kind == "vocab":
        return ", ".join(_esc(entry.title) for entry in row.value)
    return _esc(row.value)


# Labels too long for the overview's label column on paper: a label on two lines makes text extraction (and so
# screen readers and search in the PDF) read the second line in the middle of the value beside it.
_PRINT_LABELS = {"Hjälper er att uppfylla": "Rättslig grund"}


def _overview(kb: KnowledgeBase, record: Record, links: _Links) -> str:
    return '<dl class="overview">' + "".join(
        f"<dt>{_PRINT_LABELS.get(row.label, row.label)}</dt><dd>{_row_value(row, links)}</dd>"
        for row in overview_rows(kb, record)) + "</dl>"


def _section_body(part: Section, links: _Links, level: int, record: Record, cites: Citations | None = None) -> str:
    if part.kind == "markdown":
        return _block(part.content, cites=cites)
    if part.kind == "points":
        return _points(part.content, cites)
    if part.kind == "steps":
        return _steps(part.content, level + 1, cites)
    if part.kind == "provisions":
        return "".join(f"<h{level + 1}>{_esc(provision_heading(p))}</h{level + 1}>" + _block(p["text"], cites=cites)
                       for p in part.content)
    records, cap = part.content, links.listed_examples
    if cap is None or len(records) <= cap or any(r.type != "exempel" for r in records):
        return _record_points(records, links)  # on paper every record is listed: there is no filter to link to
    # The guide's register holds every example: here the first few, and where to find the rest.
    rest = len(records) - cap
    web = ""
    if part.facet and links.meta.site_url:
        address = f"{links.meta.site_url}exempel/?{part.facet}={record.id}"
        web = f' Alla står också på webben: <a href="{_esc(address)}">{_esc(address)}</a>.'
    return (_record_points(records[:cap], links)
            + f'<p class="more">… och {rest} till i <a href="#kap-exempel">registret över lärande exempel</a>.'
            + f"{web}</p>")


def _steps(steps: list[dict], level: int, cites: Citations | None = None) -> str:
    parts = []
    for number, step in enumerate(steps, 1):
        parts.append(f"<h{level}>{number}. {_esc(step['title'])}</h{level}>")
        parts.append(_block(step.get("text", ""), cites=cites))
        if step.get("question"):
            parts.append(f'<p class="question"><strong>Fråga:</strong> {_esc(step["question"])}</p>')
    return "".join(parts)


def _uncertainty(record: Record, level: int, cites: Citations | None = None) -> tuple[str, str]:
    """(short line near the top, "Osäkra uppgifter" section at the end) of a record; both empty when there is
    nothing uncertain. Facts no source confirms and facts the sources disagree on are shown together, once."""
    uncertain, disputed = record.data.get("uncertain", []), record.data.get("disputed", [])
    if not uncertain and not disputed:
        return "", ""
    section_id = f"{anchor(record)}-osakra-uppgifter"
    parts = []
    if uncertain:
        parts.append(('<p class="box-title">Ingen källa bekräftar:</p>' if disputed else "") + _points(uncertain, cites))
    if disputed:
        parts.append('<p class="box-title">Källorna säger olika:</p>' + _points(disputed, cites))
    note = (f'<p class="uncertain-note">Några uppgifter är osäkra. De står under '
            f'<a href="#{section_id}">Osäkra uppgifter</a>.</p>')
    return note, _section("Osäkra uppgifter", '<div class="warning">' + "".join(parts) + "</div>", level,
                          section_id)


def citation_section(record: Record, meta: PrintMeta, level: int) -> str:
    """"Så citerar du sidan": the same reference as on the record's web page (the public address)."""
    address = meta.site_url + record.url if meta.site_url else ""
    line = reference_line(record.title, meta.title, address, record.data["reviewed"])
    return _section("Så citerar du sidan", f'<p class="cite">{_esc(line)}</p>', level)


def record_html(kb: KnowledgeBase, record: Record, links: _Links, level: int = 2, cite: bool = False) -> str:
    """One record as a print section: heading (level), lead, overview, the type's sections, uncertain facts,
    sources (the text's markers as superscript numbers of these sources), and with cite the reference to the web
    page. The title, the lead and the overview stay together on one page."""
    d, sub = record.data, level + 1
    cites = _citations(record)
    note, uncertain = _uncertainty(record, sub, cites)
    page_note = RECORD_TYPES[record.type].page_note
    if page_note:  # on paper the official text is in the overview just below, with its address
        note = f'<p class="page-note">{_esc(page_note.rstrip(":"))} (se Officiell text nedan).</p>' + note
    out = [f'<article class="record record-{record.type}" id="{anchor(record)}">',
           f'<div class="record-start"><h{level}>{_esc(record.title)}</h{level}>', _block(d["summary"], "lead"),
           note, "</div>", _overview(kb, record, links)]
    out += [_section(part.title, _section_body(part, links, sub, record, cites), sub) for part in sections(kb, record)]
    out.append(uncertain)
    out.append(_section("Källor", sources_html(d["sources"], "sources", id_prefix=cites.prefix), sub))
    if cite:
        out.append(citation_section(record, links.meta, sub))
    if links.meta.site_url:
        out.append(f'<p class="provenance">På webben: <a href="{_esc(links.meta.site_url + record.url)}">'
                   f"{_esc(links.meta.site_url + record.url)}</a></p>")
    out.append("</article>")
    return "\n".join(part for part in out if part)


def _glossary_html(kb: KnowledgeBase, links: _Links) -> str:
    glossary = kb.glossary or {}
    if not glossary.get("terms"):
        return ""
    items = []
    for term in glossary["terms"]:
        name = f"<dt>{_esc(term['term'])}" + (f" ({_esc(term['expansion'])})" if term.get("expansion") else "") \
            + "</dt>"
        text = to_inline_html(term["definition"])
        if term.get("synonyms"):
            text += f" <em>Även:</em> {_esc(', '.join(term['synonyms']))}."
        if term.get("see"):
            folder, _, ref = term["see"].partition("/")
            target = kb.get(folder, ref)
            if target is not None:
                text += f" Läs mer: {links.link(target)}."
        items.append(f"{name}<dd>{text}</dd>")
    return ('<section class="chapter glossary" id="kap-ordlista"><h1>Ordlista</h1><dl class="glossary-list">'
            + "".join(items) + "</dl>"
            + _section("Källor till ordlistan", sources_html(glossary.get("sources", []), "sources"), 2)
            + "</section>")


def _page(title: str, lang_title: str, body: str, meta: PrintMeta, css_class: str, chapter: str = "",
          versioned: bool = False) -> str:
    """A complete HTML document: the title becomes the PDF metadata title, lang="sv" its language.

    title and chapter start the running header (left and right), the colophon the footer (with the commit when
    versioned: the guide); chapter headings in the body update the header. External addresses are printed."""
    head = (f'<meta name="dcterms.created" content="{_esc(meta.date)}">'
            f'<meta name="generator" content="MR-plattformen {_esc(meta.version)}">' if versioned else "")
    colophon = meta.colophon if versioned else meta.short_colophon
    return ("<!DOCTYPE html>\n"
            f'<html lang="sv"><head><meta charset="utf-8"><title>{_esc(lang_title)}</title>{head}'
            f'</head><body class="{css_class}" data-running-title="{_esc(title)}" data-chapter="{_esc(chapter)}" '
            f'data-colophon="{_esc(colophon)}">'
            f"\n{with_printed_urls(body)}\n</body></html>\n")


def _toc(entries: list[tuple[str, str, list[tuple[str, str]]]]) -> str:
    """A printed table of contents: (anchor, title, [(anchor, title)]) with page numbers (print.css)."""
    items = []
    for chapter_anchor, title, children in entries:
        sub = ("<ol>" + "".join(f'<li><a href="#{a}">{_esc(t)}</a></li>' for a, t in children) + "</ol>"
               if children else "")
        items.append(f'<li class="toc-chapter"><a href="#{chapter_anchor}">{_esc(title)}</a>{sub}</li>')
    return f'<ol>{"".join(items)}</ol>'


def _printed_page(page: PrintedPage, label: str = "") -> str:
    """A hand-written page as a chapter; label ("Bilaga A") goes before its title, in the bookmark too."""
    body = re.sub(r"(<h1[^>]*>)", lambda m: f"{m.group(1)}{_esc(label)}. ", page.html, count=1) if label \
        else page.html
    return f'<section class="chapter page-{page.slug} {page.css_class}" id="sida-{page.slug}">{body}</section>'



def _one_line(markdown: str, limit: int = REGISTER_LINE) -> str:
    """A summary as plain text of at most limit characters, cut at a word with "…"."""
    text = html.unescape(re.sub(r"<[^>]+>", "", to_inline_html(markdown))).strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–- ") + " …"


def _register_entry(kb: KnowledgeBase, record: Record, meta: PrintMeta) -> str:
    """One example in the register: title, organisation and län; one line of its summary; its page and handout."""
    d = record.data
    counties = ", ".join(entry.title for entry in kb.resolve("lan", d.get("counties", [])))
    where = " – ".join(part for part in (d.get("organisation", ""), counties) if part)
    handout = handout_path(record)
    places = [f"webben: {_esc(record.url)}"] + ([f"utdelningsblad: {_esc(handout)}"] if handout else [])
    return (f'<div class="register-entry" id="{anchor(record)}"><p class="register-title"><strong>'
            f"{_esc(record.title)}</strong>" + (f" – {_esc(where)}" if where else "") + "</p>"
            f'<p class="register-line">{_esc(_one_line(d["summary"]))}</p>'
            f'<p class="register-address">{" · ".join(places)}</p></div>')


def _register(kb: KnowledgeBase, records: list[Record], meta: PrintMeta) -> str:
    """The examples chapter when there are more than GUIDE_FULL_EXAMPLES: a register, not the examples in full."""
    record_type = RECORD_TYPES["exempel"]
    start = (f' Adresserna på webben börjar med <a href="{_esc(meta.site_url)}">{_esc(meta.site_url)}</a>.'
             if meta.site_url else "")
    return (f'<section class="chapter records register" id="kap-exempel"><h1>{_esc(record_type.plural)}</h1>'
            f'<p class="intro">{_esc(record_type.intro)}</p>'
            f'<p class="register-note">Uppslagsverket har {len(records)} lärande exempel, fler än en utskrift rymmer. '
            "Här står vart och ett med titel, organisation, län och en rad om vad det handlar om. Hela exemplet "
            f"finns på webben och som utdelningsblad (PDF) att skriva ut för sig.{start}</p>"
            + "\n".join(_register_entry(kb, r, meta) for r in records) + "</section>")


def guide_html(kb: KnowledgeBase, meta: PrintMeta, pages: list[PrintedPage] = (),
               full_examples: int = GUIDE_FULL_EXAMPLES) -> Document:
    """The whole guide as a book: cover, contents, the hand-written pages placed "front", every record type in
    a reader's order (the learning examples in full up to full_examples, else as a register), the pages placed
    "back", the glossary, and the pages placed "appendix" as appendices."""
    everything = {(r.type, r.id) for r in kb.all_records()}
    register = len(kb.records.get("exempel", {})) > full_examples
    links = _Links(kb, meta, everything, GUIDE_LISTED_EXAMPLES if register else None)
    chapters: list[tuple[str, str, list[tuple[str, str]]]] = []  # (anchor, title, [(anchor, title)])
    body = []
    for page in (p for p in pages if p.place == "front"):
        chapters.append((f"sida-{page.slug}", page.title, []))
        body.append(_printed_page(page))
    for folder, record_type in RECORD_TYPES.items():
        records = list(kb.records.get(folder, {}).values())
        if not records:
            continue
        if folder == "exempel" and register:
            chapters.append(("kap-exempel", f"{record_type.plural} (register)", []))
            body.append(_register(kb, records, meta))
            continue
        chapters.append((f"kap-{folder}", record_type.plural, [(anchor(r), r.title) for r in records]))
        body.append(f'<section class="chapter records" id="kap-{folder}"><h1>{_esc(record_type.plural)}</h1>'
                    f'<p class="intro">{_esc(record_type.intro)}</p>'
                    + (county_map(kb, None, "print") if folder == "exempel" and kb.vocabularies.get("lan") else "")
                    + "\n".join(record_html(kb, r, links) for r in records) + "</section>")
    for page in (p for p in pages if p.place == "back"):
        chapters.append((f"sida-{page.slug}", page.title, []))
        body.append(_printed_page(page))
    glossary = _glossary_html(kb, links)
    if glossary:
        chapters.append(("kap-ordlista", "Ordlista", []))
        body.append(glossary)
    for letter, page in zip("ABCDEFGH", (p for p in pages if p.place == "appendix")):
        chapters.append((f"sida-{page.slug}", f"Bilaga {letter}. {page.title}", []))
        body.append(_printed_page(page, f"Bilaga {letter}"))
    name, _, _ = meta.title.partition(" – ")
    cover = (f'<section class="cover"><h1 class="cover-title">{_esc(name)}</h1>'
             '<p class="cover-subtitle">Ett uppslagsverk om mänskliga rättigheter i kommuner och regioner</p>'
             '<p class="cover-lead">Principer, aktörskap, roller, verktyg, lagar och konventioner och lärande '
             'exempel</p>'
             f'<p class="cover-edition">{_esc(meta.edition)}</p>'
             f'<p class="cover-date">Innehållet är från {_esc(long_date(meta.date))}.</p></section>')
    web = (f' Uppslagsverket finns också på webben: <a href="{_esc(meta.site_url)}">{_esc(meta.site_url)}</a>.'
           if meta.site_url else "")
    colophon = ('<section class="colophon"><h2>Om utskriften</h2>'
                f"<p>{_esc(meta.title)}, {_esc(meta.edition_in_text)}. "
                f"Innehållet är från {_esc(long_date(meta.date))}, "
                f"version {_esc(meta.version)}.{web}</p>"
                "<p>Hänvisningar inom boken går att klicka på i PDF-filen. Adresser till andra webbplatser står "
                "inom parentes efter texten.</p></section>")
    toc = ('<nav class="toc" id="innehall" aria-labelledby="innehall-rubrik"><h1 id="innehall-rubrik">Innehåll</h1>'
           f"{_toc(chapters)}{colophon}</nav>")
    return Document(meta.title, _page(meta.title, meta.title, cover + toc + "\n".join(body), meta, "guide",
                                      versioned=True))


def handout_html(kb: KnowledgeBase, record: Record, meta: PrintMeta) -> Document:
    """One aktörskap or learning example on its own; links to other records go to the web site."""
    links = _Links(kb, meta, {(record.type, record.id)})
    title = f"{record.title} – {meta.title}"
    return Document(title, _page(record.title, title, record_html(kb, record, links, level=1, cite=True), meta,
                                 f"handout handout-{record.type}", RECORD_TYPES[record.type].singular.capitalize()))


def _text_lines(text: str) -> float:
    """Estimated printed lines of a text at the worksheet's step size."""
    return sum(1 + len(paragraph) // WORKSHEET_CHARS_PER_LINE for paragraph in text.split("\n\n") if paragraph)


def worksheet_lines(tool: Record) -> int:
    """Ruled lines per step, so that the worksheet fills one page, or two when one would leave too little
    room to write (at least three lines per step)."""
    d = tool.data
    steps = d["steps"]
    used = 9 + _text_lines(d["summary"]) * 0.8  # title, facts, lead
    for step in steps:
        used += 1.6 + _text_lines(step.get("text", "")) * 0.7 + _text_lines(step.get("question") or "x") * 0.8
    if _worksheet_cites(tool):  # the numbered sources under the steps, in small print
        used += 1.5 + sum(1 + len(s.get("title", "")) // 110 for s in d["sources"]) * 0.8
    for pages in (1, 2):
        free = pages * WORKSHEET_PAGE_LINES - used - 1
        if free >= 3 * len(steps):
            return int(free // len(steps))
    return 2


def _worksheet_cites(tool: Record) -> bool:
    """Whether a worksheet's step texts cite sources (then it prints them, so the numbers mean something)."""
    return any(find_markers(step.get("text", "")) for step in tool.data["steps"])


def _worksheet(kb: KnowledgeBase, tool: Record, meta: PrintMeta) -> str:
    d = tool.data
    lines = worksheet_lines(tool)
    cites = Citations(d["sources"], mode="print", prefix=f"arbetsblad-{tool.id}-kalla-")
    facts = [f"<dt>Tidsåtgång</dt><dd>{_esc(d['time_needed'])}</dd>"] if d.get("time_needed") else []
    facts.append('<dt>Verksamhet</dt><dd class="blank"></dd><dt>Datum</dt><dd class="blank"></dd>'
                 '<dt>Deltagare</dt><dd class="blank"></dd>')
    steps = []
    for number, step in enumerate(d["steps"], 1):
        question = step.get("question") or f"Vad kom ni fram till i steget {step['title'].lower()}?"
        hint = (f'<div class="step-text">{cites.html(step["text"], "")}</div>' if step.get("text") else "")
        steps.append(f'<li class="step"><h2>{number}. {_esc(step["title"])}</h2>{hint}'
                     f'<p class="question">{_esc(question)}</p>'
                     f'<div class="write-lines" aria-hidden="true">{"<div></div>" * lines}</div></li>')
    web = (f'<p class="worksheet-web">Hela verktyget med bakgrund och källor: '
           f'<a href="{_esc(meta.site_url + tool.url)}">{_esc(meta.site_url + tool.url)}</a></p>'
           if meta.site_url else "")
    sources = (f'<section class="worksheet-sources"><h2>Källor</h2>'
               f'{sources_html(d["sources"], "sources", id_prefix=cites.prefix)}</section>'
               if _worksheet_cites(tool) else "")
    return (f'<article class="worksheet" id="arbetsblad-{tool.id}"><h1>Arbetsblad: {_esc(tool.title)}</h1>'
            + _block(d["summary"], "lead") + f'<dl class="worksheet-facts">{"".join(facts)}</dl>'
            + f'<ol class="steps">{"".join(steps)}</ol>{sources}{web}</article>')


def worksheet_html(kb: KnowledgeBase, tool: Record, meta: PrintMeta) -> Document:
    """A worksheet for a workshop: each step as a question with ruled space to write, on one or two pages."""
    title = f"Arbetsblad: {tool.title}"
    return Document(title, _page(tool.title, title, _worksheet(kb, tool, meta), meta, "worksheet-page",
                                 "Arbetsblad"))


def kit_contents(kb: KnowledgeBase, record: Record) -> tuple[list[Record], list[Record]]:
    """(tools, examples) of a workshop kit: every tool that serves the record, and the most recently reviewed
    examples (at most KIT_EXAMPLES)."""
    tools = kb.referrers(record, "verktyg")
    examples = sorted(kb.referrers(record, "exempel"), key=lambda r: str(r.data["reviewed"]), reverse=True)
    return tools, examples[:KIT_EXAMPLES]


def kit_legal_bases(kb: KnowledgeBase, record: Record, tools: list[Record]) -> list[tuple[Record, list[Record]]]:
    """The legal bases of a workshop kit, each with the kit's tools that help meet it: those the tools name, then
    those that name the principle or aktörskap itself (or that the principle names), in title order."""
    found: dict[str, tuple[Record, list[Record]]] = {}
    for tool in tools:
        for legal in kb.resolve("lagar", tool.refs("legal_basis")):
            found.setdefault(legal.id, (legal, []))[1].append(tool)
    direct = linked_records(kb, record, "legal_basis") if record.type == "principer" else kb.referrers(record, "lagar")
    for legal in direct:
        found.setdefault(legal.id, (legal, []))
    order = list(kb.records.get("lagar", {}))
    return sorted(found.values(), key=lambda pair: order.index(pair[0].id))


def _kit_legal_html(legal_bases: list[tuple[Record, list[Record]]], links: _Links) -> str:
    items = []
    for legal, tools in legal_bases:
        names = ", ".join(tool.title for tool in tools)
        helped = f" <em>Verktyg i paketet som hjälper er att uppfylla den:</em> {_esc(names)}." if tools else ""
        items.append(f"<li>{links.link(legal)} – {to_inline_html(legal.data['summary'])}{helped}</li>")
    return ('<section class="kit-part kit-legal" id="kit-lagar"><h1>Lagar och konventioner</h1>'
            '<p class="intro">Lagar och konventioner som paketets verktyg, principer och aktörskap hör ihop med. '
            "Det är en överblick med egna ord, inte juridisk rådgivning: det är den officiella texten som gäller, "
            "och varje lags sida länkar till den.</p>"
            f'<ul>{"".join(items)}</ul></section>')


def kit_html(kb: KnowledgeBase, record: Record, meta: PrintMeta) -> Document:
    """A workshop kit: a short cover with contents, the record, its tools as worksheets, a few examples."""
    tools, examples = kit_contents(kb, record)
    links = _Links(kb, meta, {(r.type, r.id) for r in [record, *examples]})
    singular = RECORD_TYPES[record.type].singular
    title = f"Workshoppaket: {record.title}"
    entries = [(anchor(record), f"{singular.capitalize()}: {record.title}", [])]
    legal_bases = kit_legal_bases(kb, record, tools)
    if legal_bases:
        entries.append(("kit-lagar", "Lagar och konventioner", []))
    if tools:
        entries.append((f"arbetsblad-{tools[0].id}", "Arbetsblad",
                        [(f"arbetsblad-{t.id}", t.title) for t in tools]))
    if examples:
        entries.append((anchor(examples[0]), "Lärande exempel", [(anchor(e), e.title) for e in examples]))
    cover = (f'<section class="kit-cover"><h1>{_esc(title)}</h1>'
             f'<p class="lead">Det här paketet är underlag för en workshop om '
             f"{_esc(RECORD_TYPES[record.type].definite)} {_esc(record.title.lower())}: "
             "en beskrivning att läsa före, arbetsblad att fylla i tillsammans och lärande exempel att "
             f"diskutera.</p><p class=\"cover-edition\">{_esc(meta.edition)}</p>"
             f'<nav class="toc" aria-label="Innehåll">{_toc(entries)}</nav></section>')
    body = [cover, f'<section class="kit-part">{record_html(kb, record, links, level=1)}</section>']
    if legal_bases:
        body.append(_kit_legal_html(legal_bases, links))
    body += [f'<section class="kit-part">{_worksheet(kb, tool, meta)}</section>' for tool in tools]
    body += [f'<section class="kit-part">{record_html(kb, example, links, level=1)}</section>'
             for example in examples]
    return Document(title, _page(title, title, "\n".join(body), meta, "kit", "Workshoppaket"))


def handouts(kb: KnowledgeBase, meta: PrintMeta) -> list[tuple[str, Document]]:
    """(site-relative PDF path, document) for every handout, worksheet and kit, in a stable order."""
    result = []
    for folder in HANDOUT_PREFIX:
        for record in kb.records.get(folder, {}).values():
            make = worksheet_html if folder == "verktyg" else handout_html
            result.append((handout_path(record), make(kb, record, meta)))
    for folder in KIT_TYPES:
        for record in kb.records.get(folder, {}).values():
            result.append((kit_path(record), kit_html(kb, record, meta)))
    return result



