"""mkdocs-macros adapter: the macros hand-written pages call. Each one is a call into the core."""
from __future__ import annotations

import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from mrkb import embeds  # noqa: E402
from mrkb.print_document import downloads_markdown  # noqa: E402
from mrkb.site import load_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def define_env(env):
    def kb():
        # The hook's on_config put the loaded site into the config; load_site(ROOT) would be cached too, but
        # its cache check stats every data file, on every macro call.
        site = env.conf.get("mr_site") or load_site(ROOT)
        return site.kb

    def here() -> str:
        return posixpath.dirname(env.page.file.src_uri)

    def href(doc_path: str) -> str:
        """The final URL of a docs page, relative to the current page (MkDocs' own URL rules)."""
        target = File(doc_path, src_dir=None, dest_dir="", use_directory_urls=env.conf["use_directory_urls"])
        return get_relative_url(target.url, env.page.url)

    @env.macro
    def record_list(folder: str) -> str:
        """All records of a type, each with its summary."""
        return embeds.record_list(kb(), folder, here())

    @env.macro
    def record_cards(folder: str) -> str:
        """Compact cards linking to every record of a type."""
        return embeds.record_cards(kb(), folder, here())

    @env.macro
    def record_links(folder: str) -> str:
        """Title links to every record of a type, as a compact grid."""
        return embeds.record_links(kb(), folder, here())

    @env.macro
    def link(folder: str, record_id: str) -> str:
        """A link to one record, with its title as text."""
        return embeds.link(kb(), folder, record_id, here())

    @env.macro
    def glossary_table() -> str:
        return embeds.glossary_table(kb(), here())

    @env.macro
    def traits_list() -> str:
        return embeds.traits_list(kb(), here())

    @env.macro
    def advice_list() -> str:
        return embeds.advice_list(kb(), here())

    @env.macro
    def matrix() -> str:
        return embeds.matrix(kb(), href)

    @env.macro
    def print_downloads() -> str:
        """Links to the guide PDF and every handout and worksheet (built by `make pdf`)."""
        return downloads_markdown(kb(), href)

