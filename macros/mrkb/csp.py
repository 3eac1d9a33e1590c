"""A Content-Security-Policy meta tag for every page, computed from the finished HTML (works on HTML alone).

Everything comes from the site itself. The theme's few inline scripts (colour scheme, base URL, local storage
helpers) are allowed by their SHA-256 hash, so no other inline script can run; they differ per page (relative
base URL), hence the hashes are computed per page. JSON data blocks are never run and need no hash.
'wasm-unsafe-eval' is added only where the search needs WebAssembly (Pagefind, online)."""
from __future__ import annotations

import base64
import hashlib
import re

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


def inline_script_hashes(page_html: str) -> list[str]:
    hashes = []
    for attributes, code in _INLINE_SCRIPT.findall(page_html):
        if _DATA_TYPE.search(attributes):
            continue
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(hashes))


def policy(page_html: str, wasm: bool) -> str:
    scripts = ["'self'", *inline_script_hashes(page_html)] + (["'wasm-unsafe-eval'"] if wasm else [])
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


def with_csp(page_html: str, wasm: bool) -> str:
    """The page with its policy as the first thing after <meta charset>, before any script can run."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(page_html, wasm)}">'
    match = _CHARSET.search(page_html)
    if match is None:
        return page_html
    return page_html[:match.end()] + "\n    " + tag + page_html[match.end():]
