"""schema.check_against_schema: each kind of schema error becomes a Swedish message at the right line."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mrkb.data.schema import check_against_schema
from mrkb.data.yaml_source import parse_yaml

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"
VALID = (Path(__file__).parent / "hostile" / "unknown-key" / "data" / "exempel" / "fientlig.yml").read_text(
    encoding="utf-8").replace("beskrivning: Extra fält\n", "")


def problems_for(text: str):
    parsed, problems = parse_yaml(text.encode("utf-8"), "data/exempel/fientlig.yml")
    assert parsed is not None, problems
    return check_against_schema(parsed, SCHEMA_DIR, "exempel.json")


def test_valid_example_has_no_problems():
    assert yaml.safe_load(VALID)["id"] == "fientlig"
    assert problems_for(VALID) == []


@pytest.mark.parametrize("old, new, line, field, fragment", [
    ("title: Fientligt testexempel", "title: 2024", 2, "title", "ska vara text"),
    ("principles: [egenmakt]", "principles: egenmakt", 10, "principles", "ska vara en lista"),
    ("  start: 2020", "  start: 1066", 8, "period.start", "minst 1990"),
    ("  start: 2020", "  start: tjugo", 8, "period.start", "ska vara ett heltal"),
    ("organisation: Testkommun", "organisation: yes", 4, "organisation", "true/false"),
    ("body: Brödtext om vad som gjordes.", "body: '  '", 9, "body", "bara av mellanslag"),
    ("summary: En sammanfattning som är tillräckligt lång för schemat.", "summary: Kort.", 3, "summary", "för kort"),
    ("summary: En sammanfattning som är tillräckligt lång för schemat.", "summary: " + "x" * 700, 3, "summary",
     "för lång: 700 tecken"),
    ("id: fientlig", "id: Fientlig", 1, "id", "små bokstäver"),
    ("reviewed: 2026-01-15", "reviewed: 15/1 2026", 16, "reviewed", "ÅÅÅÅ-MM-DD"),
    ("reviewed: 2026-01-15", "reviewed:", 16, "reviewed", "Fältet är tomt. Skriv ett datum (ÅÅÅÅ-MM-DD)"),
    ("    url: https://example.org/kalla", "    url: https://example.org/kalla\n    date: 2026/1", 16,
     "sources.0.date", "Skriv ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD. Så här ska det vara: När källan publicerades"),
    ("organisation: Testkommun", "organisation:", 4, "organisation", "Fältet är tomt. Skriv text efter kolonet."),
    ("principles: [egenmakt]", "principles: [egenmakt, '']", 10, "principles.1", "Punkten i listan är tom"),
    ("principles: [egenmakt]", "principles: [egenmakt, egenmakt]", 10, "principles", "samma värde två gånger"),
    ("body: Brödtext", "fel_falt: 1\nbody: Brödtext", 9, "fel_falt", "finns inte i schemat"),
    ("organisation: Testkommun\n", "", 1, "organisation", "saknas men är obligatoriskt"),
    ("sources:\n  - title: Testkälla\n    publisher: Testdata\n    url: https://example.org/kalla\n",
     "sources: []\n", 12, "sources", "minst 1 punkt"),
])
def test_each_error_kind(old, new, line, field, fragment):
    assert old in VALID
    problems = problems_for(VALID.replace(old, new, 1))
    matching = [p for p in problems if p.field == field]
    assert matching, problems
    assert matching[0].line == line, matching
    assert fragment in matching[0].message, matching[0].message


def test_text_with_colon_gets_a_hint():
    problems = problems_for(VALID.replace("body: Brödtext om vad som gjordes.", "body:\n  Obs: viktigt", 1))
    assert any("kolon" in p.message for p in problems), problems


def test_all_schema_errors_in_one_file_are_reported_together():
    broken = (VALID.replace("title: Fientligt testexempel", "title: 5")
              .replace("  start: 2020", "  start: 1066").replace("id: fientlig", "id: Fel")
              .replace("body: Brödtext", "okant: 1\nbody: Brödtext").replace("organisation: Testkommun\n", ""))
    fields = {p.field for p in problems_for(broken)}
    assert {"title", "period.start", "id", "okant", "organisation"} <= fields, fields
