"""Spelling with a real Swedish dictionary: hunspell (the program) with the pinned npm dictionary `dictionary-sv`.

Hunspell applies the dictionary's compounding rules, so "barnrättsstrateg" is known without being listed. Words
the dictionary cannot know (names, places, abbreviations) come from the project's word list (stavning/ord.txt),
the records' titles and aliases, and the glossary's terms and synonyms. All unknown words of a run go to one
hunspell process, so the check costs a fraction of a second."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# A word: letters (Swedish and the accented letters of names), with inner hyphens ("MR-arbete") and colons
# ("FN:s", "DO:s"); digits make it a number or code, which is not checked.
# A word standing before "- och" keeps its hyphen ("hälso- och sjukvård"): hunspell knows it as a compound's first part.
_LETTERS = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
WORD = re.compile(rf"[{_LETTERS}]+(?:[-:’'][{_LETTERS}]+)*(?:-(?=[\s,]))?")
DICTIONARY = Path("node_modules") / "dictionary-sv" / "index"  # .aff and .dic, relative to the project root
WORD_LIST = Path("stavning") / "ord.txt"
# The project this code belongs to: its dictionary serves a converter that works on a copy of data/.
CODE_ROOT = Path(__file__).resolve().parents[3]


class SpellerMissing(Exception):
    """The dictionary or the hunspell program is not installed; the message says how to install it (Swedish)."""


def swedish_sort_key(word: str) -> tuple:
    """Swedish alphabetical order: å, ä, ö after z; case only breaks ties."""
    folded = word.casefold().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"}))
    return folded, word


def read_word_list(root: Path) -> list[str]:
    path = root / WORD_LIST
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Miss:
    word: str
    suggestions: list[str]


class Speller:
    def __init__(self, root: Path, known: set[str]):
        self.root = root
        self.known = known  # words known beside the dictionary, exact and lower-cased
        self.known_lower = {word.casefold() for word in known}
        # The project's own dictionary, else the one installed beside this code (a converter working on a copy).
        dictionary = next((base / DICTIONARY for base in (root, CODE_ROOT)
                           if (base / DICTIONARY).with_suffix(".dic").exists()), root / DICTIONARY)
        if not dictionary.with_suffix(".dic").exists():
            raise SpellerMissing(f"Den svenska ordlistan saknas ({DICTIONARY}.dic). Kör 'make test' en gång, "
                                 "eller 'npm ci', så installeras den.")
        self.program = shutil.which("hunspell")
        if not self.program:
            raise SpellerMissing("Programmet hunspell saknas. Installera det (Debian och Ubuntu: "
                                 "'apt-get install hunspell', macOS: 'brew install hunspell'); "
                                 "'bash .ci/run' installerar allt.")
        self.dictionary = dictionary

    def _is_known(self, word: str) -> bool:
        if word in self.known or word.casefold() in self.known_lower:
            return True
        # The genitive of a known name: "Emergas", "Mölndals" (a name the project knows, plus -s).
        return word[:1].isupper() and word.endswith("s") and word[:-1] in self.known

    def candidates(self, word: str) -> list[str]:
        """The forms of a word to look up: the word itself, then (for "MR-arbetet", "FN:s") its parts."""
        parts = [word]
        if "-" in word:
            parts += [part for part in word.split("-") if part]
        return parts

    def check(self, words: set[str]) -> dict[str, Miss]:
        """The words hunspell does not know and the project does not list, with suggestions."""
        unknown = set()
        for word in words:
            base = re.sub(r"(:s|:n|:en|:et|:ar|:ars|’s|'s)$", "", word)  # FN:s, DO:s, Malmö:s
            if self._is_known(word) or self._is_known(base) or len(base) < 2:
                continue
            unknown.add(base)
        if not unknown:
            return {}
        looked_up = sorted(unknown | {part for word in unknown if "-" in word for part in word.split("-") if part})
        # Pass 1, `-L`: the words hunspell does not know (a fraction of a second for every word of the site).
        rejected = set(self._run(["-L"], looked_up).splitlines())
        missed = {}
        for word in words:
            base = re.sub(r"(:s|:n|:en|:et|:ar|:ars|’s|'s)$", "", word)
            if base not in unknown or base not in rejected:
                continue
            if "-" in base:
                # A hyphenated compound is right when each part is a known word ("hbtq-certifierad", "MR-arbete").
                parts = [part for part in base.split("-") if part]
                if all(self._is_known(part) or part not in rejected for part in parts):
                    continue
            missed[word] = base
        # Pass 2, `-a`: suggestions, for the real misses only (suggesting is slow for Swedish compounds).
        suggestions = self._suggestions(sorted(set(missed.values())))
        return {word: Miss(word, suggestions.get(base, [])) for word, base in missed.items()}

    def _suggestions(self, words: list[str]) -> dict[str, list[str]]:
        if not words:
            return {}
        # -a: a banner line, then per input line one answer per word in it and a blank line. '&' unknown with
        # suggestions, '#' unknown without; '*', '+' and '-' known.
        answers = self._run(["-a"], words).split("\n\n")
        answers[0] = answers[0].split("\n", 1)[1] if "\n" in answers[0] else ""
        result = {}
        for word, block in zip(words, answers):
            found = []
            for line in block.splitlines():
                if line.startswith("&"):
                    found += [s.strip() for s in line.split(":", 1)[1].split(",")]
            result[word] = found[:5]
        return result

    def _run(self, mode: list[str], words: list[str]) -> str:
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        result = subprocess.run([self.program, *mode, "-i", "utf-8", "-d", str(self.dictionary)],
                                input="".join(f"^{word}\n" if mode == ["-a"] else f"{word}\n" for word in words),
                                capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
        if result.returncode != 0:
            raise SpellerMissing(f"hunspell kunde inte köras: {result.stderr.strip()[:300]}")
        return result.stdout
