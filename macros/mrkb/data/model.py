"""The record types, the records themselves and the knowledge base that holds them with their indexes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordType:
    folder: str  # folder under data/ and URL prefix, e.g. "exempel"
    singular: str  # Swedish, for messages and page labels
    definite: str  # Swedish definite form, for messages ("verktyget")
    plural: str  # Swedish, for listing page titles
    intro: str  # one or two sentences for the listing page; says once what is our own interpretation
    # field name -> folder of the record type it refers to
    references: dict[str, str] = field(default_factory=dict)
    # One line that every page of the type shows under its lead, once (e.g. "an overview, not legal advice").
    page_note: str = ""


RECORD_TYPES: dict[str, RecordType] = {t.folder: t for t in [
    RecordType("principer", "princip", "principen", "Principer",
               "De principer som ett rättighetsbaserat arbetssätt vilar på. Frågorna på varje sida är våra egna, "
               "om inte källorna säger något annat.",
               {"legal_basis": "lagar"}),
    RecordType("aktorskap", "aktörskap", "aktörskapet", "Aktörskap",
               "Kommunens och regionens fyra uppdrag: som samhällsaktör, demokratiaktör, välfärdsaktör och arbetsgivare. "
               "MR-plattformen utgår från dem, men vad varje uppdrag omfattar är vår tolkning utifrån källorna på "
               "varje sida, inte plattformens egen text.",
               {"key_principles": "principer"}),
    RecordType("roller", "roll", "rollen", "Roller",
               "Vad du kan göra för mänskliga rättigheter i just din roll. Förslagen är våra egna och bygger på "
               "exemplen i källorna.",
               {"tools": "verktyg", "aktorskap": "aktorskap"}),
    RecordType("verktyg", "verktyg", "verktyget", "Verktyg",
               "Metoder och analyser för att arbeta rättighetsbaserat i vardagen. Källorna beskriver sällan ett "
               "verktyg steg för steg, så stegen är oftast vårt förslag. Varje verktyg anger sina källor.",
               {"principles": "principer", "aktorskap": "aktorskap", "roles": "roller", "themes": "teman",
                "legal_basis": "lagar"}),
    RecordType("lagar", "lag eller konvention", "lagen eller konventionen", "Lagar och konventioner",
               "Lagar och konventioner som ställer krav på kommuner och regioner, och de verktyg och exempel som "
               "hjälper er att uppfylla dem. Sidorna är en överblick med egna ord, inte juridisk rådgivning. Det är "
               "den officiella texten som gäller, och varje sida länkar till den.",
               {"principles": "principer", "aktorskap": "aktorskap"},
               page_note="En överblick med egna ord, inte juridisk rådgivning. Det är den officiella texten som gäller:"),
    RecordType("exempel", "lärande exempel", "exemplet", "Lärande exempel",
               "Vad kommuner, regioner och nätverk har gjort, och vad andra kan lära av det.",
               {"principles": "principer", "aktorskap": "aktorskap", "roles": "roller", "tools": "verktyg",
                "themes": "teman", "counties": "lan", "organisation_type": "organisationstyper",
                "legal_basis": "lagar"}),
]}

# A legal basis's kind (data/lagar/, field kind) -> its label; the listing /lagar/ is grouped in this order.
LEGAL_KINDS = {"svensk-lag": "Svensk lag", "konvention": "Konvention"}

# A kännetecken's link fields (data/kannetecken.yml) -> the record type each names.
TRAIT_LINK_TYPES = {"tools": "verktyg", "examples": "exempel", "principles": "principer"}

# Vocabularies: small lists in data/vokabular/<name>.yml that records refer to by id.
VOCABULARIES = {"teman": "tema", "organisationstyper": "organisationstyp", "lan": "län"}


@dataclass
class Record:
    type: str  # a key of RECORD_TYPES
    id: str
    data: dict[str, Any]
    source_path: str  # relative to the project root, e.g. "data/exempel/lund.yml"

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def url(self) -> str:
        """Site-relative URL of the record's page, with a trailing slash."""
        return f"{self.type}/{self.id}/"

    @property
    def doc_path(self) -> str:
        """Path of the generated Markdown page inside docs/."""
        return f"{self.type}/{self.id}.md"

    def refs(self, field_name: str) -> list[str]:
        value = self.data.get(field_name) or []
        return [value] if isinstance(value, str) else list(value)


@dataclass
class VocabularyEntry:
    vocabulary: str
    id: str
    title: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class KnowledgeBase:
    records: dict[str, dict[str, Record]]  # type -> id -> record, each sorted by title
    vocabularies: dict[str, dict[str, VocabularyEntry]]
    glossary: dict[str, Any] | None = None
    traits: dict[str, Any] | None = None
    # (target type, target id) -> source type -> [records that refer to the target]; built once by indexes.py
    backlinks: dict[tuple[str, str], dict[str, list[Record]]] = field(default_factory=dict)
    # kännetecken id -> record type -> records it links to (its next steps); built once by indexes.py
    trait_links: dict[str, dict[str, list[Record]]] = field(default_factory=dict)

    def all_records(self):
        for by_id in self.records.values():
            yield from by_id.values()

    def get(self, type_: str, id_: str) -> Record | None:
        return self.records.get(type_, {}).get(id_)

    def referrers(self, record: Record, source_type: str) -> list[Record]:
        return self.backlinks.get((record.type, record.id), {}).get(source_type, [])

    def resolve(self, folder: str, ids: list[str]):
        """Records or vocabulary entries for a list of ids, in the given order (unknown ids are skipped)."""
        table = self.records.get(folder) or self.vocabularies.get(folder) or {}
        return [table[i] for i in ids if i in table]
