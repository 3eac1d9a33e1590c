"""`make bench` on a tiny data set, so the benchmark cannot rot unnoticed: every metric must come out of one run."""
from __future__ import annotations

import re

import pytest

import bench
import browser_harness


@pytest.mark.slow
def test_bench_reports_every_metric(tmp_path):
    # The bench starts its own Playwright; a test file run before this one in the same worker may have started ours.
    browser_harness.close_browser()
    results = bench.run(sizes=(10, 20), repeats=(1, 1), pdf_sizes=(), workdir=tmp_path, log=lambda message: None)
    report = bench.format_report(results)

    header = report.splitlines()[0]
    for column in ("Exempel", "Sidor", "Validering (s)", "Bygge (s)", "ms per sida", "Golv (s)", "Bygge/golv",
                   "En kärna/golv", "HTML exempelsida (KB)", "Sökindex (KB)", "Sidvisning gz (KB)",
                   "Golvets sidvisning gz (KB)", "Första sökning gz (KB)", "Tangent→träffar (ms)", "PDF (s)", "Körningar"):
        assert column in header, f"column {column!r} missing from the bench table"
    rows = [line for line in report.splitlines() if re.match(r"\| \d+ \|", line)]
    assert [row.split("|")[1].strip() for row in rows] == ["10", "20"]
    assert "Tillväxt 10 → 20 exempel (2× data): byggtid" in report
    assert report.count(": ja") + report.count(": NEJ") == 5, "one verdict per target"

    for result in results:
        assert result.pages > result.examples  # every example page plus listings and hand-written pages
        assert 0 < result.validate_s < result.build_s
        assert result.floor_s > 0 and result.floor_ratio > 0 and result.one_core_ratio > 0
        assert result.example_page_kb > 1 and result.search_index_kb > 1
        # Browser costs: a page view fetches no search bytes; the floor's theme search loads its whole index.
        if not browser_harness.CHROMIUM.exists() and not browser_harness.IN_CI:
            continue  # measured where Chromium is (always under CI=true)
        assert not result.browser_error, result.browser_error
        assert 0 < result.page_load_kb < result.floor_page_load_kb
        assert 0 < result.first_query_kb and 0 < result.keystroke_ms < 5000
    assert results[1].search_index_kb > results[0].search_index_kb  # more examples, more to search


def test_floor_config_has_no_data_layer(tmp_path):
    """The floor is plain MkDocs Material: same theme and extensions, no hooks and no macros plugin."""
    project = bench.make_project(tmp_path / "project", examples=3)
    floor = bench.make_floor_project(project, tmp_path / "floor")
    config = (floor / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks" not in config and "macros" not in config
    assert "name: material" in config and "navigation.prune" in config
    assert "- search:" in config, "the floor searches with the theme's own plugin"
    assert (floor / "docs" / "exempel" / "syntetiskt-exempel-00001.md").is_file()


def test_pdf_hook_finds_the_pdf_build():
    """bench.time_pdf calls scripts/build_pdf.py's build_all; a rename there must not silently drop the PDF."""
    import inspect

    import build_pdf
    parameters = inspect.signature(build_pdf.build_all).parameters
    assert "root" in parameters, "bench.time_pdf calls build_all(site_dir, root=project)"
