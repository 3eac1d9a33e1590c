"""Search in a real browser, online (Pagefind) and in the offline copy from file:// (the theme's lunr search).

The same queries run against both: inflected forms, compound parts, aliases, abbreviations and glossary terms.
Online only (the offline copy keeps the theme's search UI): zero-hit suggestions, the type filter, keyboard use
of the dialog, and that a page view fetches nothing from /pagefind/ until search is used. Both: axe with results
open in light and dark, and no Content-Security-Policy violation."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import browser_harness as harness

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def online_root(real_site) -> str:
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return harness.serve(real_site)


@pytest.fixture(scope="session")
def offline_site(real_offline_copy) -> Path:
    """The real project's offline copy (mkdocs-offline.yml, the zip the build makes), opened from file://."""
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return real_offline_copy


def start_and_root(which: str, request) -> tuple[str, str]:
    """(start page URL, site root URL) of the online site or the offline copy."""
    if which == "online":
        root = request.getfixturevalue("online_root")
        return root, root
    root = request.getfixturevalue("offline_site").as_uri() + "/"
    return root + "index.html", root


@pytest.fixture(params=["online", "offline"])
def copy(request):
    return start_and_root(request.param, request)


@pytest.fixture
def context():
    context = harness.browser().new_context()
    csp = harness.watch_csp(context)
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    yield context
    context.close()
    assert not csp, f"Content-Security-Policy violations: {csp}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def page(context):
    return context.new_page()


# --- The same queries online and offline ----------------------------------------------------------------------------
# (query, page, within the first N online, within the first N offline). Offline, lunr cannot weight the compound
# parts below the text but above nothing, so a part shared by many pages ("analys") ranks lower there.
QUERIES = [
    ("arbetsgivaren", "/aktorskap/arbetsgivare/", 1, 1),  # inflected form
    ("barnkonsekvensanalyser", "/verktyg/barnkonsekvensanalys/", 1, 1),  # inflected compound
    ("konsekvensanalys", "/verktyg/barnkonsekvensanalys/", 1, 1),  # the tail of a compound
    ("dialog", "/verktyg/medborgardialog/", 3, 3),  # a compound's part
    ("strateg", "/roller/barnstrateg/", 5, None),  # "Barnstrateg": the part, and a role of its own
    ("analys", "/verktyg/malgruppsanalys/", 8, None),  # a part shared by many tool titles: first batch
    ("lönekartläggning", "/verktyg/aktiva-atgarder/", 1, 1),  # an alias
    ("BKA", "/verktyg/barnkonsekvensanalys/", 1, 1),  # an abbreviation (a glossary synonym)
    ("diskriminerande", "/principer/icke-diskriminering-och-jamlikhet/", 3, 3),
    ("barnrätt", "/ordlista/", 5, 5),  # a glossary synonym
]


@pytest.mark.parametrize("which, query, expected, top", [
    (which, query, expected, top) for query, expected, *tops in QUERIES
    for which, top in zip(("online", "offline"), tops) if top is not None])
def test_query_finds_page(page, request, which, query, expected, top):
    start, root = start_and_root(which, request)
    results = harness.search(page, start, query, root)
    assert any(path.startswith(expected) for path in results[:top]), (
        f"{query!r}: {expected} not in the first {top} of {results[:10]}")


def test_glossary_term_has_its_own_result_and_anchor(page, copy):
    start, root = copy
    harness.search(page, start, "barnbokslut", root)
    every_link = [harness.site_path(href, root) for href in page.locator("[role=search] ol a").evaluate_all(
        "els => els.map(e => e.href)")]
    assert "/ordlista/#barnbokslut" in every_link, every_link
    assert not [link for link in every_link if "#bokstav-" in link], "a letter heading is navigation, not a result"


def test_glossary_hit_lands_on_the_term(page, online_root):
    results = harness.search(page, online_root, "Ansvarsutkrävande")
    assert "/ordlista/#ansvarsutkravande" in results[:3], results
    assert results[0] == "/principer/transparens-och-ansvar/", "the record the term points at comes first"
    page.locator("[role=search] a.mr-search__link[href$='#ansvarsutkravande']").click()
    page.wait_for_url("**/ordlista/#ansvarsutkravande")
    heading = page.locator("h3#ansvarsutkravande")
    assert heading.inner_text().startswith("Ansvarsutkrävande")
    assert heading.evaluate("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")


def test_title_match_ranks_above_mentions(page, online_root):
    results = harness.search(page, online_root, "arbetsgivare")
    assert results[0] == "/aktorskap/arbetsgivare/", results[:5]


# --- Online only: the dialog ----------------------------------------------------------------------------------------
def test_result_shows_title_type_and_summary_not_the_overview(page, online_root):
    harness.search(page, online_root, "medborgardialog")
    first = page.locator("[role=search] ol > li").first
    assert first.locator("a").first.inner_text() == "Medborgardialog"
    assert first.locator(".mr-search__type").inner_text() == "Verktyg"
    text = first.inner_text()
    assert "invånarna påverka" in text
    assert "Senast granskad" not in text and "Typ:" not in text
    subs = first.locator(".mr-search__subs")
    assert subs.count() <= 1


def test_zero_hits_suggest_closest_words(page, online_root):
    harness.search(page, online_root, "diskriminerng")
    suggestions = page.locator(".mr-search__word")
    assert suggestions.count() >= 1
    assert any("diskriminering" in word.lower() for word in suggestions.all_inner_texts())
    page.locator(".mr-search__word", has_text=re.compile("diskriminering", re.I)).first.click()
    page.wait_for_function("() => document.querySelectorAll('[role=search] ol > li').length > 0")
    page.wait_for_timeout(200)
    assert "/principer/icke-diskriminering-och-jamlikhet/" in harness.result_paths(page, online_root)[:5]


def test_no_hits_at_all_says_so_in_swedish(page, online_root):
    results = harness.search(page, online_root, "blåbärssoppa")
    assert results == []
    assert "Inga träffar för ”blåbärssoppa”" in page.locator("[role=status]").inner_text()
    assert page.locator(".mr-search__suggest").is_visible()


def test_misspelt_known_word_suggests_it(page, online_root):
    harness.search(page, online_root, "barnkonventonen")
    words = page.locator(".mr-search__word").all_inner_texts()
    assert "Barnkonventionen" in words, words


def test_type_filter_with_counts(page, online_root):
    harness.search(page, online_root, "analys")
    tools = page.locator(".mr-search__filter", has_text=re.compile(r"^Verktyg \(\d+\)$"))
    count = int(re.search(r"\d+", tools.inner_text()).group())
    assert page.locator(".mr-search__filter", has_text=re.compile(r"^Alla \(\d+\)$")).count() == 1
    tools.click()
    page.wait_for_function("() => document.querySelector('.mr-search__status').textContent.includes('bland verktyg')")
    assert page.locator(".mr-search__filter[aria-pressed=true]").inner_text().startswith("Verktyg")
    assert f"{count} träffar" in page.locator("[role=status]").inner_text()
    while page.locator(".mr-search__more").is_visible():
        page.locator(".mr-search__more").click()
        page.wait_for_timeout(200)
    labels = page.locator(".mr-search__type").all_inner_texts()
    assert len(labels) == count and set(labels) == {"Verktyg"}


def test_keyboard_only(page, online_root):
    page.goto(online_root)
    opener = page.locator(".mr-search-open")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Sök i uppslagsverket")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "mr-search-input"
    harness.type_query(page, "arbetsgivaren", online=True)
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first != second and first.endswith("aktorskap/arbetsgivare/")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "mr-search-input"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('mr-search-open')"), "focus did not return"
    # "s" opens it too; Enter on a result opens the page.
    page.keyboard.press("s")
    harness.type_query(page, "arbetsgivaren", online=True)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktorskap/arbetsgivare/")


def test_count_is_announced_in_a_live_region(page, online_root):
    harness.search(page, online_root, "dialog")
    status = page.locator("[role=search] [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    count = page.locator("[role=search] ol > li").count()
    assert re.match(r"^\d+ träffar för ”dialog”", status.inner_text()) and count > 0


def test_no_pagefind_request_until_search_is_used(context, online_root):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    for path in ("", "exempel/", "verktyg/medborgardialog/", "matris/", "ordlista/"):
        page.goto(online_root + path, wait_until="networkidle")
    assert requests and not [url for url in requests if "/pagefind/" in url], "a page view loaded search files"
    page.keyboard.press("/")  # opening the search (or focusing its field) loads it
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/'))")
    assert not [url for url in requests if "search-words" in url], "suggestion words load only when needed"


def test_mobile_search_icon_opens_the_dialog(online_root):
    context = harness.browser().new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    csp = harness.watch_csp(context)
    page = context.new_page()
    try:
        page.goto(online_root + "verktyg/medborgardialog/")
        button = page.get_by_role("button", name="Sök")
        assert button.is_visible()
        button.click()
        harness.type_query(page, "dialog", online=True)
        box = page.locator("dialog.mr-search").bounding_box()
        assert box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert not csp
    finally:
        context.close()


# --- Both copies: accessibility and the security policy ------------------------------------------------------------
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_results_open(copy, scheme):
    start, root = copy
    context = harness.browser().new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        harness.search(page, start, "barnkonsekvensanalys", root)
        violations = harness.run_axe(page)
    finally:
        context.close()
    assert not violations, f"axe ({scheme}, results open): {violations}"


def test_every_page_has_a_policy_that_nothing_violates(page, copy):
    start, root = copy
    offline = start.startswith("file:")
    paths = (["index.html", "exempel/index.html", "exempel/lund.html", "verktyg/barnkonsekvensanalys.html",
              "matris.html", "ordlista.html"] if offline else
             ["", "exempel/", "exempel/lund/", "verktyg/barnkonsekvensanalys/", "matris/", "ordlista/"])
    for path in paths:
        page.goto(root + path)
        policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert ("'wasm-unsafe-eval'" in policy) == (not offline), "WebAssembly only where Pagefind runs"
        first_in_head = page.evaluate("document.head.children[1].getAttribute('http-equiv')")
        assert first_in_head == "Content-Security-Policy", "the policy must come before any script"
    harness.search(page, start, "dialog", root)
    page.locator("[role=search] ol > li a").first.click()
    page.wait_for_load_state()
