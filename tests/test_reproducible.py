"""Two builds of the same sources give byte-identical sites (conftest.build and the Makefile set
SOURCE_DATE_EPOCH, which MkDocs uses for sitemap.xml dates and the sitemap.xml.gz header).

Measured: no file legitimately differs, so the test allows no exception. The "last changed" dates on record pages
come from git history (provenance.py), which is the same for the same commit; a copy outside git has none.
Whether pages are rendered on a second core (mrkb.background) or not makes no difference either."""
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
    # is one (mrkb.background): the site must not depend on which.
    for name in ("first", "second"):
        project = copy_project(tmp_path / f"checkout-{name}", data="synthetic", examples=40, docs="minimal")
        if name == "second":
            monkeypatch.setenv("MR_BUILD_WORKER", "0")
        build(project, "--site-dir", str(tmp_path / name))
    first, second = _digests(tmp_path / "first"), _digests(tmp_path / "second")
    assert len(first) > 30
    assert first.keys() == second.keys(), sorted(set(first) ^ set(second))
    differing = sorted(name for name in first if first[name] != second[name])
    assert not differing, differing
    assert not filecmp.dircmp(tmp_path / "first", tmp_path / "second").diff_files
