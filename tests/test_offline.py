"""`make offline`: the zip opens from file:// and works with no network (navigation, search, filters)."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from browser_harness import IN_CI, browser
from conftest import ROOT, build, copy_project

from mrkb.outputs import offline_copy
from mrkb.print.document import OFFLINE_ZIP_PATH

SHIM = "assets/vendor/iframe-worker/shim.js"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !ENV tags plain YAML does not know."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _config(name: str) -> dict:
    return yaml.load((ROOT / name).read_text(encoding="utf-8"), Loader=_TolerantLoader)


def _plugin_names(plugins) -> list[str]:
    return [next(iter(p)) if isinstance(p, dict) else p for p in plugins]


def test_offline_config_repeats_every_online_plugin():
    """INHERIT replaces lists: a plugin added to mkdocs.yml must be added to mkdocs-offline.yml as well. The
    offline copy adds the theme's lunr search (Pagefind cannot run from file://) and the offline plugin."""
    online, offline = _config("mkdocs.yml"), _config("mkdocs-offline.yml")
    assert offline["INHERIT"] == "mkdocs.yml"
    assert "search" not in _plugin_names(online["plugins"]), "online, Pagefind searches (mrkb/search/index.py)"
    assert _plugin_names(offline["plugins"]) == ["search"] + _plugin_names(online["plugins"]) + ["offline"]
    online_options = {n: p[n] for p in online["plugins"] if isinstance(p, dict) for n in p}
    offline_options = {n: p[n] for p in offline["plugins"] if isinstance(p, dict) for n in p if n != "search"}
    assert offline_options == online_options
    assert offline["extra"]["polyfills"] == [SHIM]
    assert offline["use_directory_urls"] is False


def test_vendored_shim_is_the_pinned_package():
    pinned = ROOT / "node_modules" / "iframe-worker" / "shim" / "index.js"
    if not pinned.exists():
        if IN_CI:
            pytest.fail("node_modules/iframe-worker missing under CI=true: run npm ci --omit=dev")
        pytest.skip("node_modules/iframe-worker not installed (npm ci --omit=dev)")
    assert (ROOT / "docs" / SHIM).read_bytes() == pinned.read_bytes()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory) -> Path:
    """A synthetic project built as `make build` does, with the offline zip (without PDFs: test_pdf.py covers
    them), and that zip unpacked."""
    base = tmp_path_factory.mktemp("offline")
    project = copy_project(base / "project", data="synthetic", examples=12, docs="minimal")
    shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    shutil.copy2(ROOT / "docs" / "utskrift.md", project / "docs" / "utskrift.md")
    build(project, offline_zip=True)
    archive = project / "site" / OFFLINE_ZIP_PATH
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        assert all(name.startswith(f"{offline_copy.FOLDER}/") for name in names)
        opened.extractall(base / "unzipped")
    return base / "unzipped" / offline_copy.FOLDER


def test_the_site_offers_the_zip_and_the_copy_knows_it_is_the_copy(offline_site):
    online = offline_site.parent.parent / "project" / "site"
    page = (online / "utskrift" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="\.\./mr-plattformen-offline\.zip" download>Ladda ner offlinekopian</a> '
                     r"\(zip, \d+,\d MB, \d+ \w+ 20\d\d\)", page), "no download link with size and date"
    copy = (offline_site / "utskrift.html").read_text(encoding="utf-8")
    assert "Det här är offlinekopian." in copy and "offline.zip" not in copy


def test_offline_copy_needs_no_network(offline_site):
    assert (offline_site / "index.html").is_file()
    assert (offline_site / "search" / "search_index.js").is_file(), "search index not inlined for file://"
    assert (offline_site / "principer" / "index.html").is_file()
    pages = list(offline_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in html and "fonts.googleapis" not in html, page
        # Nothing is loaded from another host: scripts, styles, images, frames
        loaded = re.findall(r'<(?:script|img|iframe)[^>]+src="([^"]+)"|<link[^>]+href="([^"]+)"', html)
        for src in (a or b for a, b in loaded):
            assert not re.match(r"^(https?:)?//", src) or "rel=\"canonical\"" in html, f"{page}: {src}"
    index = (offline_site / "index.html").read_text(encoding="utf-8")
    assert f'src="{SHIM}"' in index
    # No directory URLs: links name their .html file, which file:// needs
    assert re.search(r'href="principer/index\.html"', index)


def test_zip_is_reproducible(tmp_path, offline_site):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    offline_copy.write_zip(offline_site, first)
    offline_copy.write_zip(offline_site, second)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.browser
def test_offline_copy_works_from_file_url_without_network(offline_site):
    """Chromium opens the copy from file:// with every non-file request aborted: search, navigation, filters."""
    context = browser().new_context()
    outside: list[str] = []

    def block(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", block)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto((offline_site / "index.html").as_uri())
        # Search: the search dialog over the name index and the theme's inlined lunr documents (script files)
        page.keyboard.press("/")
        page.locator("input.mr-search__input").press_sequentially("rättigheter", delay=30)
        results = page.locator(".mr-search__results > li")
        results.first.wait_for(timeout=15000)
        assert results.count() > 0
        # Navigate from a search result to its page
        page.locator(".mr-search__results > li a.mr-search__link").first.click()
        page.wait_for_load_state()
        assert re.match(r"^file://.+\.html(\?|#|$)", page.url), page.url
        assert page.locator("h1").first.inner_text()
        # Navigation: the listing of examples, then one record through the listing
        page.goto((offline_site / "exempel" / "index.html").as_uri())
        links = page.locator("article a[data-record]")
        assert links.count() >= 12
        visible_before = page.locator("article a[data-record]:visible").count()
        # Filters: tick the first filter box, when the listing has filters, and see the list shrink or stay
        boxes = page.locator("article input[type=checkbox]")
        if boxes.count():
            page.locator("article details.mr-facet summary").first.click()  # facets start collapsed
            boxes.first.check()
            page.wait_for_timeout(300)
            assert 0 < page.locator("article a[data-record]:visible").count() <= visible_before
        page.locator("article a[data-record]:visible").first.click()
        page.wait_for_load_state()
        assert "/exempel/" in page.url and page.locator("h1").first.inner_text()
        assert not errors, f"JavaScript errors: {errors}"
        assert outside == [], f"requests left the machine: {outside}"
    finally:
        context.close()
