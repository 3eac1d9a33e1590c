"""Swedish typography: the rules a proofreader would mark, each with the fix named in its message."""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str


_STRAIGHT_QUOTES = re.compile(r'"([^"\n]{0,300})"|"')
# A range of years or numbers written with a hyphen: 2016-2018, 5-10. Not ISO dates (2019-06-13), not codes.
_HYPHEN_RANGE = re.compile(r"(?<![\w./:-])([1-9]\d{0,3})-([1-9]\d{0,3}|0)(?![\w/:-])")
_SPACE_BEFORE = re.compile(r"(?<=[^\s\x00])[ \t]+([,.;:!?])(?=\s|$)")
_CAPITALISED = re.compile(r"\b(" + "|".join(word.capitalize() for word in MONTHS + WEEKDAYS) + r")\b")
_SENTENCE_START = re.compile(r"(^|[.!?:]\s+|[–—-]\s+|[\"”(]\s*|\n\s*[-*+]?\s*|#\s+|\|\s*)$")
_TWO_SPACES = re.compile(r"(?<=[.!?])  +(?=[A-ZÅÄÖ])|(?<=[^\s.!?])  +(?=\S)")


def check(text: str) -> list[Finding]:
    findings = []
    for match in _STRAIGHT_QUOTES.finditer(text):
        inner = match.group(1)
        suggestion = f"”{inner}”" if inner is not None else "”"
        findings.append(Finding(match.start(), f"Raka citattecken. Skriv svenska citattecken: {suggestion}"))
    for match in _HYPHEN_RANGE.finditer(text):
        first, second = match.groups()
        if second != "0" and len(first) == len(second) and int(second) <= int(first):
            continue  # not a range (e.g. a code like 12-10)
        findings.append(Finding(match.start(), f"Skriv tankstreck i intervall: {first}–{second} "
                                               f"i stället för {match.group(0)}"))
    for match in _SPACE_BEFORE.finditer(text):
        findings.append(Finding(match.start(), f"Mellanslag före '{match.group(1)}'. Ta bort mellanslaget."))
    for match in _CAPITALISED.finditer(text):
        before = text[max(0, match.start() - 40):match.start()]
        if _SENTENCE_START.search(before) or match.start() == 0:
            continue
        findings.append(Finding(match.start(), f"Månader och veckodagar skrivs med liten bokstav: "
                                               f"{match.group(1).lower()}"))
    for match in _TWO_SPACES.finditer(text):
        findings.append(Finding(match.start(), "Två mellanslag. Skriv ett mellanslag mellan ord och meningar."))
    return sorted(findings, key=lambda finding: finding.offset)
