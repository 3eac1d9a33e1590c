"""Valid HTML: the W3C Nu HTML Checker (npm vnu-jar, run with Java) over every page of the real site.

0 errors from the project's templates and content. The one kind of error left comes from Material's base.html
(outside any template block, so no small override can fix it) and is allowed by its exact message and element:
autocomplete="off" on the theme's two hidden toggle checkboxes (drawer, search), which Material sets on purpose so
that Firefox does not restore an open drawer or search on reload."""
from __future__ import annotations

import json
import shutil
import subprocess

import browser_harness as harness
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

THEME_ERRORS = [
    # (start of the message, text the element's extract must contain)
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle" data-md-toggle="'),
]


def run_vnu(site) -> list[dict]:
    java = shutil.which("java")
    harness.require(java is not None, "java is missing: apt-get install openjdk-17-jre-headless")
    harness.require(VNU.exists(), f"{VNU} is missing: run `npm ci --omit=dev`")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)
    return json.loads(result.stderr or result.stdout)["messages"]


def is_theme_error(message: dict) -> bool:
    return any(message.get("message", "").startswith(text) and marker in message.get("extract", "")
               for text, marker in THEME_ERRORS)


def test_every_page_is_valid_html(real_site):
    messages = run_vnu(real_site)
    pages = {path.relative_to(real_site).as_posix() for path in real_site.rglob("*.html")}
    assert len(pages) > 60
    project = [m for m in messages if not is_theme_error(m)]
    report = "\n".join(f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m.get('message')}\n"
                       f"    {m.get('extract', '').strip()[:160]}" for m in project[:40])
    assert not project, f"{len(project)} HTML errors from the project (W3C Nu checker):\n{report}"


def test_checker_finds_errors(tmp_path):
    """The checker really runs: a page with the <p><ul> nesting the record pages once had is reported."""
    (tmp_path / "bad.html").write_text('<!DOCTYPE html><html lang="sv"><head><title>x</title></head><body>'
                                       "<p><ul><li>x</li></ul></p></body></html>", encoding="utf-8")
    messages = run_vnu(tmp_path)
    assert any("No “p” element in scope" in m["message"] for m in messages), messages
