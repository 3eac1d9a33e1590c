"""Facets for filtering the listing pages: for each record, the values it has in each facet, with labels.

Built once per build (build_facets) and embedded in the listing page as JSON, so the filter script
(docs/assets/filters.js) works without a server and from file://."""
from __future__ import annotations

from dataclasses import dataclass

from ..data.model import LEGAL_KINDS, KnowledgeBase, Record
from ..base.safe_markdown import json_script
from .outline import linked_records

PERIOD_BUCKET_YEARS = 5


@dataclass(frozen=True)
class Facet:
    key: str  # query-string name, Swedish and without å ä ö, e.g. "lan"
    label: str  # Swedish legend shown above the checkboxes
    field: str  # record field, or "period"
    source: str  # folder of records or vocabulary that the values are ids in; "" for period and kind


# Order = order on the page. Only record types listed here get filters.
FACETS: dict[str, list[Facet]] = {
    "exempel": [Facet("princip", "Princip", "principles", "principer"),
                Facet("aktorskap", "Aktörskap", "aktorskap", "aktorskap"),
                Facet("roll", "Roll", "roles", "roller"),
                Facet("verktyg", "Verktyg", "tools", "verktyg"),
                Facet("lag", "Lag eller konvention", "legal_basis", "lagar"),
                Facet("tema", "Tema", "themes", "teman"),
                Facet("organisation", "Typ av organisation", "organisation_type", "organisationstyper"),
                Facet("lan", "Län", "counties", "lan"),
                Facet("period", "Period", "period", "")],
    "verktyg": [Facet("princip", "Princip", "principles", "principer"),
                Facet("aktorskap", "Aktörskap", "aktorskap", "aktorskap"),
                Facet("roll", "Roll", "roles", "roller"),
                Facet("lag", "Lag eller konvention", "legal_basis", "lagar"),
                Facet("tema", "Tema", "themes", "teman")],
    "lagar": [Facet("slag", "Svensk lag eller konvention", "kind", ""),
              Facet("princip", "Princip", "principles", "principer"),
              Facet("aktorskap", "Aktörskap", "aktorskap", "aktorskap")],
}


def _period_buckets(record: Record) -> list[str]:
    """Five-year spans the work overlaps. Ongoing work (no end) counts until the year it was last reviewed."""
    period = record.data["period"]
    start = period["start"]
    end = period.get("end") or max(start, int(str(record.data["reviewed"])[:4]))
    first = start - start % PERIOD_BUCKET_YEARS
    return [f"{year}-{year + PERIOD_BUCKET_YEARS - 1}" for year in range(first, end + 1, PERIOD_BUCKET_YEARS)]


def _values(kb: KnowledgeBase, record: Record, facet: Facet) -> list[str]:
    if facet.field == "period":
        return _period_buckets(record)
    if facet.field == "kind":
        return [record.data["kind"]]
    if record.type == "lagar" and facet.field == "principles":
        # A legal basis's page also lists the principles that name it (principer.legal_basis).
        return [principle.id for principle in linked_records(kb, record, "principles")]
    values = record.refs(facet.field)
    if record.type == "verktyg" and facet.field == "roles":
        # A tool page also lists the roles that name it (roller.tools); the filter must agree with the page.
        values = values + [role.id for role in kb.referrers(record, "roller")]
    return list(dict.fromkeys(values))


def _option_labels(kb: KnowledgeBase, facet: Facet, used: set[str]) -> list[list[str]]:
    """[value, label] pairs in the source's own order (records: by title; vocabularies: as written)."""
    if facet.field == "period":
        return [[value, value.replace("-", "–")] for value in sorted(used)]
    if facet.field == "kind":
        return [[value, label] for value, label in LEGAL_KINDS.items() if value in used]
    table = kb.records.get(facet.source) or kb.vocabularies.get(facet.source) or {}
    return [[value, entry.title] for value, entry in table.items() if value in used]


def build_facets(kb: KnowledgeBase) -> dict[str, dict]:
    """Per record type: {"facets": [{key, label, options: [[value, label], …]}],
    "records": {id: [[option index, …] per facet]}}. Facets with fewer than two values in use are left out:
    a filter with one choice cannot narrow anything."""
    result = {}
    for folder, facets in FACETS.items():
        records = list(kb.records.get(folder, {}).values())
        values = {record.id: [_values(kb, record, facet) for facet in facets] for record in records}
        kept, columns = [], []
        for column, facet in enumerate(facets):
            used = {value for record_values in values.values() for value in record_values[column]}
            options = _option_labels(kb, facet, used)
            if len(options) >= 2:
                kept.append({"key": facet.key, "label": facet.label, "options": options})
                columns.append((column, {value: index for index, (value, _) in enumerate(options)}))
        result[folder] = {"facets": kept, "records": {
            record_id: [[index_of[value] for value in record_values[column] if value in index_of]
                        for column, index_of in columns]
            for record_id, record_values in values.items()}}
    return result


def facets_script(facet_data: dict) -> str:
    """The facet data as an inline JSON script element. <, > and & are escaped as \\u003c etc. so text from the
    data (a title with "</script>") cannot end the element early; JSON.parse turns them back."""
    return json_script(facet_data, "mr-facets")

