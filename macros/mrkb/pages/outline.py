"""What a record page contains, in order: its overview rows and its sections. Defined once here; render.py (web
Markdown) and print_document.py (print HTML) only decide how each part looks, so the two cannot drift apart."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..data.indexes import merge_unique, related_records
from ..data.model import RECORD_TYPES, KnowledgeBase, Record


@dataclass(frozen=True)
class Row:
    label: str
    kind: str  # "text" (plain text), "records" (list of Record), "vocab" (list of VocabularyEntry)
    value: Any


@dataclass(frozen=True)
class Section:
    title: str
    kind: str  # "markdown" (str), "points" (list of Markdown str), "records" (list of Record), "steps" (list of dict)
    content: Any
    # For "records": the listing filter key (facets.FACETS) that selects exactly these records, so the web page can
    # show the first few and link to the rest; "" when there is no such filter.
    facet: str = ""


def period_text(period: dict) -> str:
    start, end = period["start"], period.get("end")
    span = f"{start}–{end}" if end and end != start else (f"{start}" if end else f"{start}–")
    return f"{span} ({period['note']})" if period.get("note") else span


_REFERENCE_ROWS = (("principles", "Principer"), ("key_principles", "Principer som väger tyngst"),
                   ("aktorskap", "Aktörskap"), ("roles", "Roller"), ("tools", "Verktyg"))


def _name_key(name: str) -> str:
    """Case- and accent-insensitive form of a name: "Barnets bästa" and "barnets basta" are the same name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().strip())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def other_names(title: str, names) -> list[str]:
    """The names that differ from the title and from each other (case- and accent-insensitive), first form kept."""
    seen, result = {_name_key(title)}, []
    for name in names:
        if _name_key(name) not in seen:
            seen.add(_name_key(name))
            result.append(name)
    return result


def overview_rows(kb: KnowledgeBase, record: Record, extra_aliases=()) -> list[Row]:
    """The summary box. extra_aliases: more words that name the record (e.g. glossary synonyms, for search)."""
    d = record.data
    rows = [Row("Typ", "text", RECORD_TYPES[record.type].singular.capitalize())]
    if record.type == "exempel":
        rows += [Row("Organisation", "text", d["organisation"]),
                 Row("Typ av organisation", "vocab", kb.resolve("organisationstyper", [d["organisation_type"]])),
                 Row("Län", "vocab", kb.resolve("lan", d["counties"])),
                 Row("Period", "text", period_text(d["period"]))]
    if record.type == "verktyg" and d.get("time_needed"):
        rows.append(Row("Tidsåtgång", "text", d["time_needed"]))
    for field_name, label in _REFERENCE_ROWS:
        target = RECORD_TYPES[record.type].references.get(field_name)
        if target and record.refs(field_name):
            rows.append(Row(label, "records", kb.resolve(target, record.refs(field_name))))
    if d.get("themes"):
        rows.append(Row("Teman", "vocab", kb.resolve("teman", d["themes"])))
    also_called = other_names(record.title, [*d.get("aliases", []), *extra_aliases])
    if also_called:
        rows.append(Row("Kallas också", "text", ", ".join(also_called)))
    rows.append(Row("Senast granskad", "text", d["reviewed"]))
    return [row for row in rows if row.value]


NO_MEASURED_RESULTS = "Källorna redovisar inga mätta resultat."


def results_text(data: dict) -> str:
    """An example's results as Markdown; `measured_results: false` adds the one standard line that says the sources
    report no measured results (instead of each text saying it in its own words)."""
    parts = [data.get("results") or ""]
    if data.get("measured_results") is False:
        parts.append(f"*{NO_MEASURED_RESULTS}*")
    return "\n\n".join(part.strip() for part in parts if part.strip())


def sections(kb: KnowledgeBase, record: Record) -> list[Section]:
    """The record type's sections, then "Relaterat"; empty sections are left out. Sources are not a section here:
    both renderers put them last in their own form."""
    d = record.data
    back = lambda source_type: kb.referrers(record, source_type)  # noqa: E731 - short local alias
    if record.type == "principer":
        parts = [Section("Vad betyder principen?", "markdown", d["body"]),
                 Section("I kommun och region", "markdown", d["in_practice"]),
                 Section("Frågor att ställa i verksamheten", "points", d.get("questions")),
                 Section("Vanliga fallgropar", "points", d.get("pitfalls")),
                 Section("Aktörskap där principen väger tyngst", "records", back("aktorskap")),
                 Section("Verktyg som stödjer principen", "records", back("verktyg"), "princip"),
                 Section("Lärande exempel", "records", back("exempel"), "princip")]
    elif record.type == "aktorskap":
        parts = [Section("Vad omfattar aktörskapet?", "markdown", d["body"]),
                 Section("Tjänster, beslut och ansvar", "points", d["covers"]),
                 Section("Frågor att ställa i verksamheten", "points", d.get("questions")),
                 Section("Verktyg", "records", back("verktyg"), "aktorskap"),
                 Section("Roller", "records", back("roller")),
                 Section("Lärande exempel", "records", back("exempel"), "aktorskap")]
    elif record.type == "roller":
        # What the reader can do is why they came: it comes before the background.
        parts = [Section("Det här kan du göra i din roll", "points", d["actions"]),
                 Section("Rollen och mänskliga rättigheter", "markdown", d["body"]),
                 Section("Verktyg för dig", "records",
                         merge_unique(kb.resolve("verktyg", record.refs("tools")), back("verktyg")), "roll"),
                 Section("Lärande exempel där rollen var viktig", "records", back("exempel"), "roll")]
    elif record.type == "verktyg":
        parts = [Section("Syfte", "markdown", d["purpose"]),
                 Section("När passar verktyget?", "markdown", d["when_to_use"]),
                 Section("Steg för steg", "steps", d["steps"]),
                 Section("Vem gör arbetet?", "markdown", d.get("who")),
                 Section("Vanliga fallgropar", "points", d.get("pitfalls")),
                 Section("Roller som använder verktyget", "records",
                         merge_unique(kb.resolve("roller", record.refs("roles")), back("roller"))),
                 Section("Lärande exempel som använt verktyget", "records", back("exempel"), "verktyg")]
    else:  # exempel
        parts = [Section("Vad gjordes?", "markdown", d["body"]),
                 Section("Resultat", "markdown", results_text(d)),
                 Section("Lärdomar", "points", d.get("lessons"))]
    parts.append(Section("Relaterat", "records", related_records(kb, record)))
    return [part for part in parts if part.content]
