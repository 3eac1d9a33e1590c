"""mkdocs-macros adapter: registers the core's macros (mrkb.pages.embeds.macro_table), bound to the page being rendered."""
from __future__ import annotations

import posixpath
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from mrkb.pages import embeds  # noqa: E402
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

    def bound(name: str):
        def call(*args):
            # mr_pdfs: the PDFs this build has (set by the hooks), so no page links to a missing one.
            return embeds.macro_table(kb(), here(), href, env.conf.get("mr_pdfs"))[name](*args)
        call.__name__ = name
        return call

    for name in embeds.macro_table(None, "", None):  # the names only; nothing is called here
        env.macro(bound(name), name)
