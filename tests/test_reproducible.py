"""Two builds of the same sources give byte-identical sites (conftest.build and the Makefile set
SOURCE_DATE_EPOCH, which MkDocs uses for sitemap.xml dates and the sitemap.xml.gz header).

Measured: one part of the search index differs: Pagefind (1.5.2, also from its own command line) writes the
values of a filter in hash-map order, so its filter chunk, the metadata file naming that chunk and its entry
file differ from build to build with the same content. Those three are allowed to differ, nothing else: the word
index and every page fragment must be identical. The "last changed" dates on record pages
come from git history (provenance.py), which is the same for the same commit; a copy outside git has none.
Whether pages are rendered on a second core (mrkb.base.background) or not makes no difference either."""
from __future__ import annotations

import filecmp
import hashlib
from pathlib import Path

import pytest

from conftest import build, copy_project


def _digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


@pytest.mark.slow
def test_two_builds_are_identical(tmp_path, monkeypatch):
    # Two checkouts in different folders, as on two machines: no absolute path may leak into the output.
    # The second renders everything in one process (MR_BUILD_WORKER=0), the first on a second core where there
    # is one (mrkb.base.background): the site must not depend on which.
    for name in ("first", "second"):
        project = copy_project(tmp_path / f"checkout-{name}", data="synthetic", examples=40, docs="minimal")
        if name == "second":
            monkeypatch.setenv("MR_BUILD_WORKER", "0")
        build(project, "--site-dir", str(tmp_path / name))
    first, second = _digests(tmp_path / "first"), _digests(tmp_path / "second")
    assert len(first) > 30
    assert {n for n in first if not _filter_order(n)} == {n for n in second if not _filter_order(n)}, (
        sorted(set(first) ^ set(second)))
    assert len([n for n in first if _filter_order(n)]) == len([n for n in second if _filter_order(n)])
    assert any(name.startswith("pagefind/index/") for name in first)
    differing = sorted(name for name in first if not _filter_order(name) and first[name] != second[name])
    assert not differing, differing
    assert not filecmp.dircmp(tmp_path / "first", tmp_path / "second").diff_files


def _filter_order(name: str) -> bool:
    """Pagefind's files that hold its filter values in hash-map order (see the module docstring)."""
    return (name.startswith("pagefind/filter/") or name == "pagefind/pagefind-entry.json"
            or (name.startswith("pagefind/pagefind.") and name.endswith(".pf_meta")))
