"""Unit tests for the macro snippets: the matrix counts what each cell holds and links to the filtered listing."""
from __future__ import annotations

import re

from conftest import ROOT
from mrkb.pages import embeds
from mrkb.data.loader import load_knowledge_base

import synthetic


def _url(doc_path: str) -> str:
    return "/" + doc_path.replace("index.md", "").replace(".md", "/")


def test_matrix_cells_count_and_link_to_the_filtered_listing(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=120, schema_dir=ROOT / "data" / "schema")
    kb, problems = load_knowledge_base(tmp_path)
    assert not problems
    table = embeds.matrix(kb, _url)
    cells = re.findall(r"<td>(.*?)</td>", table.split("<tbody>")[1])
    assert len(cells) == len(kb.records["principer"]) * len(kb.records["aktorskap"])
    # No titles in the cells however many records there are: only counts, each one link.
    assert "syntetiskt-exempel" not in table
    principle, actor = kb.records["principer"]["egenmakt"], kb.records["aktorskap"]["valfardsaktor"]
    expected = len({r.id for r in kb.referrers(principle, "exempel")} & {r.id for r in kb.referrers(actor, "exempel")})
    assert expected > 0
    assert f'href="/exempel/?princip=egenmakt&amp;aktorskap=valfardsaktor">{expected} exempel</a>' in table


def test_matrix_is_a_table_with_header_cells(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=1, schema_dir=ROOT / "data" / "schema")
    kb, _ = load_knowledge_base(tmp_path)
    table = embeds.matrix(kb, _url)
    assert table.count('<th scope="col">') == len(kb.records["aktorskap"])
    assert table.count('<th scope="row">') == len(kb.records["principer"])
