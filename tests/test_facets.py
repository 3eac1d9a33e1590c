"""Facet data for the listing filters: values per record, the combination rules' input, and safe embedding."""
from __future__ import annotations

import json
import re

from mrkb.pages.facets import build_facets, facets_script
from mrkb.data.loader import load_knowledge_base
from conftest import copy_project


def test_facets_from_synthetic_data(tmp_path):
    project = copy_project(tmp_path / "project", data="synthetic", examples=12, docs="minimal")
    kb, problems = load_knowledge_base(project)
    assert not problems
    facets = build_facets(kb)
    examples = facets["exempel"]
    keys = [facet["key"] for facet in examples["facets"]]
    # organisation type has one value in the synthetic data, so it cannot narrow anything and is left out.
    assert keys == ["princip", "aktorskap", "roll", "verktyg", "lag", "tema", "lan", "period"]
    assert set(examples["records"]) == set(kb.records["exempel"])
    principle = keys.index("princip")
    for record_id, columns in examples["records"].items():
        chosen = {examples["facets"][principle]["options"][i][0] for i in columns[principle]}
        assert chosen == set(kb.records["exempel"][record_id].data["principles"])
    period = examples["facets"][keys.index("period")]
    assert all(re.fullmatch(r"\d{4}–\d{4}", label) for _, label in period["options"])
    # A tool's roles include the roles that list the tool, as the tool page does.
    tools = facets["verktyg"]
    role = [f["key"] for f in tools["facets"]].index("roll")
    role_ids = [value for value, _ in tools["facets"][role]["options"]]
    chef_tools = kb.records["roller"]["chef"].data["tools"]
    assert all(role_ids.index("chef") in tools["records"][tool][role] for tool in chef_tools)


def test_facet_script_cannot_be_broken_out_of():
    hostile = {"facets": [{"key": "k", "label": "</script><script>alert(1)</script>&amp;",
                           "options": [["a", "<!-- \u2028"]]}], "records": {"x": [[0]]}}
    element = facets_script(hostile)
    body = element[len('<script type="application/json" id="mr-facets">'):-len("</script>")]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == hostile
