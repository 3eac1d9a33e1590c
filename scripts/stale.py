"""List records that are due for review: `make stale` (or `make stale MONTHS=12`).

Usage: python scripts/stale.py [--months N] [--today ÅÅÅÅ-MM-DD] [--root PROJECT_ROOT].
A report, not a gate: exit code 0 whatever it finds; 1 only for bad arguments."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.data.loader import load_knowledge_base  # noqa: E402
from mrkb.data.stale import DEFAULT_MONTHS, format_table, stale_records  # noqa: E402


class _SwedishParser(argparse.ArgumentParser):
    def error(self, message):
        print(f"Fel: {message}\nSkriv till exempel: make stale MONTHS=12", file=sys.stderr)
        sys.exit(1)


def main(argv: list[str]) -> int:
    parser = _SwedishParser(description="Visa poster som inte har granskats på länge.")
    parser.add_argument("--months", default=str(DEFAULT_MONTHS), help="antal månader (standard 24)")
    parser.add_argument("--today", default="", help="räkna från detta datum i stället för i dag (ÅÅÅÅ-MM-DD)")
    parser.add_argument("--root", type=Path, default=ROOT, help="projektets rotmapp")
    args = parser.parse_args(argv)
    if not args.months.isdigit() or not 0 < int(args.months) < 1200:
        parser.error(f"antalet månader ska vara ett heltal större än 0, inte '{args.months}'")
    try:
        today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    except ValueError:
        parser.error(f"datumet '{args.today}' ska ha formen ÅÅÅÅ-MM-DD")
    months = int(args.months)
    kb, problems = load_knowledge_base(args.root)
    if problems:
        print(f"Obs: data/ har {len(problems)} fel (kör 'make validate'). Poster med fel saknas i listan.\n",
              file=sys.stderr)
    print(format_table(stale_records(kb, today, months), months, today))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
