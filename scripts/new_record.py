"""Create a new record from its schema: `make new TYPE=exempel ID=lunds-barnrattsarbete`.

Usage: python scripts/new_record.py TYPE ID [--root PROJECT_ROOT]. Exit code 0 when the file was written,
1 when it was not (unknown type, invalid id, file exists); the reason is printed in Swedish."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.data.model import RECORD_TYPES  # noqa: E402
from mrkb.data.scaffold import ScaffoldError, new_record  # noqa: E402


class _SwedishParser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own errors are English and exit 2; keep to 0/1 and Swedish
        print(f"Fel: {message}\nSkriv till exempel: make new TYPE=exempel ID=lunds-barnrattsarbete", file=sys.stderr)
        sys.exit(1)


def main(argv: list[str]) -> int:
    parser = _SwedishParser(description="Skapa en ny post från schemat.")
    parser.add_argument("type", nargs="?", default="", help=f"en av: {', '.join(RECORD_TYPES)}")
    parser.add_argument("id", nargs="?", default="", help="postens id, till exempel lunds-barnrattsarbete")
    parser.add_argument("--root", type=Path, default=ROOT, help="projektets rotmapp")
    args = parser.parse_args(argv)
    if not args.type:
        print(f"Typ saknas. Välj en av: {', '.join(RECORD_TYPES)}.\n"
              "Skriv till exempel: make new TYPE=exempel ID=lunds-barnrattsarbete", file=sys.stderr)
        return 1
    try:
        path = new_record(args.root, args.type, args.id)
    except ScaffoldError as error:
        print(f"Ingen fil skapades. {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Ingen fil skapades: filen gick inte att skriva ({error.strerror or error}).", file=sys.stderr)
        return 1
    print(f"Skapade data/{path.parent.name}/{path.name}.\n"
          "1. Öppna filen och fyll i fälten. Hjälptexten står ovanför varje fält.\n"
          "2. Kör 'make validate': felen visar vilka rader som återstår (fil:rad:kolumn).\n"
          "3. Kör 'make serve' och titta på sidan i webbläsaren.")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
