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
        atexit.register(_close)
    return _browser


def _close() -> None:
    global _browser, _playwright
    if _browser is not None:
        _browser.close()
        _playwright.stop()
        _browser = _playwright = None


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@functools.lru_cache(maxsize=None)
def serve(site: Path) -> str:
    """Serve a built site on 127.0.0.1 (a free port) from a daemon thread; returns the base URL with a slash."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"],
             "nodes": [(n["target"], n.get("failureSummary", "")[:200]) for n in v["nodes"][:5]]}
            for v in result["violations"]]
