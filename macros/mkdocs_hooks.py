"""MkDocs adapter (hooks): validate data once per build, generate record pages, add glossary tooltips.

Thin on purpose: everything it does is a call into the generator-independent core in macros/mrkb/.
Generated pages are registered in on_files with empty content; mrkb.background renders them on the second core
while MkDocs works, and on_pre_page fills each in just before MkDocs reads it. The same worker writes the
open-data files to a temporary folder, which MkDocs copies from right after on_env."""
from __future__ import annotations

import gc
import logging
import shutil
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mrkb.background import Background  # noqa: E402
from mrkb.changes import FEED_PATH, atom_feed, record_changes  # noqa: E402
from mrkb.error_page import error_page  # noqa: E402
from mrkb.open_data import open_data_files, open_data_paths  # noqa: E402
from mrkb.print_document import with_handout_link  # noqa: E402
from mrkb.problems import ValidationFailed, format_report  # noqa: E402
from mrkb.site import load_site  # noqa: E402

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
    return config


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
                             lambda path: get_relative_url(path, page.url))
    return config["mr_site"].abbreviations.apply(html)


def on_env(env, config, files):
    if _serve_problems is not None:
        return env
    _background.result(len(_page_jobs))  # the open-data files are written before MkDocs copies them
    _close_background()
    return env


def on_post_build(config):
    _remove_open_data_dir()
    if _serve_problems is not None:
        # The server answers an unknown address with 404.html: so every address shows the problems. Written
        # last, over the theme's own 404 page.
        page = error_page(_serve_problems, urlsplit(config["site_url"] or "/").path or "/").encode("utf-8")
        for name in ("404.html", "index.html"):
            Path(config["site_dir"], name).write_bytes(page)


def on_build_error(error):
    _close_background()
    _remove_open_data_dir()


def _close_background():
    if _background is not None:
        _background.close()


def _remove_open_data_dir():
    global _open_data_dir
    if _open_data_dir is not None:
        shutil.rmtree(_open_data_dir, ignore_errors=True)
        _open_data_dir = None
