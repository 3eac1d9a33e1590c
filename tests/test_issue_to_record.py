"""The issue form "Föreslå ett exempel" -> data/exempel/<id>.yml (scripts/issue_to_record.py), on issue bodies
written the way GitHub writes them, generated from the form's own YAML: good ones, and ones with empty,
malformed and hostile answers. And the workflow that runs it: triggers, permissions, no untrusted ${{ }} in
scripts, pinned actions, no merging; the workflows and the form against GitHub's published schemas."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, VENV_BIN
import issue_to_record
from mrkb.data.loader import load_knowledge_base

FORM_PATH = ROOT / ".github" / "ISSUE_TEMPLATE" / "foreslå-exempel.yml"
WORKFLOW_PATH = ROOT / ".github" / "workflows" / "forslag.yml"
FORM = yaml.safe_load(FORM_PATH.read_text(encoding="utf-8"))

GOOD = {
    "title": "Barnråd om lekplatser i Testköpings kommun",
    "summary": "Barn i Testköping fick vara med och bestämma hur kommunens nya lekplatser skulle se ut.",
    "organisation": "Testköpings kommun",
    "organisation_type": "Kommun",
    "counties": "Skåne län, Hallands län",
    "period": "2016–2018",
    "body": "Kommunen bjöd in barn från tre skolor [1].\n\nDe fick rita och rösta på förslag [2].",
    "results": "",
    "lessons": "Börja tidigt.\nLyssna på barnen.",
    "principles": ["Delaktighet och inkludering", "Egenmakt"],
    "aktorskap": ["Demokratiaktör"],
    "roles": "",
    "tools": "Barnkonsekvensanalys",
    "themes": "Barnets rättigheter",
    "sources": "Barnråd i Testköping, Testköpings kommun, https://example.org/barnrad\n"
               "Lekplatsplan 2018, Testköpings kommun",
    "uncertain": "",
    "aliases": "barnråd, lekplatser",
    "reviewed": "2026-11-20",
    "id": "",
    "confirm": True,
}


def issue_body(answers: dict) -> str:
    """An issue body as GitHub writes one for this form: "### <label>", a blank line, the answer. Empty answers
    are "_No response_", multiple choices are joined with ", ", checkboxes are "- [X] <label>". CRLF, as sent."""
    parts = []
    for item in FORM["body"]:
        if item["type"] == "markdown":
            continue
        value = answers.get(item["id"], "")
        if item["type"] == "checkboxes":
            mark = "X" if value else " "
            text = "\n".join(f"- [{mark}] {option['label']}" for option in item["attributes"]["options"])
        elif isinstance(value, list):
            text = ", ".join(value) or "_No response_"
        else:
            text = value or "_No response_"
        parts.append(f"### {item['attributes']['label']}\n\n{text}")
    return "\n\n".join(parts).replace("\n", "\r\n")


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / ".github", tmp_path / ".github")
    return tmp_path


def convert(project, answers: dict | str) -> dict:
    body = answers if isinstance(answers, str) else issue_body(answers)
    return issue_to_record.convert(body, project)


def written(project, report) -> dict:
    return yaml.safe_load((project / report["path"]).read_text(encoding="utf-8"))


def test_good_answer_becomes_a_valid_record(project):
    report = convert(project, GOOD)
    assert report["ok"], report["problems"]
    assert report["id"] == "barnrad-om-lekplatser-i-testkopings-kommun"
    assert report["path"] == f"data/exempel/{report['id']}.yml"
    record = written(project, report)
    assert record["title"] == GOOD["title"] and record["summary"] == GOOD["summary"]
    assert record["organisation_type"] == "kommun"
    assert record["counties"] == ["skane", "halland"]
    assert record["period"] == {"start": 2016, "end": 2018}
    assert record["principles"] == ["delaktighet-och-inkludering", "egenmakt"]
    assert record["aktorskap"] == ["demokratiaktor"] and record["tools"] == ["barnkonsekvensanalys"]
    assert record["lessons"] == ["Börja tidigt.", "Lyssna på barnen."]
    assert record["sources"] == [
        {"title": "Barnråd i Testköping", "publisher": "Testköpings kommun", "url": "https://example.org/barnrad"},
        {"title": "Lekplatsplan 2018", "publisher": "Testköpings kommun"}]
    assert record["body"] == GOOD["body"]  # CRLF from GitHub is plain newlines in the file
    assert "results" not in record and "roles" not in record and "uncertain" not in record
    assert (project / report["path"]).read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/exempel.json\n")
    assert load_knowledge_base(project)[1] == []


def test_spelling_and_typography_notes_reach_the_comment_without_stopping_the_proposal(project):
    answers = dict(GOOD, body='Kommunen bjöd in barn från tre skolor 2016-2018 [1].\n\nDe fick rita och rösta på '
                              '"förslgen" till lekplatserna [2].')
    report = convert(project, answers)
    assert report["ok"], report["problems"]
    text = issue_to_record.comment(report)
    assert "Språkgranskningen" in text
    assert "2016–2018" in text and "svenska citattecken" in text
    if shutil.which("hunspell"):
        assert "Okänt ord &#39;förslgen&#39;" in text or "Okänt ord 'förslgen'" in text, text
        assert "förslagen" in text, text


def test_chosen_id_and_a_title_with_a_comma(project):
    report = convert(project, {**GOOD, "id": "testkoping-barnrad", "tools": "Handledning, coachning och helpdesk"})
    assert report["ok"], report["problems"]
    assert report["id"] == "testkoping-barnrad"
    assert written(project, report)["tools"] == ["handledning-och-coachning"]


def test_dont_know_leaves_the_list_empty(project):
    report = convert(project, {**GOOD, "principles": ["Vet inte"]})
    assert report["ok"], report["problems"]
    assert written(project, report)["principles"] == []


def _problems(report) -> dict:
    assert not report["ok"] and report["problems"]
    return {p["field"].split(".")[0]: p for p in report["problems"]}


def test_empty_required_answers_are_reported_by_their_form_labels(project):
    report = convert(project, {**GOOD, "summary": "", "body": "", "sources": "", "confirm": False})
    problems = _problems(report)
    assert {"summary", "body", "sources", "confirm"} <= set(problems), report["problems"]
    assert problems["summary"]["label"] == "Sammanfattning"
    assert not list((project / "data" / "exempel").glob("barnrad-*.yml"))  # nothing left behind


@pytest.mark.parametrize("change, field, fragment", [
    ({"counties": "Atlantis län"}, "counties", "Vi känner inte igen 'Atlantis län'"),
    ({"tools": "Trollspö, Barnkonsekvensanalys"}, "tools", "'Trollspö'"),
    ({"organisation_type": "Annat (skriv i beskrivningen)"}, "organisation_type", "Välj den typ"),
    ({"period": "länge sedan"}, "period", "fyra siffror"),
    ({"period": "1850"}, "period", "minst 1990"),
    ({"sources": "Bara en titel"}, "sources", "både titel och utgivare"),
    ({"reviewed": "igår"}, "reviewed", "ÅÅÅÅ-MM-DD"),
    ({"reviewed": "2026-02-30"}, "reviewed", "finns inte i kalendern"),
    ({"id": "../../etc/passwd"}, "id", "små bokstäver"),
    ({"id": "molndal-framm"}, "id", "finns redan"),
    ({"summary": "Kort."}, "summary", "för kort"),
])
def test_malformed_answers_get_a_swedish_problem(project, change, field, fragment):
    report = convert(project, {**GOOD, **change})
    problems = _problems(report)
    assert field in problems, report["problems"]
    assert fragment in problems[field]["message"], problems[field]
    assert not (project / "etc").exists()
    assert len(list((project / "data" / "exempel").glob("*.yml"))) == len(list((ROOT / "data" / "exempel").glob("*.yml")))


def test_body_that_is_not_a_form_answer(project):
    problems = _problems(convert(project, "Hej! Jag har ett tips om Lund. Ring mig."))
    assert "title" in problems and "Rubriken saknas" in problems["title"]["message"]


HOSTILE = {
    "title": "Test $(touch /tmp/pwned) `id` ; rm -rf / && echo ${{ secrets.GITHUB_TOKEN }}",
    "summary": "!!python/object/apply:os.system ['touch /tmp/pwned'] och &anker *anker <script>alert(1)</script>",
    "organisation": "&a [*a, *a] ${{ github.event.issue.title }}",
    "body": "<img src=x onerror=alert(1)> [1]\n\n--- \n!!binary aGVq [2]\n\n### Rubrik\n\n@everyone [x](javascript:alert(1)) [1]",
    "lessons": "- !!python/name:os.system\n- %TAG ! tag:evil:\n- ? nyckel\n- {a: 1}",
    "aliases": "'; DROP TABLE exempel; --, \"citat\"",
}


def test_hostile_answers_stay_plain_text(project):
    report = convert(project, {**GOOD, **HOSTILE})
    assert report["ok"], report["problems"]
    text = (project / report["path"]).read_text(encoding="utf-8")
    record = yaml.safe_load(text)  # the safe loader reads back exactly the strings, no tags or aliases
    assert record["title"] == HOSTILE["title"] and record["summary"] == HOSTILE["summary"]
    assert record["organisation"] == HOSTILE["organisation"]
    assert record["body"].startswith("<img src=x onerror=alert(1)>") and "@everyone" in record["body"]
    assert record["lessons"][0] == "!!python/name:os.system"
    assert load_knowledge_base(project)[1] == []  # the project's own strict parser accepts the file
    assert not (project / "pwned").exists()
    from pathlib import Path
    assert not Path("/tmp/pwned").exists()


def test_problem_comment_neutralises_the_submitters_text(project):
    report = convert(project, {**GOOD, "counties": "<script>alert(1)</script> @everyone [x](https://evil) #1"})
    comment = issue_to_record.comment(report)
    assert "<script>" not in comment and "@everyone" not in comment and "](https://evil)" not in comment
    assert "&lt;script&gt;" in comment and "**Län**" in comment
    assert "Edit" in comment  # what to do: edit the issue


def test_enormous_answers(project):
    problems = _problems(convert(project, {**GOOD, "body": "x" * 30_000, "title": "y" * 5_000}))
    assert "för lång" in problems["body"]["message"] and "för lång" in problems["title"]["message"]
    problems = _problems(convert(project, {**GOOD, "body": "z" * 300_000}))
    assert "för långt" in next(iter(problems.values()))["message"]


def test_command_line_writes_report_and_comment(project, tmp_path):
    body = tmp_path / "body.md"
    body.write_text(issue_body({**GOOD, "counties": "Atlantis"}), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "issue_to_record.py"), str(body), "--root",
                             str(project), "--report", str(tmp_path / "r.json"), "--comment", str(tmp_path / "c.md")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "Atlantis" in (tmp_path / "c.md").read_text(encoding="utf-8")
    body.write_text(issue_body(GOOD), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "issue_to_record.py"), str(body), "--root",
                             str(project), "--report", str(tmp_path / "r.json")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"ok": true' in (tmp_path / "r.json").read_text(encoding="utf-8")


# The workflow


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW_PATH.read_text(encoding="utf-8"))


def test_workflow_runs_on_form_issues_with_least_privilege():
    workflow = _workflow()
    assert set(workflow["on"]) == {"issues"} and "opened" in workflow["on"]["issues"]["types"]
    assert "edited" in workflow["on"]["issues"]["types"]  # editing the issue tries again
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    for label in FORM["labels"]:
        assert f"'{label}'" in job["if"]


def test_workflow_never_puts_the_issue_into_a_script():
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            run = step.get("run", "")
            assert "${{" not in run, (step["name"], run)  # every value reaches a script as an environment variable
            for value in (step.get("env") or {}).values():
                if "github.event.issue." in str(value):
                    assert str(value).strip() in ("${{ github.event.issue.body }}", "${{ github.event.issue.number }}")


def test_converter_runs_without_a_token():
    steps = next(iter(_workflow()["jobs"].values()))["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    converting = next(s for s in steps if "python scripts/issue_to_record.py" in s.get("run", ""))
    assert set(converting["env"]) == {"ISSUE_BODY"}
    assert "token" not in str([converting["env"], converting["run"]]).casefold()
    assert "secrets" not in str(converting)
    later = steps[steps.index(converting) + 1:]
    assert later and all("python scripts/issue_to_record.py" not in s.get("run", "") for s in later)


def test_workflow_opens_a_pull_request_that_closes_the_issue_and_never_merges():
    text = WORKFLOW_PATH.read_text(encoding="utf-8")
    assert "gh pr create" in text and "gh pr edit" in text and "Closes #" in text
    assert "gh issue comment" in text
    assert not re.search(r"gh pr merge|--auto\b|auto-merge|automerge", text)


def test_actions_are_pinned_to_a_full_commit_sha():
    for path in (ROOT / ".github" / "workflows").glob("forslag.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"] if "uses" in s]
        assert uses
        for action in uses:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


@pytest.mark.parametrize("schema, pattern", [("vendor.github-workflows", "workflows/*.yml"),
                                             ("vendor.github-issue-forms", "ISSUE_TEMPLATE/*.yml")])
def test_github_files_match_githubs_published_schemas(schema, pattern):
    files = sorted(str(p) for p in (ROOT / ".github").glob(pattern))
    assert files
    result = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", schema, *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW_PATH.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8")
    result = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
