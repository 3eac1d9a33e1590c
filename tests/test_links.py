"""Every internal link and asset reference in the built site resolves to a file, every #anchor exists in its
target page, and external links are well-formed http(s) URLs with a host.

The helpers here (site_prefix, local_target, page_links) are shared with test_injection and test_privacy."""
from __future__ import annotations

import os
import re
import shutil
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_project

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src",
                   "audio": "src", "video": "src", "embed": "src", "object": "data", "form": "action"}


def site_prefix(site: Path) -> str:
    """The URL path the site is served under (from site_url), e.g. '/mr-plattformen/'; 404.html links to
    assets site-absolutely with it."""
    url = os.environ.get("SITE_URL")
    if not url:
        match = re.search(r"^site_url:.*?(https?://[^\s\"'\]]+)", (site.parent / "mkdocs.yml").read_text(encoding="utf-8"),
                          re.M)
        url = match.group(1) if match else "/"
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def local_target(site: Path, page: Path, url: str) -> Path | None:
    """The file in site/ that a relative or site-absolute URL on `page` points to, or None for external URLs,
    fragments only and special schemes."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        prefix = site_prefix(site)
        if not path.startswith(prefix):
            return site / "__outside_site__" / path.lstrip("/")
        target = site / path[len(prefix):]
    else:
        target = page.parent / path
    target = Path(os.path.normpath(target))
    if target.is_dir() or url.split("#")[0].split("?")[0].endswith("/"):
        target = target / "index.html"
    return target


def page_links(page: Path):
    """(tag name, attribute, URL) for every link-like attribute on a page."""
    soup = _soup(page)
    for tag in soup.find_all(list(LINK_ATTRIBUTES)):
        value = tag.get(LINK_ATTRIBUTES[tag.name])
        if value is not None:
            yield tag.name, LINK_ATTRIBUTES[tag.name], value.strip()
    for tag in soup.find_all(["img", "source"], srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                yield tag.name, "srcset", candidate.split()[0]


@lru_cache(maxsize=4096)
def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@lru_cache(maxsize=4096)
def _anchors(page: Path) -> frozenset[str]:
    soup = _soup(page)
    return frozenset([tag["id"] for tag in soup.find_all(id=True)] + [tag["name"] for tag in soup.find_all("a", attrs={"name": True})])


def broken_links(site: Path) -> list[str]:
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert pages, f"no HTML pages in {site}"
    for page in pages:
        where = page.relative_to(site).as_posix()
        for tag, attribute, url in page_links(page):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https"):
                if not parts.hostname or "." not in parts.hostname or " " in url:
                    problems.append(f"{where}: malformed external URL <{tag} {attribute}={url!r}>")
                continue
            if parts.scheme in ("mailto", "tel"):
                continue
            if parts.scheme:
                problems.append(f"{where}: unexpected scheme <{tag} {attribute}={url!r}>")
                continue
            target = page if not parts.path else local_target(site, page, url)
            if not target.is_file():
                problems.append(f"{where}: <{tag} {attribute}={url!r}> points to a missing file")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _anchors(target):
                problems.append(f"{where}: <{tag} {attribute}={url!r}>: no element with id "
                                f"'{unquote(parts.fragment)}' in {target.relative_to(site).as_posix()}")
    return problems


def test_links_in_synthetic_site(synthetic_site):
    problems = broken_links(synthetic_site)
    assert not problems, "\n".join(problems[:50])


def test_links_in_real_site(real_site):
    problems = broken_links(real_site)
    assert not problems, "\n".join(problems[:50])


@pytest.fixture(scope="session")
def make_build_site(tmp_path_factory) -> Path:
    """The output of `make build` (which `make test` runs before pytest): the site as it is published, with the
    PDFs and the offline zip. Without it (pytest run alone), the real project is built the same way."""
    site = ROOT / "site"
    if (site / "index.html").is_file():
        return site
    project = copy_project(tmp_path_factory.mktemp("make-build") / "project")
    shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    build(project, pdf=True, offline_zip=True)
    return project / "site"


def test_links_in_make_build_output(make_build_site):
    """Every internal link and anchor of the built site resolves, the PDFs and the offline zip included, and
    the site really links to them (so this cannot pass on a build without them)."""
    problems = broken_links(make_build_site)
    assert not problems, "\n".join(problems[:50])
    downloads = make_build_site / "utskrift" / "index.html"
    linked = {url for _, _, url in page_links(downloads)}
    pdfs = {url for url in linked if url.endswith(".pdf")}
    assert len(pdfs) >= len(list((ROOT / "data" / "verktyg").glob("*.yml"))) + 1, sorted(pdfs)
    assert "../mr-plattformen-offline.zip" in linked, "the download page does not offer the offline zip"


def test_the_link_checker_finds_broken_links(tmp_path):
    """The checker itself must be able to fail: a missing page, a missing anchor and a malformed URL."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_url: https://example.org/x/\n")
    (site / "index.html").write_text('<h2 id="finns">F</h2><a href="a/">ok</a><a href="#finns">ok</a>'
                                     '<a href="/x/a/">ok</a><a href="saknas/">fel</a><a href="a/#saknas">fel</a>'
                                     '<a href="https:///ingen-vard">fel</a><img src="bild.png">')
    (site / "a" / "index.html").write_text("<p>A</p>")
    problems = broken_links(site)
    assert len(problems) == 4, problems
    assert any("saknas/" in p for p in problems) and any("no element with id 'saknas'" in p for p in problems)
    assert any("malformed" in p for p in problems) and any("bild.png" in p for p in problems)
