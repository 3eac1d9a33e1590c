"""MkDocs adapter (hooks): forwards MkDocs' events to one mrkb.build.Build, which owns the build's state and the
order of its outputs (data, generated pages, print links, glossary, search, PDFs, offline zip). This file only
translates: MkDocs config and files in, MkDocs File objects and Abort out."""
from __future__ import annotations

import functools
import logging
import sys
from html import unescape
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mrkb.build import SERVE_ERROR_ASSETS, Build, BuildStopped, PageInfo, Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# mkdocs-macros logs six INFO lines on every (re)build that tell an editor nothing; its warnings still show.
logging.getLogger("mkdocs.plugins.mkdocs_macros.util").setLevel(logging.WARNING)
log = logging.getLogger("mkdocs.hooks.mr")
# `serve --dirty` warns on every rebuild that a dirty build may leave pages stale; the Build keeps exactly the pages
# whose inputs did not change, and under `strict: true` the warning would stop every rebuild.
logging.getLogger("mkdocs.commands.build").addFilter(lambda record: "'dirty' build" not in record.getMessage())

# The one piece of state: this process's build (`mkdocs serve` reuses it for every rebuild). The offline copy is
# the same sources built with mkdocs-offline.yml, by this command in a process of its own.
build = Build(ROOT, get_relative_url, [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f"],
              log=log.info)


def _stops(event):  # a BuildStopped becomes MkDocs' Abort: one clean message, no traceback
    @functools.wraps(event)
    def forward(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except BuildStopped as stopped:
            raise Abort(str(stopped)) from None
    return forward


def on_startup(command, dirty):
    build.start(command, dirty)  # `mkdocs serve --dirty` (make serve): an incremental preview


@_stops
def on_config(config):
    settings = Settings(
        site_name=config["site_name"], site_url=config["site_url"] or "",
        config_file=Path(config["config_file_path"]), docs_dir=Path(config["docs_dir"]),
        site_dir=Path(config["site_dir"]), use_directory_urls=config["use_directory_urls"],
        # The theme's search plugin is on only in the offline copy (mkdocs-offline.yml); online, Pagefind.
        lunr_search="material/search" in config["plugins"], polyfills=config["extra"].get("polyfills", []))
    config["mr_site"] = build.configure(settings)
    if build.problems is not None:
        config["nav"] = None  # the pages the nav names are not built
    config["mr_pdfs"] = build.linked_pdfs  # read by the macros (main.py): no page links to a missing PDF
    return config


def on_files(files, config):
    if build.problems is not None:
        return Files([file for file in files if file.src_uri in SERVE_ERROR_ASSETS])

    def existing_url(path: str) -> str | None:
        return file.url if (file := files.get_file_from_path(path)) is not None else None

    for item in build.files(existing_url):
        source = {"abs_src_path": item.abs_path} if item.abs_path else {"content": item.content}
        generated = File.generated(config, item.path, **source, inclusion=InclusionLevel.NOT_IN_NAV if item.page
                                   else InclusionLevel.UNDEFINED)
        if item.page:
            generated.edit_uri = item.edit_path
        if item.keep:  # a dirty build then leaves the page as the last build wrote it
            generated.is_modified = lambda: False
        files.append(generated)
    for file in files.documentation_pages():
        if not file.generated_by:
            file.edit_uri = f"docs/{file.src_uri}"
            if build.incremental:  # a hand-written page may show any data (macros): always built
                file.is_modified = lambda: True
    return files


def on_pre_page(page, config, files):
    if (markdown := build.page_markdown(page.file.src_uri)) is not None:
        page.file.content_string = markdown
    return page


def _page(page) -> PageInfo:
    return PageInfo(page.file.src_uri, page.file.dest_uri, page.url, page.meta.get("mr_record"),
                    unescape(page.meta.get("description") or ""))


def on_page_content(html, page, config, files):
    return build.page_html(html, _page(page))


def on_post_page(output, page, config):
    return build.page_output(output, _page(page))


def on_post_template(output_content, template_name, config):
    return build.template_output(output_content, template_name)


@_stops
def on_env(env, config, files):
    build.before_templates()
    return env


# After the theme's search plugin has written its index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
@_stops
def on_post_build(config):
    build.finish()


def on_build_error(error):
    build.abandon()
