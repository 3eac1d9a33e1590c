"""Search in a real browser, online (Pagefind) and in the offline copy from file:// (the same dialog over the
theme's lunr documents).

The relevance suite (tests/test_search_relevance.py) checks what comes first; here: parts shared by many pages,
glossary anchors, the typo correction, that counts and type chips match the list, snippets without source
markers, keyboard use, the phone layout, and that a page view fetches nothing from the search until it is used.
Both copies: axe with results open in light and dark, and no Content-Security-Policy violation."""
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
# (query, page, within the first N online, within the first N offline): parts shared by many pages, which have
# no one best page. The queries with one best page are in tests/search_relevance.yml.
QUERIES = [
    ("strateg", "/roller/barnstrateg/", 5, 5),  # "Barnstrateg": the part, and a role of its own
    ("analys", "/verktyg/malgruppsanalys/", 10, 10),  # a part shared by many tool titles: first batch
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


def test_typo_shows_the_known_words_results_once(page, online_root):
    """A word in no name and no text, a letter or two from a known word: its results at once, one notice, and a
    way back to the words as typed. A word nothing is near: say so."""
    page.goto(online_root)
    harness.open_search(page)
    harness.type_query(page, "diskriminerng")
    results = harness.result_paths(page, online_root)
    assert results[0] == "/principer/icke-diskriminering-och-jamlikhet/", results[:5]
    assert "/verktyg/aktiva-atgarder/" in results[:3], results[:5]
    notice = page.locator(".mr-search__suggest")
    assert notice.inner_text() == "Visar träffar för diskriminering. Sök i stället efter diskriminerng."
    assert page.locator("dialog.mr-search").inner_text().count("Visar träffar för") == 1
    assert "Menade du" not in page.locator("dialog.mr-search").inner_text()
    assert "”diskriminering”" in page.locator("[role=status]").inner_text()
    page.locator(".mr-search__word", has_text="diskriminerng").click()
    page.wait_for_function("() => document.querySelector('.mr-search__results').dataset.query === 'diskriminerng'"
                           " && document.querySelector('.mr-search__suggest').hidden")
    assert "”diskriminerng”" in page.locator("[role=status]").inner_text()
    harness.type_query(page, "barnkonventonen")
    assert harness.result_paths(page, online_root)[0] == "/lagar/barnkonventionen/"
    assert notice.inner_text().startswith("Visar träffar för barnkonventionen.")
    harness.type_query(page, "qxzvwjkp")
    assert harness.result_paths(page, online_root) == []
    assert "Inga träffar för ”qxzvwjkp”" in page.locator("[role=status]").inner_text()
    assert notice.is_visible() and "Visar träffar" not in notice.inner_text()


def _show_all(page) -> list[str]:
    while page.locator(".mr-search__more").is_visible():
        before = page.locator("[role=search] ol > li").count()
        page.locator(".mr-search__more").click()
        page.wait_for_function("n => document.querySelectorAll('[role=search] ol > li').length > n", arg=before)
    return page.locator(".mr-search__type").all_inner_texts()


def test_counts_chips_and_snippets_match_the_list(page, online_root):
    """"N träffar" and every type chip count exactly the entries the list shows (after "Visa fler"), and no snippet
    shows a source marker or starts in the middle of a sentence."""
    page.goto(online_root)
    harness.open_search(page)
    for query in ("analys", "skyldighetsbärare", "barn", "källa"):
        harness.type_query(page, query)
        labels = _show_all(page)
        status = page.locator("[role=status]").inner_text()
        assert status.startswith(f"{len(labels)} träff"), (query, status, len(labels))
        chips = {re.sub(r" \(\d+\)$", "", text): int(re.search(r"\((\d+)\)$", text).group(1))
                 for text in page.locator(".mr-search__filter").all_inner_texts()}
        if chips:
            assert chips.pop("Alla") == len(labels), (query, chips)
            assert chips == {label: labels.count(label) for label in set(labels)}, (query, chips)
        texts = page.locator(".mr-search__text, .mr-search__subs").all_inner_texts()
        assert texts and not [t for t in texts if re.search(r"\[\d+\]", t)], (query, texts)
        assert not [t for t in texts if t[:1].islower()], (query, [t for t in texts if t[:1].islower()])
    chip = page.locator(".mr-search__filter", has_text=re.compile(r"^Lärande exempel \(\d+\)$"))
    count = int(re.search(r"\d+", chip.inner_text()).group())
    chip.click()
    page.wait_for_function("() => document.querySelector('.mr-search__status').textContent.includes('bland')")
    assert page.locator(".mr-search__filter[aria-pressed=true]").inner_text().startswith("Lärande exempel")
    labels = _show_all(page)
    assert len(labels) == count and set(labels) == {"Lärande exempel"}
    assert page.locator("[role=status]").inner_text().startswith(f"{count} träff")


def test_keyboard_only(page, online_root):
    page.goto(online_root)
    opener = page.locator(".mr-search-open")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Sök i uppslagsverket")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == "mr-search-input"
    assert page.locator(".mr-search__hint").is_visible(), "with a keyboard and a mouse, the keys are explained"
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


def test_the_same_query_typed_again_keeps_the_list_and_the_focused_result(page, online_root):
    """Typing what the list already shows (again, or typed and taken back) neither fetches nor redraws: a keyboard
    user who has moved to a result keeps it."""
    harness.search(page, online_root, "arbetsgivaren")
    page.evaluate("window.firstResult = document.querySelector('.mr-search__results a.mr-search__link')")
    field = page.locator("[role=search] input").first
    field.fill("arbetsgivaren")  # an input event with the text the list shows
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)  # well past the pause in typing (DEBOUNCE_MS) that starts a search
    assert page.evaluate("document.contains(window.firstResult)"), "the list was drawn again for the same query"
    assert page.evaluate("document.activeElement === window.firstResult"), "the focused result lost its focus"
    # A different query still redraws it.
    harness.type_query(page, "chef", online=True)
    assert not page.evaluate("document.contains(window.firstResult)")


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
    assert requests and not [url for url in requests if "/pagefind/" in url or "/assets/search/" in url], (
        "a page view loaded search files")
    page.keyboard.press("/")  # opening the search (or focusing its field) loads it
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/'))")
    assert not [url for url in requests if "/assets/search/names-" in url], "example shards load only for a query"


def test_a_failed_index_load_says_so_and_the_next_search_loads_it_again(online_root):
    """The connection drops while the index loads (a phone between masts): the dialog says so in Swedish, and
    once the connection is back the next search works without reloading the page."""
    context = harness.browser().new_context()
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    try:
        page = context.new_page()
        offline = {"on": True, "dropped": 0}

        def entry(route):
            if offline["on"]:
                offline["dropped"] += 1
                return route.abort("internetdisconnected")
            return route.continue_()

        page.route("**/pagefind/pagefind-entry.json*", entry)
        page.goto(online_root)
        harness.open_search(page)
        page.locator("[role=search] input").first.press_sequentially("lupp", delay=20)
        status = page.locator("[role=search] [role=status]")
        status.filter(has_text="Sökningen kunde inte laddas").wait_for(timeout=30000)
        assert offline["dropped"] >= 1
        offline["on"] = False
        harness.type_query(page, "barnkonventionen")
        assert "/lagar/barnkonventionen/" in harness.result_paths(page, online_root)[:3]
        assert re.match(r"^\d+ träffar för ”barnkonventionen”", status.inner_text()), status.inner_text()
    finally:
        context.close()
    # Pagefind reports its own failed start as an unhandled error (upstream, in pagefind.js); nothing else may fail.
    assert not [error for error in errors if "Failed to load Pagefind metadata" not in error], errors


def test_phone_layout_of_the_dialog(online_root):
    """At 390 px on a touch phone: the icon opens the dialog, nothing overflows, no keyboard hint, the placeholder
    fits the field."""
    context = harness.browser().new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    csp = harness.watch_csp(context)
    page = context.new_page()
    try:
        page.goto(online_root + "verktyg/medborgardialog/")
        button = page.get_by_role("button", name="Sök")
        assert button.is_visible()
        button.tap()
        field = page.locator(".mr-search__input")
        field.wait_for(state="visible")
        assert not page.locator(".mr-search__hint").is_visible(), "no keyboard hint without a keyboard"
        fits = field.evaluate("""f => { const s = getComputedStyle(f), c = document.createElement('canvas').getContext('2d');
            c.font = s.font; const room = f.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
            return [c.measureText(f.placeholder).width, room]; }""")
        assert fits[0] <= fits[1], f"the placeholder ({fits[0]:.0f} px) is wider than the field ({fits[1]:.0f} px)"
        for query in ("HR-chef", "skyldighetsbärare", "diskriminerng"):
            harness.type_query(page, query)
            box = page.locator("dialog.mr-search").bounding_box()
            assert box["width"] <= 390
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            assert page.locator("dialog.mr-search").evaluate("d => d.scrollWidth <= d.clientWidth"), query
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
