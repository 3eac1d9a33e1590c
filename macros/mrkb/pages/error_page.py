"""The page a live preview shows instead of the site while data/ has problems: every problem as file:line with
what to do, in Swedish. Plain HTML with no inline script or style (the Content-Security-Policy allows neither);
assets/serve-error.js reloads it when a saved fix changes what the server answers."""
from __future__ import annotations

import hashlib
from html import escape

from ..base.problems import Problem

MARKER = "mr-serve-error"  # the id of the page's main element; the reload script looks for it


def error_page(problems: list[Problem], base_path: str) -> str:
    """base_path: the site's path on the server, e.g. "/" or "/mr-plattformen/" (the page is served at any URL,
    so its assets need absolute paths)."""
    problems = sorted(problems)
    fingerprint = hashlib.sha256("\n".join(p.format() for p in problems).encode()).hexdigest()[:16]
    items = "\n".join(_item(problem) for problem in problems)
    count = len(problems)
    base = escape(base_path.rstrip("/") + "/", quote=True)
    return f"""<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Datan har {count} fel – MR-plattformen</title>
<link rel="stylesheet" href="{base}assets/serve-error.css">
<script src="{base}assets/serve-error.js" defer></script>
</head>
<body>
<main id="{MARKER}" data-fingerprint="{fingerprint}">
<h1>Sidan kan inte visas: datan har {count} fel</h1>
<p>Förhandsvisningen byggs från filerna i <code>data/</code>. Rätta felen nedan i din redigerare och spara
filen. Sidan laddas om av sig själv när du har sparat, och den riktiga sidan kommer tillbaka när alla fel är
rättade.</p>
<ol class="problems">
{items}
</ol>
<p>Varje rad börjar med filen och radnumret (<code>fil:rad</code>). Mer hjälp finns i CONTRIBUTING.md under
"Så läser du ett felmeddelande".</p>
</main>
</body>
</html>
"""


def _item(problem: Problem) -> str:
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    field = f" <span class=\"field\">fältet <code>{escape(problem.field)}</code></span>" if problem.field else ""
    return (f"<li><code class=\"where\">{escape(where)}</code>{field}"
            f"<p>{escape(problem.message)}</p></li>")
