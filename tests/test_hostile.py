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


# --- Issue #27: a pull request cannot read the build machine -------------------------------------------------------
# A secret file outside the project; symbolic links to it (and links inside the project) are refused by validation
# and by every build, before anything is written to site/; print reads only the project's own files; the offline
# zip never follows a link; every workflow checkout drops the token.

SECRET = "HEMLIG-NYCKEL-27 id: hemligt"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "outside" / "secret.yml"
    path.parent.mkdir()
    path.write_text(f"# {SECRET}\nid: hemligt\ntitle: {SECRET}\n", encoding="utf-8")
    return path


def _everything_written(project: Path) -> str:
    """The text of every file the build wrote (site/, dist/), PDFs and zips included as raw bytes."""
    found = []
    for folder in ("site", "dist"):
        for path in (project / folder).rglob("*") if (project / folder).exists() else []:
            if path.is_file() and not path.is_symlink():
                found.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(found)


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(project)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("link", ["docs/assets/notes.txt", "data/exempel/lank.yml", "overrides/partials/lank.html",
                                  "docs/assets/utanfor"])
def test_a_symbolic_link_out_of_the_project_is_refused_and_nothing_is_built(tmp_path, secret, link):
    project = copy_project(tmp_path / "project", data="synthetic", examples=2, docs="minimal")
    target = secret.parent if link.endswith("utanfor") else secret
    (project / link).parent.mkdir(parents=True, exist_ok=True)
    (project / link).symlink_to(target)
    checked = _validate(project)
    assert checked.returncode == 1
    kind = "Mappen" if target.is_dir() else "Filen"
    assert f"{link}: {kind} är en symbolisk länk (till något utanför projektet)." in checked.stderr, checked.stderr
    assert "fel hittades i" in checked.stderr.splitlines()[-1]
    result = build(project, check=False)
    assert result.returncode != 0
    assert f"{link}: {kind} är en symbolisk länk" in result.stdout + result.stderr
    assert not (project / "site").exists() or SECRET not in _everything_written(project)
    assert "HEMLIG-NYCKEL" not in checked.stdout + checked.stderr + result.stdout + result.stderr


def test_a_symbolic_link_inside_the_project_is_refused_too(tmp_path):
    project = copy_project(tmp_path / "project", data="synthetic", examples=2, docs="minimal")
    (project / "docs" / "kopia.md").symlink_to(project / "docs" / "index.md")
    (project / "data" / "exempel" / "kopia.yml").symlink_to(
        project / "data" / "exempel" / "syntetiskt-exempel-00001.yml")
    checked = _validate(project)
    assert checked.returncode == 1
    for link in ("docs/kopia.md", "data/exempel/kopia.yml"):
        assert f"{link}: Filen är en symbolisk länk (till en annan plats i projektet)." in checked.stderr
    assert "Id 'syntetiskt-exempel-00001' är inte samma som filnamnet" not in checked.stderr  # the link is not read


def test_the_offline_zip_never_follows_a_link(tmp_path, secret):
    import zipfile
    from mrkb.outputs.offline_copy import FOLDER, site_fingerprint, write_zip
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>Start</p>", encoding="utf-8")
    (site / "assets" / "notes.txt").symlink_to(secret)
    (site / "assets" / "mapp").symlink_to(secret.parent)
    write_zip(site, tmp_path / "copy.zip")
    with zipfile.ZipFile(tmp_path / "copy.zip") as archive:
        assert archive.namelist() == [f"{FOLDER}/index.html"]
        assert all(SECRET not in archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    before = site_fingerprint(site, "x")
    secret.write_text("ändrad", encoding="utf-8")
    assert site_fingerprint(site, "x") == before  # the link's target is not read at all


HOSTILE_PAGE = """\
# Grunder

Text med en <a rel="attachment" href="file://{secret}">bilaga</a> och en
<a rel="attachment" href="http://127.0.0.1:9/bilaga.txt">bilaga på webben</a>.

<img src="file://{secret}" alt="lokal bild"> <img src="http://127.0.0.1:9/bild.png" alt="bild på webben">

<link rel="stylesheet" href="file://{secret}">
<link rel="attachment" href="file://{secret}">
<link rel="stylesheet" href="http://127.0.0.1:9/stil.css">

<style>
p {{ background: url(file://{secret}); }}
h1 {{ background: url("http://127.0.0.1:9/bakgrund.png"); }}
@import url(file://{secret});
</style>
"""


def test_print_reads_only_the_projects_own_files(tmp_path, secret, capfd):
    """A hand-written page naming local files and web addresses as attachment, image, stylesheet and CSS url(),
    printed the way the guide prints it: nothing of the secret reaches the PDF, as text or as an embedded file,
    nothing is fetched from the web, and the build output says what was refused."""
    from pypdf import PdfReader
    from mrkb.print import build as print_build
    from mrkb.print import document as print_document
    from mrkb.print.pages import render_page
    from mrkb.data.model import KnowledgeBase
    if print_build.engine_problem():
        pytest.skip(f"WeasyPrint cannot run: {print_build.engine_problem()}")
    kb = KnowledgeBase({}, {})
    page = render_page(kb, "grunder.md", HOSTILE_PAGE.format(secret=secret), {"grunder.md"})
    page.place = "front"
    meta = print_document.PrintMeta("T", "2026-01-01", "abc1234")
    document = print_document.guide_html(kb, meta, [page])
    assert str(secret) in document.html  # the probe really reaches WeasyPrint
    target = tmp_path / "guide.pdf"
    print_build._Engine().render(document.html, target)
    reader = PdfReader(target)
    assert dict(reader.attachments) == {}
    for number, pdf_page in enumerate(reader.pages):
        assert "HEMLIG" not in pdf_page.extract_text(), number
        for annotation in pdf_page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
    assert b"HEMLIG" not in target.read_bytes()
    if shutil.which("pdfdetach"):  # poppler: what `pdfdetach -list` shows a reader
        listed = subprocess.run(["pdfdetach", "-list", str(target)], capture_output=True, text=True).stdout
        assert listed.startswith("0 embedded files"), listed
    output = capfd.readouterr().err
    assert f"PDF: 'file://{secret}' hämtas inte. Utskriften läser bara projektets egna filer" in output
    assert "PDF: 'http://127.0.0.1:9/bild.png' hämtas inte." in output
    assert "PDF: 'http://127.0.0.1:9/stil.css' hämtas inte." in output
    assert "PDF: 'http://127.0.0.1:9/bakgrund.png' hämtas inte." in output
    assert f"PDF: en bilaga (rel=\"attachment\") till 'file://{secret}' bäddas inte in." in output


def test_the_print_fetcher_serves_the_projects_own_files_only(tmp_path, secret):
    from mrkb.print import build as print_build
    from mrkb.print.document import PRINT_CSS
    assert print_build.allowed_file(PRINT_CSS.as_uri()) == PRINT_CSS.resolve()
    assert print_build.allowed_file(secret.as_uri()) is None
    assert print_build.allowed_file(f"{PRINT_CSS.parent.as_uri()}/../../../../data/exempel/lund.yml") is None
    link = PRINT_CSS.parent / "lank-i-testet.css"
    link.symlink_to(secret)
    try:
        assert print_build.allowed_file(link.as_uri()) is None
    finally:
        link.unlink()
    assert print_build.allowed_file("http://example.org/print.css") is None


def test_every_workflow_checkout_drops_the_token_and_every_action_is_pinned():
    import re as re_module
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    for workflow in workflows:
        document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job_name, job in document["jobs"].items():
            for step in job.get("steps", []):
                uses = step.get("uses")
                if not uses:
                    continue
                assert re_module.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}", uses), \
                    f"{workflow.name} {job_name}: {uses} is not pinned to a full commit SHA"
                if uses.startswith("actions/checkout@"):
                    assert (step.get("with") or {}).get("persist-credentials") is False, \
                        f"{workflow.name} {job_name}: checkout keeps the token in .git/config"
                if uses.startswith("actions/upload-artifact@"):
                    paths = [p.strip() for p in str(step["with"]["path"]).splitlines() if p.strip()]
                    assert paths and all(p.startswith(("site/pdf/", "dist/")) for p in paths), (workflow.name, paths)


def test_contributing_says_what_a_maintainer_checks_before_approving_a_run():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Innan en redaktör godkänner en körning", 1)[1].split("\n## ", 1)[0]
    for needed in (".github/", "symbolisk", "Makefile", "requirements", "tests/", "macros/", "file://"):
        assert needed.casefold() in section.casefold(), needed
