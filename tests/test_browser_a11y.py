"""WCAG 2.1 AA with axe-core in real Chromium: every page type, light and dark, with search results and filters open.

The pinned axe-core comes from npm (package.json; `npm ci --omit=dev`, which `make test` runs)."""
from __future__ import annotations

import json
import re

import pytest

import browser_harness as harness

pytestmark = pytest.mark.browser

# One page of each type in the synthetic site: start, listings, each record type, matrix, a hand-written page.
PAGES = ["", "exempel/", "verktyg/", "principer/", "exempel/syntetiskt-exempel-00001/",
         "verktyg/barnkonsekvensanalys/", "principer/icke-diskriminering-och-jamlikhet/", "aktorskap/arbetsgivare/",
         "roller/chef/", "matris/", "tillganglighet/", "lagar/", "lagar/syntetisk-lag/"]
# Real hand-written pages (checked once the content has landed).
REAL_PAGES = ["", "grunder/", "ordlista/", "kannetecken/", "om-plattformen/", "internationellt/", "tillganglighet/",
              "utskrift/", "oppna-data/", "exempel/lund/", "exempel/molndal-framm/", "verktyg/barnkonsekvensanalys/",
              "roller/chef/", "principer/egenmakt/", "aktorskap/arbetsgivare/", "exempel/", "verktyg/", "roller/",
              "principer/", "aktorskap/", "matris/", "lagar/", "lagar/barnkonventionen/", "lagar/minoritetslagen/"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> str:
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    harness.require(harness.AXE.exists(), f"{harness.AXE} is missing: run `npm ci --omit=dev`")
    return harness.serve(harness.synthetic_lookup_site(tmp_path_factory.mktemp("a11y")))


@pytest.fixture(scope="module", params=["light", "dark"])
def scheme_page(request, base_url):
    context = harness.browser().new_context(color_scheme=request.param)
    page = context.new_page()
    yield request.param, page
    context.close()


def report(violations) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def test_every_page_type_has_no_violations(scheme_page, base_url):
    scheme, page = scheme_page
    failures = {}
    for path in PAGES:
        page.goto(base_url + path)
        scheme_in_use = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme_in_use == ("slate" if scheme == "dark" else "default"), path
        violations = harness.run_axe(page)
        if violations:
            failures[path or "/"] = violations
    assert not failures, f"axe ({scheme}): {report(failures)}"


def test_search_results_have_no_violations(scheme_page, base_url):
    scheme, page = scheme_page
    results = harness.search(page, base_url, "arbetsgivare")
    assert results
    violations = harness.run_axe(page)
    assert not violations, f"axe ({scheme}, search open): {report(violations)}"


def test_active_filters_have_no_violations(scheme_page, base_url):
    scheme, page = scheme_page
    page.goto(base_url + "exempel/?princip=egenmakt&lan=skane")
    assert page.locator(".mr-chips__clear").is_visible()
    page.locator(".mr-facet > summary").first.focus()  # a focused control is checked too
    violations = harness.run_axe(page)
    assert not violations, f"axe ({scheme}, filters active): {report(violations)}"


def test_phone_filter_drawer_has_no_violations(scheme_page, base_url):
    scheme, page = scheme_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "exempel/?princip=egenmakt")
    page.get_by_role("button", name=re.compile("^Filtrera")).click()
    page.locator(".mr-facet > summary").first.click()
    violations = harness.run_axe(page)
    page.set_viewport_size({"width": 1280, "height": 720})
    assert not violations, f"axe ({scheme}, phone filter drawer open): {report(violations)}"


def test_real_pages_have_no_violations(real_site):
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    base = harness.serve(real_site)
    failures = {}
    for scheme in ("light", "dark"):
        context = harness.browser().new_context(color_scheme=scheme)
        page = context.new_page()
        for path in REAL_PAGES:
            page.goto(base + path)
            violations = harness.run_axe(page)
            if violations:
                failures[f"{scheme} /{path}"] = violations
        context.close()
    assert not failures, f"axe on real pages: {report(failures)}"
