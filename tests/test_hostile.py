"""Hostile input: every broken data file in tests/hostile/ must be refused with a Swedish message that names
the file and the line (file:LINE:COL), never a traceback, and the site must then not be built.

Each case is a folder tests/hostile/<case>/ holding the files to drop into a valid synthetic data set (paths
relative to the project, e.g. data/exempel/fientlig.yml) and expect.yml:
    file: the file the message must name      line: the line it must name      message: a fragment of it
    build: true   -> also run the whole `mkdocs build --strict` (a handful of cases; builds are slow)
    generate: ... -> the file is too big or too odd to keep in git and is written by GENERATORS below
    also: [{line, message}] -> further problems that must be reported in the same run
All cases go through scripts/validate.py's main() in one separate Python process (a process per case costs
≈0.5 s each); the build cases also run scripts/validate.py as its own process, as `make validate` does."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import synthetic
from conftest import ROOT, build, copy_project

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expect.yml").is_file())
# One error must not drown in follow-up errors: a case may report a few related problems, not dozens.
MAX_PROBLEMS = 6


def _enormous() -> bytes:
    text = (HOSTILE / "unknown-key" / "data/exempel/fientlig.yml").read_text(encoding="utf-8")
    return text.replace("body: Brödtext om vad som gjordes.", "body: " + "Mycket lång text. " * 20000).encode()


def _very_deep() -> bytes:
    return ("body: " + "[" * 100_000 + "]" * 100_000 + "\n").encode()


GENERATORS = {"enormous": _enormous, "very-deep": _very_deep}


def expectation(case: str) -> dict:
    return yaml.safe_load((HOSTILE / case / "expect.yml").read_text(encoding="utf-8"))


def drop_case(case: str, project: Path) -> None:
    """Copy the case's files over a project (a file with the same path is replaced)."""
    source = HOSTILE / case
    for path in source.rglob("*"):
        if path.is_file() and path.name != "expect.yml":
            target = project / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expect = expectation(case)
    if "generate" in expect:
        target = project / expect["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(GENERATORS[expect["generate"]]())


# Runs validate.main() for each project root given, as the script would, and prints exit code, stdout and
# stderr per root as JSON. An exception escaping main() is recorded with its traceback, as Python would print it.
DRIVER = r"""
import contextlib, io, json, sys, traceback
sys.path.insert(0, sys.argv[1])
import validate
results = {}
for root in sys.argv[2:]:
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = validate.main(["validate.py", root])
    except BaseException:
        code = 1
        err.write(traceback.format_exc())
    results[root] = [code, out.getvalue(), err.getvalue()]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def validated(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    """Every case validated in its own copy of a valid synthetic data set; the first root is the valid base."""
    base = tmp_path_factory.mktemp("hostile")
    synthetic.write_dataset(base / "valid" / "data", examples=2, schema_dir=ROOT / "data" / "schema")
    projects = {"": base / "valid"}
    for case in CASES:
        projects[case] = base / case
        shutil.copytree(base / "valid" / "data", projects[case] / "data")
        drop_case(case, projects[case])
    run = subprocess.run([sys.executable, "-c", DRIVER, str(ROOT / "scripts"), *map(str, projects.values())],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    raw = json.loads(run.stdout)
    results = {case: subprocess.CompletedProcess([case], *raw[str(path)]) for case, path in projects.items()}
    assert results[""].returncode == 0, f"the base data set must be valid:\n{results[''].stderr}"
    return results


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(project)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40, CASES


@pytest.mark.parametrize("case", CASES)
def test_validator_refuses_with_file_and_line(validated, case):
    expect = expectation(case)
    result = validated[case]
    assert result.returncode == 1, f"{case}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr, result.stderr
    problems = [line for line in result.stderr.splitlines()[:-1]]  # the last line is the summary
    wanted = [(expect["line"], expect["message"]), *((a["line"], a["message"]) for a in expect.get("also", []))]
    for line, message in wanted:
        where = f"{expect['file']}:{line}:"
        matching = [p for p in problems if p.startswith(where) and message.casefold() in p.casefold()]
        assert matching, f"{case}: expected a problem at {where} mentioning '{message}', got:\n{result.stderr}"
    assert len(problems) <= MAX_PROBLEMS, f"{case}: too many follow-up problems:\n{result.stderr}"
    assert all(":" in p.split(" ")[0] for p in problems), result.stderr
    assert "fel hittades i data/" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("case", CASES)
def test_messages_are_swedish(validated, case):
    """No English parser text leaks through: the messages say in Swedish what is wrong and how to fix it."""
    english = ("found", "expected", "while", "could not", "is not", "unacceptable", "special characters",
               "mapping", "scanning", "parsing", "None")
    for problem in validated[case].stderr.splitlines():
        message = problem.split(": ", 1)[-1]
        leaked = [word for word in english if f" {word} " in f" {message} "]
        assert not leaked, f"{case}: English in message: {problem}"


BUILD_CASES = [case for case in CASES if expectation(case).get("build")]


@pytest.mark.slow
@pytest.mark.parametrize("case", BUILD_CASES)
def test_build_fails_and_writes_nothing(tmp_path, case):
    project = copy_project(tmp_path / "project", data="synthetic", examples=2, docs="minimal")
    drop_case(case, project)
    validation = _validate(project)
    expect = expectation(case)
    assert validation.returncode == 1 and "Traceback" not in validation.stderr, validation.stderr
    assert f"{expect['file']}:{expect['line']}:" in validation.stderr, validation.stderr
    result = build(project, check=False)
    output = result.stdout + result.stderr  # MkDocs prints the Abort message on stdout
    assert result.returncode != 0, f"{case}: the build succeeded on broken data"
    assert "Traceback" not in output, output[-3000:]
    assert f"{expect['file']}:{expect['line']}:" in output, output[-3000:]
    assert not (project / "site").exists(), f"{case}: the failed build wrote {list((project / 'site').rglob('*'))[:5]}"


def test_build_cases_are_a_representative_handful():
    assert 4 <= len(BUILD_CASES) <= 8, BUILD_CASES
