"""The incremental preview (`make serve`, i.e. `mkdocs serve --dirty`): after each kind of data change, a rebuild
that renders only the pages whose inputs changed gives the same HTML as a full build of the same data.

One process plays the server: it builds the way `mkdocs serve --dirty` does (the same config reloaded, the same
hooks module, the same site folder) after each change; a fresh process makes the full build to compare with."""
from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import yaml

from conftest import copy_project

pytestmark = pytest.mark.slow

DRIVER = textwrap.dedent('''
    import logging, os, sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    mode, site_dir = sys.argv[1], sys.argv[2]
    url = "http://127.0.0.1:8000/"

    def config():
        loaded = load_config(config_file="mkdocs.yml", site_dir=site_dir)
        loaded.site_url = url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=mode == "incremental")
    build(first, serve_url=url, dirty=mode == "incremental")
    if mode == "incremental":  # one rebuild per line on stdin, after the test has changed the data
        for line in sys.stdin:
            build(config(), serve_url=url, dirty=True)
            print("built", flush=True)
    ''')


def _html(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.rglob("*.html"))}


def _full_build(project: Path, site: Path, env: dict) -> dict[str, str]:
    subprocess.run([sys.executable, "-c", DRIVER, "full", str(site)], cwd=project, env=env, check=True,
                   capture_output=True, text=True, timeout=600)
    return _html(site)


def _edit(path: Path, **fields) -> None:
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**record, **fields}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _copy(path: Path, target: Path, **fields) -> None:
    target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    _edit(target, **fields)


def _edit_glossary(path: Path) -> None:
    glossary = yaml.safe_load(path.read_text(encoding="utf-8"))
    glossary["terms"][0]["definition"] = "En ny förklaring."
    path.write_text(yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_incremental_rebuilds_match_full_builds(tmp_path):
    project = copy_project(tmp_path / "project", data="synthetic", examples=12, docs="minimal")
    data = project / "data"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MR_PDF": "0", "MR_OFFLINE_ZIP": "0", "MR_BUILD_WORKER": "0"}
    live = tmp_path / "live"
    server = subprocess.Popen([sys.executable, "-c", DRIVER, "incremental", str(live)], cwd=project, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    example = data / "exempel" / "syntetiskt-exempel-00007.yml"
    tool = data / "verktyg" / "medborgardialog.yml"
    changes = [
        # (what changed, the change, at most this many generated pages made again: None = all may be)
        ("an example's summary", lambda: _edit(example, summary="En helt ny sammanfattning."), 20),
        ("an example's text", lambda: _edit(example, body="Ny text om arbetet [1]."), 3),
        ("an example's tools", lambda: _edit(example, tools=["medborgardialog"]), None),
        ("a tool's title", lambda: _edit(tool, title="Samtal med invånare"), None),
        ("a new example", lambda: _copy(example, data / "exempel" / "nytt-exempel.yml", id="nytt-exempel",
                                        title="Ett nytt exempel"), None),
        ("a removed example", lambda: (data / "exempel" / "syntetiskt-exempel-00003.yml").unlink(), None),
        ("a glossary term", lambda: _edit_glossary(data / "ordlista.yml"), None),
    ]
    try:
        _read_until_built(server, first=True)
        for number, (what, change, most) in enumerate(changes):
            change()
            server.stdin.write("rebuild\n")
            server.stdin.flush()
            log = _read_until_built(server)
            expected = _full_build(project, tmp_path / f"full-{number}", env)
            actual = _html(live)
            assert set(actual) == set(expected), (what, sorted(set(actual) ^ set(expected)))
            differing = [name for name in expected if actual[name] != expected[name]]
            assert not differing, (what, differing[:5])
            made = re.findall(r"(\d+) av (\d+) genererade sidor görs om", log)
            if most is not None:
                assert made and int(made[-1][0]) <= most, (what, made)
    finally:
        if server.poll() is None:
            server.stdin.close()
            server.wait(timeout=120)


def _read_until_built(server: subprocess.Popen, first: bool = False, timeout: float = 300) -> str:
    """The rebuild's log (stderr) up to its end. Never blocks past the timeout: the preview process keeps running
    after an error (it waits for the next save), so an error line stops the server before its log is read."""
    lines = []
    deadline = time.monotonic() + timeout
    while True:
        line = _readline(server.stderr, deadline)
        if line is None:
            server.kill()
            raise AssertionError(f"no finished rebuild within {timeout} s:\n" + "".join(lines))
        if not line:
            raise AssertionError("the preview process stopped:\n" + "".join(lines))
        lines.append(line)
        if "Documentation built in" in line:
            if not first:
                assert _readline(server.stdout, deadline) == "built\n"
            return "".join(lines)
        if "Aborted" in line or "Traceback" in line:
            time.sleep(1)  # the rest of the message
            server.kill()
            raise AssertionError("".join(lines) + server.stderr.read())


def _readline(stream, deadline: float) -> str | None:
    """One line, '' at the end of the stream, None when the deadline passes first."""
    answer: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: answer.put(stream.readline()), daemon=True).start()
    try:
        return answer.get(timeout=max(0.0, deadline - time.monotonic()))
    except queue.Empty:
        return None
