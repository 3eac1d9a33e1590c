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
