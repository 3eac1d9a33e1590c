"""Orientation (issue #24) in real Chromium on the real site: the map of län reaches the filtered listings with the
counts it shows, nothing is wider than a 390 px phone, and axe finds nothing in either scheme on the map page,
/nytt/ and the self-assessment with its results shown. Few page loads: each test batches its checks."""
from __future__ import annotations

import json
import re

import pytest

import browser_harness as harness

pytestmark = pytest.mark.browser

ANSWERS = {"politiskt-beslut": "paborjat", "ledningsstod": "etablerat-och-uppfoljt",
           "ordinarie-styrning": "inte-paborjat"}


@pytest.fixture(scope="module")
def base(real_site) -> str:
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return harness.serve(real_site)


def _answer(page) -> None:
    for trait, level in ANSWERS.items():
        page.check(f"#mr-sa-{trait}-{level}")
    page.locator("#mr-sa-result").wait_for()


def test_map_links_reach_the_filtered_listing_with_the_same_counts(base):
    context = harness.browser().new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(base + "exempel/")
        links = page.eval_on_selector_all(".mr-map__svg a", "els => els.map(a => [a.getAttribute('href'), "
                                          "a.getAttribute('aria-label')])")
        assert links, "the map has no links"
        # What the listing's own filter data says for each län (the filter script counts the same way).
        facets = page.evaluate("() => JSON.parse(document.getElementById('mr-facets').textContent)")
        lan = next(f for f in facets["facets"] if f["key"] == "lan")
        column = facets["facets"].index(lan)
        per_value = {value: sum(1 for r in facets["records"].values() if index in r[column])
                     for index, (value, _) in enumerate(lan["options"])}
        table = dict(page.eval_on_selector_all(".mr-map__table tbody tr", "rows => rows.map(r => "
                                               "[r.querySelector('th').textContent, +r.querySelector('td').textContent])"))
        assert len(table) == 21, "the table lists every län"
        shown = {}
        for href, label in links:
            value = re.fullmatch(r"\?lan=([a-z-]+)", href).group(1)
            name, number = re.fullmatch(r"(.+): (\d+) lärande exempel", label).groups()
            shown[value] = int(number)
            assert per_value.get(value) == int(number), f"{name}: the map says {number}, the listing {per_value.get(value)}"
            assert table[name] == int(number), f"{name}: the map and the table disagree"
        assert sum(table.values()) >= sum(shown.values()) and all(
            number == 0 for name, number in table.items() if name not in {l.split(":")[0] for _, l in links})
        # Follow the links with the most and the fewest examples, as a person would: by clicking the län.
        for value in {max(shown, key=shown.get), min(shown, key=shown.get)}:
            page.goto(base + "exempel/")
            page.locator(f'.mr-map__svg a[href="?lan={value}"]').click()
            page.wait_for_url(re.compile(rf"\?lan={value}$"))
            page.wait_for_function("() => /^Visar /.test(document.getElementById('mr-count').textContent)")
            assert page.locator("#mr-count").inner_text().startswith(f"Visar {shown[value]} av ")
            assert page.locator(f'.mr-filters input[name="lan"][value="{value}"]').is_checked()
        # The start page's compact map links to the same listing.
        page.goto(base)
        start_links = page.eval_on_selector_all(".mr-map__svg a", "els => els.map(a => a.getAttribute('href'))")
        assert sorted(start_links) == sorted(f"exempel/{href}" for href, _ in links)
    finally:
        context.close()


def test_nothing_is_wider_than_a_phone(base):
    context = harness.browser().new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        wide = {}
        for path in ("", "exempel/", "nytt/", "sjalvskattning/", "exempel/lund/"):
            page.goto(base + path)
            if path == "sjalvskattning/":
                _answer(page)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 390:
                wide[path or "/"] = width
            # The whole site name in the header: wrapped if it must, never cut off with an ellipsis.
            title = page.locator(".md-header__topic:first-child .md-ellipsis")
            assert title.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"{path}: the site name is cut off"
        assert not wide, f"wider than 390 px: {wide}"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_map_the_changes_and_the_self_assessment(base, scheme):
    context = harness.browser().new_context(color_scheme=scheme, viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        failures = {}
        for path in ("exempel/", "", "nytt/", "sjalvskattning/"):
            page.goto(base + path)
            if path == "sjalvskattning/":
                _answer(page)
                assert page.locator("#mr-sa-sticky").is_visible()
                assert "Besvarat 3 av" in page.locator("#mr-sa-sticky-text").inner_text()
                result = page.locator('fieldset[data-trait="ordinarie-styrning"] [data-mr-sa-trait-result]')
                assert result.is_visible() and "Inte påbörjat" in result.inner_text()
            violations = harness.run_axe(page)
            if violations:
                failures[path or "/"] = violations
        assert not failures, f"axe ({scheme}): {json.dumps(failures, ensure_ascii=False, indent=1)}"
    finally:
        context.close()


def test_the_map_works_from_the_offline_copy(real_offline_copy):
    """Opened from file:// with no network: the map is there, and a län's link filters the listing."""
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    context = harness.browser().new_context(viewport={"width": 390, "height": 844})
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:", "blob:"))
                  else (outside.append(route.request.url), route.abort()))
    try:
        page = context.new_page()
        page.goto((real_offline_copy / "exempel" / "index.html").as_uri())
        link = page.locator(".mr-map__svg a").first
        label = link.get_attribute("aria-label")
        number = int(re.search(r": (\d+) lärande exempel", label).group(1))
        link.click()
        page.wait_for_url(re.compile(r"index\.html\?lan=[a-z-]+$"))
        page.wait_for_load_state()
        page.wait_for_function("() => /^Visar /.test((document.getElementById('mr-count') || {}).textContent)")
        assert page.locator("#mr-count").inner_text().startswith(f"Visar {number} av ")
        assert not outside, outside
    finally:
        context.close()
