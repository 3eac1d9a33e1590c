"""The built site makes no request to any third-party host: nothing in the HTML or CSS loads scripts, styles,
fonts, images or frames from elsewhere (static check), and a real browser loading several page types and
running a search sends no request that leaves 127.0.0.1 (browser check)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import browser_harness

# Elements that make the browser fetch something by themselves (links in <a href> are only followed on a click).
FETCHING = {"script": ["src"], "img": ["src", "srcset"], "iframe": ["src"], "frame": ["src"], "embed": ["src"],
            "object": ["data"], "source": ["src", "srcset"], "audio": ["src"], "video": ["src", "poster"],
            "track": ["src"], "input": ["src"], "image": ["href", "xlink:href"], "use": ["href", "xlink:href"]}
FETCHING_LINK_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon", "apple-touch-icon",
                      "manifest", "modulepreload", "mask-icon"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*([^'")\s]+)""", re.I)


def _is_external(url: str) -> bool:
    url = url.strip()
    return bool(urlsplit(url).netloc) or url.startswith("//")


def external_references(site: Path) -> list[str]:
    found = []
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(list(FETCHING)):
            for attribute in FETCHING[tag.name]:
                for url in re.split(r",\s*", tag.get(attribute) or ""):
                    if url and _is_external(url.split()[0]):
                        found.append(f"{where}: <{tag.name} {attribute}={url!r}>")
        for tag in soup.find_all("link", href=True):
            rels = {rel.lower() for rel in (tag.get("rel") or [])}
            if rels & FETCHING_LINK_RELS and _is_external(tag["href"]):
                found.append(f"{where}: <link rel={sorted(rels)} href={tag['href']!r}>")
        for tag in soup.find_all(style=True):
            found += [f"{where}: style url {url}" for url in CSS_URL.findall(tag["style"]) if _is_external(url)]
        for tag in soup.find_all("style"):
            found += [f"{where}: <style> url {url}" for url in CSS_URL.findall(tag.string or "") if _is_external(url)]
    for css in sorted(site.rglob("*.css")):
        text = css.read_text(encoding="utf-8", errors="replace")
        found += [f"{css.relative_to(site).as_posix()}: url {url}" for url in CSS_URL.findall(text)
                  if _is_external(url) and not url.startswith("http://www.w3.org/")]
    return found


def test_no_third_party_references_in_synthetic_site(synthetic_site):
    found = external_references(synthetic_site)
    assert not found, "\n".join(found[:40])


def test_no_third_party_references_in_real_site(real_site):
    found = external_references(real_site)
    assert not found, "\n".join(found[:40])


def test_the_static_check_can_fail(tmp_path):
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto"><script src="//cdn.example/x.js">'
        '</script><img src="https://example.org/a.png"><iframe src="https://youtube.com/embed/x"></iframe>'
        '<a href="https://skr.se/">ok, a link</a>')
    (tmp_path / "a.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)} b{background:url(i.png)}")
    assert len(external_references(tmp_path)) == 5


# --- in a real browser -------------------------------------------------------------------------------------------
@pytest.fixture
def browser():
    """The session's one Chromium from the shared harness (two Playwright instances cannot share a process)."""
    return browser_harness.browser()


@pytest.fixture
def served(synthetic_site):
    return browser_harness.serve(synthetic_site)


@pytest.mark.browser
def test_browser_makes_no_request_beyond_localhost(browser, served):
    requests, outside = [], []

    def route(route_):
        url = route_.request.url
        requests.append(url)
        if urlsplit(url).hostname != "127.0.0.1" and not url.startswith(("data:", "blob:")):
            outside.append(url)
            route_.abort()
        else:
            route_.continue_()

    context = browser.new_context(service_workers="block")
    context.route("**/*", route)
    page = context.new_page()
    for path in ("", "principer/", "verktyg/medborgardialog/", "exempel/", "exempel/syntetiskt-exempel-00001/",
                 "matris/", "finns-inte/"):
        page.goto(served + path, wait_until="networkidle")
    assert browser_harness.search(page, served, "delaktighet"), "the search found nothing"
    page.wait_for_load_state("networkidle")
    context.close()
    assert len(requests) > 10, requests
    assert any("/pagefind/" in url for url in requests), "the search index should have been fetched"
    assert not outside, outside
