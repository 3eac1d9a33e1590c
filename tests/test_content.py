"""Guards on the real content: sourced, connected and as complete as the content issue asks."""
from __future__ import annotations

import pytest

from conftest import ROOT
from mrkb.loader import load_knowledge_base

MINIMUM_COUNTS = {"principer": 4, "aktorskap": 4, "roller": 8, "verktyg": 15, "exempel": 15}
REQUIRED_IDS = {
    "aktorskap": {"samhallsaktor", "demokratiaktor", "valfardsaktor", "arbetsgivare"},
    "principer": {"icke-diskriminering-och-jamlikhet", "delaktighet-och-inkludering", "transparens-och-ansvar",
                  "egenmakt"},
    "exempel": {"molndal-framm", "region-jonkoping-emerga", "jonkopings-kommun-2019"},
}


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge_base(ROOT)
    assert not problems, "\n".join(p.format() for p in problems)
    return kb


def test_the_real_data_is_valid(kb):
    assert sum(len(records) for records in kb.records.values()) > 0


@pytest.mark.parametrize("folder", sorted(MINIMUM_COUNTS))
def test_enough_records(kb, folder):
    assert len(kb.records[folder]) >= MINIMUM_COUNTS[folder]


@pytest.mark.parametrize("folder", sorted(REQUIRED_IDS))
def test_required_records_exist(kb, folder):
    assert REQUIRED_IDS[folder] <= set(kb.records[folder])


def test_every_record_cites_a_source_and_has_a_review_date(kb):
    for record in kb.all_records():
        assert record.data["sources"], record.source_path
        assert all(source["title"] and source["publisher"] for source in record.data["sources"])
        assert record.data["reviewed"]


@pytest.mark.parametrize("folder", ["principer", "aktorskap"])
def test_principles_and_actors_link_to_two_tools_and_two_examples(kb, folder):
    for record in kb.records[folder].values():
        if record.data.get("standalone"):
            continue
        tools, examples = kb.referrers(record, "verktyg"), kb.referrers(record, "exempel")
        assert len(tools) >= 2, f"{record.source_path}: only {len(tools)} tools refer to it"
        assert len(examples) >= 2, f"{record.source_path}: only {len(examples)} examples refer to it"


def test_glossary_is_large_enough_and_has_abbreviations(kb):
    terms = kb.glossary["terms"]
    assert len(terms) >= 40
    abbreviations = {t["term"] for t in terms if t.get("expansion")}
    assert {"MR", "RWI", "SKR", "FN", "PANEL"} <= abbreviations


def test_every_characteristic_has_a_source(kb):
    for item in kb.traits["traits"] + kb.traits["advice"]:
        assert item["sources"], item["id"]
    assert len(kb.traits["traits"]) >= 8


def test_every_source_url_is_https_or_http(kb):
    for record in kb.all_records():
        for source in record.data["sources"]:
            if "url" in source:
                assert source["url"].startswith(("https://", "http://")), record.source_path
