"""`make new`: a record template generated from the JSON Schema, that validation then walks the editor through."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import RECORD_TYPES
from mrkb.data.scaffold import ScaffoldError, new_record, suggest_id
import synthetic

SCRIPT = ROOT / "scripts" / "new_record.py"
SCHEMA_DIR = ROOT / "data" / "schema"
TYPES = list(RECORD_TYPES)


def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _resolved(prop: dict, document: str) -> dict:
    """The property with its $ref followed; "_doc" names the schema file that nested refs are relative to."""
    if "$ref" not in prop:
        return {"_doc": document, **prop}
    doc, _, pointer = prop["$ref"].partition("#")
    doc = doc or document
    target = _schema(doc)
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return {**_resolved(target, doc), **{k: v for k, v in prop.items() if k != "$ref"}}


@pytest.fixture
def project(tmp_path) -> Path:
    """A small valid synthetic data set (3 examples refer to every tool): only the scaffold has problems."""
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=SCHEMA_DIR)
    return tmp_path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60)


def _comment_text(text: str) -> str:
    """All help comments joined into one line, so a wrapped description can be found as a whole."""
    return " ".join(line.strip()[2:] for line in text.splitlines() if line.strip().startswith("# "))


@pytest.mark.parametrize("folder", TYPES)
def test_template_has_every_schema_field_with_its_description(project, folder):
    path = new_record(project, folder, f"ny-{folder}")
    text = path.read_text(encoding="utf-8")
    assert path == project / "data" / folder / f"ny-{folder}.yml"
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schema/{folder}.json"
    schema = _schema(f"{folder}.json")
    comments = _comment_text(text)
    for name, prop in schema["properties"].items():
        if name == "$schema":
            continue
        field = _resolved(prop, f"{folder}.json")
        if name in schema["required"]:
            assert re.search(rf"^{name}:", text, re.M), f"required field {name} missing or commented out"
        else:
            assert re.search(rf"^# {name}:", text, re.M), f"optional field {name} should be present, commented"
        assert " ".join(field["description"].split()) in comments, f"no help text for {name}"
    assert yaml.safe_load(text)["id"] == f"ny-{folder}"


@pytest.mark.parametrize("folder", TYPES)
def test_validation_points_at_each_required_field_still_to_fill(project, folder):
    path = new_record(project, folder, f"ny-{folder}")
    lines = path.read_text(encoding="utf-8").splitlines()
    _, problems = load_knowledge_base(project)
    rel = f"data/{folder}/ny-{folder}.yml"
    assert problems and all(p.path == rel for p in problems), [p.format() for p in problems]
    required = set(_schema(f"{folder}.json")["required"]) - {"id"}
    reported = {p.field.split(".")[0] for p in problems}
    assert reported == required
    for problem in problems:
        top = problem.field.split(".")[0]
        field_line = next(i for i, line in enumerate(lines, 1) if line.startswith(f"{top}:"))
        # The problem is on the field's own line or on a line of its block just below it.
        assert field_line <= problem.line <= field_line + 8, problem.format()
        assert problem.format().startswith(f"{rel}:{problem.line}:{problem.col}: fältet '{problem.field}':")


def _fill(value, schema: dict, document: str, folder: str, name: str):
    """Fill what the template left empty with valid values, walking the schema like an editor would."""
    schema = _resolved(schema, document)
    document = schema["_doc"]
    kind = schema.get("type")
    references = {**RECORD_TYPES[folder].references, "organisation_type": "organisationstyper",
                  "counties": "lan", "themes": "teman"}
    known_ids = {"principer": synthetic.PRINCIPLES, "aktorskap": synthetic.ACTORS, "roller": synthetic.ROLES,
                 "verktyg": synthetic.TOOLS, "teman": synthetic.THEMES, "lan": synthetic.COUNTIES,
                 "organisationstyper": ["kommun"]}
    if kind == "object":
        value = value or {}
        for key in schema.get("required", []):
            value[key] = _fill(value.get(key), schema["properties"][key], document, folder, key)
        return value
    if kind == "array":
        items = [item for item in (value or []) if item is not None]
        if name in references:
            return items or [known_ids[references[name]][0]]
        return [_fill(item, schema["items"], document, folder, name) for item in items or [None]]
    if value not in (None, ""):
        return value
    if name in references:
        return known_ids[references[name]][0]
    if kind == "integer":
        return 2020
    if "enum" in schema:  # a legal basis's kind
        return schema["enum"][0]
    if name == "url":  # a legal basis's official text
        return "https://example.org/lagtext"
    if name == "reviewed":
        return "2026-01-15"
    # Prose fields cite the one source, as the rule of issue #21 asks (never the title or the summary).
    marker = " [1]" if name in _prose_names(folder) else ""
    return f"Ifylld text för fältet {name}, skriven av en redaktör i testet{marker}."


def _prose_names(folder: str) -> set[str]:
    from mrkb.data.citations import prose_fields
    return {next(part for part in reversed(path) if part != "*")
            for path in prose_fields(str(ROOT / "data" / "schema"), folder)}


@pytest.mark.parametrize("folder", TYPES)
def test_template_validates_once_filled(project, folder):
    path = new_record(project, folder, f"ny-{folder}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = _schema(f"{folder}.json")
    for name in schema["required"]:
        data[name] = _fill(data.get(name), schema["properties"][name], f"{folder}.json", folder, name)
    data["title"] = f"Ny post av typen {folder}"
    if folder != "exempel":
        data["standalone"] = True  # nothing refers to a brand-new principle, role… yet
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, problems = load_knowledge_base(project)
    assert problems == [], [p.format() for p in problems]


def test_refuses_to_overwrite(project):
    path = new_record(project, "exempel", "finns-redan")
    path.write_text("id: finns-redan\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="finns redan"):
        new_record(project, "exempel", "finns-redan")
    result = _run("exempel", "finns-redan", "--root", str(project))
    assert result.returncode == 1
    assert "finns redan och skrivs inte över" in result.stderr
    assert path.read_text(encoding="utf-8") == "id: finns-redan\n"


@pytest.mark.parametrize("bad_id", ["Lunds Barnråd", "lunds_barnrad", "-lund", "lund-", "lund--stad", "ÅÄÖ",
                                    "../../etc/passwd", "a" * 81, ""])
def test_invalid_id_is_rejected_in_swedish(project, bad_id):
    before = sorted(project.rglob("*"))
    result = _run("--root", str(project), "--", "exempel", bad_id)  # `make new` passes "--" too
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "Ingen fil skapades" in result.stderr
    assert "Id" in result.stderr
    assert sorted(project.rglob("*")) == before


def test_suggests_a_valid_id():
    assert suggest_id("Lunds Barnråd 2024!") == "lunds-barnrad-2024"
    assert suggest_id("Örebro – äldreomsorg") == "orebro-aldreomsorg"


@pytest.mark.parametrize("args", [("okand-typ", "mitt-id"), (), ("exempel",), ("exempel", "a", "extra")])
def test_bad_arguments_exit_1_without_traceback(project, args):
    result = _run(*args, "--root", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip()


def test_cli_writes_file_and_says_what_to_do_next(project):
    result = _run("verktyg", "mitt-verktyg", "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert (project / "data" / "verktyg" / "mitt-verktyg.yml").is_file()
    assert "Skapade data/verktyg/mitt-verktyg.yml" in result.stdout
    assert "make validate" in result.stdout and "make serve" in result.stdout


def test_make_new_calls_the_script():
    result = subprocess.run(["make", "-n", "new", "TYPE=exempel", "ID=mitt-exempel"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert 'scripts/new_record.py -- "exempel" "mitt-exempel"' in result.stdout
