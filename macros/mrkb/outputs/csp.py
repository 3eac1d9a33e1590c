"""A Content-Security-Policy meta tag for every page, computed from the finished HTML (works on HTML alone).

Everything comes from the site itself. The theme's few inline scripts (colour scheme, base URL, local storage
helpers) are allowed by their SHA-256 hash, so no other inline script can run; they differ per page (relative
base URL), hence the hashes are computed per page. JSON data blocks are never run and need no hash.
'wasm-unsafe-eval' is added only where the search needs WebAssembly (Pagefind, online)."""
from __future__ import annotations

import base64
import hashlib
import json
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


def _hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(page_html: str) -> list[str]:
    return list(dict.fromkeys(_hash(code) for attributes, code in _INLINE_SCRIPT.findall(page_html)
                              if not _DATA_TYPE.search(attributes)))


def _function_source(script: str, name: str) -> str | None:
    """The source text of `function name(...){...}` in a script, as Function.prototype.toString gives it."""
    start = script.find(f"function {name}(")
    if start < 0:
        return None
    depth, position = 0, script.index("{", start)
    for position in range(position, len(script)):
        depth += {"{": 1, "}": -1}.get(script[position], 0)
        if depth == 0:
            return script[start:position + 1]
    return None


def worker_shim_hash(shim_js: str, page_html: str) -> str | None:
    """The hash of the inline script that the offline copy's Web Worker shim (iframe-worker) writes into its
    iframe, which inherits the page's policy. The shim builds it from its own functions and the worker's URL
    (the theme's search worker, from the page's __config), so it is rebuilt here the same way."""
    template = re.search(r"document\.write\(`(.*?)`\)", shim_js, re.S)
    script = template and re.search(r"<script>(.*?)<\\/script>", template.group(1), re.S)
    config = _CONFIG.search(page_html)
    if not script or not config:
        return None
    worker = json.loads(config.group(1)).get("search", "")
    code = re.sub(r"\$\{(\w+)\}", lambda m: _function_source(shim_js, m.group(1)) or worker, script.group(1))
    return _hash(code)


def policy(page_html: str, wasm: bool, worker_shim: str = "") -> str:
    scripts = ["'self'", *inline_script_hashes(page_html)] + (["'wasm-unsafe-eval'"] if wasm else [])
    shim_hash = worker_shim_hash(worker_shim, page_html) if worker_shim else None
    if shim_hash:
        scripts.append(shim_hash)
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(scripts),
        "style-src 'self'",
        "img-src 'self' data:",  # the theme's icons are data: SVGs in its CSS
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def with_csp(page_html: str, wasm: bool, worker_shim: str = "") -> str:
    """The page with its policy as the first thing after <meta charset>, before any script can run.
    worker_shim: the source of the offline copy's Web Worker shim, when the page loads it."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html, wasm, worker_shim)}">'
    match = _CHARSET.search(page_html)
    if match is None:
        return page_html
    return page_html[:match.end()] + "\n    " + tag + page_html[match.end():]
