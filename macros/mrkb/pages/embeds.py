"""Markdown snippets that hand-written pages embed through macros: lists, cards, tables and the matrix."""
from __future__ import annotations

import html

from . import self_assessment
from .county_map import county_map
from .changes import recent_changes
from ..data.model import KnowledgeBase
from .listing import record_listing_markdown
from .downloads import downloads_markdown
from .render import record_link, sources_html
from .glossary import term_slug
from ..base.safe_markdown import escape_text, to_inline_html


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


# Letters in Swedish order; å, ä and ö get their own anchors (term_slug folds them into a and o).
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
_LETTER_SLUG = {"Å": "aa", "Ä": "ae", "Ö": "oe"}
GLOSSARY_SOURCE_PREFIX = "ordlista-kalla-"


def letter_anchor(letter: str) -> str:
    return f"bokstav-{_LETTER_SLUG.get(letter, letter.lower())}"


def glossary_table(kb: KnowledgeBase, from_dir: str) -> str:
    """The glossary: A–Ö jump links, a section per letter (<h2 id="bokstav-a">) and a heading per term
    (<h3 id="{term_slug}">, the anchor the tooltips and search use), each with its definition, other names,
    source number (a link to the source list) and "Läs mer" link where there is one."""
    glossary = kb.glossary or {"terms": [], "sources": []}
    by_letter: dict[str, list[dict]] = {}
    for term in glossary["terms"]:
        first = term["term"][:1].upper()
        by_letter.setdefault(first if first in ALPHABET else "#", []).append(term)
    letters = [letter for letter in ALPHABET if letter in by_letter] + (["#"] if "#" in by_letter else [])
    jump = " ".join(f'<a href="#{letter_anchor(letter) if letter != "#" else "bokstav-ovrigt"}">{letter}</a>'
                    for letter in letters)
    out = [f'<nav class="mr-letters" aria-label="Bokstäver i ordlistan">{jump}</nav>\n',
           '\n<div class="mr-glossary" markdown="1">\n']
    for letter in letters:
        anchor = letter_anchor(letter) if letter != "#" else "bokstav-ovrigt"
        out.append(f"\n## {letter if letter != '#' else 'Övrigt'} {{ #{anchor} }}\n")
        for term in by_letter[letter]:
            out.append(_glossary_term(kb, term, glossary["sources"], from_dir))
    out.append("\n## Källor till ordlistan\n" + sources_html(glossary["sources"], id_prefix=GLOSSARY_SOURCE_PREFIX))
    out.append("\n</div>\n")
    return "".join(out)


def _glossary_term(kb: KnowledgeBase, term: dict, sources: list[dict], from_dir: str) -> str:
    heading = escape_text(term["term"])
    if term.get("expansion"):
        heading += f" ({escape_text(term['expansion'])})"
    parts = ['\n<div class="mr-term" markdown="1">\n', f"\n### {heading} {{ #{term_slug(term['term'])} }}\n",
             f'\n<p>{to_inline_html(term["definition"])}</p>\n']
    facts = []
    if term.get("synonyms"):
        # Weighted like a heading for search: a synonym is another name of the term.
        facts.append(f'Kallas också: <span data-pagefind-weight="5">'
                     f"{escape_text(', '.join(term['synonyms']))}</span>.")
    if term.get("source"):
        number = term["source"]
        title = html.escape(sources[number - 1]["title"]) if 0 < number <= len(sources) else ""
        facts.append(f'Källa: <a href="#{GLOSSARY_SOURCE_PREFIX}{number}" title="{title}">[{number}]</a>.')
    if term.get("see"):
        folder, _, ref = term["see"].partition("/")
        facts.append(f"Läs mer: {record_link(kb.records[folder][ref], from_dir)}")
    if facts:
        parts.append(f'\n<p class="mr-term-facts" markdown="span">{" ".join(facts)}</p>\n')
    parts.append("\n</div>\n")
    return "".join(parts)


def _items(kb: KnowledgeBase, key: str, from_dir: str) -> str:
    """Kännetecken or goda råd as numbered h3 entries; sources fold away under a short summary so the list stays
    short on a phone. Uncertain and disputed items are shown once, at the end (traits_uncertainty)."""
    parts = []
    for number, item in enumerate((kb.traits or {}).get(key, []), 1):
        parts.append(f"\n### {number}. {escape_text(item['title'])} {{ #{item['id']} }}\n")
        parts.append(f"\n{to_inline_html(item['text'])}\n")
        if item.get("principles"):
            parts.append("\nPrinciper: " + ", ".join(record_link(p, from_dir) for p in
                                                      kb.resolve("principer", item["principles"])) + "\n")
        count = len(item["sources"])
        parts.append(f'\n<details class="mr-item-sources"><summary>{"Källa" if count == 1 else f"Källor ({count})"}'
                     f"</summary>{sources_html(item['sources'])}</details>\n")
    return "".join(parts)


def traits_uncertainty(kb: KnowledgeBase) -> str:
    """One "Osäkra uppgifter" section for the whole page: each uncertain or disputed text once, with the entries it
    concerns, instead of the same warning under every entry."""
    traits = kb.traits or {}
    texts: dict[tuple[str, str], list[str]] = {}
    for key in ("traits", "advice"):
        for number, item in enumerate(traits.get(key, []), 1):
            for kind in ("uncertain", "disputed"):
                for text in item.get(kind, []):
                    texts.setdefault((kind, text), []).append(f'<a href="#{item["id"]}">{escape_text(item["title"])}</a>')
    if not texts:
        return ""
    items = "\n".join(f"<li>{to_inline_html(text)} {'(Källorna säger olika.) ' if kind == 'disputed' else ''}"
                      f"Gäller: {', '.join(where)}.</li>" for (kind, text), where in texts.items())
    return f'\n## Osäkra uppgifter {{ #osakra-uppgifter }}\n\n<ul class="mr-points">\n{items}\n</ul>\n'


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
            '<table class="mr-matrix__table">\n<caption>Antal verktyg och lärande exempel per princip och aktörskap</caption>\n'
            '<thead><tr><td class="mr-matrix__corner"></td>' + head + '</tr></thead>\n<tbody>\n' + "\n".join(rows)
            + "\n</tbody>\n</table>\n</div>\n")


def macro_table(kb: KnowledgeBase, from_dir: str, href, pdfs: set[str] | None = None) -> dict:
    """Every macro a hand-written page may call, bound to one page (its folder and a doc_path -> URL function).

    The single list of macros: the site adapter (macros/main.py) and the print renderer both use it."""
    return {
        "record_list": lambda folder: record_list(kb, folder, from_dir),
        "record_cards": lambda folder: record_cards(kb, folder, from_dir),
        "record_links": lambda folder: record_links(kb, folder, from_dir),
        "link": lambda folder, record_id: link(kb, folder, record_id, from_dir),
        "glossary_table": lambda: glossary_table(kb, from_dir),
        "traits_list": lambda: traits_list(kb, from_dir),
        "advice_list": lambda: advice_list(kb, from_dir),
        "traits_uncertainty": lambda: traits_uncertainty(kb),
        "matrix": lambda: matrix(kb, href),
        "county_map": lambda variant="compact": county_map(kb, href("exempel/index.md"), variant),
        "print_downloads": lambda: downloads_markdown(kb, href, pdfs),  # pdfs: the PDFs the build has
        "recent_changes": lambda limit=10, grouped=False: recent_changes(kb, from_dir, limit, grouped),
        "self_assessment": lambda: self_assessment.page_html(kb, href),
        "self_assessment_worksheet_link": lambda: self_assessment.worksheet_link(href, pdfs),
    }
