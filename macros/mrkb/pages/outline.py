"""What a record page contains, in order: its overview rows and its sections. Defined once here; render.py (web
Markdown) and print_document.py (print HTML) only decide how each part looks, so the two cannot drift apart."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from ..data.indexes import merge_unique, related_records
from ..base.safe_markdown import escape_text
from ..data.model import LEGAL_KINDS, RECORD_TYPES, KnowledgeBase, Record


@dataclass(frozen=True)
class Row:
    label: str
    kind: str  # "text" (plain text), "records" (list of Record), "vocab" (list of VocabularyEntry),
    # "link" (a dict with title, publisher and url: a legal basis's official text)
    value: Any


@dataclass(frozen=True)
class Section:
    title: str
    kind: str  # "markdown" (str), "points" (list of Markdown str), "records" (list of Record), "steps" (list of dict),
    # "provisions" (a legal basis's provisions: list of dict with number, title, text)
    content: Any
    # For "records": the listing filter key (facets.FACETS) that selects exactly these records, so the web page can
    # show the first few and link to the rest; "" when there is no such filter.
    facet: str = ""


def period_text(period: dict) -> str:
    start, end = period["start"], period.get("end")
    span = f"{start}–{end}" if end and end != start else (f"{start}" if end else f"{start}–")
    return f"{span} ({period['note']})" if period.get("note") else span


_REFERENCE_ROWS = (("principles", "Principer"), ("key_principles", "Principer som väger tyngst"),
                   ("aktorskap", "Aktörskap"), ("roles", "Roller"), ("tools", "Verktyg"),
                   ("legal_basis", "Rättslig grund"))
# A tool's legal bases say what it is for: the obligations it helps meet.
_ROW_LABELS = {("verktyg", "legal_basis"): "Hjälper er att uppfylla"}

# Links either side may write: a principle names its legal bases (legal_basis) or a legal basis its principles
# (principles). Both pages, and the filters, show the union, so the link is written once, on either side.
_TWO_WAY = {("principer", "legal_basis"): ("lagar", "principles"),
            ("lagar", "principles"): ("principer", "legal_basis")}


def linked_records(kb: KnowledgeBase, record: Record, field_name: str) -> list[Record]:
    """The records a reference field names, and for a two-way link (_TWO_WAY) also the records that name this one."""
    own = kb.resolve(RECORD_TYPES[record.type].references[field_name], record.refs(field_name))
    if (record.type, field_name) not in _TWO_WAY:
        return own
    other_type, other_field = _TWO_WAY[(record.type, field_name)]
    return merge_unique(own, [other for other in kb.referrers(record, other_type)
                              if record.id in other.refs(other_field)])


def provision_heading(provision: dict) -> str:
    """A provision's heading: where it stands (when the data says) and what it is about: "Artikel 12: Rätten att
    komma till tals"."""
    return f"{provision['number']}: {provision['title']}" if provision.get("number") else provision["title"]


def supervisor_text(supervisor: dict) -> str:
    """One supervisor of a legal basis as a Markdown point: the name in bold, then what it does."""
    name = f"**{escape_text(supervisor['name'])}**"
    return f"{name}: {supervisor['text']}" if supervisor.get("text") else name


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
    if record.type == "lagar":
        rows += [Row("Slag", "text", LEGAL_KINDS[d["kind"]]),
                 Row("Beteckning", "text", d["reference"]),
                 Row("Gäller", "text", d.get("in_force", "")),
                 Row("Officiell text", "link", d["official_text"]),
                 Row("Granskning och stöd", "text", ", ".join(s["name"] for s in d.get("supervisors", [])))]
    for field_name, label in _REFERENCE_ROWS:
        if field_name in RECORD_TYPES[record.type].references:
            rows.append(Row(_ROW_LABELS.get((record.type, field_name), label), "records",
                            linked_records(kb, record, field_name)))
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
                 Section("Lagar och konventioner", "records", linked_records(kb, record, "legal_basis")),
                 Section("Verktyg som stödjer principen", "records", back("verktyg"), "princip"),
                 Section("Lärande exempel", "records", back("exempel"), "princip")]
    elif record.type == "aktorskap":
        parts = [Section("Vad omfattar aktörskapet?", "markdown", d["body"]),
                 Section("Tjänster, beslut och ansvar", "points", d["covers"]),
                 Section("Frågor att ställa i verksamheten", "points", d.get("questions")),
                 Section("Verktyg", "records", back("verktyg"), "aktorskap"),
                 Section("Roller", "records", back("roller")),
                 Section("Lagar och konventioner", "records", back("lagar")),
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
    elif record.type == "lagar":
        what = "lagen" if d["kind"] == "svensk-lag" else "konventionen"
        parts = [Section(f"Vad säger {what}?", "markdown", d["body"]),
                 Section("Bestämmelser som kommuner och regioner möter", "provisions", d["provisions"]),
                 Section("Vem granskar och stödjer?", "points",
                         [supervisor_text(s) for s in d.get("supervisors", [])]),
                 Section(f"Verktyg som hjälper er att uppfylla {what}", "records", back("verktyg"), "lag"),
                 Section("Lärande exempel", "records", back("exempel"), "lag")]
    else:  # exempel
        parts = [Section("Vad gjordes?", "markdown", d["body"]),
                 Section("Resultat", "markdown", results_text(d)),
                 Section("Lärdomar", "points", d.get("lessons"))]
    parts.append(Section("Relaterat", "records", related_records(kb, record)))
    return [part for part in parts if part.content]
