"""MkDocs adapter (hooks): forwards MkDocs' events to one mrkb.build.Build, which owns the build's state and the
order of its outputs (data, generated pages, print links, glossary, search, PDFs, offline zip). This file only
translates: MkDocs config and files in, MkDocs File objects and Abort out."""
from __future__ import annotations

import logging
import os
import subprocess
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


def _build_offline_site(config_file: Path, folder: Path) -> None:
    """The offline copy: the same sources built with mkdocs-offline.yml, in a process of its own."""
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config_file),
                    "--site-dir", str(folder)], cwd=config_file.parent, env={**os.environ, "MR_OFFLINE_COPY": "1"},
                   check=True)


# The one piece of state: this process's build (`mkdocs serve` reuses it for every rebuild).
build = Build(ROOT, get_relative_url, _build_offline_site, log=log.info)


def on_startup(command, dirty):
    build.start(command)


def on_config(config):
    settings = Settings(
        site_name=config["site_name"], site_url=config["site_url"] or "",
        config_file=Path(config["config_file_path"]), docs_dir=Path(config["docs_dir"]),
        site_dir=Path(config["site_dir"]), use_directory_urls=config["use_directory_urls"],
        # The theme's search plugin is on only in the offline copy (mkdocs-offline.yml); online, Pagefind.
        lunr_search="material/search" in config["plugins"], polyfills=config["extra"].get("polyfills", []))
    try:
        config["mr_site"] = build.configure(settings)
    except BuildStopped as stopped:
        raise Abort(str(stopped)) from None  # one clean message, no traceback
    if build.problems is not None:
        config["nav"] = None  # the pages the nav names are not built
    config["mr_pdfs"] = build.linked_pdfs  # read by the macros (main.py): no page links to a missing PDF
    return config


def on_files(files, config):
    if build.problems is not None:
        return Files([file for file in files if file.src_uri in SERVE_ERROR_ASSETS])

    def existing_url(path: str) -> str | None:
        file = files.get_file_from_path(path)
        return file.url if file is not None else None

    for item in build.files(existing_url):
        if item.page:
            generated = File.generated(config, item.path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            generated.edit_uri = item.edit_path
        elif item.abs_path is not None:
            generated = File.generated(config, item.path, abs_src_path=item.abs_path)
        else:
            generated = File.generated(config, item.path, content=item.content)
        files.append(generated)
    for file in files.documentation_pages():
        if not file.generated_by:
            file.edit_uri = f"docs/{file.src_uri}"
    return files


def on_pre_page(page, config, files):
    markdown = build.page_markdown(page.file.src_uri)
    if markdown is not None:
        page.file.content_string = markdown
    return page


def on_page_content(html, page, config, files):
    return build.page_html(html, PageInfo(page.file.src_uri, page.file.dest_uri, page.url,
                                          page.meta.get("mr_record"), unescape(page.meta.get("description") or "")))


def on_post_page(output, page, config):
    return build.page_output(output, page.url)


def on_post_template(output_content, template_name, config):
    return build.template_output(output_content, template_name)


def on_env(env, config, files):
    try:
        build.before_templates()
    except BuildStopped as stopped:
        raise Abort(str(stopped)) from None
    return env


# After the theme's search plugin has written its index (priority 0), before the offline plugin inlines it (-100).
@event_priority(-50)
def on_post_build(config):
    try:
        build.finish()
    except BuildStopped as stopped:
        raise Abort(str(stopped)) from None


def on_build_error(error):
    build.abandon()
