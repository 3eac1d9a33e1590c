"""The self-assessment's data (levels, questions, links in data/kannetecken.yml), its checks and its page HTML.

Browser tests are in test_browser_self_assessment.py, the worksheet PDF in test_pdf_self_assessment.py."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from mrkb.pages import self_assessment
from mrkb.data.loader import load_knowledge_base

KANNETECKEN = "data/kannetecken.yml"


@pytest.fixture(scope="module")
def real_kb():
    kb, problems = load_knowledge_base(ROOT)
    assert problems == [], [p.format() for p in problems]
    return kb


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def edit(project: Path, old: str, new: str) -> int:
    """Replace the first `old` in data/kannetecken.yml; returns the 1-based line where it starts."""
    path = project / KANNETECKEN
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def problems_in(project: Path) -> list:
    _, problems = load_knowledge_base(project)
    return [p for p in problems if p.path == KANNETECKEN]


# --- the real data ---------------------------------------------------------------------------------------------

def test_every_trait_has_a_question_and_links_that_resolve(real_kb):
    levels = self_assessment.levels(real_kb)
    assert [level["title"] for level in levels] == ["Inte påbörjat", "Påbörjat",
                                                    "Etablerat i delar av organisationen", "Etablerat och uppföljt"]
    assert [bool(level.get("established")) for level in levels] == [False, False, True, True]
    for trait in self_assessment.traits(real_kb):
        assert trait["question"].startswith("I vilken grad") and trait["question"].endswith("?"), trait["id"]
        links = real_kb.trait_links[trait["id"]]
        # Every id in the data resolves to a record, in the data's order: nothing is dropped silently.
        for field_name, folder in (("tools", "verktyg"), ("examples", "exempel"), ("principles", "principer")):
            assert [r.id for r in links[folder]] == trait.get(field_name, []), (trait["id"], field_name)
        assert links["verktyg"], f"{trait['id']}: no tools to suggest as next steps"


# --- checks: fil:rad errors ------------------------------------------------------------------------------------

def test_unknown_tool_id_is_an_error_on_its_line(project):
    line = edit(project, "tools: [styr-och-ledningsanalys, jamstalldhetsintegrering]",
                "tools: [styr-och-ledningsanalys, jamstaldhetsintegrering]")
    [problem] = problems_in(project)
    assert problem.format().startswith(f"{KANNETECKEN}:{line}:")
    assert problem.field == "traits.0.tools.1"
    assert "Det finns inget verktyg med id 'jamstaldhetsintegrering'" in problem.message
    assert "Menade du 'jamstalldhetsintegrering'?" in problem.message


def test_unknown_example_id_is_an_error_on_its_line(project):
    line = edit(project, "examples: [lund, pitea, vastra-gotalandsregionen]",
                "examples: [lund, okant-exempel, vastra-gotalandsregionen]")
    [problem] = problems_in(project)
    assert (problem.line, problem.field) == (line, "traits.0.examples.1")
    assert "Det finns inget lärande exempel med id 'okant-exempel'" in problem.message


def test_missing_question_is_a_schema_error(project):
    edit(project, "    question: I vilken grad står både den politiska ledningen och förvaltningsledningen bakom "
                  "arbetet?\n", "")
    [problem] = problems_in(project)
    assert problem.field == "traits.1.question"
    assert "Fältet 'question' saknas men är obligatoriskt" in problem.message
    assert "I vilken grad" in problem.message, "the schema's Swedish description says how to write it"


def test_an_empty_question_is_an_error_on_its_line(project):
    line = edit(project, "    question: I vilken grad står både den politiska ledningen och förvaltningsledningen bakom "
                         "arbetet?\n", "    question: '   '\n")
    [problem] = problems_in(project)
    assert (problem.line, problem.field) == (line, "traits.1.question")
    assert "Fältet är tomt" in problem.message and "I vilken grad" in problem.message


def test_established_levels_must_be_the_highest(project):
    edit(project, "    title: Inte påbörjat\n", "    title: Inte påbörjat\n    established: true\n")
    [problem] = problems_in(project)
    assert problem.field == "levels.0.established"
    assert "ska vara de högsta" in problem.message


def test_some_level_must_be_established(project):
    text = (project / KANNETECKEN).read_text(encoding="utf-8")
    (project / KANNETECKEN).write_text(text.replace("    established: true\n", ""), encoding="utf-8")
    [problem] = problems_in(project)
    assert problem.field == "levels" and "Ingen nivå är markerad som etablerad" in problem.message


def test_level_ids_are_unique(project):
    line = edit(project, "  - id: paborjat\n", "  - id: inte-paborjat\n")
    [problem] = problems_in(project)
    assert (problem.line, problem.field) == (line, "levels.1.id")
    assert "Id 'inte-paborjat' används redan (punkt 1 i listan)" in problem.message


def test_a_level_needs_a_description(project):
    edit(project, "    description: Vi har inte börjat arbeta med det här.\n", "")
    [problem] = problems_in(project)
    assert problem.field == "levels.0.description" and "Fältet 'description' saknas" in problem.message


# --- the page HTML ---------------------------------------------------------------------------------------------

def _page(kb) -> BeautifulSoup:
    return BeautifulSoup(self_assessment.page_html(kb, lambda doc_path: "/" + doc_path), "html.parser")


def test_form_has_a_fieldset_per_trait_with_legend_question_and_levels(real_kb):
    soup = _page(real_kb)
    traits, levels = self_assessment.traits(real_kb), self_assessment.levels(real_kb)
    fieldsets = soup.select("#mr-sa-form fieldset.mr-sa-trait")
    assert [f["data-trait"] for f in fieldsets] == [t["id"] for t in traits]
    for fieldset, trait in zip(fieldsets, traits):
        assert fieldset.legend.get_text() == f"{traits.index(trait) + 1}. {trait['title']}"
        question = soup.find(id=fieldset["aria-describedby"])
        assert question.get_text() == trait["question"] and question in fieldset.descendants
        radios = fieldset.select("input[type=radio]")
        assert [r["value"] for r in radios] == [level["id"] for level in levels]
        assert len({r["name"] for r in radios}) == 1
        for radio in radios:  # every control has a label
            assert soup.find("label", attrs={"for": radio["id"]})
        note = fieldset.find("textarea")
        assert soup.find("label", attrs={"for": note["id"]}).get_text() == "Anteckning (valfri)"


def test_next_steps_are_built_from_the_links_and_hidden_until_needed(real_kb):
    soup = _page(real_kb)
    for trait in self_assessment.traits(real_kb):
        section = soup.select_one(f'section.mr-sa-next[data-trait="{trait["id"]}"]')
        assert section.has_attr("hidden")
        linked = [a["data-record"] for a in section.find_all("a")]
        expected = [f"verktyg/{i}" for i in trait.get("tools", [])] + \
                   [f"exempel/{i}" for i in trait.get("examples", [])] + \
                   [f"principer/{i}" for i in trait.get("principles", [])]
        assert linked == expected
        assert all(a["href"] == f"/{a['data-record']}.md" for a in section.find_all("a"))
    # Without JavaScript: the toolbar and the result are hidden; the form is plain HTML.
    assert soup.find(id="mr-sa-toolbar").has_attr("hidden") and soup.find(id="mr-sa-result").has_attr("hidden")
    assert soup.find(id="mr-sa-message")["role"] == "status"


def test_embedded_data_cannot_end_its_script_element(real_kb):
    real_kb.traits["traits"][0]["title"] = "</script><script>alert(1)</script>"
    try:
        markup = self_assessment.page_html(real_kb, lambda doc_path: doc_path)
    finally:
        real_kb.traits["traits"][0]["title"] = "Ett politiskt beslut med bred förankring"
    block = re.search(r'<script type="application/json" id="mr-sa-data">(.*?)</script>', markup, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["traits"][0]["title"] == "</script><script>alert(1)</script>"
    assert "<script>alert" not in markup


def test_built_page_has_no_inline_code_or_style(real_site):
    page = real_site / "sjalvskattning" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    content = soup.select_one("article.md-content__inner")  # the theme's own inline scripts are #12's (CSP)
    assert content.select("fieldset.mr-sa-trait"), "the form is in the built page"
    for script in content.find_all("script"):
        assert script.get("type") == "application/json", script
    assert not content.find_all(style=True) and not content.find_all("style")
    assert not [tag for tag in content.find_all(True) if any(a.startswith("on") for a in tag.attrs)]
    sources = [s["src"] for s in soup.find_all("script", src=True)]
    assert any(src.endswith("assets/sjalvskattning.js") for src in sources)
    # The kännetecken page links here, and the nav lists the page.
    kannetecken = (real_site / "kannetecken" / "index.html").read_text(encoding="utf-8")
    assert 'href="../sjalvskattning/"' in kannetecken
