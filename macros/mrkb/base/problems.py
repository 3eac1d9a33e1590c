"""A validation problem: where it is (file, line, column) and what to do about it, in Swedish."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based
    field: str  # dotted field path, e.g. "sources.0.url", or "" for the whole file
    message: str

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        field = f" fältet '{self.field}':" if self.field else ""
        return f"{where}:{field} {self.message}"


class ValidationFailed(Exception):
    """Raised by adapters when the data has problems; carries every problem found in one run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


# What to do once the problems are fixed: run the validator again, or (under a live preview) just save the file.
NEXT_STEP = {"validate": "kör 'make validate' igen", "serve": "spara filen, så byggs förhandsvisningen om"}


def format_report(problems: list[Problem], next_step: str = "validate") -> str:
    lines = [p.format() for p in sorted(problems)]
    count = len(problems)
    them = "dem" if count != 1 else "det"
    folders = sorted({p.path.split("/")[0] + "/" for p in problems} | {"data/"})
    where = " och ".join(folders) if len(folders) < 3 else ", ".join(folders[:-1]) + " och " + folders[-1]
    lines.append(f"{count} fel hittades i {where}. Rätta {them} och {NEXT_STEP[next_step]}.")
    return "\n".join(lines)
