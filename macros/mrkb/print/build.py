"""Every PDF of the site (guide, handouts, worksheets, workshop kits), rendered with WeasyPrint and cached.

Each PDF is cached under a hash of its input (its print HTML, the print stylesheets, the font files they resolve to
and the WeasyPrint version), so a build renders only the PDFs whose content changed and copies the rest. Any site generator calls plan(), then render()
and publish(); `make pdf` (scripts/build_pdf.py) does the same. No MkDocs import."""
from __future__ import annotations

import ctypes.util
import datetime as dt
import hashlib
import importlib.util
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import document as print_document

from . import self_assessment as print_selfassessment
from ..data.model import KnowledgeBase
from .pages import render_pages

CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mr-plattformen" / "pdf"
# Cached PDFs not used for this long are removed, so the cache does not grow with every edit.
CACHE_DAYS = 14
# What the printed content depends on besides data/: its last commit gives the print's date and version.
CONTENT_PATHS = ("data", "docs", "macros", "mkdocs.yml")


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def print_meta(root: Path, title: str, site_url: str) -> print_document.PrintMeta:
    """Date and version of the content: the last commit that changed it, "med lokala ändringar" (and today's
    date) when the working tree has uncommitted changes to it. Outside a checkout: SOURCE_DATE_EPOCH or today."""
    last = _git(root, "log", "-1", "--format=%h %cs", "--", *CONTENT_PATHS).split()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    today = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch and not last
             else dt.date.today()).isoformat()
    if not last:
        return print_document.PrintMeta(title, today, today, site_url)
    version, date = last
    if _git(root, "status", "--porcelain", "--", *CONTENT_PATHS):
        version, date = f"{version} med lokala ändringar", dt.date.today().isoformat()
    return print_document.PrintMeta(title, date, version, site_url)


def configured_site_url(config_text: str) -> str:
    """The public site URL a config file names (site_url, or the default of its !ENV [SITE_URL, "…"]), with a
    trailing slash; '' when it names none."""
    match = re.search(r'^site_url:.*?"(https?://[^"]+)"', config_text, flags=re.MULTILINE) or \
        re.search(r"^site_url:\s*(https?://\S+)", config_text, flags=re.MULTILINE)
    url = match.group(1) if match else ""
    return url if not url or url.endswith("/") else url + "/"


def engine_problem() -> str:
    """Why PDFs cannot be made here ('' when they can): WeasyPrint or its system library Pango missing.

    Looked up without importing WeasyPrint, which takes a second or two; a build with every PDF cached never
    imports it."""
    if importlib.util.find_spec("weasyprint") is None:
        return "Python-paketet weasyprint saknas"
    if not ctypes.util.find_library("pango-1.0"):
        return "biblioteket Pango (libpango-1.0-0) saknas"
    return ""


@dataclass
class PrintJob:
    path: str  # relative to the site root, e.g. "pdf/mr-plattformen.pdf"
    document: print_document.Document
    # What shapes every PDF besides its HTML (engine, stylesheets, fonts); plan() computes it once for all jobs.
    engine: str = field(default_factory=lambda: engine_inputs(), repr=False)

    @cached_property
    def key(self) -> str:
        source = "\0".join([self.engine, self.document.html])
        return hashlib.sha256(source.encode()).hexdigest()[:32]

    @property
    def cached(self) -> Path:
        return CACHE_DIR / f"{self.key}.pdf"


# The stylesheets of the PDFs: print.css for all, print_selfassessment.css linked from the worksheet.
STYLESHEETS = tuple(sorted(Path(__file__).parent.glob("*.css")))
# The faces a PDF may use of each family: WeasyPrint asks fontconfig for each, and each may be its own file.
FONT_STYLES = ("", ":bold", ":italic", ":bold:italic")
_FAMILIES = re.compile(r"font-family\s*:\s*([^;}]+)")


def engine_inputs() -> str:
    """Everything besides the HTML that shapes a PDF: the WeasyPrint version, the stylesheets and the font files
    their families resolve to here, so installing or updating a font renders the PDFs again."""
    stylesheets = [path.read_text(encoding="utf-8") for path in STYLESHEETS]
    return "\0".join([_engine_tag(), *stylesheets, *font_files(font_families(stylesheets))])


def font_families(stylesheets: list[str]) -> list[str]:
    """Every family the stylesheets name (generic ones too: "sans-serif"), in order, once each."""
    families = []
    for match in _FAMILIES.finditer("\n".join(stylesheets)):
        for family in match.group(1).split(","):
            family = family.strip().strip("\"'")
            if family and family not in families:
                families.append(family)
    return families


def font_files(families: list[str]) -> list[str]:
    """"pattern -> file size mtime" for each family and face, as fontconfig resolves it here."""
    patterns = [family + style for family in families for style in FONT_STYLES]
    lines = []
    for pattern, path in zip(patterns, resolve_fonts(patterns)):
        try:
            status = os.stat(path)
            lines.append(f"{pattern} -> {path} {status.st_size} {status.st_mtime_ns}")
        except OSError:
            lines.append(f"{pattern} -> {path or '?'}")
    return lines


def resolve_fonts(patterns: list[str]) -> list[str]:
    """The font file fontconfig picks for each pattern ('' when none), with fc-match run in parallel (≈20
    patterns in about a tenth of a second)."""
    try:
        runs = [subprocess.Popen(["fc-match", "--format=%{file}", pattern], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True) for pattern in patterns]
    except OSError:  # no fontconfig tools: the key cannot see the fonts
        return [""] * len(patterns)
    return [run.communicate(timeout=30)[0].strip() for run in runs]


def _engine_tag() -> str:
    # "project fetcher": PDFs cached before print read only the project's own files are never reused.
    try:
        return "weasyprint " + metadata.version("weasyprint") + ", project fetcher"
    except metadata.PackageNotFoundError:
        return "weasyprint ?, project fetcher"


def plan(root: Path, kb: KnowledgeBase, meta: print_document.PrintMeta, warn=print) -> list[PrintJob]:
    """Every PDF the site offers, with its print HTML: the guide first (the longest to render)."""
    pages = render_pages(kb, Path(root) / "docs", meta.site_url, warn)
    engine = engine_inputs()
    jobs = [PrintJob(print_document.GUIDE_PATH, print_document.guide_html(kb, meta, pages), engine)]
    jobs += [PrintJob(path, document, engine) for path, document in print_document.handouts(kb, meta)]
    if kb.traits:
        jobs.append(PrintJob(print_selfassessment.WORKSHEET_PATH, print_selfassessment.worksheet_document(kb, meta),
                             engine))
    return jobs


def missing(jobs: list[PrintJob]) -> list[PrintJob]:
    return [job for job in jobs if not job.cached.is_file()]


# What print may read: the print stylesheets (and anything beside them) and the site's own assets (images, fonts).
# Everything else a page could name is refused: other file:// paths (the build machine's files), http(s)://
# (a request from the build machine, and content nobody reviewed), and any path that leaves these folders.
PROJECT_ROOT = Path(__file__).resolve().parents[3]
ALLOWED_FOLDERS = (print_document.PRINT_CSS.resolve().parent, PROJECT_ROOT / "docs" / "assets")
REFUSED_MESSAGE = ("PDF: '{url}' hämtas inte. Utskriften läser bara projektets egna filer (utskriftens stilmall och "
                   "bilder och typsnitt i docs/assets/); andra file://-adresser och adresser på webben (http, https) "
                   "används inte. Ta bort bilden, stilmallen eller länken från sidan, eller lägg filen i docs/assets/.")
ATTACHMENT_MESSAGE = ("PDF: en bilaga (rel=\"attachment\") till '{url}' bäddas inte in. Uppslagsverkets PDF-filer har "
                      "inga bilagor; länka till filen på webben i stället.")
_reported: set[str] = set()


def _report(message: str) -> None:
    """Once per address and process, to the build's output (stderr: a warning would stop a strict build)."""
    if message not in _reported:
        _reported.add(message)
        print(message, file=sys.stderr, flush=True)


def allowed_file(url: str) -> Path | None:
    """The local file a file:// URL names when print may read it (inside ALLOWED_FOLDERS, after resolving any
    link, and not itself a link), else None."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(unquote(parts.path))
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if path.is_symlink() or not resolved.is_file():
        return None
    return resolved if any(resolved.is_relative_to(folder.resolve()) for folder in ALLOWED_FOLDERS) else None


def project_url_fetcher():
    """A WeasyPrint URL fetcher that serves only the project's own print files (see ALLOWED_FOLDERS) and data:
    URLs; every other address is refused with a Swedish message in the build output."""
    from weasyprint.urls import URLFetcher

    class ProjectFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if allowed_file(url) is not None:
                return super().fetch(url.split("?")[0].split("#")[0], headers)
            _report(REFUSED_MESSAGE.format(url=url[:200]))
            raise ValueError(f"refused by the project's URL fetcher: {url[:200]}")

    return ProjectFetcher(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False)


def drop_attachments(document) -> None:
    """Remove the link type "attachment" from every rel of a parsed WeasyPrint HTML document: WeasyPrint embeds
    the target of <a rel="attachment"> and <link rel="attachment"> in the PDF, and the project makes no
    attachments."""
    for element in document.etree_element.iter():
        rel = element.get("rel") if hasattr(element, "get") else None
        if rel and "attachment" in rel.lower():
            _report(ATTACHMENT_MESSAGE.format(url=str(element.get("href", ""))[:200]))
            kept = [token for token in rel.split() if token.lower() != "attachment"]
            if kept:
                element.set("rel", " ".join(kept))
            else:
                del element.attrib["rel"]


class _Engine:
    """What each worker process loads once: WeasyPrint, the stylesheet and its fonts."""

    def __init__(self):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration
        # WeasyPrint logs every CSS property it ignores; only real errors matter here.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        logging.getLogger("fontTools").setLevel(logging.ERROR)
        self.fonts = FontConfiguration()
        self.fetcher = project_url_fetcher()
        self.css = CSS(filename=str(print_document.PRINT_CSS), font_config=self.fonts, url_fetcher=self.fetcher)

    def render(self, html: str, target: Path) -> None:
        from weasyprint import HTML
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        source = HTML(string=html, base_url=str(print_document.PRINT_CSS.parent), url_fetcher=self.fetcher)
        drop_attachments(source)
        document = source.render(stylesheets=[self.css], font_config=self.fonts)
        document.write_pdf(partial, pdf_variant="pdf/ua-1", custom_metadata=True, attachments=[])
        # The page count beside the PDF, for the links that say "PDF, 3 sidor, 45 kB" (pdf_facts).
        pages_file = _pages_file(target)
        pages_file.with_name(f".{pages_file.name}.{os.getpid()}.tmp").write_text(str(len(document.pages)))
        os.replace(pages_file.with_name(f".{pages_file.name}.{os.getpid()}.tmp"), pages_file)
        os.replace(partial, target)  # atomic: a build running alongside never copies half a PDF


_engine: _Engine | None = None


def _init_engine() -> None:
    global _engine
    _engine = _Engine()


def _render_job(html: str, target: str) -> float:
    started = time.perf_counter()
    _engine.render(html, Path(target))
    return time.perf_counter() - started


def render(jobs: list[PrintJob], workers: int | None = None) -> dict[str, float]:
    """Render every job without a cached PDF into the cache, in up to `workers` processes (default: 2, the
    machine's cores). Returns {path: seconds} of the PDFs rendered."""
    todo = sorted(missing(jobs), key=lambda job: len(job.document.html), reverse=True)
    if not todo:
        return {}
    workers = max(1, min(workers or min(2, os.cpu_count() or 1), len(todo)))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        _init_engine()
        return {job.path: _render_job(job.document.html, str(job.cached)) for job in todo}
    # fork, not spawn: spawn re-runs the caller's main module (a site generator, a benchmark). The parent has not
    # loaded WeasyPrint, so no font state is shared.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_init_engine) as pool:
        futures = {job.path: pool.submit(_render_job, job.document.html, str(job.cached)) for job in todo}
        return {path: future.result() for path, future in futures.items()}


def _pages_file(pdf: Path) -> Path:
    return pdf.with_suffix(".pages")


def facts(jobs: list[PrintJob]) -> dict[str, tuple[int, int | None]]:
    """{site path: (bytes, pages)} of every job with a cached PDF; pages None when the cache does not know them
    (a PDF rendered before page counts were kept)."""
    result = {}
    for job in jobs:
        if job.cached.is_file():
            try:
                pages = int(_pages_file(job.cached).read_text())
            except (OSError, ValueError):
                pages = None
            result[job.path] = (job.cached.stat().st_size, pages)
    return result


def publish(jobs: list[PrintJob], site_dir: Path) -> list[str]:
    """Copy the cached PDFs into the site; returns the paths copied (jobs without a cached PDF are skipped)."""
    copied = []
    for job in jobs:
        if job.cached.is_file():
            target = Path(site_dir) / job.path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(job.cached, target)
            os.utime(job.cached)  # in use: keep it in the cache
            copied.append(job.path)
    _prune()
    return copied


def _prune() -> None:
    cutoff = time.time() - CACHE_DAYS * 86400
    for path in CACHE_DIR.glob("*.pdf"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                _pages_file(path).unlink(missing_ok=True)
        except OSError:
            pass
