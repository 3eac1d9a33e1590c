"""MkDocs adapter (hooks): validate data once per build, generate record pages, add glossary tooltips.

Thin on purpose: everything it does is a call into the generator-independent core in macros/mrkb/.
Generated pages are registered in on_files with empty content; mrkb.background renders them on the second core
while MkDocs works, and on_pre_page fills each in just before MkDocs reads it. The same worker writes the
open-data files to a temporary folder, which MkDocs copies from right after on_env."""
from __future__ import annotations

import functools
import gc
from html import unescape
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mrkb import search_index  # noqa: E402
from mrkb.background import Background  # noqa: E402
from mrkb.csp import with_csp  # noqa: E402
from mrkb.open_data import open_data_files, open_data_paths  # noqa: E402
from mrkb.print_document import with_handout_link  # noqa: E402
from mrkb.problems import ValidationFailed  # noqa: E402
from mrkb.site import load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "data" / "schema"

# `mkdocs serve` rebuilds next to its server threads, where forking a worker is unsafe (see Background).
_command = "build"
# This build's background jobs (one per generated page, then the open-data files) and the open-data folder.
_background: Background | None = None
_page_jobs: dict[str, int] = {}
_open_data_dir: str | None = None
# Online: Pagefind indexes each page as it is written (on the other core), and writes its index after the build.
_indexer: search_index.PagefindIndexer | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    gc.unfreeze()  # `mkdocs serve` builds again: the data frozen by the last build must become collectable
    try:
        config["mr_site"] = load_site(ROOT)
    except ValidationFailed as failure:
        # Abort prints one clean message, no traceback, and stops before anything is written to site/.
        raise Abort("Datan i data/ är inte giltig, så webbplatsen byggdes inte:\n" + str(failure)) from None
    # The loaded data lives as long as the build (and the process, for `mkdocs build`): the garbage collector need
    # not search it again and again, nor write to all of it, which copies memory shared with the forked worker.
    gc.freeze()
    return config


def on_files(files, config):
    global _background, _page_jobs, _open_data_dir
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
    html = with_handout_link(html, config["mr_site"].kb, page.meta.get("mr_record"),
                             lambda path: get_relative_url(path, page.url))
    site = config["mr_site"]
    html = site.abbreviations.apply(html)
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
    site_dir = Path(config["site_dir"])
    if _lunr_search(config):  # the offline copy: the theme's lunr search, which works from file://
        search_index.slim_lunr_index(site_dir / "search" / "search_index.json")
        return
    global _indexer
    (site_dir / search_index.WORDS_FILE).write_text(search_index.known_words_json(config["mr_site"].kb),
                                                   encoding="utf-8")
    indexer, _indexer = _indexer, None
    try:
        indexer.write(site_dir)
    except RuntimeError as error:
        raise Abort(str(error)) from None


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
