"""Render records and listings to Markdown pages. Contributor text goes through safe_markdown first."""
from __future__ import annotations

import html
import json

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from .outline import Row, Section, overview_rows, provision_heading, sections
from ..base.markers import strip_markers
from ..base.safe_markdown import escape_text, plain_text, to_block, to_inline_html
from .source_markers import PREFIX as SOURCE_PREFIX, Citations, reference_line


def relative_doc_path(target: str, from_dir: str) -> str:
    """Path of docs/<target> as seen from the folder docs/<from_dir> ('' for docs/ itself)."""
    if from_dir and target.startswith(from_dir + "/"):
        return target[len(from_dir) + 1:]
    return "../" * (from_dir.count("/") + 1 if from_dir else 0) + target


def record_link(record: Record, from_dir: str) -> str:
    """A Markdown link to a record page, from a page in the folder docs/<from_dir>."""
    return f"[{escape_text(record.title)}]({relative_doc_path(record.doc_path, from_dir)})"


def _links(records, from_dir: str) -> str:
    return ", ".join(record_link(r, from_dir) for r in records)


def _vocab_titles(entries) -> str:
    return ", ".join(escape_text(entry.title) for entry in entries)


def _front_matter(record: Record) -> str:
    # The theme prints meta title and description into <title>, the header and <meta content> WITHOUT escaping,
    # so they are HTML-escaped here (a title like "<img onerror=…>" would otherwise run as markup).
    meta = {"title": html.escape(record.title), "description": html.escape(plain_text(strip_markers(record.data["summary"]))),
            "render_macros": False, "search": {"boost": 2}, "mr_record": f"{record.type}/{record.id}"}
    return "---\n" + "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()) + "\n---\n"


def _section(title: str, body: str) -> str:
    return f"\n## {title}\n{body}\n" if body.strip() else ""


def _list(items: list[str], cites: Citations | None = None, where: str = "") -> str:
    if not items:
        return ""
    def item_html(number: int, item: str) -> str:
        return cites.inline_html(item, f"{where}, punkt {number}") if cites else to_inline_html(item)
    return ("\n<ul class=\"mr-points\">\n" + "\n".join(f"<li>{item_html(n, item)}</li>" for n, item in enumerate(items, 1))
            + "\n</ul>\n")


def _text_block(text: str, cites: Citations, where: str) -> str:
    """to_block() with the record's source markers as links."""
    body = cites.html(text, where).replace("\n\n", "\n")
    return f'\n<div class="mr-text">\n{body}\n</div>\n'


def _record_list(records, from_dir: str) -> str:
    return "\n" + "\n".join(f"- {record_link(r, from_dir)} – {to_inline_html(r.data['summary'])}"
                            for r in records) + "\n" if records else ""


# Back-link lists show this many records, then link to the listing filtered on this record: a principle shared by
# thousands of examples must not make its page (or the build) grow with the data.
BACKLINK_LIMIT = 12


def _backlink_list(records, record: Record, facet_key: str, from_dir: str) -> str:
    """A back-link list, capped at BACKLINK_LIMIT with a link to the listing filtered by facet_key=record.id
    (the query the listing's filter script reads; keys in facets.FACETS)."""
    if len(records) <= BACKLINK_LIMIT:
        return _record_list(records, from_dir)
    folder = records[0].type
    listing = relative_doc_path(f"{folder}/index.md", from_dir)
    more = f"- [Visa alla {len(records)} {RECORD_TYPES[folder].plural.lower()}]({listing}?{facet_key}={record.id})\n"
    return _record_list(records[:BACKLINK_LIMIT], from_dir) + more


def official_link(text: dict) -> str:
    """A link to a legal basis's official text (its URL is checked like a source's: http(s), no spaces)."""
    return f'<a href="{html.escape(text["url"])}">{html.escape(text["title"])}</a>'


def _row_value(row: Row, from_dir: str) -> str:
    if row.kind == "link":
        return official_link(row.value)
    if row.kind == "records":
        return _links(row.value, from_dir)
    if row.kind == "vocab":
        return _vocab_titles(row.value)
    return escape_text(str(row.value))


def _fact_panel(kb: KnowledgeBase, record: Record, search_terms: list[str], parts: list[Section]) -> str:
    """The overview as a compact definition list. The type is the label above the title, the review date is in the
    provenance line at the end, and records that a section below lists anyway (a role's tools) are not repeated."""
    listed = {id(r) for part in parts if part.kind == "records" and part.title != "Relaterat" for r in part.content}
    # The official text is linked from the page note under the lead (page_note), so not again here.
    rows = [row for row in overview_rows(kb, record, search_terms) if row.label not in ("Typ", "Senast granskad")
            and row.kind != "link" and not (row.kind == "records" and all(id(r) in listed for r in row.value))]
    # markdown="span": the values are Markdown links, which MkDocs rewrites for directory and file:// URLs alike.
    items = "\n".join(f'<dt>{row.label}</dt>\n<dd markdown="span">{_row_value(row, record.type)}</dd>' for row in rows)
    return (f'<aside class="mr-facts" aria-label="Fakta" markdown="1">\n<dl markdown="1">\n{items}\n</dl>\n</aside>\n'
            if rows else "")


UNCERTAIN_ID = "osakra-uppgifter"


def _uncertainty_notice(record: Record) -> str:
    """At most one short line near the top; the items themselves are in one section at the end."""
    uncertain, disputed = record.data.get("uncertain"), record.data.get("disputed")
    if not (uncertain or disputed):
        return ""
    text = ("Några uppgifter här är osäkra eller omstridda" if uncertain and disputed
            else "Några uppgifter här är osäkra" if uncertain else "Källorna säger olika om några uppgifter här")
    return f'\n<p class="mr-uncertain-note"><a href="#{UNCERTAIN_ID}">{text}</a>.</p>\n'


def _uncertainty_section(record: Record, cites: Citations) -> str:
    """Facts no source confirms (uncertain) and facts the sources disagree on (disputed), once, at the end."""
    uncertain, disputed = record.data.get("uncertain", []), record.data.get("disputed", [])
    if not (uncertain or disputed):
        return ""
    out = [f"\n## Osäkra uppgifter {{ #{UNCERTAIN_ID} }}\n"]
    if uncertain:
        out.append("\n<p>Ingen källa bekräftar de här uppgifterna:</p>\n" + _list(uncertain, cites, "Osäkra uppgifter"))
    if disputed:
        out.append("\n<p>Källorna säger olika om de här uppgifterna:</p>\n"
                   + _list(disputed, cites, "Källorna säger olika"))
    return "".join(out)


def _steps(steps: list[dict], cites: Citations) -> str:
    parts = []
    for number, step in enumerate(steps, 1):
        parts.append(f"\n### {number}. {escape_text(step['title'])}\n")
        if step.get("text"):
            parts.append(_text_block(step["text"], cites, f"Steg {number}"))
        if step.get("question"):
            parts.append(f'\n<p class="mr-question"><strong>Fråga:</strong> {html.escape(step["question"])}</p>\n')
    return "".join(parts)


def _provisions(provisions: list[dict], cites: Citations) -> str:
    return "".join(f"\n### {escape_text(provision_heading(p))}\n" + _text_block(p["text"], cites, provision_heading(p))
                   for p in provisions)


def page_note(record: Record) -> str:
    """The record type's one line under the lead (a legal basis: an overview, not legal advice; the official text)."""
    note = RECORD_TYPES[record.type].page_note
    if not note:
        return ""
    link = f" {official_link(record.data['official_text'])}." if record.data.get("official_text") else ""
    return f'\n<p class="mr-page-note">{html.escape(note)}{link}</p>\n'


def sources_html(sources: list[dict], css_class: str = "mr-sources", id_prefix: str = "",
                 back_links=None) -> str:
    """Numbered sources; the title links to the source where it has a URL. With id_prefix, item n gets the id
    <id_prefix><n>, so a marker [n] in the text can link to it; back_links(n) is HTML to end item n with (the
    links back to where it is cited)."""
    items = []
    for number, source in enumerate(sources, 1):
        title = html.escape(source["title"])
        text = f'<a href="{html.escape(source["url"])}">{title}</a>' if source.get("url") else f"<cite>{title}</cite>"
        text = f"{html.escape(source['publisher'])}: {text}"
        if source.get("date"):
            text += f" ({html.escape(source['date'])})"
        if source.get("note"):
            text += f". {html.escape(source['note'])}"
        item_id = f' id="{id_prefix}{number}"' if id_prefix else ""
        if back_links:
            text += back_links(number)
        items.append(f"<li{item_id}>{text}</li>")
    return f'\n<ol class="{css_class}">\n' + "\n".join(items) + "\n</ol>\n"


def _section_body(part: Section, record: Record, from_dir: str, cites: Citations) -> str:
    if part.kind == "markdown":
        return _text_block(part.content, cites, part.title)
    if part.kind == "points":
        return _list(part.content, cites, part.title)
    if part.kind == "steps":
        return _steps(part.content, cites)
    if part.kind == "provisions":
        return _provisions(part.content, cites)
    if part.facet:
        return _backlink_list(part.content, record, part.facet, from_dir)
    return _record_list(part.content, from_dir)


CITE_ID = "citera"


def citation_html(record: Record, site_name: str, site_url: str) -> str:
    """"Så citerar du sidan": the reference as one paragraph (selected whole with one click, see mr.css), with the
    public address, in the offline copy too."""
    address = site_url + record.url if site_url else ""
    line = reference_line(record.title, site_name, address, record.data["reviewed"])
    return (f'\n<p class="mr-cite" {NOT_SEARCHED_ATTRIBUTE}>{escape_text(line)}</p>\n')


NOT_SEARCHED_ATTRIBUTE = "data-pagefind-ignore"


def render_record(kb: KnowledgeBase, record: Record, last_changed: str | None = None,
                  search_terms: list[str] = (), site_name: str = "", site_url: str = "") -> str:
    """The whole Markdown page of one record, answer first: type label, title, summary as the lead, then the text
    with the fact panel beside it (after the lead on narrow screens). search_terms: extra words (glossary synonyms)
    that should find it; they show under "Kallas också". site_name and site_url: for "Så citerar du sidan" (the
    public address, with a trailing slash)."""
    d, here = record.data, record.type
    parts = sections(kb, record)
    out = [_front_matter(record), f'<p class="mr-type-label">{html.escape(RECORD_TYPES[here].singular.capitalize())}</p>\n',
           f"# {escape_text(record.title)}\n", to_block(d["summary"], "mr-lead"), page_note(record),
           _uncertainty_notice(record),
           '\n<div class="mr-record" markdown="1">\n', _fact_panel(kb, record, list(search_terms), parts),
           '\n<div class="mr-record__text" markdown="1">\n']
    cites = Citations(d["sources"])
    out += [_section(part.title, _section_body(part, record, here, cites)) for part in parts]
    out.append(_uncertainty_section(record, cites))
    out.append(_section("Källor", sources_html(d["sources"], id_prefix=SOURCE_PREFIX, back_links=cites.back_links)))
    out.append(_section(f"Så citerar du sidan {{ #{CITE_ID} }}", citation_html(record, site_name, site_url)))
    dates = f"Senast granskad: {d['reviewed']}" + (f". Senast ändrad: {last_changed}" if last_changed else "")
    out.append(f'\n<p class="mr-provenance">{dates}.</p>\n\n</div>\n</div>\n')
    return "".join(out)
