"""Swedish compound words split into parts the site itself knows, so a search for a part finds the whole word.

People type the part they remember: "analys" for målgruppsanalys, "dialog" for medborgardialog. A search index
matches whole words (and word beginnings), so the parts are found at build time and indexed with a low weight.
A part must be a word of the site's own vocabulary (titles, aliases, glossary terms) or of the small hand-kept
list below; a word is split only when EVERY piece is such a part, so "strategi" or "kommunikation" stay whole."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Common parts of the compounds this site uses, in the form they take inside a compound (no final -e: "medborgar").
# Add to it when a compound is not split; tests/test_compounds.py shows the words it must and must not split.
COMMON_PARTS = frozenset("""
    aktör analys arbete kommunikation arbets barn bas beslut budget certifiering dialog diskriminering
    förvaltning grupp handling integrering jämställdhet kartläggning kommun konsekvens
    lag ledning mål medborgar modell plan policy program redovisning region rätt rättighet samråd
    samhäll skydd strateg styr stöd tillgänglighet uppföljning utbildning utveckling verksamhet välfärd
""".split())
# Endings an inflected compound may carry after its last part: barnrättsstrateg-en, medborgardialog-er.
ENDINGS = ("", "en", "er", "ar", "or", "et", "na", "erna", "arna", "orna", "ens", "ets", "s")
MIN_PART = 4  # shorter words of the site's vocabulary ("och", "med", "för") are no parts; the hand list may add some
MIN_WORD = 7  # shorter words are hardly compounds worth splitting
_WORD = re.compile(r"[a-zåäöéü]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class CompoundSplitter:
    """Built once per build from the site's vocabulary; split() is cached per word."""

    def __init__(self, vocabulary: Iterable[str]):
        parts = set(COMMON_PARTS)
        for word in (w for text in vocabulary for w in words(text)):
            if len(word) >= MIN_PART:
                parts.add(word)
                if word[-1] in "ae" and len(word) > MIN_PART:
                    parts.add(word[:-1])  # "medborgare" -> "medborgar(dialog)", "flicka" -> "flick(or)"
        self.parts = frozenset(parts)
        self.split = lru_cache(maxsize=100_000)(self._split)

    def _split(self, word: str) -> tuple[str, ...]:
        """The word's parts (at least two, a linking -s- dropped), or () when it is no known compound."""
        return tuple(part for part, _ in self._linked_parts(word))

    def _linked_parts(self, word: str) -> list[tuple[str, str]]:
        """(part, linking letter) pairs: barnrättsstrateg -> (barn, ''), (rätt, 's'), (strateg, '')."""
        best = self._pieces(word.lower(), 0, {})
        return best if best and len(best) > 1 else []

    def _pieces(self, word: str, start: int, memo: dict) -> list[tuple[str, str]] | None:
        """The split of word[start:] into the most known parts (finest split), or None."""
        if start == len(word):
            return []
        if start in memo:
            return memo[start]
        best = None
        for end in range(start + 1, len(word) + 1):
            part = word[start:end]
            if part not in self.parts:
                continue
            if start > 0 and word[end:] in ENDINGS[1:]:  # the last part, inflected: a candidate, not the answer,
                best = best or [(part, "")]              # so a finer split found before it still wins
                continue
            nexts = [end] + ([end + 1] if end < len(word) - 1 and word[end] == "s" else [])  # fog-s: barnrätt-s-
            for following in nexts:
                rest = self._pieces(word, following, memo)
                if rest is not None and (best is None or len(rest) + 1 > len(best)):
                    best = [(part, word[end:following]), *rest]
        memo[start] = best
        return best

    def index_terms(self, texts: Iterable[str]) -> list[str]:
        """Every run of neighbouring parts shorter than the whole word, for the words in texts that are compounds:
        barnkonsekvensanalys -> barn, konsekvens, analys, barnkonsekvens, konsekvensanalys. Sorted, unique, and
        without words that already occur in texts."""
        seen_words = {w for text in texts for w in words(text)}
        terms = set()
        for word in seen_words:
            if len(word) < MIN_WORD:
                continue
            parts = self._linked_parts(word)
            for length in range(1, len(parts)):
                for first in range(len(parts) - length + 1):
                    run = parts[first:first + length]
                    terms.add("".join(part + link for part, link in run[:-1]) + run[-1][0])
        return sorted(terms - seen_words)
