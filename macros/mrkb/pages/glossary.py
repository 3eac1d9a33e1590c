"""Glossary abbreviations as <abbr title> tooltips in rendered HTML, and glossary synonyms for search."""
from __future__ import annotations

import html
import re

from ..base.html_text import substitute_in_text
from ..data.model import KnowledgeBase

# Text inside these elements is left alone: links and headings stay clean, code stays literal.
_SKIP = {"a", "abbr", "code", "pre", "script", "style", "h1", "h2", "h3", "title", "button", "label", "textarea"}


class Abbreviations:
    """Built once per build from the glossary; applied to every page's HTML."""

    def __init__(self, kb: KnowledgeBase):
        terms = (kb.glossary or {}).get("terms", [])
        self.titles = {t["term"]: f"{t['expansion']}" for t in terms if t.get("expansion")}
        words = sorted(self.titles, key=len, reverse=True)
        self.pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, words)) + r")(?![\w-])") if words else None
        # The same words without the word-boundary checks: ≈7× faster to rule out a page that names no term.
        self.quick_check = re.compile("|".join(map(re.escape, words))) if words else None

    def apply(self, page_html: str, glossary_url: str | None = None) -> str:
        """glossary_url: the glossary page's URL relative to this page; a term's first use then links to its entry
        there (/ordlista/#<term_slug>). Without it (no glossary page), the first use is focusable instead."""
        # One quick search over the whole page first: many pages name no glossary term, and any match inside a
        # text part is also a match in the whole page.
        if not self.quick_check or not self.quick_check.search(page_html):
            return page_html
        seen: set[str] = set()  # only a term's first <abbr> per page is focusable: one tab stop, not dozens
        wrap = lambda match: self._abbr(match, seen, glossary_url)  # noqa: E731 - binds this page's state
        return substitute_in_text(page_html, self.pattern, wrap, _SKIP)

    def _abbr(self, match: re.Match, seen: set[str], glossary_url: str | None) -> str:
        # Only a term's first use per page is a tab stop: a link to its glossary entry, whose title Material's
        # content.tooltips shows on hover, focus and touch (or, without a glossary page, the focusable <abbr>).
        word = match.group(1)
        title = html.escape(self.titles[word])
        first = word not in seen
        seen.add(word)
        if first and glossary_url is not None:
            href = html.escape(f"{glossary_url}#{term_slug(word)}")
            return f'<a class="mr-abbr" href="{href}" title="{title}"><abbr>{word}</abbr></a>'
        focusable = ' tabindex="0"' if first else ""
        return f'<abbr title="{title}"{focusable}>{word}</abbr>'


def search_synonyms(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Target page (type/id) -> glossary terms and synonyms that should find it in search."""
    result: dict[str, list[str]] = {}
    for term in (kb.glossary or {}).get("terms", []):
        if term.get("see"):
            result.setdefault(term["see"], []).extend([term["term"], *term.get("synonyms", [])])
    return result


_SLUG_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def term_slug(term: str) -> str:
    """The anchor of a glossary term on /ordlista/ (e.g. "Barnets bästa" -> "barnets-basta"). One definition shared
    by the glossary page, the tooltips and the search index, so a link to /ordlista/#<slug> always lands."""
    folded = term.lower().translate(_SLUG_FOLD)
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "term"
