"""Validate everything under data/ and proofread data/ and docs/: every problem in one run, in Swedish, with
file:line:column, then the readability (LIX) of the summaries and bodies.

Usage: python scripts/validate.py [project root]. Exit code 0 when valid, 1 when not."""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.data.loader import load_knowledge_base  # noqa: E402
from mrkb.base.problems import format_report  # noqa: E402
from mrkb.proofing.check import proofread  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else ROOT
    started = time.perf_counter()
    kb, problems = load_knowledge_base(root)
    elapsed = time.perf_counter() - started
    # Proofreading reads the files itself, so its problems come in the same run even when the data is invalid.
    proofing = proofread(root)
    problems = problems + proofing.problems
    if proofing.spelling_skipped:
        # A warning, not an error: an editor without hunspell still gets every other check (CI has it, and
        # tests/test_proofing.py fails there if it is missing).
        print(f"OBS: stavningskontrollen kördes inte. {proofing.spelling_skipped}", file=sys.stderr)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(records)} {folder}" for folder, records in kb.records.items())
    print(f"Datan är giltig: {counts} ({elapsed:.2f} s).")
    print(f"Språkgranskningen hittade inga fel: stavning ({proofing.words_checked} olika ord), typografi och "
          f"läsbarhet ({proofing.seconds:.2f} s).")
    print(proofing.lix_text())
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(130)
