"""Markdown snippets that hand-written pages embed through macros: lists, cards, tables and the matrix."""
from __future__ import annotations

import html

from .glossary import term_slug
from .model import KnowledgeBase
from .render import record_link, record_listing_markdown, sources_html
from .safe_markdown import escape_text, to_inline_html


def record_list(kb: KnowledgeBase, folder: str, from_dir: str) -> str:
    return record_listing_markdown(list(kb.records[folder].values()), from_dir)


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
    """One heading per term with the anchor term_slug(term), so a link or a search hit lands on the term."""
    glossary = kb.glossary or {"terms": [], "sources": []}
    parts = []
    for term in glossary["terms"]:
        name = escape_text(term["term"])
        if term.get("expansion"):
            name += f" ({escape_text(term['expansion'])})"
        definition = to_inline_html(term["definition"])
        if term.get("synonyms"):
            # Weighted like a heading for search: a synonym is another name of the term.
            definition += (f' <em>Även:</em> <span data-pagefind-weight="5">'
                           f"{escape_text(', '.join(term['synonyms']))}</span>.")
        if term.get("source"):
            definition += f" <sup>[{term['source']}]</sup>"
        if term.get("see"):
            folder, _, ref = term["see"].partition("/")
            definition += f" Läs mer: {record_link(kb.records[folder][ref], from_dir)}."
        parts.append(f"\n### {name} {{ #{term_slug(term['term'])} }}\n\n{definition}\n")
    return "".join(parts) + "\n### Källor till ordlistan\n" + sources_html(glossary["sources"])


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


# A cell lists at most this many records and then links to the filtered listing: a cell with hundreds of links
# helps nobody, and the page would grow with the data.
MATRIX_CELL_LIMIT = 6


def matrix(kb: KnowledgeBase, href) -> str:
    """Principles × aktörskap as a real table: each cell lists the tools and examples that serve both.

    Raw HTML links are not rewritten by the site generator, so href(doc_path) gives each page's final URL."""
    principles = list(kb.records["principer"].values())
    actors = list(kb.records["aktorskap"].values())
    head = "".join(f'<th scope="col"><a href="{html.escape(href(a.doc_path))}">{escape_text(a.title)}</a></th>'
                   for a in actors)
    kinds = (("verktyg", "Verktyg"), ("exempel", "Exempel"))
    # Which tools and examples serve each aktörskap: the same for every principle's row, so built once.
    serving = {(actor.id, folder): {r.id for r in kb.referrers(actor, folder)}
               for actor in actors for folder, _ in kinds}
    rows = []
    for principle in principles:
        cells = []
        for actor in actors:
            parts = []
            for folder, label in kinds:
                both = [r for r in kb.referrers(principle, folder) if r.id in serving[(actor.id, folder)]]
                if not both:
                    continue
                items = [f'<li><a href="{html.escape(href(r.doc_path))}">{escape_text(r.title)}</a></li>'
                         for r in both[:MATRIX_CELL_LIMIT]]
                if len(both) > MATRIX_CELL_LIMIT:
                    # The listing's filter script reads this query (docs/assets/filters.js, facets.py keys).
                    query = f"?princip={principle.id}&aktorskap={actor.id}"
                    items.append(f'<li><a href="{html.escape(href(f"{folder}/index.md") + query)}">'
                                 f"Alla {len(both)} {label.lower()}</a></li>")
                parts.append(f'<p class="mr-cell-label">{label}</p><ul>{"".join(items)}</ul>')
            cells.append("<td>" + ("".join(parts) or '<span class="mr-empty">Inget ännu</span>') + "</td>")
        rows.append(f'<tr><th scope="row"><a href="{html.escape(href(principle.doc_path))}">'
                    f"{escape_text(principle.title)}</a></th>{''.join(cells)}</tr>")
    return ('\n<div class="mr-matrix" tabindex="0" role="region" aria-label="Matris: principer och aktörskap">\n'
            '<table>\n<caption>Verktyg och lärande exempel per princip och aktörskap</caption>\n'
            f'<thead><tr><td></td>{head}</tr></thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody>\n</table>\n</div>\n")


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
