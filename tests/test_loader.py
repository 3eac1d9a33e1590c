"""loader.load_knowledge_base: one pass over data/, every problem at once, no follow-up noise."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import synthetic
from conftest import ROOT
from mrkb.data.loader import load_knowledge_base


@pytest.fixture(scope="module")
def valid_base(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("loader") / "valid"
    synthetic.write_dataset(base / "data", examples=3, schema_dir=ROOT / "data" / "schema")
    return base


@pytest.fixture
def project(valid_base, tmp_path) -> Path:
    shutil.copytree(valid_base, tmp_path / "p")
    return tmp_path / "p"


def edit(project: Path, rel: str, old: str, new: str) -> None:
    path = project / "data" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_valid_data_loads(valid_base):
    kb, problems = load_knowledge_base(valid_base)
    assert problems == []
    assert len(kb.records["exempel"]) == 3 and len(kb.records["principer"]) == 5
    assert kb.vocabularies["lan"] and kb.glossary and kb.traits
    assert kb.referrers(kb.get("principer", "egenmakt"), "verktyg"), "back-links are built"
    titles = [r.title for r in kb.records["verktyg"].values()]
    assert titles == sorted(titles, key=str.casefold)


def test_five_different_errors_in_one_run(project):
    edit(project, "exempel/syntetiskt-exempel-00001.yml", "organisation_type: kommun", "organisation_type: landsting")
    edit(project, "exempel/syntetiskt-exempel-00002.yml", "reviewed: '2026-01-15'", "reviewed: '2023-02-30'")
    edit(project, "exempel/syntetiskt-exempel-00003.yml", "title: Syntetiskt exempel 00003",
         "title: Syntetiskt exempel 00002")
    edit(project, "roller/chef.yml", "id: chef", "id: chefen")
    edit(project, "verktyg/medborgardialog.yml", "purpose:", "syfte:")
    (project / "data" / "exempel" / "trasig.yml").write_text("a: [\n", encoding="utf-8")
    (project / "data" / "exempel" / "fel.yaml").write_text("a: 1\n", encoding="utf-8")
    kb, problems = load_knowledge_base(project)
    files = {p.path for p in problems}
    assert {"data/exempel/syntetiskt-exempel-00001.yml", "data/exempel/syntetiskt-exempel-00002.yml",
            "data/exempel/syntetiskt-exempel-00003.yml", "data/roller/chef.yml", "data/verktyg/medborgardialog.yml",
            "data/exempel/trasig.yml", "data/exempel/fel.yaml"} <= files, "\n".join(p.format() for p in problems)
    assert len(problems) >= 5
    assert all(p.line >= 1 for p in problems), [p.format() for p in problems if p.line < 1]


def test_a_broken_record_does_not_cause_follow_up_errors(project):
    """Every tool and example refers to the principles; one broken principle file must give one problem, not
    one per referrer ("unknown id") plus "nobody refers to ..." for what the broken file referred to."""
    edit(project, "principer/egenmakt.yml", "summary:", "summary: [")
    _, problems = load_knowledge_base(project)
    assert [p.path for p in problems] == ["data/principer/egenmakt.yml"], [p.format() for p in problems]


def test_a_record_that_breaks_the_schema_does_not_cause_follow_up_errors(project):
    """Valid YAML, but the schema rejects it (and its file name differs from its id): the references to both
    names are not reported as unknown ids."""
    (project / "data" / "principer" / "egenmakt.yml").rename(project / "data" / "principer" / "egen.yml")
    edit(project, "principer/egen.yml", "summary:", "okänt_fält: 1\nsummary:")
    _, problems = load_knowledge_base(project)
    assert {p.path for p in problems} == {"data/principer/egen.yml"}, [p.format() for p in problems]


def test_a_broken_vocabulary_does_not_cause_follow_up_errors(project):
    edit(project, "vokabular/lan.yml", "entries:", "entries: 5\nx:")
    _, problems = load_knowledge_base(project)
    assert {p.path for p in problems} == {"data/vokabular/lan.yml"}, [p.format() for p in problems]


def test_missing_vocabulary_file(project):
    (project / "data" / "vokabular" / "teman.yml").unlink()
    _, problems = load_knowledge_base(project)
    assert any(p.path == "data/vokabular/teman.yml" and "saknas" in p.message for p in problems)


def test_misplaced_files_point_at_line_one(project):
    (project / "data" / "exempel" / "under").mkdir()
    (project / "data" / "exempel" / "under" / "x.yml").write_text("id: x\n", encoding="utf-8")
    _, problems = load_knowledge_base(project)
    [problem] = problems
    assert problem.format().startswith("data/exempel/under/x.yml:1:1:") and "fel ställe" in problem.message


def test_schema_folder_is_not_data(project):
    (project / "data" / "schema" / "anteckning.txt").write_text("x", encoding="utf-8")
    assert load_knowledge_base(project)[1] == []


def test_loading_leaves_the_garbage_collector_as_it_found_it(valid_base):
    import gc
    assert gc.isenabled()
    load_knowledge_base(valid_base)
    assert gc.isenabled(), "the collector is paused while loading, not after"
    gc.disable()
    try:
        load_knowledge_base(valid_base)
        assert not gc.isenabled()
    finally:
        gc.enable()
