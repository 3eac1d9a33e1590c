"""Legal bases (data/lagar/, issue #23): the record type, its references both ways, its listing, print and search.

Most checks run on the loaded knowledge base (no build). The built-site checks share the session's real build
(conftest.real_site); the search checks run in one browser page, one query after the other."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import synthetic
from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import LEGAL_KINDS, RECORD_TYPES
from mrkb.data.scaffold import new_record
from mrkb.pages.facets import build_facets
from mrkb.pages.listing import render_listing
from mrkb.pages.outline import linked_records, overview_rows, sections
from mrkb.pages.render import BACKLINK_LIMIT, render_record
from mrkb.print.document import PrintMeta, guide_html, kit_html, kit_legal_bases

AGREED_IDS = {"regeringsformen", "diskrimineringslagen", "minoritetslagen", "kommunallagen", "barnkonventionen",
              "funktionsrattskonventionen", "kvinnokonventionen", "ramkonventionen-nationella-minoriteter",
              "minoritetsspraksstadgan", "sprakslagen"}
# Where an official text may live: the Riksdag, the Government Offices' legal database, the UN and the Council of Europe.
OFFICIAL_HOSTS = {"www.riksdagen.se", "rkrattsbaser.gov.se", "www.ohchr.org", "www.coe.int"}
MARKER = re.compile(r"\[(\d+)\]")
META = PrintMeta("MR-plattformen – uppslagsverk", "2026-12-03", "abc1234", "https://example.org/mr/")


@pytest.fixture(scope="module")
def real_kb():
    kb, problems = load_knowledge_base(ROOT)
    assert not problems, problems
    return kb


@pytest.fixture(scope="module")
def synthetic_kb(tmp_path_factory):
    root = tmp_path_factory.mktemp("lagar-synthetic")
    synthetic.write_dataset(root / "data", examples=30, schema_dir=ROOT / "data" / "schema")
    kb, problems = load_knowledge_base(root)
    assert not problems, problems
    return kb


def _problems_for(tmp_path: Path, relative: str, text: str):
    synthetic.write_dataset(tmp_path / "data", examples=2, schema_dir=ROOT / "data" / "schema")
    target = tmp_path / relative
    target.write_text(text, encoding="utf-8")
    _, problems = load_knowledge_base(tmp_path)
    return [p for p in problems if p.path == relative]


# --- The record type and its data ------------------------------------------------------------------------------------
def test_the_agreed_legal_bases_exist_with_provisions_and_an_official_text(real_kb):
    laws = real_kb.records["lagar"]
    assert AGREED_IDS <= set(laws), sorted(AGREED_IDS - set(laws))
    for law in laws.values():
        d = law.data
        assert d["kind"] in LEGAL_KINDS, law.id
        assert d["provisions"], law.id
        assert urlsplit(d["official_text"]["url"]).hostname in OFFICIAL_HOSTS, (law.id, d["official_text"]["url"])
    assert {p.get("number") for p in laws["barnkonventionen"].data["provisions"]} >= {
        "Artikel 2", "Artikel 3", "Artikel 6", "Artikel 12"}
    assert "3 kap." in {p.get("number") for p in laws["diskrimineringslagen"].data["provisions"]}
    assert {"5 §", "5 a §", "5 b §"} <= {p.get("number") for p in laws["minoritetslagen"].data["provisions"]}


def _prose(law) -> list[str]:
    d = law.data
    return [d["body"], *(p["text"] for p in d["provisions"]), *(s.get("text", "") for s in d.get("supervisors", []))]


def test_every_source_is_cited_and_every_marker_has_a_source(real_kb):
    """SHARED FORMAT 1 on the legal bases: [n] within the source list, each source cited, none in the summary."""
    for law in real_kb.records["lagar"].values():
        cited = {int(n) for text in _prose(law) for n in MARKER.findall(text)}
        count = len(law.data["sources"])
        assert cited <= set(range(1, count + 1)), (law.id, sorted(cited), count)
        assert cited == set(range(1, count + 1)), (law.id, "uncited sources", sorted(set(range(1, count + 1)) - cited))
        assert not MARKER.search(law.data["summary"]) and not MARKER.search(law.title), law.id


def test_the_disclaimer_is_said_once_by_the_type_not_by_each_text(real_kb):
    note = RECORD_TYPES["lagar"].page_note
    assert "inte juridisk rådgivning" in note and "inte juridisk rådgivning" in RECORD_TYPES["lagar"].intro
    for law in real_kb.records["lagar"].values():
        assert "juridisk rådgivning" not in " ".join(_prose(law) + [law.data["summary"]]), law.id
        page = render_record(real_kb, law)
        assert page.count("inte juridisk rådgivning") == 1, law.id
        assert html.escape(law.data["official_text"]["url"]) in page


def test_make_new_writes_a_legal_basis_template_with_the_swedish_hints(tmp_path):
    shutil.copytree(ROOT / "data" / "schema", tmp_path / "data" / "schema")
    text = new_record(tmp_path, "lagar", "ny-lag").read_text(encoding="utf-8")
    assert "# Ny post: lag eller konvention." in text
    assert "svensk-lag för en lag som riksdagen har stiftat" in text and "SFS-numret" in text
    assert "\nprovisions:\n" in text and "\nofficial_text:\n" in text


# --- Checks that can fail, with file:line -----------------------------------------------------------------------------
TOOL = """id: nytt-verktyg
title: Nytt testverktyg
summary: En sammanfattning som är tillräckligt lång för schemat.
purpose: Syftet [1].
when_to_use: När det passar.
steps:
  - title: Första steget
principles: [egenmakt]
aktorskap: [samhallsaktor]
legal_basis:
  - syntetisk-lag
  - syntetisk-konventon
sources:
  - title: Testkälla
    publisher: Testdata
reviewed: 2026-01-15
"""


def test_an_unknown_legal_basis_is_named_with_file_line_and_a_near_miss(tmp_path):
    problems = _problems_for(tmp_path, "data/verktyg/nytt-verktyg.yml", TOOL.replace("reviewed:", "standalone: true\nreviewed:"))
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.line == 12
    assert "ingen lag eller konvention med id 'syntetisk-konventon'" in problem.message
    assert "Menade du 'syntetisk-konvention'?" in problem.message


def test_a_principle_and_an_example_may_name_legal_bases_and_are_checked_too(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=2, schema_dir=ROOT / "data" / "schema")
    principle = tmp_path / "data" / "principer" / "egenmakt.yml"
    principle.write_text(principle.read_text(encoding="utf-8") + "legal_basis: [okand-lag]\n", encoding="utf-8")
    _, problems = load_knowledge_base(tmp_path)
    assert [(p.path, p.field) for p in problems] == [("data/principer/egenmakt.yml", "legal_basis.0")], problems


LAW = """id: ny-lag
title: Ny testlag
summary: En sammanfattning som är tillräckligt lång för schemat.
kind: svensk-lag
reference: SFS 2000:1
official_text:
  title: Lagtexten
  publisher: Testdata
  url: inte en adress
body: Vad lagen säger.
provisions:
  - number: 1 §
principles: [egenmakten]
sources:
  - title: Testkälla
    publisher: Testdata
reviewed: 2026-01-15
"""


def test_a_broken_legal_basis_is_reported_line_by_line(tmp_path):
    problems = [(p.line, p.message) for p in _problems_for(tmp_path, "data/lagar/ny-lag.yml", LAW)]
    at = lambda line: " | ".join(message for number, message in problems if number == line)  # noqa: E731
    assert "Webbadressen 'inte en adress' är inte välformad" in at(9), problems
    assert "Fältet 'title' saknas" in at(12) and "Fältet 'text' saknas" in at(12), problems  # the provision
    assert "Menade du 'egenmakt'?" in at(13), problems


# --- Links both ways ---------------------------------------------------------------------------------------------------
def _titles(records) -> list[str]:
    return [r.id for r in records]


def test_legal_basis_pages_list_the_tools_examples_and_principles_that_name_them(real_kb):
    law = real_kb.get("lagar", "barnkonventionen")
    by_title = {part.title: _titles(part.content) for part in sections(real_kb, law) if part.kind == "records"}
    assert {"barnkonsekvensanalys", "barnbokslut"} <= set(by_title["Verktyg som hjälper er att uppfylla konventionen"])
    assert {"jonkopings-kommun-2019", "region-sormland"} <= set(by_title["Lärande exempel"])
    principles = next(row for row in overview_rows(real_kb, law) if row.label == "Principer")
    assert "legalitet" in _titles(principles.value), "a principle's own legal_basis shows on the law's page"
    assert "diskrimineringslagen" in _titles(linked_records(real_kb, real_kb.get("verktyg", "aktiva-atgarder"),
                                                            "legal_basis"))


def test_a_tool_page_says_what_it_helps_to_meet(real_kb):
    tool = real_kb.get("verktyg", "tillganglighetsanalys")
    row = next(row for row in overview_rows(real_kb, tool) if row.label == "Hjälper er att uppfylla")
    assert set(_titles(row.value)) == {"funktionsrattskonventionen", "diskrimineringslagen"}
    example = real_kb.get("exempel", "pitea")
    assert any(row.label == "Rättslig grund" and _titles(row.value) == ["minoritetslagen"]
               for row in overview_rows(real_kb, example))


def test_a_principle_shows_the_union_of_both_directions(real_kb):
    """legalitet names barnkonventionen itself; diskrimineringslagen names icke-diskriminering-och-jamlikhet."""
    assert "barnkonventionen" in _titles(linked_records(real_kb, real_kb.get("principer", "legalitet"), "legal_basis"))
    principle = real_kb.get("principer", "icke-diskriminering-och-jamlikhet")
    assert "diskrimineringslagen" in _titles(linked_records(real_kb, principle, "legal_basis"))
    aktor = real_kb.get("aktorskap", "arbetsgivare")
    assert any(part.title == "Lagar och konventioner" and "diskrimineringslagen" in _titles(part.content)
               for part in sections(real_kb, aktor))


def test_back_links_are_capped_and_link_to_the_filtered_listing(synthetic_kb):
    law = synthetic_kb.get("lagar", "syntetisk-lag")
    examples = synthetic_kb.referrers(law, "exempel")
    assert len(examples) > BACKLINK_LIMIT
    page = render_record(synthetic_kb, law)
    assert f"[Visa alla {len(examples)} lärande exempel](../exempel/index.md?lag=syntetisk-lag)" in page
    facets = build_facets(synthetic_kb)
    for folder in ("exempel", "verktyg"):
        lag = next(f for f in facets[folder]["facets"] if f["key"] == "lag")
        assert [value for value, _ in lag["options"]] == ["syntetisk-konvention", "syntetisk-lag"]


def test_the_listing_is_grouped_swedish_law_then_convention_with_filters(real_kb):
    listing = render_listing(real_kb, "lagar", build_facets(real_kb)["lagar"])
    law_at, convention_at = listing.index("\n## Svensk lag\n"), listing.index("\n## Konvention\n")
    assert law_at < convention_at
    assert law_at < listing.index('data-record="lagar/diskrimineringslagen"') < convention_at
    assert listing.index('data-record="lagar/barnkonventionen"') > convention_at
    assert 'name="slag"' in listing and 'name="princip"' in listing and 'id="mr-filters"' in listing


# --- Print ---------------------------------------------------------------------------------------------------------------
def test_the_guide_has_a_chapter_after_the_tools_and_before_the_examples(real_kb):
    document = guide_html(real_kb, META).html
    tools, laws, examples = (document.index(f'id="kap-{folder}"') for folder in ("verktyg", "lagar", "exempel"))
    assert tools < laws < examples
    assert 'id="lagar-barnkonventionen"' in document and "Artikel 12: " in document


def test_a_kit_lists_the_legal_bases_its_tools_help_to_meet(real_kb):
    principle = real_kb.get("principer", "icke-diskriminering-och-jamlikhet")
    pairs = {law.id: [tool.id for tool in tools] for law, tools in kit_legal_bases(
        real_kb, principle, real_kb.referrers(principle, "verktyg"))}
    assert "aktiva-atgarder" in pairs["diskrimineringslagen"]
    kit = kit_html(real_kb, principle, META).html
    assert 'id="kit-lagar"' in kit and 'href="#kit-lagar"' in kit
    assert "https://example.org/mr/lagar/diskrimineringslagen/" in kit


# --- The built site ----------------------------------------------------------------------------------------------------
def test_the_built_site_has_the_listing_pages_and_a_way_in_from_the_start_page(real_site):
    listing = (real_site / "lagar" / "index.html").read_text(encoding="utf-8")
    assert "<h2 id=\"svensk-lag\">Svensk lag" in listing and "<h2 id=\"konvention\">Konvention" in listing
    for law_id in AGREED_IDS:
        page = (real_site / "lagar" / law_id / "index.html").read_text(encoding="utf-8")
        assert 'class="mr-page-note"' in page, law_id
    start = (real_site / "index.html").read_text(encoding="utf-8")
    assert 'href="lagar/"' in start and "Veta vad lagen kräver" in start
    tool = (real_site / "verktyg" / "aktiva-atgarder" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Hjälper er att uppfylla</dt>" in tool and 'href="../../lagar/diskrimineringslagen/"' in tool


# --- Search, in a real browser ---------------------------------------------------------------------------------------
# (query, page that must come, within the first N results)
SEARCHES = [("DL 3 kap", "/lagar/diskrimineringslagen/", 3), ("artikel 12", "/lagar/barnkonventionen/", 3),
            ("CRPD", "/lagar/funktionsrattskonventionen/", 1), ("minoritetslagen", "/lagar/minoritetslagen/", 1),
            ("barnkonventionen", "/lagar/barnkonventionen/", 1), ("CEDAW", "/lagar/kvinnokonventionen/", 1),
            ("minoritetslagen 5 b §", "/lagar/minoritetslagen/", 3), ("SFS 2008:567", "/lagar/diskrimineringslagen/", 3)]


@pytest.mark.browser
def test_search_finds_legal_bases_by_name_abbreviation_and_number(real_site):
    import browser_harness as harness
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    root = harness.serve(real_site)
    context = harness.browser().new_context()
    page = context.new_page()
    misses = {}
    try:
        for query, expected, top in SEARCHES:
            results = harness.search(page, root, query)
            if expected not in results[:top]:
                misses[query] = results[:8]
            if query == "CRPD":
                label = page.locator("[role=search] ol > li .mr-search__type").first.inner_text()
        # The grouped listing: filtering on conventions hides the Swedish-law group with its heading.
        page.goto(root + "lagar/?slag=konvention")
        page.wait_for_function("() => document.getElementById('mr-count').textContent.startsWith('Visar')")
        groups = page.locator(".mr-listing .mr-group")
        hidden = [groups.nth(i).evaluate("g => g.hidden") for i in range(groups.count())]
    finally:
        context.close()
    assert not misses, f"not found where expected: {misses}"
    assert label == "Lag eller konvention", "a legal basis shows its type in the result"
    assert hidden == [True, False], "only the convention group is shown"
