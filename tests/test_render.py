"""Unit tests for record pages: back-link lists stay short however many records refer to a page."""
from __future__ import annotations

import re

from conftest import ROOT
from mrkb import render
from mrkb.loader import load_knowledge_base

import synthetic


def _kb(tmp_path, examples):
    synthetic.write_dataset(tmp_path / "data", examples=examples, schema_dir=ROOT / "data" / "schema")
    kb, problems = load_knowledge_base(tmp_path)
    assert not problems
    return kb


def test_long_backlink_lists_are_capped_with_a_link_to_the_filtered_listing(tmp_path):
    kb = _kb(tmp_path, 60)
    principle = kb.records["principer"]["egenmakt"]
    page = render.render_record(kb, principle)
    section = page.split("## Lärande exempel")[1].split("\n## ")[0]
    assert len(re.findall(r"\]\(\.\./exempel/syntetiskt-exempel-\d+\.md\)", section)) == render.BACKLINK_LIMIT
    total = len(kb.referrers(principle, "exempel"))
    assert f"[Visa alla {total} lärande exempel](../exempel/index.md?princip=egenmakt)" in section
    tool_page = render.render_record(kb, kb.records["verktyg"]["malgruppsanalys"])
    assert "(../exempel/index.md?verktyg=malgruppsanalys)" in tool_page


def test_short_backlink_lists_show_everything(tmp_path):
    kb = _kb(tmp_path, 3)
    principle = kb.records["principer"]["egenmakt"]
    page = render.render_record(kb, principle)
    assert "Visa alla" not in page
    for example in kb.referrers(principle, "exempel"):
        assert f"(../exempel/{example.id}.md)" in page
