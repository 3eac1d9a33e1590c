"""`make pdf`: the guide, the handouts, the worksheets and the workshop kits as tagged PDF (PDF/UA-1) in
<site>/pdf/, with WeasyPrint. `make build` makes the same PDFs the same way (macros/mrkb/print/build.py), from
the same cache: only PDFs whose content changed are rendered again.

Independent of `mkdocs build`: it reads data/ and docs/ itself. build_all(site_dir) returns timings in seconds,
for `make bench`. Up to two processes (the machine has two cores).

    python scripts/build_pdf.py [--site-dir site] [--only guide|handouts] [--jobs N] [--cache-only]
                                [--site-url URL]"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.print import build as print_build  # noqa: E402
from mrkb.print import document as print_document
from mrkb.site import load_site  # noqa: E402


def print_meta(root: Path, site_url: str | None = None) -> print_document.PrintMeta:
    """Title and site URL as the site build sees them (mkdocs.yml, SITE_URL); date and version from git."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    title = re.search(r"^site_name:\s*(.+)$", config, flags=re.MULTILINE).group(1).strip()
    if site_url is None:
        site_url = os.environ.get("SITE_URL") or print_build.configured_site_url(config)
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return print_build.print_meta(root, title, site_url)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def build_all(site_dir: Path | str | None, root: Path | str = ROOT, only: str | None = None,
              jobs: int | None = None, site_url: str | None = None) -> dict[str, float]:
    """Write <site_dir>/pdf/mr-plattformen.pdf and every handout, worksheet and kit (site_dir None: only fill
    the cache). Returns {"guide": s, "handouts": s, "handout_count": n, "rendered": n, "total": wall-clock s};
    guide and handouts are the rendering time spent on each, summed over processes (0 when cached)."""
    started = time.perf_counter()
    root = Path(root).resolve()
    planned = print_build.plan(root, load_site(root).kb, print_meta(root, site_url), warn=_stderr)
    if only == "guide":
        planned = planned[:1]
    elif only == "handouts":
        planned = planned[1:]
    seconds = print_build.render(planned, jobs)
    if site_dir is not None:
        print_build.publish(planned, Path(site_dir).resolve())
    guide = seconds.get(print_document.GUIDE_PATH, 0.0)
    return {"guide": guide, "handouts": sum(seconds.values()) - guide,
            "handout_count": sum(1 for job in planned if job.path != print_document.GUIDE_PATH),
            "rendered": len(seconds), "total": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    parser.add_argument("--only", choices=["guide", "handouts"])
    parser.add_argument("--jobs", type=int, help="antal processer (standard: högst 2)")
    parser.add_argument("--cache-only", action="store_true",
                        help="bara göra PDF-filerna i cachen (make serve gör så medan du arbetar)")
    parser.add_argument("--site-url", help="webbplatsens adress (standard: SITE_URL eller mkdocs.yml)")
    args = parser.parse_args()
    timings = build_all(None if args.cache_only else args.site_dir, only=args.only, jobs=args.jobs,
                        site_url=args.site_url)
    where = "cachen" if args.cache_only else f"{args.site_dir}/pdf/"
    print(f"PDF klart i {where}: {timings['rendered']} av {timings['handout_count'] + 1} gjordes om "
          f"(helheten {timings['guide']:.1f} s, övriga {timings['handouts']:.1f} s), resten från cachen; "
          f"klart efter {timings['total']:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
