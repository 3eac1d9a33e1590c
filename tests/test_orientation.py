"""Orientation (issue #24) without a browser: the map of län for 0..N examples, PDF links that say format, pages
and size, lower-case months in print, and change words that use the page's own section names."""
from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.pages import changes, county_map, downloads, outline
from mrkb.print.document import PrintMeta

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT)[0]


def _svg(markup: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg .*?</svg>", markup, re.DOTALL).group(0))


def test_outlines_cover_exactly_the_21_lan_of_the_vocabulary(kb):
    assert set(county_map.outlines()["counties"]) == set(kb.vocabularies["lan"]) and len(kb.vocabularies["lan"]) == 21


@pytest.mark.parametrize("variant", ["full", "compact", "print"])
def test_the_map_is_small_valid_svg_with_a_link_per_lan_that_has_examples(kb, variant):
    markup = county_map.county_map(kb, None if variant == "print" else "../exempel/", variant)
    svg = _svg(markup)
    size = len(re.search(r"<svg .*?</svg>", markup, re.DOTALL).group(0).encode())
    assert size < 30_000, f"the {variant} map's SVG is {size} bytes"
    assert len(svg.findall(f".//{SVG}path")) == 21
    per_county = county_map.counts(kb)
    links = svg.findall(f".//{SVG}a")
    if variant == "print":
        assert not links  # paper: no links
    else:
        assert sorted(a.get("href") for a in links) == sorted(
            f"../exempel/?lan={county}" for county, number in per_county.items() if number)
        for a in links:
            county = a.get("href").rpartition("=")[2]
            title = kb.vocabularies["lan"][county].title
            assert a.get("aria-label") == f"{title}: {per_county[county]} lärande exempel"
    rows = re.findall(r"<tr><th scope=\"row\">(?:<a [^>]+>)?([^<]+)(?:</a>)?</th><td>(\d+)</td></tr>", markup)
    assert {name: int(number) for name, number in rows} == {
        kb.vocabularies["lan"][county].title: number for county, number in per_county.items()}


def test_the_map_handles_no_examples_and_many(kb):
    empty = copy.copy(kb)
    empty.records = {**kb.records, "exempel": {}}
    markup = county_map.county_map(empty, "", "full")
    assert "<a " not in re.search(r"<svg .*?</svg>", markup, re.DOTALL).group(0)
    assert "från 0 av Sveriges 21 län" in markup and markup.count("mr-map__lan--0") >= 21
    # Many examples in one län: the darkest shade, and the count in its label.
    many = copy.copy(kb)
    example = next(iter(kb.records["exempel"].values()))
    clones = {}
    for n in range(40):
        clone = copy.copy(example)
        clone.data = {**example.data, "counties": ["gotland"]}
        clones[f"x{n}"] = clone
    many.records = {**kb.records, "exempel": clones}
    markup = county_map.county_map(many, "", "full")
    assert county_map.counts(many)["gotland"] == 40
    assert "Gotland 40" in markup and 'aria-label="Gotlands län: 40 lärande exempel"' in markup
    assert f"mr-map__lan--{len(county_map.SHADES) - 1}" in markup


def test_pdf_facts_in_words(tmp_path):
    assert downloads.pdf_facts(45_200, 3) == "PDF, 3 sidor, 45 kB"
    assert downloads.pdf_facts(300, 1) == "PDF, 1 sida, 1 kB"
    assert downloads.pdf_facts(2_340_000, 120) == "PDF, 120 sidor, 2,3 MB"
    assert downloads.pdf_facts(45_200, None) == "PDF, 45 kB"
    page = tmp_path / "utskrift" / "index.html"
    page.parent.mkdir()
    page.write_text(f'<a href="../pdf/a.pdf">A</a> {downloads.pdf_facts_marker("pdf/a.pdf")} '
                    f'<a href="../pdf/b.pdf">B</a> {downloads.pdf_facts_marker("pdf/b.pdf")}', encoding="utf-8")
    assert downloads.fill_pdf_facts(tmp_path, {"pdf/a.pdf": (45_200, 3)}) == 1
    text = page.read_text(encoding="utf-8")
    assert '<span class="mr-pdf">(PDF, 3 sidor, 45 kB)</span>' in text
    assert 'data-mr-pdf="pdf/b.pdf">(PDF)</span>' in text  # not built: stays plain "(PDF)"


def test_pdf_links_open_in_the_browser(kb):
    record = next(iter(kb.records["exempel"].values()))
    page = downloads.with_handout_link("<h2>Vad</h2>", kb, f"exempel/{record.id}", lambda path: path, None)
    assert 'href="pdf/exempel-' in page and " download" not in page and "data-mr-pdf=" in page
    listing = downloads.downloads_markdown(kb, lambda path: path, None)
    assert not re.search(r'\.pdf"[^>]* download', listing) and listing.count("data-mr-pdf=") > 10


def test_months_are_lower_case_in_print():
    meta = PrintMeta("MR-plattformen – uppslagsverk", "2026-12-03", "abc1234")
    assert meta.edition == "december 2026"
    assert meta.colophon == "MR-plattformen – uppslagsverk, december 2026 (version abc1234)"


def test_change_words_use_the_pages_own_names(kb):
    """Every label the change words use is a section title or an overview row of some record's page."""
    names = {"Rubrik", "Ingress", "Källor", "Senast granskad", "Osäkra uppgifter", "Lagar och konventioner"}
    for record in kb.all_records():
        names |= {part.title for part in outline.sections(kb, record)}
        names |= {row.label for row in outline.overview_rows(kb, record)}
    used = set(changes.FIELD_LABELS.values()) | set(changes.BODY_LABELS.values())
    assert used - names == set(), f"labels no page shows: {used - names}"
