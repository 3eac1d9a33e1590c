"""MkDocs adapter (hooks): validate data once per build, generate record pages, add glossary tooltips, and
after the build add the PDFs and the offline zip (mrkb.print.build, mrkb.outputs.offline_copy; both cached).

Thin on purpose: everything it does is a call into the generator-independent core in macros/mrkb/.
Generated pages are registered in on_files with empty content; mrkb.base.background renders them on the second core
while MkDocs works, and on_pre_page fills each in just before MkDocs reads it. The same worker writes the
open-data files to a temporary folder, which MkDocs copies from right after on_env."""
from __future__ import annotations

import functools
import gc
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mrkb.outputs import offline_copy  # noqa: E402
from mrkb.print import build as print_build
from mrkb.search import index as search_index
from mrkb.search import names as search_names
from mrkb.base.background import Background  # noqa: E402
from mrkb.pages.changes import FEED_PATH, atom_feed, record_changes  # noqa: E402
from mrkb.outputs.csp import with_csp  # noqa: E402
from mrkb.pages.error_page import error_page  # noqa: E402
from mrkb.outputs.open_data import open_data_files, open_data_paths  # noqa: E402
from mrkb.print.document import OFFLINE_ZIP_PATH, offline_link_html, with_handout_link  # noqa: E402
from mrkb.base.problems import ValidationFailed, format_report  # noqa: E402
from mrkb.site import load_site  # noqa: E402
from mrkb.pages.source_markers import link_source_markers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# mkdocs-macros logs six INFO lines on every (re)build that tell an editor nothing; its warnings still show.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)
SCHEMA_DIR = ROOT / "data" / "schema"

# `mkdocs serve` rebuilds next to its server threads, where forking a worker is unsafe (see Background).
_command = "build"
# This build's background jobs (one per generated page, then the open-data files) and the open-data folder.
_background: Background | None = None
_page_jobs: dict[str, int] = {}
_open_data_dir: str | None = None
# Under `mkdocs serve`: the problems of the data, when it is not valid. The build then makes only an error page,
# served at every address, instead of stopping (which would leave every browser request waiting).
_serve_problems: list | None = None
SERVE_ERROR_ASSETS = ("assets/serve-error.js", "assets/serve-error.css")
log = logging.getLogger("mkdocs.hooks.mr")
# PDFs and the offline zip are part of every build. MR_PDF=0 / MR_OFFLINE_ZIP=0 leave them out (tests that do not
# look at them); the site then has no links to them. MR_OFFLINE_COPY=1 marks the build of the offline copy itself.
_print_jobs: list | None = None  # this build's PDFs (None: no PDFs)
_print_meta = None  # date and version of the content (print_document.PrintMeta)
_pdf_renderer: subprocess.Popen | None = None  # `mkdocs serve`: renders missing PDFs into the cache meanwhile
_offline_pages: list[tuple[str, str]] = []  # (file in site/, URL) of pages with the offline download paragraph
# Online: Pagefind indexes each page as it is written (on the other core), and writes its index after the build.
_indexer: search_index.PagefindIndexer | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    global _serve_problems
    gc.unfreeze()  # `mkdocs serve` builds again: the data frozen by the last build must become collectable
    _serve_problems = None
    try:
        config["mr_site"] = load_site(ROOT)
    except ValidationFailed as failure:
        if _command == "serve":
            _serve_problems = failure.problems
            # Printed, not logged: a logged warning would make the strict build stop, and the server hang.
            print("Datan i data/ är inte giltig. Webbläsaren visar felen tills du har rättat dem:\n"
                  + format_report(failure.problems, next_step="serve"), file=sys.stderr, flush=True)
            config["mr_site"] = None
            config["nav"] = None  # the pages the nav names are not built
            return config
        # Abort prints one clean message, no traceback, and stops before anything is written to site/.
        raise Abort("Datan i data/ är inte giltig, så webbplatsen byggdes inte:\n" + str(failure)) from None
    # The loaded data lives as long as the build (and the process, for `mkdocs build`): the garbage collector need
    # not search it again and again, nor write to all of it, which copies memory shared with the forked worker.
    gc.freeze()
    _plan_prints(config)
    return config


def _plan_prints(config) -> None:
    """Which PDFs this build has; the pages link to exactly those (config["mr_pdfs"], None meaning all)."""
    global _print_jobs, _print_meta
    _print_jobs, config["mr_pdfs"] = None, set()
    _offline_pages.clear()
    # The PDFs print the public address; `make serve` previews under a local one, and shares the PDFs (and their
    # cache) with `make build` by printing the public address of mkdocs.yml as well.
    site_url = config["site_url"] or "" if _command != "serve" else print_build.configured_site_url(
        Path(config["config_file_path"]).read_text(encoding="utf-8"))
    _print_meta = print_build.print_meta(ROOT, config["site_name"], site_url)
    if os.environ.get("MR_PDF") == "0":
        return
    problem = print_build.engine_problem()
    if problem:
        log.info("Inga PDF-filer i det här bygget: WeasyPrint kan inte köras (%s). Installera det som står i "
                 ".ci/run (Pango) och kör make install.", problem)
        return
    _print_jobs = print_build.plan(ROOT, config["mr_site"].kb, _print_meta, warn=log.info)
    if _command != "serve":
        config["mr_pdfs"] = None  # a build renders every PDF that is not cached
        return
    # `mkdocs serve` rebuilds on every save: it serves the PDFs that are cached for the current content and
    # renders the rest in a separate process, for the next rebuild.
    missing = print_build.missing(_print_jobs)
    config["mr_pdfs"] = {job.path for job in _print_jobs} - {job.path for job in missing}
    global _pdf_renderer
    if missing and (_pdf_renderer is None or _pdf_renderer.poll() is not None):
        log.info("%d PDF-filer görs i bakgrunden och kommer med när sidan byggs om nästa gång.", len(missing))
        _pdf_renderer = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "build_pdf.py"), "--cache-only",
                                          "--jobs", "1", "--site-url", _print_meta.site_url],
                                         cwd=ROOT, stdout=subprocess.DEVNULL)


def on_files(files, config):
    global _background, _page_jobs, _open_data_dir
    if _serve_problems is not None:
        return Files([file for file in files if file.src_uri in SERVE_ERROR_ASSETS])
    site = config["mr_site"]
    # A hand-written page or file wins over a generated one.
    pages = [page for page in site.pages(ROOT) if files.get_file_from_path(page.doc_path) is None]
    data_paths = [path for path in open_data_paths(SCHEMA_DIR) if files.get_file_from_path(path) is None]
    _close_background()
    _remove_open_data_dir()
    _open_data_dir = out_dir = tempfile.mkdtemp(prefix="mr-open-data-")

    def write_open_data() -> None:
        content = open_data_files(site.kb, SCHEMA_DIR, config["site_url"] or "", config["use_directory_urls"])
        for path in data_paths:
            target = Path(out_dir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content[path])

    _background = Background([page.render for page in pages] + [write_open_data], use_worker=_command != "serve")
    _page_jobs = {page.doc_path: index for index, page in enumerate(pages)}
    for page in pages:
        generated = File.generated(config, page.doc_path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
        generated.edit_uri = page.edit_path
        files.append(generated)
    for file in files.documentation_pages():
        if not file.generated_by:
            file.edit_uri = f"docs/{file.src_uri}"
    if files.get_file_from_path(FEED_PATH) is None:  # "Nytt och ändrat" as an Atom feed, from git history
        files.append(File.generated(config, FEED_PATH, content=atom_feed(
            site.kb, record_changes(ROOT), config["site_url"] or "", config["site_name"])))
    # Open data (JSON, CSV, schemas) as generated files: pages can link to them and strict mode checks the links.
    for path in data_paths:
        files.append(File.generated(config, path, abs_src_path=str(Path(out_dir, path))))
    return files


def on_pre_page(page, config, files):
    index = _page_jobs.get(page.file.src_uri)
    if index is not None:
        page.file.content_string = _background.result(index)
    return page


def on_page_content(html, page, config, files):
    if config["mr_site"] is None:
        return html
    html = with_handout_link(html, config["mr_site"].kb, page.meta.get("mr_record"),
                             lambda path: get_relative_url(path, page.url), config["mr_pdfs"])
    if offline_copy.OFFLINE_MARK[0] in html:
        if os.environ.get("MR_OFFLINE_COPY") == "1":
            html = offline_copy.fill_offline_link(html, "Det här är offlinekopian.")
        else:
            _offline_pages.append((page.file.dest_uri, page.url))
    html = link_source_markers(html)
    glossary = files.get_file_from_path("ordlista.md")
    glossary_url = get_relative_url(glossary.url, page.url) if glossary else None
    site = config["mr_site"]
    html = site.abbreviations.apply(html, glossary_url)
    return site.search_markup(html, page.meta.get("mr_record"), page.file.src_uri,
                              unescape(page.meta.get("description") or ""))


def on_post_page(output, page, config):
    output = _with_csp(output, config)
    if _indexer is not None:
        _indexer.add(output, "/" + page.url)
    return output


def on_post_template(output_content, template_name, config):
    return _with_csp(output_content, config) if template_name.endswith(".html") else output_content


def _with_csp(page_html, config):
    if _command == "serve":  # `mkdocs serve` injects an inline live-reload script into every page it serves
        return page_html
    # The offline copy's Web Worker shim (a local polyfill) runs an inline script in an iframe; its hash is needed.
    shims = [Path(config["docs_dir"], path) for path in config["extra"].get("polyfills", [])
             if "iframe-worker" in path and not path.startswith(("http:", "https:", "//"))]
    shim = _read_text(shims[0]) if shims else ""
    return with_csp(page_html, wasm=not _lunr_search(config), worker_shim=shim)


@functools.cache
def _read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def on_env(env, config, files):
    global _indexer
    if _serve_problems is not None:
        return env
    _background.result(len(_page_jobs))  # the open-data files are written before MkDocs copies them
    _close_background()
    _close_indexer()
    if not _lunr_search(config):
        try:
            _indexer = search_index.PagefindIndexer()
        except RuntimeError as error:
            raise Abort(str(error)) from None
    return env


# After the theme's search plugin has written its index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config):
    _remove_open_data_dir()
    if _serve_problems is not None:
        # The server answers an unknown address with 404.html: so every address shows the problems. Written
        # last, over the theme's own 404 page.
        page = error_page(_serve_problems, urlsplit(config["site_url"] or "/").path or "/").encode("utf-8")
        for name in ("404.html", "index.html"):
            Path(config["site_dir"], name).write_bytes(page)
        return
    site_dir = Path(config["site_dir"])
    _write_search_index(config, site_dir)
    if _print_jobs is not None:
        if _command != "serve":
            started = time.perf_counter()
            rendered = print_build.render(_print_jobs)
            if rendered:
                log.info("PDF: %d av %d gjordes om på %.1f s; resten kom från cachen.", len(rendered),
                         len(_print_jobs), time.perf_counter() - started)
        print_build.publish(_print_jobs, site_dir)
    if _command != "serve" and _offline_pages and os.environ.get("MR_OFFLINE_ZIP") != "0" \
            and os.environ.get("MR_OFFLINE_COPY") != "1":
        _add_offline_zip(config, site_dir)


def _add_offline_zip(config, site_dir: Path) -> None:
    """The offline copy (mkdocs-offline.yml) as a zip in the site, and its link with size and date."""
    offline_config = Path(config["config_file_path"]).with_name("mkdocs-offline.yml")

    def build_offline_site(folder: Path) -> None:
        env = {**os.environ, "MR_OFFLINE_COPY": "1"}
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(offline_config),
                        "--site-dir", str(folder)], cwd=offline_config.parent, env=env, check=True)

    zip_file = offline_copy.offline_zip(site_dir, OFFLINE_ZIP_PATH, build_offline_site,
                                        offline_config.read_text(encoding="utf-8"))
    shutil.copyfile(zip_file, site_dir / OFFLINE_ZIP_PATH)
    for dest, url in _offline_pages:
        page_file = site_dir / dest
        link = offline_link_html(get_relative_url(OFFLINE_ZIP_PATH, url), zip_file.stat().st_size,
                                 _print_meta.date)
        page_file.write_text(offline_copy.fill_offline_link(page_file.read_text(encoding="utf-8"), link),
                             encoding="utf-8")


def _write_search_index(config, site_dir: Path) -> None:
    """Online: the Pagefind index; offline copy: a slimmer lunr index. Both: the name index (search/names.py)."""
    names = functools.partial(search_names.write, config["mr_site"], site_dir, Path(config["docs_dir"]),
                              config["use_directory_urls"])
    if _lunr_search(config):  # the offline copy: the theme's lunr documents, which load from file://
        search_index.slim_lunr_index(site_dir / "search" / "search_index.json")
        names(pagefind=False)
        return
    global _indexer
    indexer, _indexer = _indexer, None
    try:
        indexer.write(site_dir)
    except RuntimeError as error:
        raise Abort(str(error)) from None
    names(pagefind=True)


def _lunr_search(config) -> bool:
    """The theme's search plugin is on only in the offline copy (mkdocs-offline.yml); online, Pagefind searches."""
    return "material/search" in config["plugins"]


def on_build_error(error):
    _close_background()
    _close_indexer()
    _remove_open_data_dir()


def _close_indexer():
    global _indexer
    if _indexer is not None:
        _indexer.close()
        _indexer = None


def _close_background():
    if _background is not None:
        _background.close()


def _remove_open_data_dir():
    global _open_data_dir
    if _open_data_dir is not None:
        shutil.rmtree(_open_data_dir, ignore_errors=True)
        _open_data_dir = None
