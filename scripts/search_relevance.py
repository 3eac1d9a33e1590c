"""The search relevance suite (tests/search_relevance.yml) in real Chromium: success@1, success@3 and mean
reciprocal rank, online (the built site served over http on 127.0.0.1) and offline (the unzipped offline copy
opened from file://). One page load per copy: the dialog stays open and every query is typed into the same field.

Used by tests/test_search_relevance.py (which fails below the targets) and scripts/bench.py (which prints them).

    python scripts/search_relevance.py SITE_DIR [--offline OFFLINE_DIR] [--show]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import re
import sys
import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "tests" / "search_relevance.yml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_AT_1 = 0.90
TARGET_AT_3 = 1.0

# Done when the dialog has rendered the query's results (data-query on the list, docs/assets/search.js) or, in the
# theme's lunr search, when its result count belongs to the query typed.
_DONE_JS = """q => {
  const list = document.querySelector('.mr-search__results');
  if (list) return list.dataset.query === q ||
      (list.dataset.query === undefined && document.querySelector('.mr-search__status').textContent.includes('”' + q + '”'));
  return document.querySelector('.md-search__input').value === q &&
      /\\d|Inga/.test(document.querySelector('.md-search-result__meta').textContent);
}"""
_RESULTS_JS = """() => [...document.querySelectorAll('[role=search] ol > li')].map(li => li.querySelector('a'))
  .filter(a => a).map(a => a.href)"""


def load_queries(path: Path = SUITE) -> list[tuple[str, str]]:
    return [next(iter(item.items())) for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def site_path(href: str, site_root: str) -> str:
    """A result link as a site path: the offline copy's "file:///…/verktyg/x.html?h=…#y" becomes "/verktyg/x/#y"."""
    parts = urllib.parse.urlsplit(href)
    path = urllib.parse.unquote(parts.path)
    root = urllib.parse.unquote(urllib.parse.urlsplit(site_root).path)
    path = "/" + path[len(root):].lstrip("/") if path.startswith(root) else path
    path = re.sub(r"(^|/)index\.html$", r"\1", path)
    path = re.sub(r"\.html$", "/", path)
    return path + (f"#{parts.fragment}" if parts.fragment else "")


@dataclass
class Outcome:
    mode: str
    ranks: dict[str, int | None] = field(default_factory=dict)  # query -> 1-based rank of the expected page
    results: dict[str, list[str]] = field(default_factory=dict)
    expected: dict[str, str] = field(default_factory=dict)

    def _share(self, top: int) -> float:
        return sum(1 for rank in self.ranks.values() if rank and rank <= top) / len(self.ranks)

    @property
    def at_1(self) -> float:
        return self._share(1)

    @property
    def at_3(self) -> float:
        return self._share(3)

    @property
    def mrr(self) -> float:
        return sum(1 / rank for rank in self.ranks.values() if rank) / len(self.ranks)

    @property
    def passes(self) -> bool:
        return self.at_1 >= TARGET_AT_1 and self.at_3 >= TARGET_AT_3

    def misses(self, top: int = 1) -> list[str]:
        return [f"{query!r}: {self.expected[query]} at {rank or '–'} of {self.results[query][:4]}"
                for query, rank in self.ranks.items() if not rank or rank > top]

    def line(self) -> str:
        return (f"{self.mode}: success@1 {100 * self.at_1:.0f} %, success@3 {100 * self.at_3:.0f} %, "
                f"MRR {self.mrr:.2f} ({len(self.ranks)} sökningar)")


def run_suite(browser, start_url: str, site_root: str, mode: str, queries=None, timeout_ms: int = 30000) -> Outcome:
    """Every query typed into one open search on start_url; returns the ranks of the expected pages."""
    outcome = Outcome(mode)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(start_url)
        page.keyboard.press("/")
        field_ = page.locator("[role=search] input").first
        field_.wait_for(state="visible")
        themes_lunr = page.locator("dialog.mr-search").count() == 0
        if themes_lunr:  # the theme builds its lunr index first
            page.wait_for_function("() => !document.querySelector('.md-search-result__meta')"
                                   ".textContent.includes('Initialiserar')", timeout=timeout_ms)
        for query, expected in queries or load_queries():
            field_.fill(query[:-1])
            field_.press(query[-1] if query[-1] != " " else "Space")  # the last key typed, as a person does
            page.wait_for_function(_DONE_JS, arg=query, timeout=timeout_ms)
            if themes_lunr:
                page.wait_for_timeout(150)  # the theme renders the last keystroke's results a moment later
            paths = [site_path(href, site_root) for href in page.evaluate(_RESULTS_JS)]
            outcome.expected[query] = expected
            outcome.results[query] = paths
            outcome.ranks[query] = paths.index(expected) + 1 if expected in paths else None
    finally:
        context.close()
    return outcome


def serve(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def measure(site: Path | None = None, offline: Path | None = None) -> list[Outcome]:
    """The suite online (site, served) and offline (offline, the unzipped copy's folder with index.html)."""
    from playwright.sync_api import sync_playwright
    outcomes = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            if site:
                base, server = serve(site)
                try:
                    outcomes.append(run_suite(browser, base, base, "online"))
                finally:
                    server.shutdown()
            if offline:
                root = offline.as_uri() + "/"
                outcomes.append(run_suite(browser, root + "index.html", root, "offline"))
        finally:
            browser.close()
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Kör söksviten (tests/search_relevance.yml) i Chromium.")
    parser.add_argument("site", type=Path, nargs="?", help="den byggda webbplatsen (site/)")
    parser.add_argument("--offline", type=Path, help="den uppackade offlinekopians mapp (med index.html)")
    parser.add_argument("--show", action="store_true", help="visa sökningarna som inte kom först")
    args = parser.parse_args(argv)
    for outcome in measure(args.site, args.offline):
        print(outcome.line())
        if args.show:
            for miss in outcome.misses():
                print("   ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
