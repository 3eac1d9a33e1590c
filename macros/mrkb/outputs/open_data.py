"""The knowledge base as open data: JSON per record type and combined, a CSV of the examples, and the schemas.

open_data_files() returns {path in the built site: bytes}; a site generator only has to write them.
Design (documented for users on docs/oppna-data.md):
- Each record is {"type", "id", "page", "source_file", "referenced_by", "data"}. "data" is exactly the
  YAML file's content, so it validates against the published schema; everything computed (the page address
  and the back-links) sits beside it, never mixed in.
- Output is deterministic: records sorted by id, keys sorted, no timestamps, so builds are reproducible.
- The CSV is for spreadsheets: UTF-8 with BOM and semicolons, because Excel with Swedish settings opens
  exactly that correctly on a double-click; titles instead of ids; cells that a spreadsheet would run as a
  formula are prefixed with an apostrophe (the data comes from contributors and is untrusted)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from ..pages.outline import period_text
from ..base.markers import strip_markers
from ..base.safe_markdown import plain_text

FORMAT_VERSION = 1
OUTPUT_DIR = "data"  # in the built site: <site>/data/...
COMBINED = f"{OUTPUT_DIR}/kunskapsbank.json"
EXAMPLES_CSV = f"{OUTPUT_DIR}/exempel.csv"
CSV_DELIMITER = ";"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CSV_COLUMNS = ["id", "rubrik", "sammanfattning", "organisation", "organisationstyp", "län", "startår", "slutår",
               "period", "principer", "aktörskap", "roller", "verktyg", "teman", "källor", "senast granskad",
               "sida", "datafil"]


def open_data_files(kb: KnowledgeBase, schema_dir: Path, site_url: str = "",
                    directory_urls: bool = True) -> dict[str, bytes]:
    """Every open-data file of the site: {path relative to the site root: content}."""
    files: dict[str, bytes] = {}
    published = {folder: [record_entry(kb, record, directory_urls) for record in _by_id(kb, folder)]
                 for folder in RECORD_TYPES}
    for folder, entries in published.items():
        files[f"{OUTPUT_DIR}/{folder}.json"] = _json({
            "format_version": FORMAT_VERSION, "type": folder, "title": RECORD_TYPES[folder].plural,
            "schema": f"schema/{folder}.json", "count": len(entries), "records": entries})
    files[COMBINED] = _json({
        "format_version": FORMAT_VERSION,
        "record_types": {folder: {"singular": t.singular, "plural": t.plural, "schema": f"schema/{folder}.json",
                                  "count": len(published[folder]), "references": dict(sorted(t.references.items()))}
                         for folder, t in RECORD_TYPES.items()},
        "records": published,
        "vocabularies": {name: [{"id": e.id, "title": e.title, "description": e.description,
                                 "aliases": list(e.aliases)} for e in sorted(entries.values(), key=lambda e: e.id)]
                         for name, entries in sorted(kb.vocabularies.items())},
        "glossary": kb.glossary,
        "traits": kb.traits,
    })
    files[EXAMPLES_CSV] = examples_csv(kb, site_url, directory_urls)
    for schema in _schema_files(schema_dir):
        files[f"{OUTPUT_DIR}/schema/{schema.name}"] = schema.read_bytes()
    return files


def open_data_paths(schema_dir: Path) -> list[str]:
    """The keys of open_data_files(), in the same order, without building any content."""
    return ([f"{OUTPUT_DIR}/{folder}.json" for folder in RECORD_TYPES] + [COMBINED, EXAMPLES_CSV]
            + [f"{OUTPUT_DIR}/schema/{schema.name}" for schema in _schema_files(schema_dir)])


def _schema_files(schema_dir: Path) -> list[Path]:
    return sorted(Path(schema_dir).glob("*.json"))


def page_path(record: Record, directory_urls: bool = True) -> str:
    """The record page's address relative to the site root (the offline build has no directory URLs)."""
    return record.url if directory_urls else f"{record.type}/{record.id}.html"


def record_entry(kb: KnowledgeBase, record: Record, directory_urls: bool = True) -> dict:
    backlinks = kb.backlinks.get((record.type, record.id), {})
    return {"type": record.type, "id": record.id, "page": page_path(record, directory_urls),
            "source_file": record.source_path,
            "referenced_by": {source_type: sorted(r.id for r in referrers)
                              for source_type, referrers in sorted(backlinks.items()) if referrers},
            "data": record.data}


def examples_csv(kb: KnowledgeBase, site_url: str = "", directory_urls: bool = True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    base = site_url.rstrip("/") + "/" if site_url else ""
    for record in _by_id(kb, "exempel"):
        d = record.data

        def titles(folder: str, field_name: str) -> str:
            return ", ".join(item.title for item in kb.resolve(folder, record.refs(field_name)))

        sources = " | ".join(
            f"{s['publisher']}: {s['title']}" + (f" ({s['date']})" if s.get("date") else "")
            + (f" {s['url']}" if s.get("url") else "") for s in d["sources"])
        period = d["period"]
        writer.writerow([_cell(value) for value in (
            record.id, record.title, plain_text(strip_markers(d["summary"])), d["organisation"],
            titles("organisationstyper", "organisation_type"), titles("lan", "counties"),
            period["start"], period.get("end", ""), period_text(period),
            titles("principer", "principles"), titles("aktorskap", "aktorskap"), titles("roller", "roles"),
            titles("verktyg", "tools"), titles("teman", "themes"), sources, d["reviewed"],
            base + page_path(record, directory_urls), record.source_path)])
    return out.getvalue().encode("utf-8-sig")


def _cell(value) -> str:
    """Text for one CSV cell; a leading =, +, -, @ would make a spreadsheet evaluate it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _by_id(kb: KnowledgeBase, folder: str) -> list[Record]:
    return [kb.records[folder][record_id] for record_id in sorted(kb.records[folder])]


def _json(value) -> bytes:
    # Compact: with indent, json.dumps falls back to its pure-Python encoder (≈2.6 s at 5,000 examples).
    return (json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
