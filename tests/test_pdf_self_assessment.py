"""`make pdf` writes the blank self-assessment worksheet (pdf/sjalvskattning.pdf): read back with pypdf."""
from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

import build_pdf
from conftest import copy_project
from mrkb.print import build as print_build
from mrkb.pages import self_assessment
from mrkb.data.loader import load_knowledge_base


def _squash(text: str) -> str:
    """Without whitespace and hyphens: Swedish hyphenation breaks words across lines."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


@pytest.fixture(scope="module")
def worksheet(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("sa-pdf") / "project", data="synthetic", examples=2,
                           docs="minimal")
    kb, problems = load_knowledge_base(project)
    assert not problems
    # Only the worksheet, planned and rendered as every build does (print_build), not the whole set of PDFs.
    jobs = [job for job in print_build.plan(project, kb, build_pdf.print_meta(project))
            if job.path == self_assessment.WORKSHEET_PATH]
    assert len(jobs) == 1, "the build plans the worksheet"
    print_build.render(jobs, 1)
    print_build.publish(jobs, project / "site")
    return kb, project / "site" / self_assessment.WORKSHEET_PATH


def test_worksheet_has_every_question_and_level_box(worksheet):
    kb, pdf = worksheet
    reader = PdfReader(pdf)
    assert reader.metadata.title == "Självskattning: Hur långt har vi kommit?"
    assert 1 <= len(reader.pages) <= 3
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and str(catalog["/Lang"]).lower().startswith("sv")
    text = _squash("\n".join(page.extract_text() for page in reader.pages))
    assert _squash("inte MR-plattformens kriterier") in text
    for field in ("Organisation", "Datum", "Deltagare"):
        assert field in text
    traits, levels = self_assessment.traits(kb), self_assessment.levels(kb)
    assert len(traits) == 3
    for number, trait in enumerate(traits, 1):
        assert _squash(f"{number}. {trait['title']}") in text
        assert _squash(trait["question"]) in text
        tools = ", ".join(t.title for t in kb.trait_links[trait["id"]]["verktyg"])
        assert _squash(f"Verktyg att gå vidare med: {tools}.") in text
    for number, level in enumerate(levels, 1):
        # Once in the legend with its description, then once per kännetecken as a box to tick.
        assert _squash(level["description"]) in text
        assert text.count(_squash(f"{number}. {level['title']}")) == len(traits) + 1, level["id"]
    assert text.count("Anteckning:") == len(traits)
