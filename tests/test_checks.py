"""checks: what the schema cannot say — real dates, URLs, unique ids and titles, references."""
from __future__ import annotations

import datetime

import pytest

from mrkb.data import checks
from mrkb.data.model import KnowledgeBase, Record, VocabularyEntry
from mrkb.data.yaml_source import parse_yaml


def parsed(text: str, path="data/exempel/x.yml"):
    result, problems = parse_yaml(text.encode("utf-8"), path)
    assert result is not None, problems
    return result


@pytest.mark.parametrize("value, ok", [("2024-02-29", True), ("2023-02-29", False), ("2023-02-30", False),
                                       ("2023-13", False), ("2023-00-10", False), ("2023", True), ("2023-12", True)])
def test_dates_exist(value, ok):
    problems = checks.check_dates(parsed(f"sources:\n  - date: '{value}'\n"))
    assert (problems == []) == ok, problems
    if not ok:
        assert problems[0].line == 2 and "finns inte i kalendern" in problems[0].message


def test_future_review_date_but_not_future_source_date():
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert "framtiden" in checks.check_dates(parsed(f"reviewed: '{tomorrow}'\n"))[0].message
    assert checks.check_dates(parsed(f"sources:\n  - date: '{tomorrow}'\n")) == []


@pytest.mark.parametrize("url, ok", [("https://skr.se/a?b=c#d", True), ("http://example.org", True),
                                     ("javascript:alert(1)", False), ("JavaScript://skr.se/%0Aalert(1)", False),
                                     ("data:text/html,x", False), ("htps//skr.se", False), ("https://localhost", False),
                                     ("https://skr.se/a b", False), ("https:///skr.se", False), ("ftp://skr.se", False)])
def test_urls(url, ok):
    problems = checks.check_urls(parsed(f"sources:\n  - url: '{url}'\n"))
    assert (problems == []) == ok, (url, problems)


def test_unique_ids_in_a_list():
    file = parsed("entries:\n  - id: a\n  - id: b\n  - id: a\n")
    [problem] = checks.check_unique_ids(file, "entries")
    assert problem.line == 4 and "punkt 1" in problem.message


def _kb(*records: Record, themes=("jamstalldhet",)) -> tuple[KnowledgeBase, dict]:
    by_type = {t: {} for t in ("principer", "aktorskap", "roller", "verktyg", "exempel")}
    parsed_by_record = {}
    for record in records:
        by_type[record.type][record.id] = record
        lines = "".join(f"{k}: {v!r}\n" if not isinstance(v, list) else f"{k}: [{', '.join(v)}]\n"
                        for k, v in record.data.items())
        parsed_by_record[(record.type, record.id)] = parsed(lines, record.source_path)
    vocab = {"teman": {t: VocabularyEntry("teman", t, t) for t in themes}, "organisationstyper": {}, "lan": {}}
    return KnowledgeBase(by_type, vocab), parsed_by_record


def _record(type_, id_, title=None, **fields):
    return Record(type_, id_, {"id": id_, "title": title or id_.capitalize(), **fields}, f"data/{type_}/{id_}.yml")


def test_references_suggest_and_skip_unavailable():
    kb, by = _kb(_record("principer", "egenmakt"),
                 _record("verktyg", "v", principles=["egenmakten", "trasig"], themes=["jamstaldhet"]))
    problems = checks.check_references(kb, by, unavailable={("principer", "trasig")})
    messages = sorted(p.message for p in problems)
    assert len(problems) == 2, messages
    assert any("Menade du 'egenmakt'" in m for m in messages)
    assert any("inget tema med id 'jamstaldhet'" in m for m in messages)


def test_duplicate_titles_are_reported_in_both_files():
    kb, by = _kb(_record("exempel", "a", "Samma"), _record("exempel", "b", "samma "))
    problems = checks.check_unique_titles(kb, by)
    assert {p.path for p in problems} == {"data/exempel/a.yml", "data/exempel/b.yml"}


def test_unreferenced_records_unless_standalone():
    kb, by = _kb(_record("principer", "ensam"), _record("principer", "fri", standalone=True),
                 _record("principer", "anvand"), _record("exempel", "e", principles=["anvand"]))
    problems = checks.check_referenced(kb, by)
    assert [p.path for p in problems] == ["data/principer/ensam.yml"]
    assert "standalone: true" in problems[0].message


def test_glossary_checks():
    kb, _ = _kb(_record("principer", "egenmakt"))
    file = parsed("terms:\n  - term: MR\n    definition: x\n    see: principer/okand\n"
                  "  - term: mr\n    definition: y\n    source: 2\nsources:\n  - title: t\n", "data/ordlista.yml")
    problems = checks.check_glossary(kb, file)
    assert sorted(p.line for p in problems) == [4, 5, 7], problems
