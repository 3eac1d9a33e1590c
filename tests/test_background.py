"""Work on the second core (mrkb.base.background): same results as in one process, and failures that stay visible.

The build renders generated pages and open data in a forked worker, and the loader checks half of the files there
when there are many. Both must give exactly what one process gives; test_reproducible compares whole sites built
both ways."""
from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest

import synthetic
from conftest import ROOT
from mrkb.base import background
from mrkb.data import loader
from mrkb.data import schema
from mrkb.base.background import Background, _chunk_starts
from mrkb.data.loader import load_knowledge_base
from mrkb.outputs.open_data import open_data_files, open_data_paths

SCHEMA_DIR = ROOT / "data" / "schema"
needs_worker = pytest.mark.skipif(not background.worker_allowed(), reason="no fork or only one CPU core here")


def test_chunks_start_small_and_cover_every_job():
    starts = _chunk_starts(1000)
    assert starts[:3] == [0, background.FIRST_CHUNK, 3 * background.FIRST_CHUNK]
    sizes = [b - a for a, b in zip(starts, starts[1:] + [1000])]
    assert sum(sizes) == 1000 and max(sizes) == background.MAX_CHUNK
    assert _chunk_starts(0) == [] and _chunk_starts(1) == [0]


@pytest.mark.parametrize("use_worker", [False, True])
def test_results_come_back_in_order(use_worker):
    jobs = [lambda n=n: n * n for n in range(300)]
    work = Background(jobs, use_worker=use_worker)
    try:
        assert [work.result(i) for i in range(300)] == [n * n for n in range(300)]
        assert work.result(7) == 49, "a result can be asked for again"
        with pytest.raises(IndexError):
            work.result(300)
    finally:
        work.close()


@needs_worker
def test_jobs_run_in_another_process():
    work = Background([os.getpid] * 10)
    try:
        assert work.uses_worker
        assert {work.result(i) for i in range(10)} == {work.result(0)} != {os.getpid()}
    finally:
        work.close()


def test_no_worker_when_switched_off(monkeypatch):
    monkeypatch.setenv("MR_BUILD_WORKER", "0")
    work = Background([os.getpid])
    assert not work.uses_worker and work.result(0) == os.getpid()


@pytest.mark.parametrize("use_worker", [False, True])
def test_a_failing_job_raises_its_own_error(use_worker):
    def broken():
        raise ValueError("trasig sida")
    work = Background([lambda: 1, broken], use_worker=use_worker)
    try:
        with pytest.raises(ValueError, match="trasig sida"):
            work.result(1)
    finally:
        work.close()


@needs_worker
def test_a_dead_worker_leaves_the_work_to_this_process():
    main = os.getpid()

    def dies_in_worker():
        if os.getpid() != main:
            os._exit(1)  # as if the worker were killed, e.g. for lack of memory
        return "här"
    work = Background([dies_in_worker] * 3)
    try:
        assert [work.result(i) for i in range(3)] == ["här"] * 3
        assert not work.uses_worker
    finally:
        work.close()


# --- the loader with the second half of the files in the worker -------------------------------------------------

@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("many") / "p"
    synthetic.write_dataset(base / "data", examples=loader.PARALLEL_MIN_FILES, schema_dir=SCHEMA_DIR)
    last = base / "data" / "exempel" / f"syntetiskt-exempel-{loader.PARALLEL_MIN_FILES:05d}.yml"
    text = last.read_text(encoding="utf-8")
    # Late in the sorted file list, so the worker checks it: one error it finds itself (a date that does not
    # exist), and one that only the cross-record check finds later (an unknown principle).
    text = text.replace("reviewed: '2026-01-15'", "reviewed: '2023-02-30'")
    text = text.replace("principles:\n- ", "principles:\n- okand-princip\n- ", 1)
    last.write_text(text, encoding="utf-8")
    return base


@needs_worker
def test_checking_on_two_cores_gives_the_same_result(many_files, monkeypatch):
    kb_two, problems_two = load_knowledge_base(many_files)
    monkeypatch.setenv("MR_BUILD_WORKER", "0")
    kb_one, problems_one = load_knowledge_base(many_files)
    assert problems_two == problems_one
    fields = {p.field for p in problems_one}
    assert {"reviewed", "principles.0"} <= fields, [p.format() for p in problems_one]
    assert all(p.line > 1 for p in problems_one), "positions are found again for files checked in the worker"
    assert kb_two.records.keys() == kb_one.records.keys()
    for folder in kb_one.records:
        assert [r.data for r in kb_two.records[folder].values()] == [r.data for r in kb_one.records[folder].values()]


# --- compiled schema checks kept between builds ----------------------------------------------------------------

@pytest.fixture
def fresh_schema_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(schema, "CACHE_DIR", tmp_path / "cache")
    schema._fast_check.cache_clear()
    yield tmp_path / "cache"
    schema._fast_check.cache_clear()


def _examples_check():
    check = schema._fast_check(str(SCHEMA_DIR), "exempel.json")
    assert check is not None
    return check


def test_compiled_check_is_cached_and_survives_a_broken_cache(fresh_schema_cache):
    valid = synthetic_example()
    assert _examples_check()(valid) and not _examples_check()({**valid, "okänt": 1})
    cached = list(fresh_schema_cache.glob("validator-*.marshal"))
    assert len(cached) == 1
    for damaged in (b"\x00trasig", marshal.dumps(42)):  # cut off while writing; not code at all
        cached[0].write_bytes(damaged)
        schema._fast_check.cache_clear()
        assert _examples_check()(valid) and not _examples_check()({**valid, "okänt": 1})
        assert cached[0].read_bytes() != damaged, "a damaged cache file is written again"


def test_compiled_check_works_without_a_writable_cache(fresh_schema_cache):
    fresh_schema_cache.parent.mkdir(exist_ok=True)
    fresh_schema_cache.write_text("en fil, inte en mapp", encoding="utf-8")
    assert _examples_check()(synthetic_example())


def synthetic_example() -> dict:
    from mrkb.data.yaml_source import parse_yaml
    folder = ROOT / "data" / "exempel"
    first = sorted(folder.glob("*.yml"))[0]
    parsed, problems = parse_yaml(first.read_bytes(), first.name)
    assert not problems
    return parsed.data


def test_open_data_paths_are_the_files_built(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    kb, problems = load_knowledge_base(tmp_path)
    assert not problems
    assert list(open_data_files(kb, SCHEMA_DIR)) == open_data_paths(SCHEMA_DIR)
