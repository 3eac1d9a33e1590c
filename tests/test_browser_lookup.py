"""Finding things in a real browser: Swedish search, faceted filters with URL state, the matrix, keyboard use.

Runs against the synthetic site (always available); the real-data search checks use real_site."""
from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import browser_harness as harness
from conftest import ROOT

pytestmark = pytest.mark.browser

MATERIAL_LUNR_SV = next((Path(__import__("material").__file__).parent / "templates" / "assets" / "javascripts"
                         / "lunr" / "min").glob("lunr.sv.min.js"))
OUR_LUNR_SV = ROOT / "docs" / "assets" / "javascripts" / "lunr" / "min" / "lunr.sv.min.js"


@pytest.fixture(scope="session")
def base_url(tmp_path_factory) -> str:
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return harness.serve(harness.synthetic_lookup_site(tmp_path_factory.mktemp("lookup")))


@pytest.fixture
def page(base_url):
    context = harness.browser().new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def search(page, base: str, query: str) -> list[str]:
    """Type a query the way a person does ("/" then the words); return result page paths, best first."""
    return harness.search(page, base, query)


# --- Search -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query, expected, top", [
    ("arbetsgivare", "/aktorskap/arbetsgivare/", 1),
    ("arbetsgivaren", "/aktorskap/arbetsgivare/", 1),  # inflected: needs the Swedish stemming addition
    ("diskriminerande", "/principer/icke-diskriminering-och-jamlikhet/", 1),
    ("MR", "/principer/icke-diskriminering-och-jamlikhet/", 1),  # glossary term that points at the page
    ("verktygen", "/verktyg/", 3),
    # A glossary synonym reaches the page ("Kallas också"), though every role page has it in a heading.
    ("mänskliga rättigheter", "/principer/icke-diskriminering-och-jamlikhet/", None),
])
def test_swedish_query_finds_page(page, base_url, query, expected, top):
    results = search(page, base_url, query)
    assert results, f"no results for {query!r}"
    assert any(path.startswith(expected) for path in results[:top]), (
        f"{query!r}: {expected} not in the first {top or 'all'} of {results[:8]}")


def test_title_hit_ranks_above_passing_mentions(page, base_url):
    # "arbetsgivare" is in the text of most synthetic examples, but only one page has it in its title.
    results = search(page, base_url, "arbetsgivare")
    assert len(results) > 5
    assert results[0] == "/aktorskap/arbetsgivare/"


def test_stemming_patch_still_wraps_materials_file():
    """Our lunr.sv.min.js (the offline copy's search) is Material's file plus an addition; a theme upgrade that
    changes it must be noticed."""
    assert OUR_LUNR_SV.read_text(encoding="utf-8").startswith(MATERIAL_LUNR_SV.read_text(encoding="utf-8")), (
        "Material's lunr.sv.min.js changed: copy it again into docs/assets/javascripts/lunr/min/ and re-append "
        "the MR-plattformen addition")


def test_keyboard_search_opens_result(page, base_url):
    search(page, base_url, "arbetsgivaren")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.closest('[role=search] ol > li') !== null")
    assert focused, "ArrowDown did not move focus into the results"
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktorskap/arbetsgivare/**")


# --- Filters ------------------------------------------------------------------------------------------------------

def visible_records(page) -> list[str]:
    return page.locator(".mr-listing li:not([hidden]) a[data-record]").evaluate_all(
        "els => els.map(e => e.dataset.record.split('/').pop())")


def test_filters_narrow_combine_and_restore(page, base_url):
    page.goto(base_url + "exempel/")
    everything = visible_records(page)
    assert len(everything) == 30
    page.locator("summary", has_text="Princip").click()
    page.get_by_label("Princip egenmakt").check()
    with_principle = visible_records(page)
    assert 0 < len(with_principle) < 30
    assert "princip=egenmakt" in page.url
    assert page.locator("#mr-count").inner_text() == f"Visar {len(with_principle)} av 30 lärande exempel"
    # OR within a facet: a second principle can only add records.
    page.get_by_label("Princip legalitet").check()
    either = visible_records(page)
    assert set(with_principle) <= set(either)
    # AND across facets: a county can only remove records.
    page.locator("summary", has_text=re.compile(r"^Län$")).click()
    page.get_by_role("checkbox", name=re.compile(r"^Skane")).check()
    both = visible_records(page)
    assert set(both) <= set(either) and len(both) < len(either)
    assert "lan=skane" in page.url and "princip=egenmakt,legalitet" in page.url
    # Back restores the previous state, forward re-applies it.
    page.go_back()
    assert visible_records(page) == either
    assert not page.get_by_role("checkbox", name=re.compile(r"^Skane")).is_checked()
    page.go_forward()
    assert visible_records(page) == both
    page.get_by_role("button", name="Rensa alla filter").click()
    assert visible_records(page) == everything
    assert urllib.parse.urlsplit(page.url).query == ""


def test_filter_state_in_shared_url(page, base_url):
    page.goto(base_url + "exempel/?princip=egenmakt&lan=skane")
    assert page.get_by_role("checkbox", name="Princip egenmakt").is_checked()
    shown = visible_records(page)
    assert 0 < len(shown) < 30
    assert page.locator("#mr-count").get_attribute("role") == "status"


def test_show_all_link_opens_the_filtered_listing(page, base_url):
    """A capped back-link list ends in "Visa alla N …", which opens the listing filtered to exactly those N."""
    # The synthetic set gives each example two of the four aktörskap at random: one of them has more than 12.
    link = None
    for actor in ("valfardsaktor", "samhallsaktor", "demokratiaktor", "arbetsgivare"):
        page.goto(base_url + f"aktorskap/{actor}/")
        candidate = page.get_by_role("link", name=re.compile(r"^Visa alla \d+ lärande exempel$"))
        if candidate.count():
            link = candidate
            break
    assert link is not None, "no aktörskap page has a capped list of examples"
    total = int(re.search(r"\d+", link.inner_text()).group())
    link.click()
    page.wait_for_url(re.compile(rf"/exempel/\?aktorskap={actor}$"))
    assert page.locator("#mr-count").inner_text() == f"Visar {total} av 30 lärande exempel"
    assert page.locator("li:has(a[data-record]):visible").count() == total


def test_full_list_without_javascript(base_url):
    context = harness.browser().new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "exempel/?princip=egenmakt")
    assert page.locator(".mr-listing li").count() == 30
    # (Chromium's parser still treats <noscript> as raw text when scripts are only switched off, so its text is read.)
    assert "Filtren behöver JavaScript" in page.locator("#mr-filters noscript").text_content()
    assert page.locator("#mr-count").inner_text() == "30 lärande exempel"
    context.close()


def test_keyboard_filter_with_visible_focus(page, base_url):
    page.goto(base_url + "verktyg/")
    page.locator(".mr-facet > summary").first.focus()
    page.keyboard.press("Enter")  # open the "Princip" group
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "checkbox"
    assert_focus_visible(page)
    before = page.locator("#mr-count").inner_text()
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    assert page.locator("#mr-count").inner_text() != before


# --- Matrix -------------------------------------------------------------------------------------------------------

def test_matrix_links_resolve_and_are_keyboard_reachable(page, base_url):
    page.goto(base_url + "matris/")
    links = page.locator(".mr-matrix a").evaluate_all("els => els.map(e => e.href)")
    assert len(links) > 20
    for href in sorted(set(links)):
        with urllib.request.urlopen(href, timeout=10) as response:  # noqa: S310 - our own local server
            assert response.status == 200, href
    # Tab from the page top reaches the scrollable matrix region and then its links, each with a visible focus.
    page.locator(".mr-matrix").focus()
    assert_focus_visible(page)
    for _ in range(3):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.mr-matrix a') !== null || "
                             "document.activeElement.matches('.mr-matrix a')")
        assert_focus_visible(page)
    assert page.locator(".mr-matrix th[scope=col]").count() >= 2
    assert page.locator(".mr-matrix th[scope=row]").count() >= 2


def test_glossary_abbreviation_is_focusable_with_tooltip(page, base_url):
    # The synthetic site has no glossary page, so a term's first use is a focusable <abbr> (with one: a link).
    page.goto(base_url + "principer/icke-diskriminering-och-jamlikhet/")
    abbr = page.locator("abbr[tabindex='0']").first
    abbr.focus()
    assert_focus_visible(page)
    page.wait_for_selector(".md-tooltip2--active", timeout=3000)


def assert_focus_visible(page) -> None:
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), tag: document.activeElement.outerHTML.slice(0, 80)}; }""")
    assert style["style"] not in ("none", "") and style["width"] >= 1, f"no visible focus outline on {style}"


# --- Real data (passes once the content has landed) ---------------------------------------------------------------

@pytest.mark.parametrize("query, expected", [
    ("arbetsgivaren", "/aktorskap/arbetsgivare/"),
    ("diskriminerande", "/principer/icke-diskriminering-och-jamlikhet/"),
    ("barnkonsekvensanalyser", "/verktyg/barnkonsekvensanalys/"),
    ("barnrätt", "/ordlista/"),  # a glossary synonym
])
def test_real_site_swedish_search(real_site, query, expected):
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    base = harness.serve(real_site)
    context = harness.browser().new_context()
    page = context.new_page()
    try:
        results = search(page, base, query)
    finally:
        context.close()
    assert any(path.startswith(expected) for path in results[:5]), f"{query!r}: {expected} not in {results[:6]}"
