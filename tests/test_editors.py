"""Editors who know GitHub but not Python: the contribution path from CONTRIBUTING.md, end to end.

A simulated outside contributor adds one example (the one documented in CONTRIBUTING.md) to a copy of the
project and finds it everywhere it should be; a broken contribution stops the build with file, line and field.
Also: the cross-record checks, yamllint and pre-commit config, and the GitHub templates and workflow."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from yamllint import linter
from yamllint.config import YamlLintConfig

from conftest import ROOT, build, copy_project
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import RECORD_TYPES
from mrkb.data.scaffold import new_record
import synthetic

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
GITHUB = ROOT / ".github"
EXAMPLE_ID = "exempelby-barnrad"
EXAMPLE_PATH = f"data/exempel/{EXAMPLE_ID}.yml"


def _documented_example() -> str:
    """The complete example file shown in CONTRIBUTING.md."""
    return re.search(r"```yaml\n(.*?)```", CONTRIBUTING, re.S).group(1)


def _documented_errors() -> list[str]:
    """The error lines shown in CONTRIBUTING.md, up to and including the field name."""
    block = re.search(r"## Så läser du ett felmeddelande.*?```text\n(.*?)```", CONTRIBUTING, re.S).group(1)
    return [re.match(r"(.*?fältet '[^']+':)", line).group(1) for line in block.splitlines() if "fältet" in line]


def _broken_example() -> str:
    """The documented example with the two mistakes CONTRIBUTING.md describes."""
    text = _documented_example()
    assert "  - delaktighet-och-inkludering\n" in text and "https://exempelby.se/barnrad" in text
    return (text.replace("  - delaktighet-och-inkludering\n", "  - delaktighet-och-inkludring\n")
            .replace("https://exempelby.se/barnrad", "https://exempelby/barnrad"))


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), str(project)],
                          capture_output=True, text=True, timeout=120)


# --- The documentation itself ---------------------------------------------------------------------------------

def test_contributing_covers_the_editor_workflow():
    for needed in ("make new TYPE=exempel ID=", "make validate", "make serve", "make stale", "sources",
                   "uncertain", "reviewed", "egna ord", "Föreslå ett exempel", "pre-commit install"):
        assert needed in CONTRIBUTING, needed
    table = re.search(r"## Fälten i ett lärande exempel(.*?)\n## ", CONTRIBUTING, re.S).group(1)
    schema = json.loads((ROOT / "data" / "schema" / "exempel.json").read_text(encoding="utf-8"))
    for field in set(schema["properties"]) - {"$schema"}:
        assert f"| `{field}` |" in table, f"CONTRIBUTING.md does not explain the field {field}"


def test_contributing_anchors_resolve():
    headings = re.findall(r"^#{2,3} (.+)$", CONTRIBUTING, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}  # GitHub's rule
    for target in re.findall(r"\]\(#([^)]+)\)", CONTRIBUTING):
        assert target in anchors, target


# --- A simulated outside contributor ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def contributed(tmp_path_factory) -> Path:
    """A copy of the project where a contributor added only the documented example, then validated and built."""
    project = copy_project(tmp_path_factory.mktemp("contributor") / "project", data="synthetic", examples=3,
                           docs="minimal")
    (project / EXAMPLE_PATH).write_text(_documented_example(), encoding="utf-8")
    result = _validate(project)
    assert result.returncode == 0, result.stderr
    build(project)
    return project


def test_contribution_gets_its_page(contributed):
    page = contributed / "site" / "exempel" / EXAMPLE_ID / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for permalink in soup.h1.select("a.headerlink"):
        permalink.decompose()
    assert soup.h1.get_text(strip=True) == "Barnråd om lekplatser i Exempelby kommun"
    assert "Senast granskad: 2026-11-23" in soup.get_text()
    listing = (contributed / "site" / "exempel" / "index.html").read_text(encoding="utf-8")
    assert f'href="{EXAMPLE_ID}/"' in listing


@pytest.mark.parametrize("referenced", ["verktyg/barnkonsekvensanalys", "principer/delaktighet-och-inkludering",
                                        "aktorskap/demokratiaktor", "roller/fortroendevald"])
def test_contribution_is_linked_back_from_what_it_refers_to(contributed, referenced):
    html = (contributed / "site" / referenced / "index.html").read_text(encoding="utf-8")
    links = {a["href"] for a in BeautifulSoup(html, "html.parser").select("article a[href]")}
    assert f"../../exempel/{EXAMPLE_ID}/" in links


def test_contribution_is_in_the_open_data(contributed):
    examples = json.loads((contributed / "site" / "data" / "exempel.json").read_text(encoding="utf-8"))
    entry = next(r for r in examples["records"] if r["id"] == EXAMPLE_ID)
    assert entry["data"] == yaml.safe_load(_documented_example())
    assert entry["page"] == f"exempel/{EXAMPLE_ID}/"
    tools = json.loads((contributed / "site" / "data" / "verktyg.json").read_text(encoding="utf-8"))
    tool = next(r for r in tools["records"] if r["id"] == "barnkonsekvensanalys")
    assert EXAMPLE_ID in tool["referenced_by"]["exempel"]


def test_contribution_is_searchable(contributed):
    from mrkb.search.index import indexed_pages
    titles = {page["meta"]["title"] for page in indexed_pages(contributed / "site")
              if page["url"] == f"/exempel/{EXAMPLE_ID}/"}
    assert "Barnråd om lekplatser i Exempelby kommun" in titles


def test_generated_page_edit_link_opens_the_yaml_file(contributed):
    page = contributed / "site" / "exempel" / EXAMPLE_ID / "index.html"
    edit = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("a[rel=edit]")
    assert edit["href"].endswith(f"/edit/main/{EXAMPLE_PATH}")


def test_hand_written_page_edit_link_opens_the_markdown_file(synthetic_site):
    edit = BeautifulSoup((synthetic_site / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one("a[rel=edit]")
    assert edit["href"].endswith("/edit/main/docs/index.md")
    generated = synthetic_site / "exempel" / "syntetiskt-exempel-00001" / "index.html"
    edit = BeautifulSoup(generated.read_text(encoding="utf-8"), "html.parser").select_one("a[rel=edit]")
    assert edit["href"].endswith("/edit/main/data/exempel/syntetiskt-exempel-00001.yml")


@pytest.mark.parametrize("broken, expected", [
    ("documented", None),  # the two mistakes CONTRIBUTING.md shows, with the exact lines it shows
    ("yaml-syntax", [f"{EXAMPLE_PATH}:3:"]),
], ids=["documented-mistakes", "yaml-syntax"])
def test_broken_contribution_stops_the_build_with_file_line_and_field(tmp_path, broken, expected):
    project = copy_project(tmp_path / "project", data="synthetic", examples=3, docs="minimal")
    if broken == "documented":
        text, expected = _broken_example(), _documented_errors()
        assert len(expected) == 2
    else:  # a colon in an unquoted title: the most common YAML mistake
        text = _documented_example().replace("title: Barnråd om lekplatser i Exempelby kommun",
                                             "title: Barnråd: lekplatser i Exempelby kommun")
    (project / EXAMPLE_PATH).write_text(text, encoding="utf-8")

    validated = _validate(project)
    built = build(project, check=False)
    for result in (validated, built):
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "Traceback" not in output
        for line in expected:
            assert line in output, f"{line!r} not in:\n{output}"
    site = project / "site"
    assert not site.exists() or not any(site.iterdir()), "a failed build must not write anything to site/"


# --- Checks the schema cannot express ---------------------------------------------------------------------------

@pytest.fixture
def data_project(tmp_path) -> Path:
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=ROOT / "data" / "schema")
    assert load_knowledge_base(tmp_path)[1] == []
    return tmp_path


def _edit(project: Path, rel: str, change) -> None:
    path = project / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _line_of(project: Path, rel: str, text: str) -> int:
    return next(i for i, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


@pytest.mark.parametrize("url", ["https://exempel", "https://exempel/sida", "htps://skr.se", "skr.se/sida",
                                 "https://skr.se/en sida", "https://skr.se/<script>", "javascript:alert(1)"])
def test_malformed_url_is_reported_at_its_line(data_project, url):
    rel = "data/exempel/syntetiskt-exempel-00001.yml"
    _edit(data_project, rel, lambda d: d["sources"][0].update(url=url))
    problems = [p for p in load_knowledge_base(data_project)[1] if p.field == "sources.0.url"]
    assert problems, url
    assert problems[0].path == rel and problems[0].line == _line_of(data_project, rel, "url:")


@pytest.mark.parametrize("url", ["https://skr.se/", "http://www.rwi.lu.se/examples?lang=sv#top",
                                 "https://lund.se/bygga-bo--miljo/hallbara_lund/"])
def test_well_formed_url_passes(data_project, url):
    _edit(data_project, "data/exempel/syntetiskt-exempel-00001.yml", lambda d: d["sources"][0].update(url=url))
    assert load_knowledge_base(data_project)[1] == []


def test_two_records_with_the_same_title_are_reported(data_project):
    _edit(data_project, "data/principer/egenmakt.yml", lambda d: d.update(title="  PRINCIP legalitet "))
    problems = load_knowledge_base(data_project)[1]
    assert problems and all(p.field == "title" and p.line == _line_of(data_project, p.path, "title:")
                            for p in problems)
    # The contributor's own file is named whichever order the files are read in, and the other file with it.
    first = next(p for p in problems if p.path == "data/principer/egenmakt.yml")
    assert "data/principer/legalitet.yml" in first.message


def test_unreferenced_record_is_reported_unless_standalone(data_project):
    rel = "data/roller/ny-roll.yml"
    new_record(data_project, "roller", "ny-roll")
    _edit(data_project, rel, lambda d: d.update(
        title="Ny roll", summary="En roll som ingen annan post hänvisar till ännu.", body="Text [1].",
        actions=["Gör något."], sources=synthetic.SOURCE, reviewed="2026-01-15"))
    problems = load_knowledge_base(data_project)[1]
    assert [(p.path, p.field) for p in problems] == [(rel, "id")]
    assert "standalone: true" in problems[0].message
    _edit(data_project, rel, lambda d: d.update(standalone=True))
    assert load_knowledge_base(data_project)[1] == []


def test_examples_need_no_referrer(data_project):
    kb, problems = load_knowledge_base(data_project)
    assert problems == [] and kb.records["exempel"]
    assert not any(kb.referrers(record, "exempel") for record in kb.records["exempel"].values())


# --- yamllint and pre-commit -------------------------------------------------------------------------------------

YAMLLINT = YamlLintConfig(file=str(ROOT / ".yamllint.yml"))


def _lint_errors(paths) -> list[str]:
    errors = []
    for path in paths:
        for problem in linter.run(Path(path).read_text(encoding="utf-8"), YAMLLINT, str(path)):
            if problem.level == "error":
                errors.append(f"{path}:{problem.line}:{problem.column}: {problem.message} ({problem.rule})")
    return errors


def test_yamllint_accepts_the_real_data():
    files = sorted((ROOT / "data").rglob("*.yml"))
    assert files
    assert _lint_errors(files) == []


def test_yamllint_accepts_the_scaffold_output(tmp_path):
    (tmp_path / "data").mkdir()
    shutil.copytree(ROOT / "data" / "schema", tmp_path / "data" / "schema")
    files = [new_record(tmp_path, folder, f"ny-{folder}") for folder in RECORD_TYPES]
    assert _lint_errors(files) == []


def test_yamllint_accepts_the_repository_config_files():
    files = [*sorted(GITHUB.rglob("*.yml")), ROOT / ".pre-commit-config.yaml", ROOT / ".yamllint.yml"]
    assert _lint_errors(files) == []


@pytest.mark.parametrize("text, rule", [("id: x\nid: y\n", "key-duplicates"),
                                        ("id: x\nstandalone: yes\n", "truthy"),
                                        ("id: x\ntitle: a  \n", "trailing-spaces"),
                                        ("id: x\n\ttitle: y\n", None)])  # a tab: a syntax error
def test_yamllint_config_still_catches_mistakes(tmp_path, text, rule):
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    problems = list(linter.run(text, YAMLLINT, str(path)))
    assert any(p.rule == rule for p in problems), problems


def test_pre_commit_config_has_yamllint_and_the_validator():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert "-c .yamllint.yml" in hooks["yamllint"]["entry"]
    assert re.search(hooks["yamllint"]["files"], "data/exempel/lund.yml")
    validator = hooks["validate-data"]
    assert validator["language"] == "system"
    assert validator["entry"] == ".venv/bin/python scripts/validate.py"
    assert validator["files"] == "^data/"
    result = subprocess.run([str(Path(sys.executable).parent / "pre-commit"), "validate-config",
                             ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_blocks_a_broken_example(tmp_path):
    """Run the real hooks in a throw-away git repository: a valid example passes, the broken one is stopped."""
    project = copy_project(tmp_path / "project", data="synthetic", examples=3, docs="minimal")
    for name in (".pre-commit-config.yaml", ".yamllint.yml"):
        shutil.copy2(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}

    def run(*args):
        return subprocess.run(list(args), cwd=project, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    (project / EXAMPLE_PATH).write_text(_documented_example(), encoding="utf-8")
    pre_commit = str(Path(sys.executable).parent / "pre-commit")
    ok = run(pre_commit, "run", "--files", EXAMPLE_PATH)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (project / EXAMPLE_PATH).write_text(_broken_example(), encoding="utf-8")
    failed = run(pre_commit, "run", "--files", EXAMPLE_PATH)
    assert failed.returncode != 0
    assert _documented_errors()[1] in failed.stdout + failed.stderr


# --- GitHub: pull request template, issue form, workflow ---------------------------------------------------------

def test_pull_request_template_has_the_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    items = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    for needed in ("Källor", "reviewed", "egna ord", "make serve", "make validate"):
        assert any(needed in item for item in items), needed


def _issue_form() -> dict:
    return yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "foreslå-exempel.yml").read_text(encoding="utf-8"))


def test_issue_form_asks_for_the_example_schema_fields():
    form = _issue_form()
    assert form["name"] == "Föreslå ett exempel" and form["description"]
    schema = json.loads((ROOT / "data" / "schema" / "exempel.json").read_text(encoding="utf-8"))
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert len(ids) == len(set(ids))
    assert set(schema["required"]) <= set(ids), set(schema["required"]) - set(ids)
    assert set(ids) - {"confirm"} <= set(schema["properties"]), "form ids must be field names of the schema"
    for item in fields:
        assert item["type"] in {"input", "textarea", "dropdown", "checkboxes"}
        assert item["attributes"]["label"]
        if item["id"] in set(schema["required"]) - {"id"}:
            assert item.get("validations", {}).get("required") is True, item["id"]


@pytest.mark.parametrize("field, source", [("principles", "principer/*.yml"), ("aktorskap", "aktorskap/*.yml"),
                                           ("organisation_type", "vokabular/organisationstyper.yml")])
def test_issue_form_choices_match_the_data(field, source):
    item = next(i for i in _issue_form()["body"] if i.get("id") == field)
    options = {o for o in item["attributes"]["options"] if not o.startswith(("Vet inte", "Annat"))}
    titles = set()
    for path in (ROOT / "data").glob(source):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        titles |= {e["title"] for e in data["entries"]} if "entries" in data else {data["title"]}
    assert options == titles


def _workflow() -> dict:
    return yaml.safe_load((GITHUB / "workflows" / "site.yml").read_text(encoding="utf-8"))


def test_workflow_tests_every_pull_request_and_keeps_pdf_and_offline_zip():
    workflow = _workflow()
    triggers = workflow["on"]
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    order = [next(i for i, run in enumerate(runs) if run.strip() == command)
             for command in ("make test", "make pdf", "make offline")]
    assert order == sorted(order)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # "Senast ändrad" needs the whole git history
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert set(upload["with"]["path"].split()) == {"site/pdf/mr-plattformen.pdf", "dist/mr-plattformen-offline.zip"}
    assert upload["with"]["if-no-files-found"] == "error"
    assert steps.index(upload) > order[-1]


def test_workflow_deploys_main_to_pages():
    jobs = _workflow()["jobs"]
    on_main = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    pages = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "site" and pages["if"] == on_main
    deploy = jobs["deploy"]
    assert deploy["if"] == on_main and deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_workflow_actions_are_pinned_to_a_commit_sha_with_their_version():
    """A tag can be moved to other code; a commit SHA cannot (issue #27). The version stays readable beside it."""
    text = (GITHUB / "workflows" / "site.yml").read_text(encoding="utf-8")
    uses = [step["uses"] for job in _workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert len(uses) >= 4
    for action in uses:
        assert re.fullmatch(r"actions/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(re.escape(action) + r"  # v\d+(\.\d+){0,2}\n", text), f"{action}: no version comment"


def test_make_help_lists_every_command():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.MULTILINE).group(1).split()
    help_text = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout
    for target in set(phony) - {"help", "install", "install-dev", "clean"}:
        assert f"make {target} " in help_text, target


def test_first_make_serve_says_it_is_installing(tmp_path):
    for name in ("Makefile", "requirements.txt", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    planned = subprocess.run(["make", "--no-print-directory", "-n", "serve"], cwd=tmp_path, capture_output=True,
                             text=True, check=True).stdout
    lines = planned.splitlines()
    installing = next(i for i, line in enumerate(lines) if "Installerar" in line)
    assert installing < next(i for i, line in enumerate(lines) if "pip install" in line)
    assert any("Förhandsvisningen startar" in line for line in lines)
