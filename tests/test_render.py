"""Unit tests for record pages: back-link lists stay short however many records refer to a page."""
from __future__ import annotations

import re

from conftest import ROOT
from mrkb.pages import render
from mrkb.data.loader import load_knowledge_base

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


# --- Answer first: layout of a record page ------------------------------------------------------------------------

import functools  # noqa: E402
import html as html_lib  # noqa: E402

from mrkb.pages.glossary import Abbreviations, term_slug  # noqa: E402
from mrkb.pages.listing import render_listing  # noqa: E402
from mrkb.pages.outline import other_names  # noqa: E402
from mrkb.site import load_site  # noqa: E402


@functools.cache
def _real_site():
    return load_site(ROOT)


def test_other_names_drop_the_title_and_repeats_ignoring_case_and_accents():
    names = other_names("Barnets bästa", ["barnets bästa", "Barnets basta", "BKA", "bka", "Prövning av barnets bästa"])
    assert names == ["BKA", "Prövning av barnets bästa"]


def test_kallas_ocksa_never_repeats_the_title_or_a_name_on_real_pages():
    site = _real_site()
    synonyms = {}
    for term in site.kb.glossary["terms"]:
        if term.get("see"):
            synonyms.setdefault(term["see"], []).extend([term["term"], *term.get("synonyms", [])])
    checked = 0
    for record in site.kb.all_records():
        page = render.render_record(site.kb, record, None, synonyms.get(f"{record.type}/{record.id}", []))
        match = re.search(r"<dt>Kallas också</dt>\n<dd[^>]*>(.*?)</dd>", page)
        if not match:
            continue
        checked += 1
        names = [html_lib.unescape(n).strip() for n in match.group(1).split(",")]
        assert other_names(record.title, names) == names, (record.id, names)
    assert checked > 10


def test_record_page_answers_first():
    site = _real_site()
    role = site.kb.records["roller"]["chef"]
    page = render.render_record(site.kb, role)
    # Type as a label above the title, the summary as the lead, then the fact panel and the text.
    assert page.index('<p class="mr-type-label">Roll</p>') < page.index("# Chef") < page.index('class="mr-lead"')
    assert page.index('class="mr-lead"') < page.index('<aside class="mr-facts"') < page.index("\n## ")
    assert re.findall(r"\n## ([^\n{]+)", page)[0] == "Det här kan du göra i din roll"
    assert "<dt>Typ</dt>" not in page and "!!! abstract" not in page


def test_uncertainty_is_one_line_at_the_top_and_one_section_at_the_end(tmp_path):
    kb = _kb(tmp_path, 3)
    record = next(iter(kb.records["exempel"].values()))
    record.data["uncertain"] = ["Året är inte bekräftat."]
    record.data["disputed"] = ["Källa A säger 2018, källa B 2019."]
    page = render.render_record(kb, record)
    text_start = page.index('<div class="mr-record__text"')
    assert page[:text_start].count('href="#osakra-uppgifter"') == 1
    section = page.index("## Osäkra uppgifter { #osakra-uppgifter }")
    assert section > page.rindex("\n## ", 0, section) > text_start  # after every other text section
    assert page.index("Året är inte bekräftat.") > section and page.index("källa B 2019") > section
    assert "!!! warning" not in page and not re.search(r"<p>\s*<ul", page)
    del record.data["uncertain"], record.data["disputed"]
    assert "osakra-uppgifter" not in render.render_record(kb, record)


def test_listing_entries_show_their_facts_in_plain_words():
    site = _real_site()
    page = render_listing(site.kb, "exempel", site.facets["exempel"])
    total = len(site.kb.records["exempel"])
    assert f">{total} lärande exempel</p>" in page and "poster" not in page
    lund = site.kb.records["exempel"]["lund"]
    entry = next(line for line in page.splitlines() if 'data-record="exempel/lund"' in line)
    assert "Kommun" in entry and "Skåne län" in entry and str(lund.data["period"]["start"]) in entry
    # The filter form is in the HTML from the build, with every option's count.
    assert '<form class="mr-filters" id="mr-filters"' in page and 'type="submit"' in page
    assert page.count('type="checkbox"') == sum(len(f["options"]) for f in site.facets["exempel"]["facets"])
    tools = render_listing(site.kb, "verktyg", site.facets["verktyg"])
    assert re.search(r'data-record="verktyg/[^"]+" \}<span class="mr-entry__facts">Principer: ', tools)


def test_glossary_has_letter_sections_and_one_anchor_per_term():
    from mrkb.pages import embeds
    site = _real_site()
    page = embeds.glossary_table(site.kb, "")
    for term in site.kb.glossary["terms"]:
        assert f"{{ #{term_slug(term['term'])} }}" in page, term["term"]
    assert "## A { #bokstav-a }" in page and 'href="#bokstav-a">A</a>' in page
    assert "| Läs mer |" not in page and "<sup>" not in page
    assert re.search(r'Källa: <a href="#ordlista-kalla-\d+"', page)
    assert 'id="ordlista-kalla-1"' in page


def test_abbreviation_first_use_links_to_its_glossary_term():
    site = _real_site()
    abbreviations = Abbreviations(site.kb)
    out = abbreviations.apply("<p>MR och MR.</p>", "../ordlista/")
    assert out.count('<a class="mr-abbr" href="../ordlista/#mr"') == 1
    assert out.count("<abbr") == 2
