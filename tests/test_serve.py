"""`mkdocs serve` with broken data: every address answers at once with the Swedish problem list (file:line and what
to do), and saving the fix brings the real page back, in the open browser tab too, without a reload by hand."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser_harness import browser
from conftest import VENV_BIN, copy_project

pytestmark = pytest.mark.slow

BROKEN_FILE = "data/exempel/molndal-framm.yml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 10) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status, body = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode("utf-8")
    return status, body, time.monotonic() - started


def _wait_for(url: str, condition, timeout: float = 120) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            status, body, _ = _get(url)
            last = (status, body[:300])
            if condition(status, body):
                return status, body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not get there in {timeout} s; last answer: {last}")


@pytest.fixture
def served(tmp_path):
    """A project copy with a bad date in one example and a misspelt key in another, under `mkdocs serve`."""
    project = copy_project(tmp_path / "project")
    broken = project / BROKEN_FILE
    original = broken.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    reviewed_line = next(i for i, line in enumerate(lines) if line.startswith("reviewed:"))
    lines[reviewed_line] = "reviewed: 23/11 2026\n"
    broken.write_text("".join(lines), encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": f"http://127.0.0.1:{port}/", "MR_BUILD_WORKER": "0"}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([str(VENV_BIN / "mkdocs"), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        yield {"base": base, "file": broken, "original": original, "line": reviewed_line + 1,
               "log": tmp_path / "serve.log", "process": process}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def _is_error_page(status: int, body: str) -> bool:
    return 'id="mr-serve-error"' in body


def _is_real_page(status: int, body: str) -> bool:
    return status == 200 and 'id="mr-serve-error"' not in body and "Mölndal" in body


def test_broken_data_shows_the_problems_and_the_fix_brings_the_page_back(served):
    page = served["base"] + "exempel/molndal-framm/"
    _wait_for(page, _is_error_page)
    for url in (page, served["base"], served["base"] + "finns/inte/"):
        status, body, seconds = _get(url)
        assert seconds < 5, (url, seconds)  # answered at once: nothing waits for the data to be fixed
        assert _is_error_page(status, body), (url, status, body[:300])
        assert f"{BROKEN_FILE}:{served['line']}" in body and "ÅÅÅÅ-MM-DD" in body, body
        assert '<html lang="sv">' in body and "Rätta felen" in body
        ours = body.split("</main>")[0]  # after it, the dev server injects its own live-reload script into 200s
        assert "<script>" not in ours and "style=" not in ours  # no inline code (Content-Security-Policy)
    status, script, _ = _get(served["base"] + "assets/serve-error.js")
    assert status == 200 and "mr-serve-error" in script
    log = served["log"].read_text(encoding="utf-8")
    assert f"{BROKEN_FILE}:{served['line']}" in log and "make validate" not in log, log
    assert "spara filen" in log and "appear stuck" not in log, log
    assert "[macros]" not in log, log  # mkdocs-macros' six INFO lines per rebuild are quieted

    served["file"].write_text(served["original"], encoding="utf-8")
    _, body = _wait_for(page, _is_real_page)
    assert served["process"].poll() is None
    # The editor's preview ends the page with its readability (LIX); the published site never shows it.
    assert 'class="mr-lix"' in body and "Sammanfattningen: LIX" in body, body[-2000:]


def test_open_tab_reloads_itself_when_the_fix_is_saved(served):
    page = served["base"] + "exempel/molndal-framm/"
    _wait_for(page, _is_error_page)
    tab = browser().new_page()
    try:
        tab.goto(page)
        assert tab.locator("#mr-serve-error li").count() == 1
        assert f"{BROKEN_FILE}:{served['line']}" in tab.locator("#mr-serve-error").inner_text()
        served["file"].write_text(served["original"], encoding="utf-8")
        tab.wait_for_selector("h1:has-text('Mölndal')", timeout=90_000)
        assert tab.locator("#mr-serve-error").count() == 0
    finally:
        tab.close()
