"""yaml_source.parse_yaml: safe YAML with positions; refuses what has no place in data, in Swedish."""
from __future__ import annotations

import pytest

from mrkb.data.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, parse_yaml


def parse(text: str | bytes):
    return parse_yaml(text.encode("utf-8") if isinstance(text, str) else text, "data/exempel/x.yml")


def only_problem(text):
    parsed, problems = parse(text)
    assert parsed is None and len(problems) == 1, problems
    return problems[0]


def test_values_and_positions():
    parsed, problems = parse("id: x\nlist:\n  - a\n  - b: 1\nperiod:\n  start: 2020\n")
    assert problems == []
    assert parsed.data == {"id": "x", "list": ["a", {"b": 1}], "period": {"start": 2020}}
    assert parsed.position(("list", 1, "b")) == (4, 8)
    assert parsed.position(("period", "start"), prefer_key=True) == (6, 3)
    assert parsed.position(("period", "missing")) == (6, 3), "an unknown path falls back to its parent (the mapping)"
    assert parsed.problem(("id",), "fel").format() == "data/exempel/x.yml:1:5: fältet 'id': fel"


def test_dates_stay_text_and_crlf_is_fine():
    parsed, problems = parse("reviewed: 2026-01-15\r\nyear: 2024\r\n")
    assert problems == [] and parsed.data == {"reviewed": "2026-01-15", "year": 2024}


@pytest.mark.parametrize("text, line, fragment", [
    ("a: 1\nb:\n\tc: 2\n", 3, "tabbtecken"),
    ("a: text: mer\n", 1, "kolon står på fel ställe"),
    ("a: 1\na: 2\n", 2, "finns redan på rad 1"),
    ("a: 1\n---\nb: 2\n", 2, "flera YAML-dokument"),
    ("a: 1\nb: \"öppen\nc: 2\n", 2, "citattecken"),
    ("a: [x, y\nb: 2\n", 1, "hakparentes"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system ''\n", 1, "!!python/name:os.system"),
    ("a: !egen 1\n", 1, "'!egen'"),
    ("b: &x 1\nc: *x\n", 2, "Ankare och alias"),
    ("p:\n  <<: {a: 1}\n", 2, "'<<'"),
    ("? [a]\n: 1\n", 1, "inte ett vanligt fältnamn"),
    ("a: b\x00c\n", 1, "styrtecken"),
    ("", 1, "tom"),
    ("# bara kommentar\n", 1, "tom"),
])
def test_refusals_name_the_line(text, line, fragment):
    problem = only_problem(text)
    assert problem.line == line, problem
    assert fragment.casefold() in problem.message.casefold(), problem


def test_encoding_problems():
    assert "BOM" in only_problem(b"\xef\xbb\xbfa: 1\n").message
    problem = only_problem("a: 1\nb: gr\u00e4s\n".encode("latin-1"))
    assert (problem.line, problem.col) == (2, 6) and "UTF-8" in problem.message


def test_size_limit():
    problem = only_problem(b"a: " + b"x" * MAX_FILE_BYTES)
    assert f"{MAX_FILE_BYTES // 1024} KB" in problem.message


def test_depth_limit_and_deep_recursion():
    nested = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert "för djupt" in only_problem(nested).message
    assert "för djupt" in only_problem("a: " + "[" * 50_000 + "]" * 50_000).message


def test_alias_bomb_is_refused_quickly_with_one_message():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    parsed, problems = parse("\n".join(lines) + "\n")
    assert parsed is None and len(problems) == 1 and problems[0].line == 2, problems
