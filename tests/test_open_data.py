"""Open data: the knowledge base as JSON (per type and combined), a CSV of examples, and the JSON Schemas."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from referencing import Registry, Resource

from conftest import ROOT, build, copy_project
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import RECORD_TYPES
from mrkb.outputs.open_data import CSV_COLUMNS, open_data_files
import synthetic

SCHEMA_DIR = ROOT / "data" / "schema"
EXPECTED_FILES = {"data/kunskapsbank.json", "data/exempel.csv",
                  *(f"data/{folder}.json" for folder in RECORD_TYPES),
                  *(f"data/schema/{p.name}" for p in SCHEMA_DIR.glob("*.json"))}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("open-data")
    synthetic.write_dataset(root / "data", examples=4, schema_dir=SCHEMA_DIR)
    return root


@pytest.fixture(scope="module")
def kb(project):
    kb, problems = load_knowledge_base(project)
    assert problems == []
    return kb


@pytest.fixture(scope="module")
def files(kb) -> dict[str, bytes]:
    return open_data_files(kb, SCHEMA_DIR, "https://exempel.se/mr/")


def _json(files, path):
    return json.loads(files[path].decode("utf-8"))


def test_all_files_are_produced(files):
    assert set(files) == EXPECTED_FILES
    assert all(isinstance(content, bytes) and content for content in files.values())


def test_output_is_deterministic(kb, files):
    assert open_data_files(kb, SCHEMA_DIR, "https://exempel.se/mr/") == files
    # Another load order (e.g. another file system) gives the same bytes: order comes from ids, not from dicts.
    for folder in kb.records:
        kb.records[folder] = dict(reversed(list(kb.records[folder].items())))
    try:
        assert open_data_files(kb, SCHEMA_DIR, "https://exempel.se/mr/") == files
    finally:
        for folder in kb.records:
            kb.records[folder] = dict(reversed(list(kb.records[folder].items())))
    text = files["data/kunskapsbank.json"].decode("utf-8")
    assert json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n" == text


def test_each_type_file_holds_its_records_sorted_by_id(kb, files):
    for folder in RECORD_TYPES:
        published = _json(files, f"data/{folder}.json")
        assert published["type"] == folder and published["schema"] == f"schema/{folder}.json"
        assert [r["id"] for r in published["records"]] == sorted(kb.records[folder])
        assert published["count"] == len(kb.records[folder])


def test_record_data_is_the_yaml_and_validates_against_the_published_schema(project, files):
    schemas = {path.rsplit("/", 1)[1]: json.loads(content) for path, content in files.items()
               if path.startswith("data/schema/")}
    registry = Registry().with_resources((name, Resource.from_contents(s)) for name, s in schemas.items())
    for folder in RECORD_TYPES:
        validator = jsonschema.Draft202012Validator(schemas[f"{folder}.json"], registry=registry)
        for entry in _json(files, f"data/{folder}.json")["records"]:
            source = project / entry["source_file"]
            assert entry["data"] == yaml.safe_load(source.read_text(encoding="utf-8"))
            assert list(validator.iter_errors(entry["data"])) == []


def test_back_links_are_included_as_computed_fields(kb, files):
    tools = {r["id"]: r for r in _json(files, "data/verktyg.json")["records"]}
    examples = _json(files, "data/exempel.json")["records"]
    for example in examples:
        for tool_id in example["data"].get("tools", []):
            assert example["id"] in tools[tool_id]["referenced_by"]["exempel"]
    for tool in tools.values():
        expected = sorted(e["id"] for e in examples if tool["id"] in e["data"].get("tools", []))
        assert tool["referenced_by"].get("exempel", []) == expected
    assert all("referenced_by" not in e["data"] for e in examples)  # computed fields stay outside "data"


def test_combined_file_has_everything(kb, files):
    combined = _json(files, "data/kunskapsbank.json")
    for folder in RECORD_TYPES:
        assert combined["records"][folder] == _json(files, f"data/{folder}.json")["records"]
        assert combined["record_types"][folder]["count"] == len(kb.records[folder])
    assert {e["id"] for e in combined["vocabularies"]["lan"]} == set(synthetic.COUNTIES)
    assert combined["glossary"]["terms"] and combined["traits"]["traits"]


def test_page_addresses_follow_the_url_style(kb, files):
    entry = _json(files, "data/exempel.json")["records"][0]
    assert entry["page"] == f"exempel/{entry['id']}/"
    offline = open_data_files(kb, SCHEMA_DIR, directory_urls=False)
    assert json.loads(offline["data/exempel.json"])["records"][0]["page"] == f"exempel/{entry['id']}.html"


def test_schemas_are_published_unchanged(files):
    for path in SCHEMA_DIR.glob("*.json"):
        assert files[f"data/schema/{path.name}"] == path.read_bytes()


# --- CSV ---------------------------------------------------------------------------------------------------------

def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_excel_friendly_utf8_with_bom_and_semicolons(kb, files):
    content = files["data/exempel.csv"]
    assert content.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(content)
    assert rows[0] == CSV_COLUMNS
    assert len(rows) == 1 + len(kb.records["exempel"])
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    first = dict(zip(CSV_COLUMNS, rows[1]))
    record = kb.records["exempel"][first["id"]]
    assert first["rubrik"] == record.title
    assert first["sida"] == f"https://exempel.se/mr/exempel/{record.id}/"
    assert first["datafil"] == record.source_path
    assert first["principer"] == ", ".join(kb.records["principer"][p].title for p in record.data["principles"])


def test_csv_keeps_swedish_text_quotes_and_line_breaks_and_defuses_formulas(tmp_path):
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=SCHEMA_DIR)
    path = tmp_path / "data" / "exempel" / "syntetiskt-exempel-00001.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(title='=HYPERLINK("https://ond.example";"Klicka")',
                summary='Åtgärder för äldre i Örebro; "delaktighet"\nmed radbrytning och fler ord.',
                organisation="@Kommunen")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    kb, problems = load_knowledge_base(tmp_path)
    assert problems == []
    rows = {row[0]: dict(zip(CSV_COLUMNS, row))
            for row in _csv_rows(open_data_files(kb, SCHEMA_DIR)["data/exempel.csv"])[1:]}
    row = rows["syntetiskt-exempel-00001"]
    assert row["rubrik"] == "'" + data["title"]
    assert row["organisation"] == "'@Kommunen"
    assert row["sammanfattning"].startswith('Åtgärder för äldre i Örebro; "delaktighet"')
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows.values() for value in r.values())


# --- In the built site -----------------------------------------------------------------------------------------

def test_build_writes_exactly_the_core_output(synthetic_site):
    kb, problems = load_knowledge_base(synthetic_site.parent)
    assert problems == []
    expected = open_data_files(kb, SCHEMA_DIR, "https://mr-plattformen.github.io/mr-plattformen/")
    for path, content in expected.items():
        assert (synthetic_site / path).read_bytes() == content, path


@pytest.fixture(scope="module")
def open_data_page(tmp_path_factory) -> Path:
    """A small synthetic project with the real docs/oppna-data.md, built strictly (its links are checked)."""
    project = copy_project(tmp_path_factory.mktemp("oppna-data") / "project", data="synthetic", examples=2,
                           docs="minimal")
    shutil.copy2(ROOT / "docs" / "oppna-data.md", project / "docs" / "oppna-data.md")
    build(project)
    return project / "site" / "oppna-data" / "index.html"


def test_open_data_page_links_every_file(open_data_page):
    soup = BeautifulSoup(open_data_page.read_text(encoding="utf-8"), "html.parser")
    linked = {(open_data_page.parent / a["href"]).resolve() for a in soup.select("article a[href]")
              if not a["href"].startswith(("http", "#"))}
    site = open_data_page.parent.parent
    for path in EXPECTED_FILES:
        assert (site / path).resolve() in linked, f"docs/oppna-data.md does not link {path}"
        assert (site / path).is_file()


def test_open_data_page_is_in_the_navigation():
    nav = yaml.safe_load("\n".join(line for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
                                   if "!ENV" not in line))["nav"]
    assert {"Öppna data": "oppna-data.md"} in nav


def test_real_site_publishes_the_real_data(real_site):
    combined = json.loads((real_site / "data" / "kunskapsbank.json").read_text(encoding="utf-8"))
    kb, problems = load_knowledge_base(ROOT)
    assert problems == []
    for folder in RECORD_TYPES:
        assert [r["id"] for r in combined["records"][folder]] == sorted(kb.records[folder])
    rows = _csv_rows((real_site / "data" / "exempel.csv").read_bytes())
    assert len(rows) == 1 + len(kb.records["exempel"])
