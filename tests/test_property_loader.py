"""Property-based: whatever bytes land in data/, parse_yaml and load_knowledge_base answer with validation
problems (or a valid result), never with an exception."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synthetic
from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.base.problems import Problem
from mrkb.data.yaml_source import parse_yaml

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])
FIELD_NAMES = ["id", "title", "summary", "body", "sources", "reviewed", "principles", "period", "start", "url",
               "entries", "terms", "<<", "!!python", "åäö", ""]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["2023-02-30", "2026-13-01", "javascript:alert(1)", "egenmakt", "yes", "~",
                                     "*alias", "&anchor", "!tag", "{{ x }}", "<script>"]))
documents = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=5), st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=10)),
                                                    children, max_size=6)), max_leaves=30)
yaml_punctuation = st.text(alphabet=st.sampled_from(list(":-[]{},#&*!|>'\"%@`?\t\n ab0å\\\r\x00\ufeff")),
                           max_size=200)


def _check(result, problems):
    assert isinstance(problems, list) and all(isinstance(p, Problem) for p in problems)
    assert (result is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.message.strip()


@SETTINGS
@given(documents)
def test_dumped_documents(document):
    text = yaml.safe_dump(document, allow_unicode=True)
    _check(*parse_yaml(text.encode("utf-8"), "data/exempel/x.yml"))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes(raw):
    _check(*parse_yaml(raw, "data/exempel/x.yml"))


@SETTINGS
@given(yaml_punctuation)
def test_text_full_of_yaml_punctuation(text):
    _check(*parse_yaml(text.encode("utf-8", "surrogatepass"), "data/exempel/x.yml"))


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("property") / "base"
    synthetic.write_dataset(root / "data", examples=1, schema_dir=ROOT / "data" / "schema")
    return root


TARGETS = ["exempel/syntetiskt-exempel-00001.yml", "principer/egenmakt.yml", "vokabular/teman.yml", "ordlista.yml",
           "kannetecken.yml", "verktyg/medborgardialog.yml"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), content=st.one_of(
    documents.map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8")),
    yaml_punctuation.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=200)))
def test_whole_knowledge_base_with_one_random_file(base, target, content):
    path = base / "data" / target
    original = path.read_bytes()
    try:
        path.write_bytes(content)
        kb, problems = load_knowledge_base(base)
    finally:
        path.write_bytes(original)
    assert all(isinstance(p, Problem) and p.line >= 1 for p in problems), problems
    assert problems, "random content should not make a valid record"
