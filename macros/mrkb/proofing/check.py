"""Proofreading over the whole project: every prose field in data/ and every page in docs/, all problems at once
(file:line:column, in Swedish), and the LIX of every summary and body for the report."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..base.problems import Problem
from ..data.yaml_source import parse_yaml
from . import typography
from .lix import SUMMARY_LIMIT, describe, lix
from .prose import Prose, data_prose, page_prose
from .spelling import CODE_ROOT, WORD, Speller, SpellerMissing, read_word_list

# Fields whose words name things: known words for the spelling check, beside the word list.
NAME_FIELDS = ("title", "term", "organisation", "aliases", "synonyms")


@dataclass
class Readability:
    path: str
    type: str  # the data folder ("exempel") or "sidor" for docs pages
    summary: float | None
    body: float | None


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    readability: list[Readability] = field(default_factory=list)
    spelling_skipped: str = ""  # why the spelling check did not run ("" when it ran)
    seconds: float = 0.0
    words_checked: int = 0

    def lix_table(self) -> list[tuple[str, int, float | None, float | None, float | None]]:
        """Per record type: (type, records, median summary LIX, median body LIX, highest summary LIX)."""
        rows = []
        for type_ in sorted({r.type for r in self.readability}):
            items = [r for r in self.readability if r.type == type_]
            summaries = [r.summary for r in items if r.summary is not None]
            bodies = [r.body for r in items if r.body is not None]
            rows.append((type_, len(items), statistics.median(summaries) if summaries else None,
                         statistics.median(bodies) if bodies else None, max(summaries) if summaries else None))
        return rows

    def lix_text(self) -> str:
        def number(value):
            return "–" if value is None else f"{value:.0f}".replace(".", ",")
        lines = ["Läsbarhet (LIX; under 40 lätt, 40–50 medelsvår, över 50 svår; sammanfattningar får vara högst "
                 f"{SUMMARY_LIMIT}):",
                 f"  {'typ':<12}{'antal':>6}{'sammanfattning':>16}{'brödtext':>10}{'högst':>7}"]
        for type_, count, summary, body, highest in self.lix_table():
            lines.append(f"  {type_:<12}{count:>6}{number(summary):>16}{number(body):>10}{number(highest):>7}")
        lines.append("  (medianer per typ; 'högst' är den svåraste sammanfattningen)")
        return "\n".join(lines)


def _data_files(root: Path) -> list[Path]:
    data = root / "data"
    return sorted(path for path in data.rglob("*.yml") if "schema" not in path.relative_to(data).parts[:1])


def _names(value, out: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in NAME_FIELDS:
                for text in (item if isinstance(item, list) else [item]):
                    if isinstance(text, str):
                        out.update(WORD.findall(text))
            else:
                _names(item, out)
    elif isinstance(value, list):
        for item in value:
            _names(item, out)


def _body_text(pieces: list[Prose]) -> str:
    return "\n\n".join(piece.text for piece in pieces if piece.kind == "body")


def proofread(root: Path, files: list[Path] | None = None, pages: bool = True) -> Report:
    """Check the given data files (default: all of data/) and, with pages, every page in docs/. Words of the
    titles and names in all of data/ count as known either way."""
    started = time.perf_counter()
    root = Path(root)
    report = Report()
    # The project's word list, and the one beside this code (a converter or test working on a copy of data/).
    known: set[str] = set(read_word_list(root)) | set(read_word_list(CODE_ROOT))
    pieces: list[Prose] = []
    checked = {(root / path).resolve() for path in files} if files is not None else None
    for path in _data_files(root):
        rel = path.relative_to(root).as_posix()
        raw = path.read_bytes()
        parsed, problems = parse_yaml(raw, rel)
        if parsed is None:
            continue  # the validator reports why
        _names(parsed.data, known)
        if checked is not None and path.resolve() not in checked:
            continue
        file_pieces = data_prose(rel, raw, parsed)
        pieces += file_pieces
        folder = Path(rel).parts[1] if len(Path(rel).parts) > 2 else ""
        summary = next((piece for piece in file_pieces if piece.field == "summary"), None)
        if folder and folder != "vokabular" and (summary or _body_text(file_pieces)):
            report.readability.append(Readability(rel, folder, lix(summary.text) if summary else None,
                                                  lix(_body_text(file_pieces)) if _body_text(file_pieces) else None))
            if summary and (lix(summary.text) or 0) > SUMMARY_LIMIT:
                line, col = summary.position(0)
                report.problems.append(Problem(
                    rel, line, col, "summary",
                    f"Sammanfattningen är svårläst (LIX {lix(summary.text):.0f}, högst {SUMMARY_LIMIT} tillåts). "
                    "Skriv kortare meningar och byt långa ord mot kortare."))
    for page in sorted((root / "docs").glob("*.md")) if pages else ():
        pieces += page_prose(root, page.relative_to(root).as_posix())

    # Typography, piece by piece.
    for piece in pieces:
        for finding in typography.check(piece.text):
            line, col = piece.position(finding.offset)
            report.problems.append(Problem(piece.path, line, col, piece.field, finding.message))

    # Spelling: every distinct word of the run to one hunspell process; each unknown word reported once per file,
    # where it first stands.
    occurrences: dict[tuple[str, str], tuple[Prose, int]] = {}
    for piece in pieces:
        if piece.kind == "sources":
            continue  # others' titles, often in English: typography only
        for match in WORD.finditer(piece.text):
            occurrences.setdefault((piece.path, match.group(0)), (piece, match.start()))
    words = {word for _, word in occurrences}
    report.words_checked = len(words)
    try:
        misses = Speller(root, known).check(words)
    except SpellerMissing as missing:
        report.spelling_skipped = str(missing)
        misses = {}
    for (path, word), (piece, offset) in sorted(occurrences.items(), key=lambda item: (item[0][0], item[1][1])):
        if word in misses:
            line, col = piece.position(offset)
            suggestions = misses[word].suggestions
            hint = f" Menade du: {', '.join(suggestions[:3])}?" if suggestions else ""
            report.problems.append(Problem(
                path, line, col, piece.field,
                f"Okänt ord '{word}'.{hint} Är ordet rätt stavat (ett namn, en ort eller en förkortning)? "
                "Lägg då till det i stavning/ord.txt."))
    report.seconds = time.perf_counter() - started
    return report
