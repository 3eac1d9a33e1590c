"""Unit tests for the macro snippets: the matrix stays small however large the data grows."""
from __future__ import annotations

import re

from conftest import ROOT
from mrkb import embeds
from mrkb.loader import load_knowledge_base

import synthetic


def test_matrix_cells_are_capped_and_link_to_the_filtered_listing(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=120, schema_dir=ROOT / "data" / "schema")
    kb, problems = load_knowledge_base(tmp_path)
    assert not problems
    table = embeds.matrix(kb, lambda doc_path: "/" + doc_path.replace("index.md", "").replace(".md", "/"))
    cells = re.findall(r"<td>(.*?)</td>", table.split("<tbody>")[1])
    assert len(cells) == len(kb.records["principer"]) * len(kb.records["aktorskap"])
    for cell in cells:
        example_links = re.findall(r'href="/exempel/syntetiskt-exempel-\d+/"', cell)
        assert len(example_links) <= embeds.MATRIX_CELL_LIMIT
    more = re.findall(r'href="(/exempel/\?princip=[a-z-]+&amp;aktorskap=[a-z-]+)">Alla (\d+) exempel<', table)
    assert more, "with 120 examples some cell must link to the filtered listing"
    assert all(int(count) > embeds.MATRIX_CELL_LIMIT for _, count in more)


def test_matrix_lists_every_record_when_few(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=ROOT / "data" / "schema")
    kb, _ = load_knowledge_base(tmp_path)
    table = embeds.matrix(kb, lambda doc_path: doc_path)
    assert "Alla " not in table
    for record in kb.records["exempel"].values():
        assert record.doc_path in table
