"""MkDocs adapter (hooks): validate data once per build, generate record pages, add glossary tooltips.

Thin on purpose: everything it does is a call into the generator-independent core in macros/mrkb/."""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mrkb.print_document import with_handout_link  # noqa: E402
from mrkb.problems import ValidationFailed  # noqa: E402
from mrkb.open_data import open_data_files  # noqa: E402
from mrkb.site import load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def on_config(config):
    try:
        config["mr_site"] = load_site(ROOT)
    except ValidationFailed as failure:
        # Abort prints one clean message, no traceback, and stops before anything is written to site/.
        raise Abort("Datan i data/ är inte giltig, så webbplatsen byggdes inte:\n" + str(failure)) from None
    return config


def on_files(files, config):
    site = config["mr_site"]
    for page in site.pages(ROOT):
        existing = files.get_file_from_path(page.doc_path)
        if existing is not None:  # a hand-written page wins over a generated one
            continue
        generated = File.generated(config, page.doc_path, content=page.markdown,
                                   inclusion=InclusionLevel.NOT_IN_NAV)
        generated.edit_uri = page.edit_path
        files.append(generated)
    for file in files.documentation_pages():
        if not file.generated_by:
            file.edit_uri = f"docs/{file.src_uri}"
    # Open data (JSON, CSV, schemas) as generated files: pages can link to them and strict mode checks the links.
    for path, content in open_data_files(site.kb, ROOT / "data" / "schema", config["site_url"] or "",
                                         config["use_directory_urls"]).items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_page_content(html, page, config, files):
    html = with_handout_link(html, config["mr_site"].kb, page.meta.get("mr_record"),
                             lambda path: get_relative_url(path, page.url))
    return config["mr_site"].abbreviations.apply(html)
