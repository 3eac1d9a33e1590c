"""Source markers (issue #21): [n] after a claim names source n of the record's (or page's) own list.

The parser (mrkb/base/markers.py), each rule the data checks enforce (mrkb/data/citations.py), the rendering on the
web and in print (mrkb/pages/source_markers.py), "Så citerar du sidan", and that no marker reaches search."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, copy_project

from mrkb.base.markers import blocks, find_markers, placeholders, strip_markers
from mrkb.base.safe_markdown import to_html
from mrkb.data import citations
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import KnowledgeBase, Record
from mrkb.data.yaml_source import parse_yaml
from mrkb.pages import render
from mrkb.pages.source_markers import Citations, link_source_markers, reference_line
from mrkb.print import document as print_document

import synthetic

SCHEMA_DIR = ROOT / "data" / "schema"
SOURCES = [{"title": "Planen 2019", "publisher": "Exempelby kommun", "url": "https://exempelby.se/plan"},
           {"title": "Utvärderingen", "publisher": "RWI"}]


def numbers(text: str) -> list[int]:
    return [marker.number for marker in find_markers(text)]


# --- The parser ---------------------------------------------------------------------------------------------------

def test_markers_after_claims_alone_and_in_groups():
    text = "Fullmäktige antog planen i juni 2019 [2]. Båda säger det [1][2]. Utan mellanslag[1]."
    markers = find_markers(text)
    assert [m.number for m in markers] == [2, 1, 2, 1]
    assert [m.group for m in markers] == [0, 1, 1, 2]  # [1][2] is one group
    assert text[markers[0].start:markers[0].end] == "[2]"


def test_things_that_look_like_markers_are_not():
    assert numbers("Punkt [a], fotnot [^1], [12a], [1 ], [ 1], året [2019] och \\[1] är inga hänvisningar.") == []


def test_markers_in_links_code_and_definitions_are_ignored():
    text = ("Se [rapporten [1]](https://exempelby.se/a) och [2](https://exempelby.se/b), ![bild [1]](x.png), "
            "<https://exempelby.se/[1]>, `[1]` och ``kod [2] ` här``.\n\n"
            "```\nkod [1]\n\nmer kod [2]\n```\n\n"
            "    indragen kod [1]\n\n"
            "[1]: https://exempelby.se/definition\n\n"
            "Men här [2].")
    assert numbers(text) == [2]


def test_markers_in_quotes_lists_and_headings_count():
    text = "Hon sa ”planen är klar [1]”.\n\n> Ett citat [2].\n\n- En punkt [1]\n\n### Rubrik [2]"
    assert numbers(text) == [1, 2, 1, 2]
    assert numbers("### Rubrik [2]\n\nText.") == [2]
    assert find_markers("### Rubrik [2]\n\nText.", skip_headings=True) == []


def test_blocks_split_on_blank_lines_but_not_inside_a_fence():
    text = "Ett.\nFortsätter.\n\n```\na\n\nb\n```\n\n### Rubrik\n\n- punkt\n\n  fortsättning av punkten"
    kinds = [(block.kind, text[block.start:block.end]) for block in blocks(text)]
    assert kinds == [("text", "Ett.\nFortsätter."), ("code", "```\na\n\nb\n```"), ("heading", "### Rubrik"),
                     ("text", "- punkt"), ("text", "  fortsättning av punkten")]


def test_strip_markers_leaves_the_sentence_and_code():
    assert strip_markers("Planen antogs [2]. Båda [1][2], men `[1]` är kod.") == "Planen antogs. Båda, men `[1]` är kod."
    assert strip_markers("Inga hänvisningar [a].") == "Inga hänvisningar [a]."


def test_placeholders_come_through_markdown_and_the_sanitizer_in_place():
    marked, groups = placeholders("**Fet** text [1] och [länk](https://exempelby.se) [2][1].")
    rendered = to_html(marked)
    assert len(groups) == 2 and [m.number for m in groups[1]] == [2, 1]
    assert re.fullmatch(r"<p><strong>Fet</strong> text \ue0000\ue001 och <a [^>]+>länk</a> \ue0001\ue001\.</p>\n",
                        rendered)
    # A contributor cannot forge a placeholder
    assert placeholders("Text \ue0000\ue001 [1]")[0] == "Text 0 \ue0000\ue001"


# --- The checks ---------------------------------------------------------------------------------------------------

EXAMPLE = """\
id: x
title: Ett exempel
summary: Exempelby kommun antog en plan.
organisation: Exempelby kommun
organisation_type: kommun
counties: [skane]
period:
  start: 2019
body: |
  Kommunfullmäktige antog planen i juni 2019 [2].

  Det här stycket saknar hänvisning.
results: Tre lekplatser byggdes om [7].
lessons:
  - Barn behöver svar [1].
principles: [egenmakt]
aktorskap: [demokratiaktor]
sources:
  - title: Planen 2019
    publisher: Exempelby kommun
  - title: Utvärderingen
    publisher: RWI
  - title: En källa som ingen citerar
    publisher: Tidningen
reviewed: "2026-01-01"
"""


def check(text: str, folder: str = "exempel"):
    parsed, problems = parse_yaml(text.encode("utf-8"), f"data/{folder}/x.yml")
    assert parsed is not None, problems
    return citations.check_record(parsed, folder, SCHEMA_DIR, text)


def test_each_rule_gives_a_swedish_problem_at_file_line_column():
    found = {problem.format() for problem in check(EXAMPLE)}
    assert found == {
        "data/exempel/x.yml:13:36: fältet 'results': Källa [7] finns inte: posten har 3 källor under 'sources'. "
        "Skriv ett nummer mellan 1 och 3, eller lägg till källan i listan. Numret är källans plats i listan "
        "(den första är 1).",
        "data/exempel/x.yml:12:3: fältet 'body': Stycke 2 i 'body' har ingen källhänvisning. Skriv källans nummer "
        "inom hakparentes efter det påstående den stöder, före punkten: '… antogs i juni 2019 [2].' Numret är "
        "källans plats i listan 'sources' (1–3). Står det inte i någon källa: skriv om, flytta uppgiften till "
        "'uncertain' eller ta bort den.",
        "data/exempel/x.yml:23:5: fältet 'sources.2': Källa 3 (En källa som ingen citerar) citeras inte i texten: "
        "lägg till [3] efter påståendet den stöder, eller ta bort källan.",
    }


def test_a_record_that_follows_the_rules_has_no_problems():
    fixed = (EXAMPLE.replace("saknar hänvisning.", "har en hänvisning [1][3].")
             .replace("byggdes om [7].", "byggdes om [2]."))
    assert check(fixed) == []


def test_marker_zero_and_markers_in_folded_text_are_located():
    text = EXAMPLE.replace("results: Tre lekplatser byggdes om [7].",
                           "results: >-\n  Tre lekplatser\n  byggdes om [0].")
    problem = next(p for p in check(text) if p.field == "results")
    assert (problem.line, problem.col) == (15, 14)
    assert "numreringen börjar på 1" in problem.message


def test_markers_in_lists_steps_and_uncertain_cite_their_source():
    tool = """\
id: x
title: Ett verktyg
summary: Ett verktyg för analys.
purpose: Verktyget visar vem som påverkas [1].
when_to_use: När som helst, utan hänvisning.
steps:
  - title: Steg ett
    text: Kartlägg [2].
    question: Vilka berörs [3]?
pitfalls:
  - Att glömma barnen [3].
uncertain:
  - Året är okänt [4].
principles: [egenmakt]
aktorskap: [demokratiaktor]
sources:
  - {title: Ett, publisher: A}
  - {title: Två, publisher: B}
  - {title: Tre, publisher: C}
  - {title: Fyra, publisher: D}
  - {title: Fem, publisher: E}
reviewed: "2026-01-01"
"""
    problems = check(tool, "verktyg")
    # when_to_use needs no marker (only purpose does); a step's question is not prose; source 5 is uncited
    assert [(p.field, p.message.split(":")[0]) for p in problems] == [("sources.4", "Källa 5 (Fem) citeras inte i texten")]


def test_the_summary_and_the_title_take_no_markers():
    problems = check(EXAMPLE.replace("antog en plan.", "antog en plan [1].").replace("saknar hänvisning.", "[3]."))
    summary = [p for p in problems if p.field == "summary"]
    assert len(summary) == 1 and summary[0].message.startswith("Sammanfattningen ska inte ha källhänvisningar som [1]")


def test_the_paragraph_rule_covers_an_examples_body_and_results_and_a_tools_purpose():
    assert citations.PARAGRAPH_RULE == {"exempel": ("body", "results"), "verktyg": ("purpose",)}
    principle = """\
id: x
title: En princip
summary: En princip om delaktighet.
body: |
  Ett stycke utan hänvisning.

  Ett stycke med [1].
in_practice: Utan hänvisning.
sources:
  - {title: Ett, publisher: A}
reviewed: "2026-01-01"
"""
    assert check(principle, "principer") == []


def test_prose_fields_come_from_the_schemas():
    tool = citations.prose_fields(str(SCHEMA_DIR), "verktyg")
    assert {("purpose",), ("when_to_use",), ("who",), ("steps", "*", "text"), ("pitfalls", "*"),
            ("uncertain", "*"), ("disputed", "*")} <= set(tool)
    assert ("summary",) not in tool and ("steps", "*", "question") not in tool and ("title",) not in tool
    assert ("actions", "*") in citations.prose_fields(str(SCHEMA_DIR), "roller")
    assert ("covers", "*") in citations.prose_fields(str(SCHEMA_DIR), "aktorskap")
    assert ("in_practice",) in citations.prose_fields(str(SCHEMA_DIR), "principer")


DOCS_PAGE = """\
---
description: En sida.
---
# En sida

Kommunen antog planen 2019 [1]. {{ link("principer", "egenmakt") }} [9]

## Rubrik [2]

Och här [4].

<!-- [3] i en kommentar -->

## Källor

1. Första källan.
2. Andra källan, som bara rubriken nämner.
3. [Tredje källan](https://exempelby.se/3), 2020.
"""


def test_docs_pages_with_a_source_list_follow_the_same_rules():
    found = [problem.format() for problem in citations.check_docs_page(DOCS_PAGE, "docs/sida.md")]
    assert found == [
        "docs/sida.md:6:69: Källa [9] finns inte: sidan har 3 källor under '## Källor'. Skriv ett nummer mellan 1 och "
        "3, eller lägg till källan i listan.",
        "docs/sida.md:10:9: Källa [4] finns inte: sidan har 3 källor under '## Källor'. Skriv ett nummer mellan 1 och "
        "3, eller lägg till källan i listan.",
        "docs/sida.md:17:1: Källa 2 (Andra källan, som bara rubriken nämner.) citeras inte på sidan: lägg till [2] "
        "efter påståendet den stöder, eller ta bort källan.",
        "docs/sida.md:18:1: Källa 3 ([Tredje källan](https://exempelby.se/3), 2020.) citeras inte på sidan: lägg "
        "till [3] efter påståendet den stöder, eller ta bort källan.",
    ]
    assert citations.check_docs_page("# Utan källor\n\nText [5].\n", "docs/a.md") == []


def test_validate_reports_marker_problems_of_data_and_docs_in_one_run(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=2, schema_dir=SCHEMA_DIR)
    example = tmp_path / "data" / "exempel" / "syntetiskt-exempel-00001.yml"
    example.write_text(example.read_text(encoding="utf-8").replace(" [1].", " [4].", 1), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "sida.md").write_text(DOCS_PAGE, encoding="utf-8")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "scripts" / "validate.py"),
                             str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(re.match(r"data/exempel/syntetiskt-exempel-00001\.yml:\d+:\d+: fältet 'body': Källa \[4\] finns "
                        r"inte: posten har 1 källa", line) for line in lines), result.stderr
    marker_lines = [line for line in lines if "finns inte:" in line or "citeras inte" in line]
    assert sum(line.startswith("docs/sida.md:") for line in marker_lines) == 4 and len(marker_lines) == 5
    assert "fel hittades i data/ och docs/" in lines[-1]  # all in one run (other checks may add their own)


def test_synthetic_data_follows_the_rules(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=SCHEMA_DIR)
    assert load_knowledge_base(tmp_path)[1] == []


# --- Rendering ----------------------------------------------------------------------------------------------------

def test_a_marker_links_to_its_source_by_name_and_the_source_links_back():
    cites = Citations(SOURCES + [{"title": 'Med "citat" & <tagg>', "publisher": "P"}])
    first = cites.html("Planen antogs [1].\n\nUtvärderingen [2][3]. Kod: `[1]`. Utanför [9].", "Vad gjordes?")
    assert ('<a class="mr-source-ref" id="ref-1-1" href="#kalla-1" aria-label="Källa 1: Planen 2019" '
            'data-pagefind-ignore data-search-exclude>&#91;1&#93;</a>') in first
    assert 'aria-label="Källa 3: Med &quot;citat&quot; &amp; &lt;tagg&gt;"' in first
    assert "<code>&#91;1&#93;</code>" in first and "Utanför &#91;9&#93;." in first
    second = cites.inline_html("Igen [1].", "Lärdomar, punkt 1")
    assert 'id="ref-1-2"' in second and not second.startswith("<p>")
    back = cites.back_links(1)
    assert back == (' <span class="mr-cited-in" data-pagefind-ignore data-search-exclude>↩ '
                    '<a href="#ref-1-1" aria-label="Tillbaka till texten: Vad gjordes?, stycke 1">Vad gjordes?, '
                    'stycke 1</a>, <a href="#ref-1-2" aria-label="Tillbaka till texten: Lärdomar, punkt 1">Lärdomar, '
                    "punkt 1</a></span>")
    assert 'href="#ref-2-1"' in cites.back_links(2) and "stycke 2" in cites.back_links(2)


def test_hostile_text_around_markers_stays_text():
    rendered = Citations(SOURCES).html('<script>x()</script> [1] [x](javascript:alert(1)) [2]', "Text")
    assert "<script" not in rendered and 'href="javascript' not in rendered
    assert rendered.count('class="mr-source-ref"') == 2


def _kb() -> tuple[KnowledgeBase, Record]:
    example = Record("exempel", "ett", {
        "title": "Barnråd i Exempelby", "summary": "Exempelby har ett barnråd.", "organisation": "Exempelby kommun",
        "organisation_type": "kommun", "counties": [], "period": {"start": 2019},
        "body": "Kommunfullmäktige antog planen [1].\n\nRådet träffas fyra gånger per år [2].",
        "results": "Tre lekplatser byggdes om [1][2].", "lessons": ["Barn vill ha svar [2]."],
        "reviewed": "2026-11-23", "sources": SOURCES}, "data/exempel/ett.yml")
    return KnowledgeBase({"exempel": {"ett": example}}, {}), example


def test_a_record_page_links_markers_both_ways_and_says_how_to_cite_it():
    kb, example = _kb()
    page = render.render_record(kb, example, site_name="MR-plattformen – uppslagsverk",
                                site_url="https://exempel.org/mr/")
    marker_targets = re.findall(r'class="mr-source-ref" id="(ref-\d+-\d+)" href="#(kalla-\d+)"', page)
    assert [target for _, target in marker_targets] == ["kalla-1", "kalla-2", "kalla-1", "kalla-2", "kalla-2"]
    for ref_id, target in marker_targets:
        assert f'<li id="{target}">' in page and f'href="#{ref_id}"' in page
    assert "Vad gjordes?, stycke 2" in page and "Resultat</a>" in page and "Lärdomar, punkt 1" in page
    assert '\ndescription: "Exempelby har ett barnråd."\n' in page
    assert ("## Så citerar du sidan { #citera }\n\n<p class=\"mr-cite\" data-pagefind-ignore>Barnråd i Exempelby. "
            "I: MR-plattformen – uppslagsverk. https://exempel.org/mr/exempel/ett/. Senast granskad 23 november "
            "2026.</p>") in page


def test_the_reference_line_is_swedish_style_without_double_full_stops():
    assert reference_line("Vad är MR?", "Uppslagsverket", "https://exempel.org/a/", "2026-03-05") == \
        "Vad är MR? I: Uppslagsverket. https://exempel.org/a/. Senast granskad 5 mars 2026."
    assert reference_line("Titel", "", "", "2026-12-01") == "Titel. Senast granskad 1 december 2026."


def test_hand_written_pages_link_markers_to_the_list_and_back():
    page = ('<p>Det sägs så [1][2], och [9] finns inte. <code>[1]</code> Igen [1].</p>'
            '<h2 id="kallor">Källor</h2>\n<ol>\n<li>Ett</li>\n<li><a href="https://x.se">Två</a> &amp; mer</li>\n</ol>')
    linked = link_source_markers(page)
    assert ('<a class="mr-source-ref" id="ref-1-1" href="#kalla-1" aria-label="Källa 1: Ett" data-pagefind-ignore '
            'data-search-exclude>[1]</a><a class="mr-source-ref" id="ref-2-1" href="#kalla-2" '
            'aria-label="Källa 2: Två &amp; mer"') in linked
    assert "[9] finns inte" in linked and "<code>[1]</code>" in linked
    assert ('<li id="kalla-1">Ett <span class="mr-cited-in" data-pagefind-ignore data-search-exclude>↩ '
            '<a href="#ref-1-1" aria-label="Tillbaka till texten, 1 av 2">1</a>, '
            '<a href="#ref-1-2" aria-label="Tillbaka till texten, 2 av 2">2</a></span></li>') in linked
    assert link_source_markers("<p>Utan källor [1].</p>") == "<p>Utan källor [1].</p>"
    assert link_source_markers(linked) == linked  # a page whose list has ids is left alone


META = print_document.PrintMeta("MR-plattformen – uppslagsverk", "2026-11-23", "abc1234", "https://exempel.org/mr/")


def test_print_shows_the_same_numbers_as_superscripts_linking_to_the_printed_list():
    kb, example = _kb()
    handout = print_document.handout_html(kb, example, META).html
    assert 'antog planen<sup class="source-ref"><a href="#exempel-ett-kalla-1" title="Källa 1: Planen 2019">1</a>' \
           "</sup>." in handout
    assert ('<sup class="source-ref"><a href="#exempel-ett-kalla-1" title="Källa 1: Planen 2019">1</a>,'
            '<a href="#exempel-ett-kalla-2"') in handout
    assert '<li id="exempel-ett-kalla-1">' in handout and '<li id="exempel-ett-kalla-2">' in handout
    assert "[1]" not in handout and "&#91;1&#93;" not in handout
    assert ('<p class="cite">Barnråd i Exempelby. I: MR-plattformen – uppslagsverk. https://exempel.org/mr/exempel/'
            'ett/. Senast granskad 23 november 2026.</p>') in handout
    guide = print_document.guide_html(kb, META).html
    assert 'href="#exempel-ett-kalla-2"' in guide and "Så citerar du sidan" not in guide


def test_a_worksheet_prints_the_sources_its_steps_cite():
    tool = Record("verktyg", "v", {
        "title": "Verktyget", "summary": "Ett verktyg.", "purpose": "Syfte [1].", "when_to_use": "Alltid.",
        "steps": [{"title": "Kartlägg", "text": "Kartlägg vilka som berörs [2]."}], "reviewed": "2026-01-01",
        "sources": SOURCES}, "data/verktyg/v.yml")
    kb = KnowledgeBase({"verktyg": {"v": tool}}, {})
    sheet = print_document.worksheet_html(kb, tool, META).html
    assert 'berörs<sup class="source-ref"><a href="#arbetsblad-v-kalla-2"' in sheet
    assert '<li id="arbetsblad-v-kalla-2">RWI: <cite>Utvärderingen</cite></li>' in sheet
    tool.data["steps"][0]["text"] = "Utan hänvisning."
    assert "worksheet-sources" not in print_document.worksheet_html(kb, tool, META).html


def test_a_handout_pdf_prints_the_numbers_and_the_reference(tmp_path):
    pytest.importorskip("pypdf")
    from pypdf import PdfReader
    from mrkb.print import build as print_build
    if print_build.engine_problem():
        pytest.skip(f"WeasyPrint cannot run: {print_build.engine_problem()}")
    kb, example = _kb()
    target = tmp_path / "handout.pdf"
    print_build._Engine().render(print_document.handout_html(kb, example, META).html, target)
    reader = PdfReader(target)
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils (pdftotext) missing")
    text = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert re.search(r"antog planen ?1\.", text), text
    assert re.search(r"fyra gånger per år ?2\.", text), text
    assert re.search(r"byggdes om ?1, ?2\.", text), text
    assert "Så citerar du sidan" in text and "Senast granskad 23 november 2026." in text
    # The superscript links go to the source list in the same PDF
    internal = [annotation.get_object() for page in reader.pages for annotation in page.get("/Annots") or []
                if annotation.get_object().get("/Subtype") == "/Link" and "/URI" not in
                annotation.get_object().get("/A", {})]
    assert len(internal) >= 5


# --- Search -------------------------------------------------------------------------------------------------------

def test_no_marker_reaches_the_offline_search_index():
    """The offline copy's lunr index is made by the theme's search plugin from the page HTML: data-search-exclude
    keeps the markers and back-links out of it."""
    from material.plugins.search.plugin import Parser
    kb, example = _kb()
    cites = Citations(SOURCES)
    page = (f"<h1 id='t'>Titel</h1>{cites.html(example.data['body'], 'Vad gjordes?')}"
            f"{render.sources_html(SOURCES, id_prefix='kalla-', back_links=cites.back_links)}")
    parser = Parser()
    parser.feed(page)
    parser.close()
    text = " ".join("".join(section.text) for section in parser.data)
    assert "Kommunfullmäktige antog planen" in text and "Planen 2019" in text
    assert not re.search(r"\[\d+\]|&#91;|↩|stycke", text), text


def test_no_marker_in_search_results_or_descriptions_of_a_built_site(synthetic_site):
    from mrkb.search.index import indexed_pages
    page = (synthetic_site / "exempel" / "syntetiskt-exempel-00001" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="mr-source-ref"') >= 4
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert not re.search(r"\[\d+\]|&#91;", description)
    pages = indexed_pages(synthetic_site)
    assert pages
    for indexed in pages:
        shown = indexed["content"] + " " + " ".join(map(str, indexed.get("meta", {}).values()))
        assert not re.search(r"\[\d+\]|↩", shown), indexed["url"]


def test_built_record_pages_link_each_marker_to_its_source_and_back(synthetic_site):
    _check_marker_links(synthetic_site, minimum_pages=30)


def test_real_record_pages_link_each_marker_to_its_source_and_back(real_site):
    _check_marker_links(real_site, minimum_pages=1)


def _check_marker_links(site: Path, minimum_pages: int) -> None:
    checked = 0
    for folder in ("principer", "aktorskap", "roller", "verktyg", "exempel"):
        for page_file in sorted((site / folder).glob("*/index.html")):
            page = page_file.read_text(encoding="utf-8")
            markers = re.findall(r'<a class="mr-source-ref" id="(ref-(\d+)-\d+)" href="#kalla-(\d+)"', page)
            if not markers:
                continue
            checked += 1
            ids = set(re.findall(r'\bid="([^"]+)"', page))
            for ref_id, number, target in markers:
                assert number == target and f"kalla-{target}" in ids, (page_file, ref_id)
                assert f'href="#{ref_id}"' in page, f"{page_file}: source {target} does not link back to {ref_id}"
            assert 'id="citera"' in page and 'class="mr-cite"' in page
    assert checked >= minimum_pages


# --- Editors ------------------------------------------------------------------------------------------------------

def test_the_scaffold_states_the_rule(tmp_path):
    from mrkb.data.scaffold import new_record
    shutil.copytree(SCHEMA_DIR, tmp_path / "data" / "schema")
    text = new_record(tmp_path, "exempel", "nytt").read_text(encoding="utf-8")
    header = " ".join(line.lstrip("# ") for line in text.splitlines()[:10])
    assert "antog planen i juni 2019 [2]." in header and "Inga hänvisningar i title och summary" in header
    comments = {}
    for block in text.split("\n\n"):
        lines = block.splitlines()
        field = next((line.lstrip("# ").split(":")[0] for line in lines if not line.startswith("# ") or
                      re.match(r"# [a-z_]+:", line)), "")
        comments[field] = " ".join(line[2:] for line in lines if line.startswith("# ") and
                                   not re.match(r"# [a-z_]+:", line))
    assert "Varje stycke behöver minst en källhänvisning" in comments["body"]
    assert "Varje stycke behöver minst en källhänvisning" in comments["results"]
    assert "till exempel [1]" in comments["lessons"] and "stycke" not in comments["lessons"]
    assert "Inga källhänvisningar här" in comments["summary"]
    assert "den första källan är [1]" in comments["sources"]


def test_the_web_forms_comment_reports_marker_problems_in_swedish(tmp_path):
    """An answer to "Föreslå ett exempel" without markers: the comment names the form's fields and the rule."""
    import issue_to_record
    from test_issue_to_record import GOOD, issue_body
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    answers = {**GOOD, "body": "Kommunen bjöd in barn från tre skolor.\n\nDe fick rita och rösta [5]."}
    report = issue_to_record.convert(issue_body(answers), tmp_path)
    assert not report["ok"]
    comment = issue_to_record.comment(report)
    assert "**Vad gjordes?**: Stycke 1 i 'body' har ingen källhänvisning." in comment
    assert "**Vad gjordes?**: Källa &#91;5&#93; finns inte: posten har 2 källor" in comment
    assert "**Källor**: Källa 1 (Barnråd i Testköping) citeras inte i texten" in comment
    assert not list((tmp_path / "data" / "exempel").glob("barnrad-om-lekplatser*"))
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / "foreslå-exempel.yml").read_text(encoding="utf-8")
    assert "Källhänvisningar:" in form and "Den första raden är källa [1]" in form


def test_open_data_keeps_markers_in_the_json_text_and_none_in_the_csv_summary(tmp_path):
    from mrkb.outputs.open_data import examples_csv, record_entry
    kb, example = _kb()
    example.data["summary"] = "Exempelby har ett barnråd [1]."  # validation refuses this; the CSV is safe anyway
    assert record_entry(kb, example)["data"]["body"].startswith("Kommunfullmäktige antog planen [1].")
    csv_text = examples_csv(kb).decode("utf-8-sig")
    assert "Exempelby har ett barnråd." in csv_text and "[1]" not in csv_text
