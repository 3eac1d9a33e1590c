"""One build of the site, whatever the site generator: its state and the order of its outputs.

A generator's adapter (macros/mkdocs_hooks.py for MkDocs) makes one Build and forwards its events to it, in this
order; each method lists its steps top to bottom:

    build.start(command, dirty)       the command: "build" or "serve" (a live preview that rebuilds on save)
    build.configure(settings)         load and check data/, plan the PDFs           -> the Site, or None
    build.files(existing_url)         the generated pages and files to add          -> [GeneratedFile]
                                      (incremental: `keep` marks pages unchanged since the last build)
    build.page_markdown(doc_path)     a generated page's Markdown, rendered ahead on the other core
    build.page_html(html, page)       a page's HTML after Markdown: print links, markers, glossary, search marks
    build.page_output(output, page)   a finished page: Content-Security-Policy, then to the search indexer
    build.before_templates()          after the pages: open data written, the indexer started
    build.template_output(output)     a theme template's page (404, sitemap …): CSP
    build.finish()                    search index, PDFs, offline zip, or the error page
    build.abandon()                   the generator failed: stop the helpers

A live preview that the generator rebuilds in the same process after each save (MkDocs: `serve --dirty`) is
incremental: the build keeps the pages whose inputs (pages/inputs.py) did not change, the generator leaves them
as they are on disk, and only the rest is rendered again. A change to what every page shows (glossary,
vocabularies, titles, schema, templates, the config, docs/, the code, a commit) renders everything.

No MkDocs import: the generator passes in how it makes relative URLs and its command for the offline copy."""
from __future__ import annotations

import functools
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .base.background import Background
from .base.problems import ValidationFailed, format_report
from .outputs import offline_copy
from .outputs.csp import with_csp
from .outputs.open_data import open_data_files, open_data_paths
from .pages.changes import FEED_PATH, atom_feed, record_changes
from .pages.downloads import OFFLINE_ZIP_PATH, fill_pdf_facts, offline_link_html, record_prints, with_handout_link
from .pages.error_page import error_page
from .pages.inputs import page_inputs, site_inputs
from .pages.source_markers import link_source_markers
from .print import build as print_build
from .proofing.lix import lix, readability_html
from .search import index as search_index
from .search import names as search_names
from .site import Site, load_site

# The long prose of a record whose readability the live preview shows (as in make validate's LIX table).
READABLE_FIELDS = ("body", "results", "purpose", "when_to_use", "in_practice")
# Under `serve`, with invalid data, only the error page and its two assets are built.
SERVE_ERROR_ASSETS = ("assets/serve-error.js", "assets/serve-error.css")


class BuildStopped(Exception):
    """The build cannot go on; the message says why, in Swedish, for the generator to print and stop with."""


@dataclass
class Settings:
    """What the build needs from the generator's configuration."""
    site_name: str
    site_url: str  # '' when none
    config_file: Path  # mkdocs.yml or its equivalent; the offline copy's config sits next to it
    docs_dir: Path
    site_dir: Path
    use_directory_urls: bool = True
    lunr_search: bool = False  # the theme's own search (the offline copy) instead of Pagefind
    polyfills: list[str] = field(default_factory=list)  # extra.polyfills: scripts the offline copy loads


@dataclass
class GeneratedFile:
    """A file the build adds to the site: a page (Markdown from page_markdown, so content is '') or a file with
    its content or its path on disk."""
    path: str  # among the docs, e.g. "exempel/lund.md" or "data/exempel.json"
    content: str | None = None
    abs_path: str | None = None
    edit_path: str | None = None  # pages: the file an editor should change, relative to the project root
    page: bool = False
    keep: bool = False  # incremental: the page is unchanged since the last build; the generator may skip it


@dataclass
class PageInfo:
    """What the build needs to know of the page being built."""
    doc_path: str  # "exempel/lund.md"
    dest_path: str  # "exempel/lund/index.html", in the site folder
    url: str  # "exempel/lund/", relative to the site root
    record_key: str | None = None  # "exempel/lund" on record pages
    description: str = ""  # the page's summary (HTML entities unescaped)


class Build:
    def __init__(self, root: Path, relative_url: Callable[[str, str], str], offline_command: list[str] = (),
                 log=print):
        self.root = Path(root)
        self.relative_url = relative_url  # (target path, from URL) -> relative URL, the generator's own rules
        # The generator's command that builds a site from a config file (appended) for file:// (the offline copy).
        self.offline_command = list(offline_command)
        self.log = log
        # `serve` rebuilds next to its server threads, where forking a worker is unsafe (see Background).
        self.command = "build"
        self.settings: Settings | None = None
        self.site: Site | None = None
        # Under `serve`: the problems of the data when it is not valid. The build then makes only an error page,
        # served at every address, instead of stopping (which would leave every browser request waiting).
        self.problems: list | None = None
        # This build's background jobs (one per generated page, then the open-data files) and the open-data folder.
        self.background: Background | None = None
        self.page_jobs: dict[str, int] = {}
        self.open_data_dir: str | None = None
        # PDFs and the offline zip are part of every build. MR_PDF=0 / MR_OFFLINE_ZIP=0 leave them out (tests that
        # do not look at them); the site then has no links to them. MR_OFFLINE_COPY=1: this is the offline copy.
        self.print_jobs: list[print_build.PrintJob] | None = None  # None: no PDFs
        self.print_meta = None  # date and version of the content (print.document.PrintMeta)
        self.linked_pdfs: set[str] | None = set()  # the PDFs pages link to (None: all of print_jobs)
        self.pdf_renderer: subprocess.Popen | None = None  # `serve`: renders missing PDFs meanwhile
        self.offline_pages: list[tuple[str, str]] = []  # (file in the site, URL) of pages with the offline paragraph
        # Online: Pagefind indexes each page as it is written (on the other core), and writes its index at the end.
        self.indexer: search_index.PagefindIndexer | None = None
        self.glossary_url: str | None = None  # URL of the glossary page, for the tooltips' links
        # Incremental preview: what shapes each generated page now and in the last complete build, which pages
        # this build keeps, and each generated page's finished HTML (a kept page goes to the search index again).
        self.incremental = False
        self.inputs: dict[str, object] = {}
        self.previous_inputs: dict[str, object] = {}
        self.site_key: object = None
        self.kept: set[str] = set()
        self.outputs: dict[str, tuple[str, str, str]] = {}  # doc path -> (dest path, URL, HTML)
        self.search_thread: threading.Thread | None = None  # writes the preview's search index after the build

    # --- the events, in the order they come ---

    def start(self, command: str, dirty: bool = False) -> None:
        self.command = command
        self.incremental = command == "serve" and dirty

    def configure(self, settings: Settings) -> Site | None:
        """Load and check data/, and plan the PDFs. Returns the site, or None under `serve` with invalid data
        (raises BuildStopped with the problems in a build)."""
        self.settings, self.problems, self.site = settings, None, None
        # `serve` builds again: the data frozen by the last build must become collectable.
        gc.unfreeze()
        # 1. Load and validate data/ (cached while no data file changes).
        try:
            self.site = load_site(self.root)
        except ValidationFailed as failure:
            if self.command != "serve":
                # One clean message, no traceback, and nothing written to the site folder.
                raise BuildStopped("Datan i data/ är inte giltig, så webbplatsen byggdes inte:\n"
                                   + str(failure)) from None
            self.problems = failure.problems
            # Printed, not logged: a logged warning would make the strict build stop, and the server hang.
            print("Datan i data/ är inte giltig. Webbläsaren visar felen tills du har rättat dem:\n"
                  + format_report(failure.problems, next_step="serve"), file=sys.stderr, flush=True)
            return None
        # 2. The loaded data lives as long as the build (and the process, for a build): the garbage collector need
        # not search it again and again, nor write to all of it, which copies memory shared with the forked worker.
        gc.freeze()
        # 3. Which PDFs this build has; the pages link to exactly those.
        self._plan_prints()
        # 4. Incremental preview: what shapes each page, compared with the last build in files().
        if self.incremental:
            self._take_inputs()
        return self.site

    def _take_inputs(self) -> None:
        kb = self.site.kb
        site_key = (site_inputs(kb, search_index.vocabulary(kb)), self._sources_key())
        if site_key != self.site_key:  # everything may look different: render every page
            self.previous_inputs = {}
        self.site_key = site_key
        self.inputs = page_inputs(kb)
        if self.linked_pdfs is not None:  # a page's print links follow the PDFs cached for it
            for record in kb.all_records():
                self.inputs[record.doc_path] = (self.inputs[record.doc_path], tuple(
                    path in self.linked_pdfs for path, _ in record_prints(record)))

    def _sources_key(self) -> tuple:
        """Every file besides the records that a page is made from (schema, templates, config, docs, code), and
        the commit (dates on the pages come from git history)."""
        paths = [self.settings.config_file]
        for folder in (self._schema_dir, self.root / "overrides", self.settings.docs_dir, self.root / "macros"):
            for directory, _, names in os.walk(folder):
                paths += [Path(directory, name) for name in names]
        stats = []
        for path in sorted(paths):
            try:
                status = path.stat()
            except OSError:
                continue
            stats.append((str(path), status.st_mtime_ns, status.st_size))
        head = subprocess.run(["git", "rev-parse", "-q", "HEAD"], cwd=self.root, capture_output=True,
                              text=True).stdout
        return tuple(stats), head

    def _plan_prints(self) -> None:
        self.print_jobs, self.linked_pdfs = None, set()
        self.offline_pages.clear()
        # The PDFs print the public address; `serve` previews under a local one, and shares the PDFs (and their
        # cache) with a build by printing the public address of the config file as well.
        settings = self.settings
        site_url = settings.site_url if self.command != "serve" else print_build.configured_site_url(
            settings.config_file.read_text(encoding="utf-8"))
        self.print_meta = print_build.print_meta(self.root, settings.site_name, site_url)
        if os.environ.get("MR_PDF") == "0":
            return
        problem = print_build.engine_problem()
        if problem:
            self.log("Inga PDF-filer i det här bygget: WeasyPrint kan inte köras (%s). Installera det som står i "
                     ".ci/run (Pango) och kör make install." % problem)
            return
        self.print_jobs = print_build.plan(self.root, self.site.kb, self.print_meta, warn=self.log)
        if self.command != "serve":
            self.linked_pdfs = None  # a build renders every PDF that is not cached
            return
        # `serve` rebuilds on every save: it serves the PDFs that are cached for the current content and
        # renders the rest in a separate process, for the next rebuild.
        missing = print_build.missing(self.print_jobs)
        self.linked_pdfs = {job.path for job in self.print_jobs} - {job.path for job in missing}
        if missing and (self.pdf_renderer is None or self.pdf_renderer.poll() is not None):
            self.log(f"{len(missing)} PDF-filer görs i bakgrunden och kommer med när sidan byggs om nästa gång.")
            self.pdf_renderer = subprocess.Popen(
                [sys.executable, str(self.root / "scripts" / "build_pdf.py"), "--cache-only", "--jobs", "1",
                 "--site-url", self.print_meta.site_url], cwd=self.root, stdout=subprocess.DEVNULL)

    def files(self, existing_url: Callable[[str], str | None]) -> list[GeneratedFile]:
        """The pages and files the build adds; existing_url(path) is the URL of a file the docs already have
        (None when they have none): a hand-written page or file wins over a generated one."""
        if self.problems is not None:
            return []
        site, settings = self.site, self.settings
        self.glossary_url = existing_url("ordlista.md")
        # The reference on each record page names the public address (print_meta's), under `serve` too.
        pages = [page for page in site.pages(self.root, site_name=settings.site_name,
                                             site_url=self.print_meta.site_url)
                 if existing_url(page.doc_path) is None]
        data_paths = [path for path in open_data_paths(self._schema_dir) if existing_url(path) is None]
        # 1. A fresh folder for the open data, written by the background worker.
        self._close_background()
        self._remove_open_data_dir()
        self.open_data_dir = out_dir = tempfile.mkdtemp(prefix="mr-open-data-")

        def write_open_data() -> None:
            content = open_data_files(site.kb, self._schema_dir, settings.site_url, settings.use_directory_urls)
            for path in data_paths:
                target = Path(out_dir, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content[path])

        # 2. Incremental preview: the pages whose inputs did not change are kept as the last build wrote them; a
        # page no longer made is removed.
        self.kept = {page.doc_path for page in pages if page.doc_path in self.previous_inputs
                     and self.previous_inputs[page.doc_path] == self.inputs.get(page.doc_path)}
        self._remove_gone_pages({page.doc_path for page in pages})
        if self.incremental and self.previous_inputs:
            self.log(f"{len(pages) - len(self.kept)} av {len(pages)} genererade sidor görs om; resten är oförändrade.")
        # 3. Every generated page's Markdown (but the kept ones), then the open data, rendered ahead on the other
        # core (not under `serve`), in the order the generator asks for them.
        todo = [page for page in pages if page.doc_path not in self.kept]
        self.background = Background([page.render for page in todo] + [write_open_data],
                                     use_worker=self.command != "serve")
        self.page_jobs = {page.doc_path: index for index, page in enumerate(todo)}
        generated = [GeneratedFile(page.doc_path, content="", edit_path=page.edit_path, page=True,
                                   keep=page.doc_path in self.kept) for page in pages]
        # 4. "Nytt och ändrat" as an Atom feed, from git history.
        if existing_url(FEED_PATH) is None:
            generated.append(GeneratedFile(FEED_PATH, content=atom_feed(
                site.kb, record_changes(self.root), settings.site_url, settings.site_name)))
        # 5. Open data (JSON, CSV, schemas) as files: pages can link to them and strict mode checks the links.
        generated += [GeneratedFile(path, abs_path=str(Path(out_dir, path))) for path in data_paths]
        return generated

    def page_markdown(self, doc_path: str) -> str | None:
        """A generated page's Markdown (None for a hand-written page)."""
        index = self.page_jobs.get(doc_path)
        return None if index is None else self.background.result(index)

    def page_html(self, html: str, page: PageInfo) -> str:
        """A page's HTML after its Markdown, with everything the core adds."""
        site = self.site
        if site is None:
            return html
        # 1. The record's print links (handout, kit), to the PDFs this build has.
        html = with_handout_link(html, site.kb, page.record_key, lambda path: self.relative_url(path, page.url),
                                 self.linked_pdfs)
        # 2. The download page's offline paragraph: filled in at the end, when the zip's size is known.
        if offline_copy.OFFLINE_MARK[0] in html:
            if os.environ.get("MR_OFFLINE_COPY") == "1":
                html = offline_copy.fill_offline_link(html, "Det här är offlinekopian.")
            else:
                self.offline_pages.append((page.dest_path, page.url))
        # 3. Source markers [n] as links to the sources.
        html = link_source_markers(html)
        # 4. Glossary tooltips, linking to the glossary.
        glossary_url = self.relative_url(self.glossary_url, page.url) if self.glossary_url else None
        html = site.abbreviations.apply(html, glossary_url)
        # 5. Under `serve`, the page's readability (LIX) at its end, for the editor; never in a published build.
        if self.command == "serve":
            html += self._readability(html, page)
        # 6. Marks for the search index (type, summary, synonyms, compound parts).
        return site.search_markup(html, page.record_key, page.doc_path, page.description)

    def page_output(self, output: str, page: PageInfo) -> str:
        """A finished page: its CSP, then to the search indexer."""
        output = self._with_csp(output)
        if self.indexer is not None:
            self.indexer.add(output, "/" + page.url)
        if self.incremental and page.doc_path in self.inputs:
            self.outputs[page.doc_path] = (page.dest_path, page.url, output)
        return output

    def template_output(self, output: str, name: str) -> str:
        return self._with_csp(output) if name.endswith(".html") else output

    def before_templates(self) -> None:
        """The pages are read and converted: the open data must be on disk before the generator copies it, and
        the search indexer must be running before the first page is written."""
        if self.problems is not None:
            return
        # 1. The open-data files are written; the worker's work is done. The last preview's search index too.
        self._wait_for_search_index()
        self.background.result(len(self.page_jobs))
        self._close_background()
        # 2. Pagefind, ready for the pages (online only).
        self._close_indexer()
        if not self.settings.lunr_search:
            try:
                self.indexer = search_index.PagefindIndexer()
            except RuntimeError as error:
                raise BuildStopped(str(error)) from None

    def finish(self) -> None:
        """After the generator has written the site (and, offline, the theme's search index)."""
        self._remove_open_data_dir()
        site_dir = self.settings.site_dir
        # 1. Invalid data under `serve`: the error page at every address, over the theme's 404 page.
        if self.problems is not None:
            self.previous_inputs = {}  # pages were not built: the next build makes every page
            self._write_error_page(site_dir)
            return
        # 2. The search index: Pagefind, or offline the slimmed lunr index; then the name index in front of it. In an
        # incremental preview, the pages kept from the last build are indexed again too, after the build has
        # returned (the page shows at once, the search a moment later).
        if self.settings.lunr_search:  # the offline copy: the theme's lunr search, which works from file://
            search_index.slim_lunr_index(site_dir / "search" / "search_index.json")
            self._write_names(site_dir, pagefind=False)
        else:
            indexer, self.indexer = self.indexer, None
            if self.incremental:
                kept = [self.outputs[doc_path] for doc_path in sorted(self.kept)]
                # The thread gets this build's site and settings: the next save's build replaces them meanwhile.
                self.search_thread = threading.Thread(target=self._write_pagefind, args=(indexer, site_dir, kept),
                                                      kwargs={"site": self.site, "settings": self.settings},
                                                      daemon=True)
                self.search_thread.start()
            else:
                self._write_pagefind(indexer, site_dir)
        # 3. Incremental preview: this build is what the next one compares with.
        self.previous_inputs = self.inputs
        # 4. The PDFs: render what is not cached (a build; `serve` renders in the background), then copy them in.
        if self.print_jobs is not None:
            if self.command != "serve":
                started = time.perf_counter()
                rendered = print_build.render(self.print_jobs)
                if rendered:
                    self.log(f"PDF: {len(rendered)} av {len(self.print_jobs)} gjordes om på "
                             f"{time.perf_counter() - started:.1f} s; resten kom från cachen.")
            print_build.publish(self.print_jobs, site_dir)
            fill_pdf_facts(site_dir, print_build.facts(self.print_jobs))  # "PDF, 3 sidor, 45 kB" by each PDF link
        # 5. The offline copy as a zip (cached by the site's content), and its link with size and date.
        if self.command != "serve" and self.offline_pages and os.environ.get("MR_OFFLINE_ZIP") != "0" \
                and os.environ.get("MR_OFFLINE_COPY") != "1":
            self._add_offline_zip(site_dir)

    def abandon(self) -> None:
        """The generator stopped with an error: stop the worker and the indexer, remove temporary files."""
        self.previous_inputs = {}  # what is on disk is unknown: the next build makes every page
        self._wait_for_search_index()
        self._close_background()
        self._close_indexer()
        self._remove_open_data_dir()

    # --- the steps ---

    def _readability(self, page_html: str, page: PageInfo) -> str:
        """LIX of a record's summary and body, or of a hand-written page's text."""
        folder, _, record_id = (page.record_key or "").partition("/")
        record = self.site.kb.get(folder, record_id) if page.record_key else None
        if record is None:
            return readability_html([("Sidans text", lix(re.sub(r"<[^>]+>", " ", page_html)))])
        body = "\n\n".join(str(record.data.get(name) or "") for name in READABLE_FIELDS)
        return readability_html([("Sammanfattningen", lix(record.data.get("summary", ""))),
                                 ("Brödtexten", lix(body) if body.strip() else None)])

    @property
    def _schema_dir(self) -> Path:
        return self.root / "data" / "schema"

    def _remove_gone_pages(self, doc_paths: set[str]) -> None:
        for doc_path in set(self.outputs) - doc_paths:
            dest, _, _ = self.outputs.pop(doc_path)
            Path(self.settings.site_dir, dest).unlink(missing_ok=True)

    def _write_error_page(self, site_dir: Path) -> None:
        # The server answers an unknown address with 404.html: so every address shows the problems.
        page = error_page(self.problems, urlsplit(self.settings.site_url or "/").path or "/").encode("utf-8")
        for name in ("404.html", "index.html"):
            Path(site_dir, name).write_bytes(page)

    def _write_pagefind(self, indexer: search_index.PagefindIndexer, site_dir: Path,
                        kept: list[tuple[str, str, str]] = (), site: Site | None = None,
                        settings: Settings | None = None) -> None:
        for _, url, output in kept:
            indexer.add(output, "/" + url)
        try:
            indexer.write(site_dir)
        except RuntimeError as error:
            if threading.current_thread() is self.search_thread:
                self.log(f"Sökindexet kunde inte skrivas: {error}")
                return
            raise BuildStopped(str(error)) from None
        self._write_names(site_dir, pagefind=True, site=site, settings=settings)

    def _write_names(self, site_dir: Path, pagefind: bool, site: Site | None = None,
                     settings: Settings | None = None) -> None:
        """The name index in front of the full text (search/names.py): exact titles, aliases and glossary terms
        first. Online its entries carry Pagefind's page ids, so it is written after Pagefind's index."""
        site, settings = site or self.site, settings or self.settings
        search_names.write(site, site_dir, settings.docs_dir, settings.use_directory_urls, pagefind)

    def _add_offline_zip(self, site_dir: Path) -> None:
        offline_config = self.settings.config_file.with_name("mkdocs-offline.yml")
        def build_offline_site(folder: Path) -> None:
            subprocess.run([*self.offline_command, str(offline_config), "--site-dir", str(folder)],
                           cwd=offline_config.parent, env={**os.environ, "MR_OFFLINE_COPY": "1"}, check=True)

        started = time.perf_counter()
        zip_file = offline_copy.offline_zip(site_dir, OFFLINE_ZIP_PATH, build_offline_site,
                                            offline_config.read_text(encoding="utf-8"))
        self.log(f"Offlinekopian: {time.perf_counter() - started:.1f} s.")
        shutil.copyfile(zip_file, site_dir / OFFLINE_ZIP_PATH)
        for dest, url in self.offline_pages:
            page_file = site_dir / dest
            link = offline_link_html(self.relative_url(OFFLINE_ZIP_PATH, url), zip_file.stat().st_size,
                                     self.print_meta.date)
            page_file.write_text(offline_copy.fill_offline_link(page_file.read_text(encoding="utf-8"), link),
                                 encoding="utf-8")

    def _with_csp(self, page_html: str) -> str:
        if self.command == "serve":  # the live-reload server injects an inline script into every page it serves
            return page_html
        return with_csp(page_html, wasm=not self.settings.lunr_search, worker_shim=self._worker_shim())

    def _worker_shim(self) -> str:
        """The offline copy's Web Worker shim (a local polyfill) runs an inline script in an iframe: its hash goes
        into the CSP."""
        shims = [Path(self.settings.docs_dir, path) for path in self.settings.polyfills
                 if "iframe-worker" in path and not path.startswith(("http:", "https:", "//"))]
        return _read_text(shims[0]) if shims else ""

    def _wait_for_search_index(self) -> None:
        if self.search_thread is not None:
            self.search_thread.join()
            self.search_thread = None

    def _close_indexer(self) -> None:
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None

    def _close_background(self) -> None:
        if self.background is not None:
            self.background.close()

    def _remove_open_data_dir(self) -> None:
        if self.open_data_dir is not None:
            shutil.rmtree(self.open_data_dir, ignore_errors=True)
            self.open_data_dir = None


@functools.cache
def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
