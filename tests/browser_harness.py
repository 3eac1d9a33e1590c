"""Shared plumbing for the browser tests (tests/test_browser_*.py): one Chromium and one built site per session.

Module-level caches, not conftest fixtures, so every browser test module shares the same browser and build
(each module wraps these in its own small fixtures)."""
from __future__ import annotations

import atexit
import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project
from search_relevance import site_path  # one definition, shared with the relevance suite

CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip loudly on a developer machine that lacks a tool; fail under CI, where a skip would hide a gap."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def axe_version() -> str:
    return json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]


_playwright = None
_browser = None


def browser():
    """The session's one Chromium (Debian's; Playwright cannot download its own here)."""
    global _playwright, _browser
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    if _browser is None:
        from playwright.sync_api import sync_playwright
        _playwright = sync_playwright().start()
        _browser = _playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        atexit.register(close_browser)
    return _browser


def close_browser() -> None:
    """Stop the session's Chromium (browser() starts it again): Playwright allows one sync instance per process, so
    code that starts its own (scripts/browser_cost.py) needs it stopped first."""
    global _browser, _playwright
    if _browser is not None:
        _browser.close()
        _playwright.stop()
        _browser = _playwright = None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    # The default backlog of 5 is short for a browser loading a page and its search on a loaded 2-core machine.
    request_queue_size = 128
    daemon_threads = True


@functools.lru_cache(maxsize=None)
def serve(site: Path) -> str:
    """Serve a built site on 127.0.0.1 (a free port) from a daemon thread; returns the base URL with a slash."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(server.shutdown)
    return f"http://127.0.0.1:{server.server_address[1]}/"


_synthetic: dict[str, Path] = {}


def synthetic_lookup_site(workdir: Path) -> Path:
    """Synthetic data (30 examples) with the minimal docs plus the hand-written accessibility statement, which
    needs no real ids. Built once per session; returns site/."""
    if "site" not in _synthetic:
        project = copy_project(workdir / "project", data="synthetic", examples=30, docs="minimal")
        shutil.copy2(ROOT / "docs" / "tillganglighet.md", project / "docs" / "tillganglighet.md")
        build(project)
        _synthetic["site"] = project / "site"
    return _synthetic["site"]


def run_axe(page) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it settles, each reduced to id, help and targets.

    Waits for running CSS transitions and animations first: axe measures colours as they are at that moment,
    and halfway through Material's fade-ins it found 4.2:1 where the settled text is 4.6:1 or more."""
    require(AXE.exists(), f"{AXE} is missing: run `npm ci --omit=dev` in the repository root")
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids an injected <script>.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"],
             "nodes": [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:5]]}
            for v in result["violations"]]


# --- Search: the same dialog online (Pagefind) and in the offline copy (file://, the theme's lunr documents) --------
# The field and the results are inside one role="search" element; results are links in ranked order.
RESULT_LINKS = "[role=search] ol > li"
CSP_LISTENER = ("window.__cspViolations = [];"
                "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
                "e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));")


def watch_csp(context) -> list[str]:
    """Collects Content-Security-Policy violations of every page in the context (events and console reports,
    which also cover frames); returns the live list."""
    found: list[str] = []
    context.add_init_script(CSP_LISTENER)
    context.on("console", lambda message: found.append(message.text)
               if "Content Security Policy" in message.text else None)
    return found


def csp_violations(page, console: list[str]) -> list[str]:
    return list(page.evaluate("window.__cspViolations || []")) + console


def open_search(page) -> bool:
    """Press "/" as a person does; returns True when the page has the Pagefind search (online)."""
    page.keyboard.press("/")
    page.locator("[role=search] input").first.wait_for(state="visible")
    return page.locator("dialog.mr-search[data-pagefind]").count() > 0


def type_query(page, query: str, online: bool = True) -> None:
    """Type the query key by key; returns when its results are in the list (docs/assets/search.js marks the list
    with the query it shows)."""
    field = page.locator("[role=search] input").first
    field.fill("")
    # First the emptied field's empty list: the list may still show this very query from before, and a test that
    # went on at once would act on results about to be replaced.
    page.wait_for_function("() => !document.querySelector('.mr-search__results').dataset.query", timeout=30000)
    field.press_sequentially(query, delay=20)
    page.wait_for_function("q => document.querySelector('.mr-search__results').dataset.query === q",
                           arg=query, timeout=30000)  # a loaded CI machine: WebAssembly start-up


def result_paths(page, site_root: str) -> list[str]:
    """The results' page paths, best first, in one form for both copies: "/verktyg/x/", "/ordlista/#term"."""
    hrefs = page.evaluate(f"[...document.querySelectorAll('{RESULT_LINKS}')].map(li => li.querySelector('a'))"
                          ".filter(a => a).map(a => a.href)")
    return [site_path(href, site_root) for href in hrefs]


def search(page, url: str, query: str, site_root: str | None = None) -> list[str]:
    """Open url, press "/", type the query; return the result paths, best first."""
    page.goto(url)
    online = open_search(page)
    type_query(page, query, online)
    return result_paths(page, site_root or url)
