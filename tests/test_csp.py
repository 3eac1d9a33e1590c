"""The Content-Security-Policy meta tag (macros/mrkb/outputs/csp.py): unit tests, and every built page has one."""
from __future__ import annotations

import base64
import hashlib
import re

from conftest import ROOT
from mrkb.outputs.csp import inline_script_hashes, policy, with_csp, worker_shim_hash

PAGE = ('<!doctype html><html><head><meta charset="utf-8"><script>var a=1</script>'
        '<script id="__config" type="application/json">{"search": "assets/javascripts/workers/search.a7633da7.min.js"}'
        '</script><script src="x.js"></script></head><body></body></html>')


def sha(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def test_hashes_only_inline_code():
    assert inline_script_hashes(PAGE) == [sha("var a=1")]  # not the JSON block, not the script file


def test_policy_is_self_only_with_wasm_only_when_asked():
    online, offline = policy(PAGE, wasm=True), policy(PAGE, wasm=False)
    for text in (online, offline):
        assert "default-src 'self'" in text and "unsafe-inline" not in text and " 'unsafe-eval'" not in text
        assert "script-src 'self' " + sha("var a=1") in text
        assert "http" not in text
    assert "'wasm-unsafe-eval'" in online and "wasm" not in offline


def test_meta_tag_comes_right_after_the_charset():
    result = with_csp(PAGE, wasm=False)
    assert re.search(r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="[^"]+">\s*<script>',
                     result)


def test_worker_shim_hash_is_the_one_chromium_asks_for():
    """The offline copy's iframe-worker shim writes an inline script into its iframe; Chromium reported this hash
    for that script with the theme's search worker (found by loading the offline copy without it)."""
    shim = (ROOT / "docs" / "assets" / "vendor" / "iframe-worker" / "shim.js").read_text(encoding="utf-8")
    assert worker_shim_hash(shim, PAGE) == "'sha256-zwEeX9SHbdbsDBu4WXpwOZty5sQXKT3c7Ic+TUtFsp0='"
    assert worker_shim_hash(shim, "<html></html>") is None  # no theme config: no worker, nothing to allow


def test_every_built_page_has_the_policy(synthetic_site):
    pages = [p for p in synthetic_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count('http-equiv="Content-Security-Policy"') == 1, page
        content = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
        for code in re.findall(r"<script>(.*?)</script>", html, re.S):
            assert sha(code) in content, f"{page}: an inline script without its hash"
