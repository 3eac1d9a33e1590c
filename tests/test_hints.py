"""The hints an editor gets from `make validate`: each field's own description, the valid ids for references,
the date form for dates, "tomt" for empty values, and every problem of a file in one run."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.data.scaffold import new_record

REFERENCE_FIELDS = {"organisation_type": "kommun", "counties.0": "skane", "principles.0": "egenmakt",
                    "aktorskap.0": "samhallsaktor"}


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


@pytest.fixture
def fresh_template(project) -> dict:
    """`make new TYPE=exempel ID=nytt-exempel` and nothing filled in: field -> message."""
    new_record(project, "exempel", "nytt-exempel")
    problems = load_knowledge_base(project)[1]
    assert {p.path for p in problems} == {"data/exempel/nytt-exempel.yml"}, problems
    by_field = {p.field: p.message for p in problems}
    assert len(by_field) == len(problems), problems  # one message per field
    return by_field


@pytest.mark.parametrize("field, valid_id", sorted(REFERENCE_FIELDS.items()))
def test_empty_reference_lists_the_valid_ids(fresh_template, field, valid_id):
    message = fresh_template[field]
    assert "Postens id" not in message and "filnamnet" not in message, message  # not the record id's own hint
    assert "Giltiga id:" in message and valid_id in message, message
    assert "tom" in message, message


def test_source_title_gets_its_own_hint(fresh_template):
    message = fresh_template["sources.0.title"]
    assert "Källans titel" in message and "Rubriken som visas på sidan" not in message, message


def test_the_record_title_keeps_its_hint(fresh_template):
    assert "Rubriken som visas på sidan" in fresh_template["title"]


def test_empty_date_says_the_date_form(fresh_template):
    message = fresh_template["reviewed"]
    assert "ÅÅÅÅ-MM-DD" in message.split("Så här ska det vara")[0] and "ska vara text" not in message, message


def test_empty_values_say_they_are_empty_without_quoting_advice(fresh_template):
    for field, message in fresh_template.items():
        assert "citattecken" not in message, (field, message)
        assert message.startswith(("Fältet är tomt", "Punkten i listan är tom")), (field, message)


VALID = """\
id: {id}
title: {title}
summary: En sammanfattning som är tillräckligt lång för schemat.
organisation: Testkommun
organisation_type: kommun
counties:
  - skane
period:
  start: 2020
body: Brödtext om vad som gjordes [1].
principles:
  - egenmakt
aktorskap:
  - samhallsaktor
sources:
  - title: Testkälla
    publisher: Testdata
    url: https://example.org/kalla
reviewed: 2026-01-15
"""


def _write(project: Path, record_id: str, *replacements: tuple[str, str], check: bool = True) -> str:
    """A valid example (checked), then with each (old, new) replaced once; returns its path."""
    rel = f"data/exempel/{record_id}.yml"
    text = VALID.format(id=record_id, title=f"Testexempel {record_id}")
    (project / rel).write_text(text, encoding="utf-8")
    assert not check or [p for p in load_knowledge_base(project)[1] if p.path == rel] == []
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    (project / rel).write_text(text, encoding="utf-8")
    return rel


def _line(project: Path, rel: str, start: str) -> int:
    lines = (project / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_misspelt_key_bad_date_and_unknown_county_in_one_run(project):
    rel = _write(project, "test-ett", ("\ntitle:", "\ntitel:"), ("reviewed: 2026-01-15", "reviewed: 15/1 2026"),
                 ("- skane", "- gotlnd"))
    problems = load_knowledge_base(project)[1]
    by_field = {p.field: p for p in problems}
    assert set(by_field) == {"titel", "reviewed", "counties.0"}, problems  # no follow-up "'title' saknas"
    assert "Menade du 'title'?" in by_field["titel"].message
    assert "ÅÅÅÅ-MM-DD" in by_field["reviewed"].message
    assert "Menade du 'gotland'?" in by_field["counties.0"].message and "Giltiga id:" in by_field["counties.0"].message
    assert by_field["counties.0"].line == _line(project, rel, "  - gotlnd")
    assert by_field["titel"].line == _line(project, rel, "titel:")
    assert by_field["reviewed"].line == _line(project, rel, "reviewed:")


def test_every_class_of_problem_in_one_run(project):
    """Schema, calendar, URL and reference problems, in files that have other problems too, plus a cross-file
    one (two records with the same title)."""
    first = _write(project, "test-ett", ("https://example.org", "https://exempel sida"), ("- egenmakt", "- egenmak"),
                   ("organisation_type: kommun", "organisation_type:"), ("\nperiod:", "\nperiod_:"),
                   ("Testexempel test-ett", "Testexempel test-fyra"))
    _write(project, "test-fyra", check=False)
    second = _write(project, "test-tva", ("reviewed: 2026-01-15", "reviewed: 2025-02-30"),
                    ("Testexempel test-tva", "Testexempel test-tre"))
    _write(project, "test-tre", check=False)
    problems = load_knowledge_base(project)[1]
    got = {(p.path, p.field) for p in problems}
    assert {(first, "period_"), (first, "title"), (first, "sources.0.url"), (first, "principles.0"),
            (first, "organisation_type"), (second, "reviewed"), (second, "title")} <= got, problems
    messages = {(p.path, p.field): p.message for p in problems}
    assert "Menade du 'egenmakt'?" in messages[(first, "principles.0")]
    assert "finns inte i kalendern" in messages[(second, "reviewed")]
    assert "Giltiga id:" in messages[(first, "organisation_type")]
    assert "test-tre" in messages[(second, "title")]
    assert "test-fyra" in messages[(first, "title")]  # a cross-file check, in a file that breaks the schema
    assert "Menade du 'period'?" in messages[(first, "period_")]
