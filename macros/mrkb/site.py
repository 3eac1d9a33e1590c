"""What a site generator needs from the core, in one place: the validated knowledge base and its pages.

Adapters (MkDocs hooks and macros today; another generator tomorrow) call only this module."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from pathlib import Path

from .search.compounds import CompoundSplitter
from .pages.facets import build_facets
from .pages.glossary import Abbreviations, search_synonyms
from .data.loader import load_knowledge_base
from .data.model import RECORD_TYPES, KnowledgeBase, Record
from .base.problems import ValidationFailed
from .data.provenance import last_changed_dates
from .pages.listing import render_listing
from .pages.render import render_record
from .search import index as search_index


@dataclass
class GeneratedPage:
    doc_path: str  # where the page sits among the docs, e.g. "exempel/lund.md"
    edit_path: str  # the file an editor should change, relative to the project root
    render: Callable[[], str] = field(repr=False)  # the page's Markdown; called once, on whichever core renders it

    @property
    def markdown(self) -> str:
        return self.render()


@dataclass
class Site:
    kb: KnowledgeBase
    abbreviations: Abbreviations

    @cached_property
    def facets(self) -> dict[str, dict]:
        """Filter facets of the listing pages, built once per loaded data."""
        return build_facets(self.kb)

    @cached_property
    def search_synonyms(self) -> dict[str, list[str]]:
        """Target page (type/id) -> glossary terms and synonyms that should find it."""
        return search_synonyms(self.kb)

    @cached_property
    def compound_splitter(self) -> CompoundSplitter:
        """Splits compounds against the site's own vocabulary (for the search index)."""
        return CompoundSplitter(search_index.vocabulary(self.kb))

    def search_markup(self, page_html: str, record_key: str | None, doc_path: str, summary: str) -> str:
        """A page's HTML marked up for the search index: record_key ("verktyg/x") for record pages, doc_path
        ("ordlista.md") and the page's summary (its description) for every page."""
        record = self.kb.get(*record_key.split("/")) if record_key else None
        if record is None:
            label = search_index.GLOSSARY_LABEL if doc_path == "ordlista.md" else search_index.PAGE_LABEL
            return search_index.annotate(page_html, label, summary, [], None)
        keywords = search_index.record_keywords(self.kb, record, self.search_synonyms)
        return search_index.annotate(page_html, search_index.type_label(record.type), summary, keywords,
                                     self.compound_splitter)

    def pages(self, root: Path, with_git_dates: bool = True, site_name: str = "",
              site_url: str = "") -> list[GeneratedPage]:
        """Every generated page, in the order a site generator reads them. Listing this costs nothing: each page
        renders when its Markdown is asked for (see background.py for rendering them on another core).
        site_name, site_url: the guide's name and public address, for the reference on each record page."""
        @cache
        def page_context() -> tuple[dict[str, str], dict[str, list[str]]]:
            # One git call for all pages, made by the first page rendered.
            return (last_changed_dates(root) if with_git_dates else {}), self.search_synonyms

        def listing(folder: str) -> str:
            return render_listing(self.kb, folder, self.facets.get(folder))

        def record_page(record: Record) -> str:
            dates, synonyms = page_context()
            return render_record(self.kb, record, dates.get(record.source_path),
                                 synonyms.get(f"{record.type}/{record.id}", []), site_name, site_url)

        pages = [GeneratedPage(f"{folder}/index.md", f"data/{folder}/", partial(listing, folder))
                 for folder in RECORD_TYPES]
        pages += [GeneratedPage(record.doc_path, record.source_path, partial(record_page, record))
                  for record in self.kb.all_records()]
        return pages


_cache: dict[tuple, Site] = {}


def load_site(root: Path) -> Site:
    """Load and validate data/ once per change of the data: a rebuild with unchanged data reuses it.

    Raises ValidationFailed with every problem when the data is not valid."""
    root = Path(root).resolve()
    fingerprint = (str(root), _data_fingerprint(root / "data"))
    if fingerprint not in _cache:
        kb, problems = load_knowledge_base(root)
        if problems:
            raise ValidationFailed(problems)
        _cache.clear()
        _cache[fingerprint] = Site(kb, Abbreviations(kb))
    return _cache[fingerprint]


def _data_fingerprint(data_dir: Path) -> tuple:
    """(path, mtime, size) of every data file, with one stat() per file: this runs on every load_site call."""
    entries = []
    for directory, _, names in os.walk(data_dir):
        for name in names:
            path = os.path.join(directory, name)
            try:
                status = os.stat(path)
            except OSError:  # e.g. a broken symlink: the loader reports it, the fingerprint skips it
                continue
            entries.append((path, status.st_mtime_ns, status.st_size))
    return tuple(sorted(entries))
