"""`make pdf`: the whole guide and the handouts as tagged PDF (PDF/UA-1) in <site>/pdf/, built with WeasyPrint.

Independent of `mkdocs build`: it reads data/ and docs/ itself, so it can run before, after or without the site.
build_all(site_dir) returns timings in seconds, for `make bench`. Up to two processes (the machine has two cores).

    python scripts/build_pdf.py [--site-dir site] [--only guide|handouts] [--jobs N]"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb import print_document  # noqa: E402
from mrkb import print_selfassessment  # noqa: E402
from mrkb.print_pages import render_pages  # noqa: E402
from mrkb.site import load_site  # noqa: E402

# Hand-written pages that stay out of the guide: the start page (cards only), the glossary (printed from
# data/ordlista.yml), the download pages (PDF, open data).
NOT_PRINTED = {"index.md", "ordlista.md", "utskrift.md", "oppna-data.md",
               "sjalvskattning.md"}  # a form; its blank worksheet is a PDF of its own (print_selfassessment)


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def print_meta(root: Path) -> print_document.PrintMeta:
    """Title and site URL from mkdocs.yml; date and version from the last commit (today outside a checkout)."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    title = re.search(r"^site_name:\s*(.+)$", config, flags=re.MULTILINE).group(1).strip()
    site_url = os.environ.get("SITE_URL") or ""
    if not site_url:
        match = re.search(r'^site_url:.*?"(https?://[^"]+)"', config, flags=re.MULTILINE) or \
            re.search(r"^site_url:\s*(https?://\S+)", config, flags=re.MULTILINE)
        site_url = match.group(1) if match else ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    date = _git(root, "log", "-1", "--format=%cs") or dt.date.today().isoformat()
    version = _git(root, "rev-parse", "--short", "HEAD") or date
    return print_document.PrintMeta(title=title, date=date, version=version, site_url=site_url)


def printed_pages(root: Path) -> list[str]:
    """Hand-written pages in navigation order (from mkdocs.yml), without generated listings and NOT_PRINTED."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    nav = config.split("\nnav:", 1)[1] if "\nnav:" in config else ""
    paths = re.findall(r"^\s+- [^:\n]+:\s*(\S+\.md)\s*$", nav, flags=re.MULTILINE)
    return [p for p in paths if p not in NOT_PRINTED and "/" not in p]


class _Renderer:
    """What each worker process loads once: the knowledge base, the metadata, the stylesheet and its fonts."""

    def __init__(self, root: Path, site_dir: Path, warn=None):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        import logging
        # WeasyPrint logs every CSS property it ignores; only real errors matter here.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        self.root, self.site_dir, self.warn = root, site_dir, warn or _stderr
        self.kb = load_site(root).kb
        self.meta = print_meta(root)
        self.font_config = FontConfiguration()
        self.stylesheet = CSS(filename=str(print_document.PRINT_CSS), font_config=self.font_config)

    def write(self, document: print_document.Document, path: str) -> None:
        from weasyprint import HTML
        target = self.site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        HTML(string=document.html, base_url=str(self.root)).write_pdf(
            target, stylesheets=[self.stylesheet], font_config=self.font_config, pdf_variant="pdf/ua-1",
            custom_metadata=True)

    def guide(self) -> float:
        started = time.perf_counter()
        pages = render_pages(self.kb, self.root / "docs", printed_pages(self.root), self.meta.site_url, self.warn)
        self.write(print_document.guide_html(self.kb, self.meta, pages), print_document.GUIDE_PATH)
        self.write(print_selfassessment.worksheet_document(self.kb, self.meta), print_selfassessment.WORKSHEET_PATH)
        return time.perf_counter() - started

    def handouts(self, start: int, stop: int) -> float:
        started = time.perf_counter()
        for path, document in print_document.handouts(self.kb, self.meta)[start:stop]:
            self.write(document, path)
        return time.perf_counter() - started


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


_worker: _Renderer | None = None


def _init_worker(root: Path, site_dir: Path) -> None:
    global _worker
    _worker = _Renderer(root, site_dir)


def _run(task: tuple) -> tuple[str, float]:
    kind, *span = task
    return kind, (_worker.guide() if kind == "guide" else _worker.handouts(*span))


HANDOUTS_PER_TASK = 8


def build_all(site_dir: Path | str, root: Path | str = ROOT, only: str | None = None,
              jobs: int | None = None) -> dict[str, float]:
    """Write <site_dir>/pdf/mr-plattformen.pdf and every handout, in `jobs` processes (default: up to 2).

    Returns {"guide": s, "handouts": s, "handout_count": n, "total": wall-clock s}; guide and handouts are the
    time spent on each, summed over processes."""
    started = time.perf_counter()
    root, site_dir = Path(root).resolve(), Path(site_dir).resolve()
    count = len(print_document.handouts(load_site(root).kb, print_meta(root))) if only != "guide" else 0
    tasks = [("guide",)] if only in (None, "guide") else []
    tasks += [("handouts", i, i + HANDOUTS_PER_TASK) for i in range(0, count, HANDOUTS_PER_TASK)]
    jobs = max(1, min(jobs or min(2, os.cpu_count() or 1), len(tasks)))
    if "fork" not in multiprocessing.get_all_start_methods():
        jobs = 1
    timings = {"guide": 0.0, "handouts": 0.0, "handout_count": count}
    if jobs == 1:
        _init_worker(root, site_dir)
        results = [_run(task) for task in tasks]
    else:
        # fork, not spawn: spawn re-runs the caller's main script, which breaks callers without a __main__ guard
        # (benchmarks, one-off scripts). The parent has not loaded WeasyPrint, so no font state is shared.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(root, site_dir)) as pool:
            results = list(pool.map(_run, tasks))
    for kind, seconds in results:
        timings[kind] += seconds
    timings["total"] = time.perf_counter() - started
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default=str(ROOT / "site"))
    parser.add_argument("--only", choices=["guide", "handouts"])
    parser.add_argument("--jobs", type=int, help="antal processer (standard: högst 2)")
    args = parser.parse_args()
    timings = build_all(args.site_dir, only=args.only, jobs=args.jobs)
    print(f"PDF klart i {args.site_dir}/pdf/: helheten {timings['guide']:.1f} s, "
          f"{timings['handout_count']} utdelningsblad {timings['handouts']:.1f} s; klart efter {timings['total']:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
