"""Source markers such as [1] or [2][3] in hand-written pages become links to the page's numbered source list.

Works on a page's HTML alone: the list is the first <ol> after the heading with id "kallor" ("## Källor"). Its
items get the ids kalla-1, kalla-2, …, and each marker [n] outside links, code and headings links to #kalla-n.
Contributors' record texts never match: their brackets are written as entities (safe_markdown)."""
from __future__ import annotations

import re

from ..base.html_text import substitute_in_text

_HEADING = re.compile(r'<h2 id="kallor"[^>]*>.*?</h2>\s*<ol>', re.DOTALL)
_ITEM = re.compile(r"<li>")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SKIP = {"a", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "title", "button", "label", "textarea"}
PREFIX = "kalla-"


def link_source_markers(page_html: str) -> str:
    heading = _HEADING.search(page_html)
    if not heading or "[" not in page_html[:heading.start()]:
        return page_html
    list_end = page_html.find("</ol>", heading.end())
    if list_end == -1:
        return page_html
    numbered = iter(range(1, 10_000))
    items = _ITEM.sub(lambda _: f'<li id="{PREFIX}{next(numbered)}">', page_html[heading.end():list_end])
    count = next(numbered) - 1
    body = _link_markers(page_html[:heading.start()], count)
    return body + page_html[heading.start():heading.end()] + items + page_html[list_end:]


def _link_markers(text_html: str, count: int) -> str:
    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= count:
            return match.group(0)
        return f'<a class="mr-source-ref" href="#{PREFIX}{number}" aria-label="Källa {number}">[{number}]</a>'

    return substitute_in_text(text_html, _MARKER, link, _SKIP)
