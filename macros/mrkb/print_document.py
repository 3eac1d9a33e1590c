"""Print HTML built from the knowledge base: the whole guide, one handout per aktörskap and learning example,
and a worksheet (arbetsblad) per tool. A PDF engine (scripts/build_pdf.py) turns it into PDF with print.css.

Records are rendered from the same data as the site pages; contributor text goes through safe_markdown, so
nothing from data/ reaches the HTML unescaped. No MkDocs import: any generator or script can call this."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from .model import RECORD_TYPES, KnowledgeBase, Record
from .outline import Row, Section, overview_rows, sections
from .render import sources_html
from .safe_markdown import to_html, to_inline_html

PRINT_CSS = Path(__file__).with_name("print.css")
GUIDE_PATH = "pdf/mr-plattformen.pdf"  # relative to the site root
# Record types that get a handout of their own; tools get a worksheet instead of a copy of their page.
HANDOUT_PREFIX = {"aktorskap": "aktorskap", "exempel": "exempel", "verktyg": "arbetsblad"}
HANDOUT_LABEL = {"aktorskap": "Skriv ut aktörskapet (PDF)", "exempel": "Skriv ut exemplet (PDF)",
                 "verktyg": "Skriv ut arbetsbladet (PDF)"}
# The worksheet must fit on two A4 pages: this many ruled lines are shared out over the steps.
WORKSHEET_LINE_BUDGET = 30


@dataclass
class PrintMeta:
    title: str
    date: str  # YYYY-MM-DD
    version: str  # git short hash, or the date outside a checkout
    site_url: str = ""  # absolute URL of the published site, with a trailing slash ('' = unknown)


@dataclass
class PrintedPage:
    """A hand-written page already turned into print HTML (see print_pages.py)."""
    slug: str
    title: str
    html: str
    css_class: str = ""


@dataclass
class Document:
    title: str  # the PDF's title in its metadata
    html: str


def handout_path(record: Record) -> str | None:
    """Site-relative path of a record's handout PDF, or None when its type has no handout."""
    prefix = HANDOUT_PREFIX.get(record.type)
    return f"pdf/{prefix}-{record.id}.pdf" if prefix else None


def handout_link_html(record: Record, href: str) -> str:
    """The line a record page shows to reach its handout; href is the handout's URL as seen from the page."""
    return (f'<p class="mr-handout"><a href="{html.escape(href)}" download>'
            f"{HANDOUT_LABEL[record.type]}</a></p>")


def with_handout_link(page_html: str, kb: KnowledgeBase, record_key: str | None, href) -> str:
    """A record page's HTML with the link to its handout before the first section heading.

    record_key: "type/id" from the page's front matter (None for other pages); href(site path) -> URL as seen
    from the page. Added to the HTML, not the Markdown, so strict link checks never see the PDF (which only
    `make pdf` builds)."""
    folder, _, record_id = (record_key or "").partition("/")
    record = kb.get(folder, record_id)
    if record is None or handout_path(record) is None:
        return page_html
    line = handout_link_html(record, href(handout_path(record)))
    position = page_html.find("<h2")
    return page_html[:position] + line + page_html[position:] if position >= 0 else page_html + line


def anchor(record: Record) -> str:
    return f"{record.type}-{record.id}"


@dataclass
class _Links:
    """Where a link to a record points: inside this document when the record is printed in it, else the web."""
    kb: KnowledgeBase
    meta: PrintMeta
    inside: set[tuple[str, str]] = field(default_factory=set)

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


def _section(title: str, body: str, level: int) -> str:
    return f"<section><h{level}>{_esc(title)}</h{level}>\n{body}\n</section>\n" if body.strip() else ""


def _block(text: str, css_class: str = "text") -> str:
    return f'<div class="{css_class}">{to_html(text)}</div>' if text else ""


def _points(items) -> str:
    return "<ul>" + "".join(f"<li>{to_inline_html(item)}</li>" for item in items) + "</ul>" if items else ""


def _record_points(records, links: _Links) -> str:
    return "<ul>" + "".join(f"<li>{links.link(r)} – {to_inline_html(r.data['summary'])}</li>"
                            for r in records) + "</ul>" if records else ""


def _row_value(row: Row, links: _Links) -> str:
    if row.kind == "records":
        return links.links(row.value)
    if row.kind == "vocab":
        return ", ".join(_esc(entry.title) for entry in row.value)
    return _esc(row.value)


def _overview(kb: KnowledgeBase, record: Record, links: _Links) -> str:
    return '<dl class="overview">' + "".join(f"<dt>{row.label}</dt><dd>{_row_value(row, links)}</dd>"
                                             for row in overview_rows(kb, record)) + "</dl>"


def _section_body(part: Section, links: _Links, level: int) -> str:
    if part.kind == "markdown":
        return _block(part.content)
    if part.kind == "points":
        return _points(part.content)
    if part.kind == "steps":
        return _steps(part.content, level + 1)
    return _record_points(part.content, links)  # on paper every record is listed: there is no filter to link to


def _steps(steps: list[dict], level: int) -> str:
    parts = []
    for number, step in enumerate(steps, 1):
        parts.append(f"<h{level}>{number}. {_esc(step['title'])}</h{level}>")
        parts.append(_block(step.get("text", "")))
        if step.get("question"):
            parts.append(f'<p class="question"><strong>Fråga:</strong> {_esc(step["question"])}</p>')
    return "".join(parts)


def record_html(kb: KnowledgeBase, record: Record, links: _Links, level: int = 2) -> str:
    """One record as a print section: heading (level), lead, overview, the type's sections, relations, sources."""
    d, sub = record.data, level + 1
    out = [f'<article class="record record-{record.type}" id="{anchor(record)}">',
           f"<h{level}>{_esc(record.title)}</h{level}>", _block(d["summary"], "lead"), _overview(kb, record, links)]
    if d.get("uncertain"):
        out.append(f'<aside class="warning"><p class="box-title">Osäkra uppgifter</p>{_points(d["uncertain"])}</aside>')
    out += [_section(part.title, _section_body(part, links, sub), sub) for part in sections(kb, record)]
    out.append(_section("Källor", sources_html(d["sources"], "sources"), sub))
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


def _page(title: str, lang_title: str, body: str, meta: PrintMeta, css_class: str, chapter: str = "") -> str:
    """A complete HTML document: the title becomes the PDF metadata title, lang="sv" its language.

    title and chapter start the running header (left and right); chapter headings in the body update it."""
    return ("<!DOCTYPE html>\n"
            f'<html lang="sv"><head><meta charset="utf-8"><title>{_esc(lang_title)}</title>'
            f'<meta name="dcterms.created" content="{_esc(meta.date)}">'
            f'<meta name="generator" content="MR-plattformen {_esc(meta.version)}">'
            f'</head><body class="{css_class}" data-running-title="{_esc(title)}" data-chapter="{_esc(chapter)}">'
            f"\n{body}\n</body></html>\n")


def guide_html(kb: KnowledgeBase, meta: PrintMeta, pages: list[PrintedPage] = ()) -> Document:
    """The whole guide: cover, table of contents with page numbers, hand-written pages, every record, glossary."""
    everything = {(r.type, r.id) for r in kb.all_records()}
    links = _Links(kb, meta, everything)
    chapters: list[tuple[str, str, list[tuple[str, str]]]] = []  # (anchor, title, [(anchor, title)])
    body = []
    for page in pages:
        chapters.append((f"sida-{page.slug}", page.title, []))
        body.append(f'<section class="chapter page-{page.slug} {page.css_class}" id="sida-{page.slug}">'
                    f"{page.html}</section>")
    for folder, record_type in RECORD_TYPES.items():
        records = list(kb.records.get(folder, {}).values())
        if not records:
            continue
        chapters.append((f"kap-{folder}", record_type.plural, [(anchor(r), r.title) for r in records]))
        body.append(f'<section class="chapter" id="kap-{folder}"><h1>{_esc(record_type.plural)}</h1>'
                    f'<p class="intro">{_esc(record_type.intro)}</p>'
                    + "\n".join(record_html(kb, r, links) for r in records) + "</section>")
    glossary = _glossary_html(kb, links)
    if glossary:
        chapters.append(("kap-ordlista", "Ordlista", []))
        body.append(glossary)
    toc_items = []
    for chapter_anchor, title, children in chapters:
        sub = ("<ol>" + "".join(f'<li><a href="#{a}">{_esc(t)}</a></li>' for a, t in children) + "</ol>"
               if children else "")
        toc_items.append(f'<li class="toc-chapter"><a href="#{chapter_anchor}">{_esc(title)}</a>{sub}</li>')
    web = (f'<p>Webbplats: <a href="{_esc(meta.site_url)}">{_esc(meta.site_url)}</a></p>' if meta.site_url else "")
    cover = (f'<section class="cover"><p class="cover-kicker">Uppslagsverk</p><h1 class="cover-title">'
             f"{_esc(meta.title)}</h1>"
             '<p class="cover-lead">Mänskliga rättigheter i kommuner och regioner: principer, aktörskap, roller, '
             "verktyg och lärande exempel.</p>"
             f'<dl class="cover-meta"><dt>Datum</dt><dd>{_esc(meta.date)}</dd>'
             f"<dt>Version</dt><dd>{_esc(meta.version)}</dd></dl>{web}"
             '<p class="cover-note">Utskrift av webbplatsen. Länkar inom dokumentet går att klicka på; '
             "webbadresser står inom parentes efter länktexten.</p></section>")
    toc = ('<nav class="toc" id="innehall" aria-labelledby="innehall-rubrik"><h1 id="innehall-rubrik">Innehåll</h1>'
           f'<ol>{"".join(toc_items)}</ol></nav>')
    return Document(meta.title, _page(meta.title, meta.title, cover + toc + "\n".join(body), meta, "guide"))


def handout_html(kb: KnowledgeBase, record: Record, meta: PrintMeta) -> Document:
    """One aktörskap or learning example on its own; links to other records go to the web site."""
    links = _Links(kb, meta, {(record.type, record.id)})
    title = f"{record.title} – {meta.title}"
    body = (record_html(kb, record, links, level=1)
            + f'<p class="version">Utskrift {_esc(meta.date)}, version {_esc(meta.version)}.</p>')
    return Document(title, _page(record.title, title, body, meta, f"handout handout-{record.type}",
                                 RECORD_TYPES[record.type].singular.capitalize()))


def _worksheet_lines(steps: list[dict]) -> int:
    return max(3, min(6, WORKSHEET_LINE_BUDGET // max(1, len(steps))))


def worksheet_html(kb: KnowledgeBase, tool: Record, meta: PrintMeta) -> Document:
    """A worksheet for a workshop: each step as a question with ruled space to write, on one or two pages."""
    d = tool.data
    lines = _worksheet_lines(d["steps"])
    title = f"Arbetsblad: {tool.title}"
    facts = [f"<dt>Tidsåtgång</dt><dd>{_esc(d['time_needed'])}</dd>"] if d.get("time_needed") else []
    facts.append('<dt>Verksamhet</dt><dd class="blank"></dd><dt>Datum</dt><dd class="blank"></dd>'
                 '<dt>Deltagare</dt><dd class="blank"></dd>')
    steps = []
    for number, step in enumerate(d["steps"], 1):
        question = step.get("question") or f"Vad kom ni fram till i steget {step['title'].lower()}?"
        hint = (f'<div class="step-text">{to_html(step["text"])}</div>' if step.get("text") else "")
        steps.append(f'<li class="step"><h2>{number}. {_esc(step["title"])}</h2>{hint}'
                     f'<p class="question">{_esc(question)}</p>'
                     f'<div class="write-lines" aria-hidden="true">{"<div></div>" * lines}</div></li>')
    web = (f' Hela verktyget med källor: <a href="{_esc(meta.site_url + tool.url)}">'
           f"{_esc(meta.site_url + tool.url)}</a>" if meta.site_url else "")
    body = (f'<article class="worksheet" id="{anchor(tool)}"><h1>{_esc(title)}</h1>'
            + _block(d["summary"], "lead") + f'<dl class="worksheet-facts">{"".join(facts)}</dl>'
            + f'<ol class="steps">{"".join(steps)}</ol>'
            + f'<p class="version">{_esc(meta.title)}, utskrift {_esc(meta.date)}, version {_esc(meta.version)}.'
            + f"{web}</p></article>")
    return Document(title, _page(tool.title, title, body, meta, "worksheet-page", "Arbetsblad"))


def handouts(kb: KnowledgeBase, meta: PrintMeta) -> list[tuple[str, Document]]:
    """(site-relative PDF path, document) for every handout and worksheet, in a stable order."""
    result = []
    for folder in HANDOUT_PREFIX:
        for record in kb.records.get(folder, {}).values():
            make = worksheet_html if folder == "verktyg" else handout_html
            result.append((handout_path(record), make(kb, record, meta)))
    return result


def downloads_markdown(kb: KnowledgeBase, href) -> str:
    """Lists of every handout for the download page; href(site path) gives the URL as seen from that page."""
    def link(path: str, text: str) -> str:
        return f'<li><a href="{html.escape(href(path))}">{html.escape(text)}</a> (PDF)</li>'
    parts = [f'\n## Hela uppslagsverket\n\n<ul class="mr-downloads">\n'
             f'{link(GUIDE_PATH, "MR-plattformen – hela uppslagsverket")}\n</ul>\n']
    for folder, heading in (("verktyg", "Arbetsblad för verktygen"), ("aktorskap", "Aktörskapen"),
                            ("exempel", "Lärande exempel")):
        records = list(kb.records.get(folder, {}).values())
        if records:
            parts.append(f"\n## {heading}\n\n<ul class=\"mr-downloads\">\n"
                         + "\n".join(link(handout_path(r), r.title) for r in records) + "\n</ul>\n")
    return "".join(parts)
