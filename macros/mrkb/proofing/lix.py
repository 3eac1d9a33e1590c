"""LIX, läsbarhetsindex (Björnsson 1968): words per sentence plus the share of long words (more than six
letters) in per cent. Under 30 is very easy, 40 ordinary news text, over 50 hard, over 60 very hard."""
from __future__ import annotations

import re

_MARKUP = re.compile(r"\[\d{1,3}\]|\]\([^)]*\)|[*_`#>|]")
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9]+(?:[-:’'][A-Za-zÀ-ÖØ-öø-ÿ0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n\s*\n")
SUMMARY_LIMIT = 50


def lix(text: str) -> float | None:
    """The LIX of a text, or None for a text without words."""
    text = _MARKUP.sub(" ", text)
    words = _WORD.findall(text)
    if not words:
        return None
    sentences = max(1, len([part for part in _SENTENCE_END.split(text) if _WORD.search(part)]))
    long_words = sum(1 for word in words if len(re.sub(r"[^A-Za-zÀ-ÖØ-öø-ÿ]", "", word)) > 6)
    return len(words) / sentences + 100 * long_words / len(words)


def describe(value: float) -> str:
    if value < 30:
        return "mycket lätt"
    if value < 40:
        return "lätt"
    if value < 50:
        return "medelsvår"
    if value < 60:
        return "svår"
    return "mycket svår"


def readability_html(values: list[tuple[str, float | None]]) -> str:
    """The editor's note at the end of a page under the live preview: the LIX of each part, with its grade.
    values: (label, LIX or None). Only the preview shows it; the published site never does."""
    items = "".join(f"<li>{label}: LIX {value:.0f} ({describe(value)})</li>"
                    for label, value in values if value is not None)
    if not items:
        return ""
    return ('\n<aside class="mr-lix" aria-label="Läsbarhet (visas bara i förhandsvisningen)">'
            "<p><strong>Läsbarhet</strong> (bara i förhandsvisningen): under 40 är lätt, 40–50 medelsvårt, över 50 "
            f"svårt. Sammanfattningen får vara högst {SUMMARY_LIMIT}.</p><ul>{items}</ul></aside>\n")
