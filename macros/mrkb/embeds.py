"""Markdown snippets that hand-written pages embed through macros: lists, cards, tables and the matrix."""
from __future__ import annotations

import html

from .model import KnowledgeBase
from .listing import record_listing_markdown
from .render import record_link, sources_html
from .safe_markdown import escape_text, to_inline_html


def record_list(kb: KnowledgeBase, folder: str, from_dir: str) -> str:
    return record_listing_markdown(kb, list(kb.records[folder].values()), from_dir)


def record_cards(kb: KnowledgeBase, folder: str, from_dir: str) -> str:
    """Compact Material grid cards: title link and one-line summary."""
    cards = "\n".join(f"-   {record_link(r, from_dir)}\n\n    ---\n\n    {to_inline_html(r.data['summary'])}\n"
                      for r in kb.records[folder].values())
    return f'<div class="grid cards" markdown>\n\n{cards}\n</div>\n'


def record_links(kb: KnowledgeBase, folder: str, from_dir: str) -> str:
    """Title links only, laid out as a compact grid: for entry points where summaries would be too long."""
    items = "\n".join(f"- {record_link(r, from_dir)}" for r in kb.records[folder].values())
    return f'<div class="mr-link-grid" markdown>\n\n{items}\n\n</div>\n'


def link(kb: KnowledgeBase, folder: str, record_id: str, from_dir: str) -> str:
    record = kb.get(folder, record_id)
    if record is None:
        raise KeyError(f"link('{folder}', '{record_id}'): det finns ingen sådan post i data/{folder}/.")
    return record_link(record, from_dir)


def glossary_table(kb: KnowledgeBase, from_dir: str) -> str:
    glossary = kb.glossary or {"terms": [], "sources": []}
    rows = ["| Begrepp | Förklaring | Läs mer |", "|---|---|---|"]
    for term in glossary["terms"]:
        name = f"**{escape_text(term['term'])}**"
        if term.get("expansion"):
            name += f" ({escape_text(term['expansion'])})"
        definition = to_inline_html(term["definition"]).replace("\n", " ").replace("|", "&#124;")
        if term.get("synonyms"):
            definition += f" <em>Även:</em> {escape_text(', '.join(term['synonyms']))}."
        if term.get("source"):
            definition += f" <sup>[{term['source']}]</sup>"
        see = ""
        if term.get("see"):
            folder, _, ref = term["see"].partition("/")
            see = record_link(kb.records[folder][ref], from_dir)
        rows.append(f"| {name} | {definition} | {see} |")
    return "\n".join(rows) + "\n\n### Källor till ordlistan\n" + sources_html(glossary["sources"])


def _items(kb: KnowledgeBase, key: str, from_dir: str) -> str:
    parts = []
    for number, item in enumerate((kb.traits or {}).get(key, []), 1):
        parts.append(f"\n### {number}. {escape_text(item['title'])} {{ #{item['id']} }}\n")
        parts.append(f"\n{to_inline_html(item['text'])}\n")
        if item.get("principles"):
            parts.append("\nPrinciper: " + ", ".join(record_link(p, from_dir) for p in
                                                      kb.resolve("principer", item["principles"])) + "\n")
        if item.get("uncertain"):
            parts.append("\n!!! warning \"Osäkert\"\n" + "".join(
                f"    {to_inline_html(u)}\n" for u in item["uncertain"]))
        parts.append("\n**Källor:**\n" + sources_html(item["sources"]))
    return "".join(parts)


def traits_list(kb: KnowledgeBase, from_dir: str) -> str:
    return _items(kb, "traits", from_dir)


def advice_list(kb: KnowledgeBase, from_dir: str) -> str:
    return _items(kb, "advice", from_dir)


def matrix(kb: KnowledgeBase, href) -> str:
    """Principles × aktörskap as a real table read at a glance: each cell counts the tools and examples that serve
    both ("3 verktyg · 7 exempel"), each count linking to the listing filtered on both, where the titles are.
    On phones CSS turns it into one block per principle; the aktörskap label in each cell is shown only there.

    Raw HTML links are not rewritten by the site generator, so href(doc_path) gives each page's final URL."""
    principles = list(kb.records["principer"].values())
    actors = list(kb.records["aktorskap"].values())
    head = "".join(f'<th scope="col"><a href="{html.escape(href(a.doc_path))}">{escape_text(a.title)}</a></th>'
                   for a in actors)
    kinds = (("verktyg", "verktyg"), ("exempel", "exempel"))
    # Which tools and examples serve each aktörskap: the same for every principle's row, so built once.
    serving = {(actor.id, folder): {r.id for r in kb.referrers(actor, folder)}
               for actor in actors for folder, _ in kinds}
    rows = []
    for principle in principles:
        cells = []
        for actor in actors:
            counts = []
            for folder, noun in kinds:
                number = sum(1 for r in kb.referrers(principle, folder) if r.id in serving[(actor.id, folder)])
                if number:
                    # The listing's filter script reads this query (docs/assets/filters.js, facets.py keys).
                    query = f"?princip={principle.id}&aktorskap={actor.id}"
                    counts.append(f'<a href="{html.escape(href(f"{folder}/index.md") + query)}">{number} {noun}</a>')
            label = f'<span class="mr-cell-actor" aria-hidden="true">{escape_text(actor.title)}</span>'
            content = " · ".join(counts) if counts else '<span class="mr-empty">Inget ännu</span>'
            cells.append(f'<td>{label}<span class="mr-cell-counts">{content}</span></td>')
        rows.append(f'<tr><th scope="row"><a href="{html.escape(href(principle.doc_path))}">'
                    f"{escape_text(principle.title)}</a></th>{''.join(cells)}</tr>")
    return ('\n<div class="mr-matrix" tabindex="0" role="region" aria-label="Matris: principer och aktörskap">\n'
            '<table>\n<caption>Antal verktyg och lärande exempel per princip och aktörskap</caption>\n'
            '<thead><tr><td class="mr-matrix__corner"></td>' + head + '</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>\n")


def macro_table(kb: KnowledgeBase, from_dir: str, href) -> dict:
    """Every macro a hand-written page may call, bound to one page (its folder and a doc_path -> URL function).

    The single list of macros: the site adapter (macros/main.py) and the print renderer both use it."""
    from .print_document import downloads_markdown  # print_document is heavier; only this macro needs it
    return {
        "record_list": lambda folder: record_list(kb, folder, from_dir),
        "record_cards": lambda folder: record_cards(kb, folder, from_dir),
        "record_links": lambda folder: record_links(kb, folder, from_dir),
        "link": lambda folder, record_id: link(kb, folder, record_id, from_dir),
        "glossary_table": lambda: glossary_table(kb, from_dir),
        "traits_list": lambda: traits_list(kb, from_dir),
        "advice_list": lambda: advice_list(kb, from_dir),
        "matrix": lambda: matrix(kb, href),
        "print_downloads": lambda: downloads_markdown(kb, href),
    }
