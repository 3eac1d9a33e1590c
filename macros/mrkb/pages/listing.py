"""Listing pages (/exempel/, /verktyg/, …): entries with the facts people scan by, and the filter form.

The filter form is in the page's HTML from the build, so nothing moves when docs/assets/filters.js wakes it up
(it shows the hit counts, disables options with no hits, shows active filters as chips and sorts the list)."""
from __future__ import annotations

import html
import json

from .county_map import county_map
from .facets import facets_script
from ..data.model import LEGAL_KINDS, RECORD_TYPES, KnowledgeBase, Record
from .outline import period_text
from .render import record_link
from ..base.safe_markdown import escape_text, to_inline_html


def count_noun(folder: str, number: int) -> str:
    """Plain words for a number of records: "1 verktyg", "16 lärande exempel", "3 roller"."""
    record_type = RECORD_TYPES[folder]
    return f"{number} {record_type.singular if number == 1 else record_type.plural.lower()}"


def _titles(kb: KnowledgeBase, folder: str, ids) -> str:
    return ", ".join(entry.title for entry in kb.resolve(folder, ids))


def entry_facts(kb: KnowledgeBase, record: Record) -> list[str]:
    """The facts a reader scans a listing by: examples by organisation type, län and period; tools by principles
    and aktörskap; roles by aktörskap."""
    d = record.data
    if record.type == "exempel":
        period = period_text({key: value for key, value in d["period"].items() if key != "note"})
        return [_titles(kb, "organisationstyper", [d["organisation_type"]]), _titles(kb, "lan", d["counties"]), period]
    if record.type == "verktyg":
        return [f"{label}: {titles}" for label, titles in (
            ("Principer", _titles(kb, "principer", record.refs("principles"))),
            ("Aktörskap", _titles(kb, "aktorskap", record.refs("aktorskap")))) if titles]
    if record.type == "roller":
        titles = _titles(kb, "aktorskap", record.refs("aktorskap"))
        return [f"Aktörskap: {titles}"] if titles else []
    if record.type == "lagar":
        return [d["reference"]]
    return []


def record_listing_markdown(kb: KnowledgeBase, records, from_dir: str) -> str:
    """The entries of a listing. Each link carries the record id (and an example's start year) for the filter
    script; the facts line and the summary are spans made into lines by CSS."""
    lines = []
    for r in records:
        attributes = f'data-record="{r.type}/{r.id}"'
        if r.type == "exempel":
            attributes += f' data-start="{int(r.data["period"]["start"])}"'
        facts = [fact for fact in entry_facts(kb, r) if fact]
        facts_html = (f'<span class="mr-entry__facts">{" · ".join(escape_text(f) for f in facts)}</span>'
                      if facts else "")
        lines.append(f"- {record_link(r, from_dir)}{{ {attributes} }}{facts_html}"
                     f'<span class="mr-entry__summary">{to_inline_html(r.data["summary"])}</span>')
    return "\n".join(lines)


def _filter_form(folder: str, facet_data: dict, total: int) -> str:
    """The filters as plain HTML: one collapsed group per facet, each option with its hit count for the whole list.
    On phones the form is a drawer with a sticky "Visa N …" button; on wide screens a side column."""
    hits = [[0] * len(facet["options"]) for facet in facet_data["facets"]]
    for per_facet in facet_data["records"].values():
        for f, indexes in enumerate(per_facet):
            for o in indexes:
                hits[f][o] += 1
    groups = []
    for f, facet in enumerate(facet_data["facets"]):
        label = html.escape(facet["label"])
        options = "".join(
            f'<label><input type="checkbox" name="{facet["key"]}" value="{html.escape(value)}"> '
            f'{html.escape(option_label)} <span class="mr-facet__hits">({hits[f][o]})</span></label>'
            for o, (value, option_label) in enumerate(facet["options"]))
        groups.append(f'<details class="mr-facet"><summary>{label}<span class="mr-facet__picked"></span></summary>'
                      f'<fieldset><legend class="mr-visually-hidden">{label}</legend>{options}</fieldset></details>')
    return ('<form class="mr-filters" id="mr-filters" aria-labelledby="mr-filters-title">\n'
            '<div class="mr-filters__head"><h2 id="mr-filters-title">Filtrera</h2>'
            '<button type="button" class="mr-filters__close">Stäng</button></div>\n'
            "<noscript><p>Filtren behöver JavaScript. Hela listan visas.</p></noscript>\n"
            + "\n".join(groups) +
            '\n<div class="mr-filters__footer"><button type="submit" class="md-button md-button--primary '
            f'mr-filters__show">Visa {count_noun(folder, total)}</button></div>\n</form>\n')


def _results_bar(folder: str, total: int, filtered: bool) -> str:
    record_type = RECORD_TYPES[folder]
    nouns = f'data-singular="{html.escape(record_type.singular)}" data-plural="{html.escape(record_type.plural.lower())}"'
    parts = ['<div class="mr-results__bar">']
    if filtered:
        parts.append('<button type="button" class="md-button mr-filter-toggle" aria-controls="mr-filters" '
                     'aria-expanded="false">Filtrera</button>')
    parts.append(f'<p class="mr-count" id="mr-count" role="status" aria-live="polite" tabindex="-1" {nouns}>{count_noun(folder, total)}</p>')
    if folder == "exempel":
        parts.append('<p class="mr-sort"><label for="mr-sort">Sortera</label> <select id="mr-sort">'
                     '<option value="title">efter titel, A–Ö</option>'
                     '<option value="newest">efter period, nyast först</option>'
                     '<option value="oldest">efter period, äldst först</option></select></p>')
    parts.append("</div>")
    if filtered:
        parts.append('<div class="mr-chips" id="mr-chips"></div>')
    return "\n".join(parts) + "\n"


def _grouped_by_kind(kb: KnowledgeBase, records) -> str:
    """The legal bases in one group per kind (Svensk lag, Konvention), each under its own heading. The filter script
    hides a group whose entries are all filtered out."""
    groups = []
    for kind, label in LEGAL_KINDS.items():
        members = [r for r in records if r.data["kind"] == kind]
        if members:
            groups.append(f'<div class="mr-group" markdown="1">\n\n## {label}\n\n'
                          f'{record_listing_markdown(kb, members, "lagar")}\n\n</div>')
    return "\n\n".join(groups)


def render_listing(kb: KnowledgeBase, folder: str, facet_data: dict | None = None) -> str:
    """A listing page. facet_data: this type's part of facets.build_facets(); with facets, the page gets the
    filter form, its data for the filter script and a side-column layout."""
    record_type = RECORD_TYPES[folder]
    records = list(kb.records[folder].values())
    filtered = bool(facet_data and facet_data["facets"])
    meta = {"title": record_type.plural, "description": record_type.intro, "render_macros": False,
            "hide": ["toc"]}
    front = "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n"
    out = [front, f"# {record_type.plural}\n", f"{record_type.intro}\n"]
    if folder == "exempel" and kb.vocabularies.get("lan"):
        # The map's links reload this page with ?lan=<id>, which the filter script reads (works from file:// too).
        out.append(county_map(kb, "", "full") + "\n")
    if filtered:
        out.append(f"{facets_script(facet_data)}\n")
        out.append('<div class="mr-listing-layout" markdown="1">\n')
        out.append(_filter_form(folder, facet_data, len(records)))
    out.append('<div class="mr-results" markdown="1">\n')
    out.append(_results_bar(folder, len(records), filtered))
    out.append('<div class="mr-listing" markdown="1">\n')
    if folder == "lagar":
        out.append(_grouped_by_kind(kb, records))
    else:
        out.append(record_listing_markdown(kb, records, folder))
    out.append("\n</div>\n</div>\n")
    if filtered:
        out.append("</div>\n")
    return "\n".join(out)
