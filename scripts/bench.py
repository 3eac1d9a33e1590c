"""`make bench`: how validation and the build scale with the number of records, measured against the floor.

For each size it writes a synthetic project (scripts/synthetic.py, ≈300-word examples) and measures, all in one run:
- validation: `python scripts/validate.py` as a fresh process (what `make validate` costs);
- our build: `mkdocs build --strict` with the hooks and the macros plugin. The data layer renders pages on a
  second core where there is one (macros/mrkb/base/background.py); the same build on one core (MR_BUILD_WORKER=0) is
  measured too, so the table shows what the second core buys;
- the floor: the SAME generated Markdown pages (from load_site(root).pages(root)) in a plain docs folder, built by
  plain MkDocs Material with the same theme, features, Markdown extensions, search and nav, but without hooks and
  without the macros plugin. On one core our build can never be faster than this; the ratio is what the data
  layer adds to the build time;
- the HTML size of one example page and the size of the search index (Pagefind's bundle, built after MkDocs by
  the hooks, so it is part of our build time; the floor builds the theme's own lunr index instead);
- in headless Chromium against a local server that compresses like a real host (scripts/browser_cost.py): the
  bytes of one example page view and of the first search on it, ours and the floor's, and the time from a typed
  query to its rendered results (median of several queries);
- the PDF build (`make pdf`) at small sizes;
- the whole build as `make build` runs it (PDFs and offline zip), cold (empty caches) and warm (again, nothing
  changed), with the PDF and offline-copy times of the cold build, next to our build without them (--full-sizes).
- the search relevance suite (tests/search_relevance.yml, scripts/search_relevance.py) on the real project:
  success@1, success@3 and mean reciprocal rank, online (Pagefind, over http) and offline (the unzipped offline
  copy from file://), in Chromium.
Builds of our project and the floor alternate, so noise from other work on the machine hits both alike; the
table shows medians of the times, and of the ratios of each build to the floor build run next to it.
Progress goes to stderr, the Markdown table to stdout.

    python scripts/bench.py [--sizes 100,1000,5000] [--repeats 5,5,3] [--pdf-sizes 100] [--full-sizes 100]
                            [--profile DIR] [--no-relevance]
"""
from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
sys.path.insert(0, str(ROOT / "tests"))
# The test suite's project copier is the one definition of "a project with synthetic data and minimal docs".
from conftest import copy_project  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402
from mrkb.site import load_site  # noqa: E402

SIZES = (100, 1000, 5000)
REPEATS = (5, 5, 3)  # medians: this machine is shared, single runs vary by ±10 %
PDF_SIZES = (100,)
# The whole build cold renders every PDF: ≈0.5 s per example on this machine, so only small sizes by default.
FULL_SIZES = (100,)
TARGET_FULL_WARM_RATIO = 1.25  # the PDF holds every record; at thousands of examples WeasyPrint alone takes many minutes
EXAMPLE_PAGE = "exempel/syntetiskt-exempel-00001/index.html"
# Builds without the PDFs and the offline zip (MR_PDF=0, MR_OFFLINE_ZIP=0): the floor has neither, and the PDFs
# are measured on their own (time_pdf, with an empty cache).
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600", "MR_PDF": "0",
             "MR_OFFLINE_ZIP": "0"}

# Targets from the issue; checked and printed under the table.
TARGET_FLOOR_RATIO = 1.15
TARGET_GROWTH_PER_5X = 5.5
TARGET_PAGE_KB = 60
TARGET_VALIDATE_S = 3.0
TARGET_FIRST_QUERY_KB = 150


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@dataclass
class SizeResult:
    examples: int
    pages: int = 0
    validate_runs: list[float] = field(default_factory=list)
    build_runs: list[float] = field(default_factory=list)
    one_core_runs: list[float] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    example_page_kb: float = 0.0
    search_index_kb: float = 0.0
    page_load_kb: float | None = None
    first_query_kb: float | None = None
    keystroke_ms: float | None = None
    floor_page_load_kb: float | None = None
    browser_error: str = ""
    pdf_s: float | None = None
    pdf_error: str = ""
    proofing_s: float | None = None  # spelling, typography and LIX over the whole data set, in-process
    proofing_words: int = 0
    full_cold_s: float | None = None  # `make build` with empty caches: PDFs and offline zip made
    full_warm_s: float | None = None  # the same again: everything from the caches
    full_pdf_s: float | None = None  # of the cold build: rendering the PDFs
    full_offline_s: float | None = None  # of the cold build: the offline copy and its zip
    full_error: str = ""

    @property
    def full_warm_ratio(self) -> float | None:
        return None if self.full_warm_s is None else self.full_warm_s / self.build_s

    @property
    def validate_s(self) -> float:
        return statistics.median(self.validate_runs)

    @property
    def build_s(self) -> float:
        return statistics.median(self.build_runs)

    @property
    def floor_s(self) -> float:
        return statistics.median(self.floor_runs)

    @property
    def one_core_s(self) -> float:
        return statistics.median(self.one_core_runs)

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.build_s / self.pages

    # Ratios pair each build with the floor build run next to it and take the median: neighbouring runs share the
    # machine's state of the moment, which on this shared machine drifts by 10–20 % over minutes.
    @property
    def floor_ratio(self) -> float:
        return self._paired_ratio(self.build_runs)

    @property
    def one_core_ratio(self) -> float:
        return self._paired_ratio(self.one_core_runs)

    def _paired_ratio(self, runs: list[float]) -> float:
        return statistics.median(ours / floor for ours, floor in zip(runs, self.floor_runs))


def make_project(dest: Path, examples: int) -> Path:
    project = copy_project(dest, data="synthetic", examples=examples, docs="minimal")
    # Bytecode for the project's own Python, as Python writes it on the first run anywhere PYTHONDONTWRITEBYTECODE
    # is not set (it is set on this machine). Otherwise every build compiles macros/ again, ≈25 ms the floor,
    # with no Python of its own, never pays.
    compileall.compile_dir(project / "macros", quiet=1)
    return project


def make_floor_project(project: Path, dest: Path) -> Path:
    """The same pages as plain Markdown files, and mkdocs.yml without hooks and the macros plugin."""
    shutil.copytree(project / "docs", dest / "docs")
    for page in load_site(project).pages(project):
        target = dest / "docs" / page.doc_path
        if target.exists():  # a hand-written page wins, as in the hook
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", dest / "overrides")
        # The floor searches with the theme's own search box: Material's header, not our dialog and its script.
        (dest / "overrides" / "partials" / "header.html").unlink(missing_ok=True)
        main = dest / "overrides" / "main.html"
        if main.exists():
            main.write_text("".join(line for line in main.read_text(encoding="utf-8").splitlines(keepends=True)
                                    if "assets/search." not in line), encoding="utf-8")
    config = yaml_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config["plugins"] = [p for p in config.get("plugins", [])
                         if (next(iter(p)) if isinstance(p, dict) else p) != "macros"]
    # The floor searches with the theme's own plugin (our build replaces it with Pagefind, run by the hooks).
    config["plugins"].insert(0, {"search": {"lang": "sv"}})
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def _timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env or BUILD_ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} misslyckades i {cwd}:\n{result.stdout}\n{result.stderr}")
    return elapsed


def time_validate(project: Path) -> float:
    return _timed([sys.executable, "scripts/validate.py"], project)


def time_build(project: Path, one_core: bool = False) -> float:
    env = {**BUILD_ENV, "MR_BUILD_WORKER": "0"} if one_core else BUILD_ENV
    return _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], project, env)


def time_proofing(project: Path) -> tuple[float, int]:
    """Proofreading alone (part of validation), with the project's dictionary: (seconds, distinct words)."""
    from mrkb.proofing.check import proofread
    if not (project / "node_modules").exists() and (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    started = time.perf_counter()
    report = proofread(project)
    return time.perf_counter() - started, report.words_checked


def proofing_report(results: list[SizeResult]) -> str:
    """Proofreading time per size, and the readability of the real content per record type."""
    from mrkb.proofing.check import proofread
    lines = ["", "Språkgranskning (stavning, typografi, LIX) över all data, i samma process:", "",
             "| Exempel | Tid (s) | Olika ord |", "|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: r.examples):
        if r.proofing_s is not None:
            lines.append(f"| {r.examples} | {r.proofing_s:.2f} | {r.proofing_words} |")
    real = proofread(ROOT)
    lines += ["", f"Det riktiga innehållet: {real.seconds:.2f} s, {len(real.problems)} fel. " + real.lix_text()]
    return "\n".join(lines)


def profile_build(project: Path, out: Path) -> None:
    """One extra build under cProfile; read it with `python -m pstats FILE` (sort cumulative, stats 40)."""
    _timed([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", "build", "--strict", "--quiet"],
           project)


def time_pdf(project: Path) -> float | None:
    """`make pdf` (scripts/build_pdf.py, build_all) on the project's site; None when it is not available."""
    try:
        import build_pdf
    except ImportError:
        return None
    import logging
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from mrkb.print import build as print_build
    print_build.CACHE_DIR = project / "pdf-cache"  # empty: every PDF is rendered, as in a first build
    started = time.perf_counter()
    build_pdf.build_all(project / "site", root=project)
    return time.perf_counter() - started


def time_full_build(project: Path, cache: Path) -> tuple[float, float | None, float | None]:
    """`make build` (PDFs and offline zip) with its caches in `cache`: (seconds, PDF seconds, offline seconds)."""
    env = {**BUILD_ENV, "MR_PDF": "1", "MR_OFFLINE_ZIP": "1", "XDG_CACHE_HOME": str(cache)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build misslyckades i {project}:\n{result.stderr[-2000:]}")
    pdf = re.search(r"PDF: \d+ av \d+ gjordes om på ([\d.]+) s", result.stderr)
    offline = re.search(r"Offlinekopian: ([\d.]+) s", result.stderr)
    return elapsed, float(pdf.group(1)) if pdf else None, float(offline.group(1)) if offline else None


def measure_full(result: SizeResult, project: Path, log) -> None:
    """The whole build cold, then warm. Needs the download page (it links the zip) and the offline config."""
    shutil.copy2(ROOT / "docs" / "utskrift.md", project / "docs" / "utskrift.md")
    shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    cache = project / "full-cache"
    try:
        result.full_cold_s, result.full_pdf_s, result.full_offline_s = time_full_build(project, cache)
        result.full_warm_s, _, _ = time_full_build(project, cache)
    except Exception as error:  # noqa: BLE001 - reported under the table, the other numbers still count
        result.full_error = f"{type(error).__name__}: {error}"
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    log(f"[{result.examples} exempel] hela bygget: kallt {result.full_cold_s or 0:.1f} s (PDF "
        f"{result.full_pdf_s or 0:.1f} s, offline {result.full_offline_s or 0:.1f} s), varmt "
        f"{result.full_warm_s or 0:.1f} s {result.full_error}")


def measure(examples: int, repeats: int, workdir: Path, with_pdf: bool = False, profile_dir: Path | None = None,
            log=lambda message: print(message, file=sys.stderr, flush=True), with_full: bool = False) -> SizeResult:
    result = SizeResult(examples)
    log(f"[{examples} exempel] skriver syntetisk data …")
    project = make_project(workdir / f"project-{examples}", examples)
    floor = make_floor_project(project, workdir / f"floor-{examples}")
    for run in range(1, repeats + 1):
        result.validate_runs.append(time_validate(project))
        result.build_runs.append(time_build(project))
        result.floor_runs.append(time_build(floor))
        result.one_core_runs.append(time_build(project, one_core=True))
        log(f"[{examples} exempel] körning {run}/{repeats}: validering {result.validate_runs[-1]:.2f} s, "
            f"bygge {result.build_runs[-1]:.2f} s (en kärna {result.one_core_runs[-1]:.2f} s), "
            f"golv {result.floor_runs[-1]:.2f} s")
    result.proofing_s, result.proofing_words = time_proofing(project)
    log(f"[{examples} exempel] språkgranskning: {result.proofing_s:.2f} s ({result.proofing_words} olika ord)")
    site = project / "site"
    result.pages = sum(1 for _ in site.rglob("index.html"))
    result.example_page_kb = (site / EXAMPLE_PAGE).stat().st_size / 1024
    result.search_index_kb = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file()) / 1024
    try:
        import browser_cost
        ours = browser_cost.measure(site, EXAMPLE_PAGE.removesuffix("index.html"))
        floor_cost = browser_cost.measure(floor / "site", EXAMPLE_PAGE.removesuffix("index.html"), keystrokes=False)
        result.page_load_kb, result.first_query_kb = ours["page_load_kb"], ours["first_query_kb"]
        result.keystroke_ms = ours.get("keystroke_ms")
        result.floor_page_load_kb = floor_cost["page_load_kb"]
        log(f"[{examples} exempel] webbläsare: sidvisning {result.page_load_kb:.1f} KB (golvet "
            f"{result.floor_page_load_kb:.1f} KB), första sökningen {result.first_query_kb:.1f} KB, "
            f"tangent till träffar {result.keystroke_ms or 0:.0f} ms")
    except Exception as error:  # noqa: BLE001 - no browser here: the build numbers still count
        result.browser_error = f"{type(error).__name__}: {error}"
        log(f"[{examples} exempel] webbläsarmätningen misslyckades: {result.browser_error}")
    if with_pdf:
        try:
            result.pdf_s = time_pdf(project)
        except Exception as error:  # noqa: BLE001 - a broken PDF build is reported, the other numbers still count
            result.pdf_error = f"{type(error).__name__}: {error}"
        log(f"[{examples} exempel] PDF: " + (f"{result.pdf_s:.1f} s" if result.pdf_s is not None
                                             else result.pdf_error or "saknas"))
    if with_full:
        measure_full(result, project, log)
    if profile_dir:
        profile_dir.mkdir(parents=True, exist_ok=True)
        profile_build(project, profile_dir / f"build-{examples}.prof")
        log(f"[{examples} exempel] profil: {profile_dir / f'build-{examples}.prof'}")
    shutil.rmtree(project / "site", ignore_errors=True)  # 5,000 examples are ≈0.3 GB per site
    shutil.rmtree(floor / "site", ignore_errors=True)
    return result


def growth(results: list[SizeResult]) -> tuple[SizeResult, SizeResult] | None:
    """The two largest sizes: growth of the build time between them says whether the cost is linear."""
    ordered = sorted(results, key=lambda r: r.examples)
    return (ordered[-2], ordered[-1]) if len(ordered) >= 2 else None


def measure_relevance(workdir: Path, log=lambda message: print(message, file=sys.stderr, flush=True)):
    """The relevance suite on the real project (its data and pages), online and from the offline copy; a list of
    search_relevance.Outcome, or the error as text."""
    import zipfile
    import search_relevance
    try:
        project = copy_project(workdir / "project-real")
        shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
        _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], project,
               {**BUILD_ENV, "MR_OFFLINE_ZIP": "1"})
        from mrkb.outputs.offline_copy import FOLDER
        from mrkb.print.document import OFFLINE_ZIP_PATH
        with zipfile.ZipFile(project / "site" / OFFLINE_ZIP_PATH) as opened:
            opened.extractall(workdir / "offline-real")
        outcomes = search_relevance.measure(project / "site", workdir / "offline-real" / FOLDER)
        for outcome in outcomes:
            log(f"[söksviten] {outcome.line()}")
        return outcomes
    except Exception as error:  # noqa: BLE001 - no browser here: the other numbers still count
        log(f"[söksviten] misslyckades: {type(error).__name__}: {error}")
        return f"{type(error).__name__}: {error}"


def format_relevance(outcomes) -> str:
    if isinstance(outcomes, str):
        return f"Söksviten kunde inte köras: {outcomes}"
    lines = ["| Söksviten (riktiga data) | Sökningar | Träff först (success@1) | Bland de tre första (success@3) | MRR |",
             "|---|---:|---:|---:|---:|"]
    for outcome in outcomes:
        lines.append(f"| {'Webbplatsen (Pagefind)' if outcome.mode == 'online' else 'Offlinekopian (file://)'} "
                     f"| {len(outcome.ranks)} | {100 * outcome.at_1:.0f} % | {100 * outcome.at_3:.0f} % "
                     f"| {outcome.mrr:.2f} |")
    import search_relevance
    lines.append(f"Mål: success@1 ≥ {100 * search_relevance.TARGET_AT_1:.0f} % och success@3 = "
                 f"{100 * search_relevance.TARGET_AT_3:.0f} %: " +
                 ("ja" if outcomes and all(outcome.passes for outcome in outcomes) else "NEJ") + ".")
    return "\n".join(lines)


def format_report(results: list[SizeResult]) -> str:
    lines = ["| Exempel | Sidor | Validering (s) | Bygge (s) | ms per sida | Golv (s) | Bygge/golv "
             "| En kärna/golv | HTML exempelsida (KB) | Sökindex (KB) | Sidvisning gz (KB) | Golvets sidvisning gz (KB) "
             "| Första sökning gz (KB) | Tangent→träffar (ms) | PDF (s) | Körningar |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: r.examples):
        pdf = f"{r.pdf_s:.1f}" if r.pdf_s is not None else "–"
        lines.append(f"| {r.examples} | {r.pages} | {r.validate_s:.2f} | {r.build_s:.2f} | {r.ms_per_page:.1f} "
                     f"| {r.floor_s:.2f} | {r.floor_ratio:.2f}× | {r.one_core_ratio:.2f}× "
                     f"| {r.example_page_kb:.1f} | {r.search_index_kb:.0f} | {_kb(r.page_load_kb)} "
                     f"| {_kb(r.floor_page_load_kb)} | {_kb(r.first_query_kb)} "
                     f"| {'–' if r.keystroke_ms is None else f'{r.keystroke_ms:.0f}'} | {pdf} | {len(r.build_runs)} |")
    lines.append("")
    verdicts = []
    pair = growth(results)
    if pair:
        small, large = pair
        data_factor = large.examples / small.examples
        factor = large.build_s / small.build_s
        floor_factor = large.floor_s / small.floor_s
        lines.append(f"Tillväxt {small.examples} → {large.examples} exempel ({data_factor:.0f}× data): "
                     f"byggtid {factor:.2f}× (golvet {floor_factor:.2f}×).")
        allowed = TARGET_GROWTH_PER_5X * data_factor / 5
        verdicts.append((f"tillväxt ≤ {allowed:.1f}× för {data_factor:.0f}× data", factor <= allowed))
    largest = max(results, key=lambda r: r.examples)
    verdicts += [
        (f"bygge ≤ {TARGET_FLOOR_RATIO}× golvet (alla storlekar)",
         all(r.floor_ratio <= TARGET_FLOOR_RATIO for r in results)),
        (f"≤ {TARGET_PAGE_KB} KB HTML per exempelsida vid {largest.examples} exempel",
         largest.example_page_kb <= TARGET_PAGE_KB),
        (f"validering av {largest.examples} poster < {TARGET_VALIDATE_S:.0f} s", largest.validate_s < TARGET_VALIDATE_S),
    ]
    if largest.first_query_kb is not None:
        verdicts.append((f"första sökningen ≤ {TARGET_FIRST_QUERY_KB} KB gz vid {largest.examples} exempel",
                         largest.first_query_kb <= TARGET_FIRST_QUERY_KB))
    lines.append("Mål: " + "; ".join(f"{text}: {'ja' if ok else 'NEJ'}" for text, ok in verdicts) + ".")
    for r in results:
        if r.browser_error:
            lines.append(f"Webbläsarmätningen vid {r.examples} exempel misslyckades: {r.browser_error}")
        if r.pdf_error:
            lines.append(f"PDF vid {r.examples} exempel misslyckades: {r.pdf_error}")
    full = [r for r in sorted(results, key=lambda r: r.examples) if r.full_warm_s is not None]
    if full:
        lines += ["", "| Exempel | Kärnbygge (s) | Golv (s) | Hela bygget kallt (s) | PDF kallt (s) | Offlinekopia kallt (s) "
                  "| Hela bygget varmt (s) | Varmt/kärnbygge |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in full:
            lines.append(f"| {r.examples} | {r.build_s:.2f} | {r.floor_s:.2f} | {r.full_cold_s:.1f} "
                         f"| {_kb(r.full_pdf_s)} | {_kb(r.full_offline_s)} | {r.full_warm_s:.2f} "
                         f"| {r.full_warm_ratio:.2f}× |")
        ok = all(r.full_warm_ratio <= TARGET_FULL_WARM_RATIO for r in full)
        lines.append(f"Mål: hela bygget varmt ≤ {TARGET_FULL_WARM_RATIO}× kärnbygget: {'ja' if ok else 'NEJ'}.")
    for r in results:
        if r.full_error:
            lines.append(f"Hela bygget vid {r.examples} exempel misslyckades: {r.full_error}")
    if all(r.pdf_s is None for r in results):
        lines.append("PDF: mättes inte (scripts/build_pdf.py saknas, misslyckades eller ingen storlek i --pdf-sizes).")
    return "\n".join(lines)


def run(sizes=SIZES, repeats=REPEATS, pdf_sizes=PDF_SIZES, workdir: Path | None = None,
        profile_dir: Path | None = None, log=None, full_sizes=()) -> list[SizeResult]:
    """Measure every size; returns the results (format_report turns them into the table)."""
    kwargs = {"log": log} if log else {}
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mr-bench-")))
        return [measure(size, count, Path(workdir), with_pdf=size in pdf_sizes, profile_dir=profile_dir,
                        with_full=size in full_sizes, **kwargs)
                for size, count in zip(sizes, repeats)]


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mät validering och bygge med syntetisk data mot golvet "
                                                 "(samma sidor byggda med ren MkDocs Material).")
    parser.add_argument("--sizes", type=_numbers, default=SIZES, help="antal exempel, t.ex. 100,1000,5000")
    parser.add_argument("--repeats", type=_numbers, default=REPEATS, help="körningar per storlek, t.ex. 5,5,3")
    parser.add_argument("--pdf-sizes", type=_numbers, default=PDF_SIZES, help="storlekar där PDF:en mäts")
    parser.add_argument("--full-sizes", type=_numbers, default=FULL_SIZES,
                        help="storlekar där hela bygget (PDF och offlinekopia) mäts kallt och varmt")
    parser.add_argument("--workdir", type=Path, help="behåll projekten här i stället för i en tillfällig mapp")
    parser.add_argument("--profile", type=Path, metavar="DIR", help="gör ett extra bygge per storlek med cProfile")
    parser.add_argument("--no-relevance", action="store_true", help="hoppa över söksviten på de riktiga datan")
    args = parser.parse_args(argv)
    if len(args.repeats) != len(args.sizes):
        parser.error("--repeats ska ha ett tal per storlek i --sizes")
    started = time.perf_counter()
    results = run(args.sizes, args.repeats, args.pdf_sizes, args.workdir, args.profile,
                  full_sizes=args.full_sizes) if args.sizes else []
    if results:
        print(format_report(results))
        print(proofing_report(results))
    if not args.no_relevance:
        with tempfile.TemporaryDirectory(prefix="mr-bench-real-") as workdir:
            print()
            print(format_relevance(measure_relevance(Path(args.workdir or workdir))))
    print(f"(Hela mätningen tog {(time.perf_counter() - started) / 60:.1f} min; medianer av körningarna.)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
