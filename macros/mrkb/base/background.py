"""Jobs run ahead on another CPU core, in the order their results will be asked for.

MkDocs builds on one core. While it converts one page's Markdown to HTML, a second core can already render the
next pages' Markdown from the data, so the data layer mostly leaves the build's critical path. The jobs are
closures over the loaded knowledge base and reach the worker by fork (copy-on-write): only their results are
pickled. Without fork (Windows, macOS), with one core, or when MR_BUILD_WORKER=0, each job runs in this process
when its result is first asked for: the same results, on one core."""
from __future__ import annotations

import bisect
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

# Jobs per round trip to the worker: the first chunk is small, so the first page waits briefly; later chunks are
# larger (doubling up to MAX_CHUNK), so results come back in few batches.
FIRST_CHUNK = 4
MAX_CHUNK = 128

# The jobs of the running Background. A forked worker sees the list as it was at fork time; nothing else reads it.
_jobs: Sequence[Callable[[], Any]] = ()


def _run_chunk(start: int, stop: int) -> list[Any]:
    return [job() for job in _jobs[start:stop]]


def worker_allowed() -> bool:
    """A worker needs fork, a second core, and not MR_BUILD_WORKER=0 (for measuring and debugging)."""
    return ("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1
            and os.environ.get("MR_BUILD_WORKER", "1") != "0")


class Background:
    """result(i) returns jobs[i](); with use_worker, all jobs start at once in one forked worker process.

    Fork only from a process without other threads (a build, not a live-reload server): a thread holding a lock
    at fork time leaves that lock held forever in the worker."""

    def __init__(self, jobs: Sequence[Callable[[], Any]], use_worker: bool = True):
        global _jobs
        self._jobs = list(jobs)
        self._starts = _chunk_starts(len(self._jobs))
        self._chunks: dict[int, list[Any]] = {}
        self._futures: list[Future] = []
        self._pool: ProcessPoolExecutor | None = None
        if use_worker and self._jobs and worker_allowed():
            _jobs = self._jobs  # set before the first submit, which forks the worker
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
            self._futures = [self._pool.submit(_run_chunk, *self._bounds(number))
                             for number in range(len(self._starts))]

    @property
    def uses_worker(self) -> bool:
        return self._pool is not None

    def result(self, index: int) -> Any:
        if not 0 <= index < len(self._jobs):
            raise IndexError(index)
        number = bisect.bisect_right(self._starts, index) - 1
        if number not in self._chunks:
            self._chunks[number] = self._fetch(number)
        return self._chunks[number][index - self._starts[number]]

    def _bounds(self, number: int) -> tuple[int, int]:
        stop = self._starts[number + 1] if number + 1 < len(self._starts) else len(self._jobs)
        return self._starts[number], stop

    def _fetch(self, number: int) -> list[Any]:
        if self._futures:
            try:
                return self._futures[number].result()
            except BrokenProcessPool:  # the worker died (e.g. out of memory): do the rest here
                self.close()
        start, stop = self._bounds(number)
        return [job() for job in self._jobs[start:stop]]

    def close(self) -> None:
        """Stop the worker; jobs not yet fetched will run here if asked for. Safe to call more than once.

        Waits until the worker has exited, so no helper thread of the pool is left when the next fork happens."""
        global _jobs
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._futures = []
        _jobs = ()


def _chunk_starts(count: int) -> list[int]:
    starts, start, size = [], 0, FIRST_CHUNK
    while start < count:
        starts.append(start)
        start, size = start + size, min(size * 2, MAX_CHUNK)
    return starts
