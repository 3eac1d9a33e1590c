"""Validate everything under data/: every problem in one run, in Swedish, with file:line:column.

Usage: python scripts/validate.py [project root]. Exit code 0 when valid, 1 when not."""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.data.loader import load_knowledge_base  # noqa: E402
from mrkb.base.problems import format_report  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else ROOT
    started = time.perf_counter()
    kb, problems = load_knowledge_base(root)
    elapsed = time.perf_counter() - started
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(records)} {folder}" for folder, records in kb.records.items())
    print(f"Datan är giltig: {counts} ({elapsed:.2f} s).")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(130)
