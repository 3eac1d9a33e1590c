"""Real third-party tools agree with data/schema/: check-jsonschema (as a contributor or CI would run it, from the
repository root) and yaml-language-server (what VS Code's YAML extension runs), driven over stdio like an editor."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from browser_harness import require
from conftest import ROOT, VENV_BIN
from mrkb.data.loader import SINGLE_FILES
from mrkb.data.model import RECORD_TYPES

SCHEMA_DIR = ROOT / "data" / "schema"
YAML_LANGUAGE_SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def _schema_groups() -> list[tuple[str, list[str]]]:
    groups = [(f"data/schema/{folder}.json", sorted(f"data/{folder}/{p.name}" for p in (ROOT / "data" / folder)
                                                       .glob("*.yml"))) for folder in RECORD_TYPES]
    groups.append(("data/schema/vokabular.json", sorted(f"data/vokabular/{p.name}"
                                                         for p in (ROOT / "data" / "vokabular").glob("*.yml"))))
    groups += [(f"data/schema/{schema}", [f"data/{name}"]) for name, schema in SINGLE_FILES.items()]
    return groups


def test_every_data_file_is_covered():
    covered = {path for _, paths in _schema_groups() for path in paths}
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / "data").rglob("*.yml")}
    assert covered == on_disk and len(covered) > 40


def test_schemas_have_no_relative_id():
    """A relative "$id" ("exempel.json") made standard validators look for common.json in the current folder."""
    for schema in SCHEMA_DIR.glob("*.json"):
        schema_id = json.loads(schema.read_text(encoding="utf-8")).get("$id")
        assert schema_id is None or schema_id.startswith("https://"), (schema.name, schema_id)


@pytest.mark.parametrize("schema, files", _schema_groups(), ids=[g[0].split("/")[-1] for g in _schema_groups()])
def test_check_jsonschema_validates_the_data_from_the_repository_root(schema, files):
    result = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--schemafile", schema, *files], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_check_jsonschema_resolves_from_another_folder_and_rejects_bad_data(tmp_path):
    bad = tmp_path / "fel.yml"
    bad.write_text((ROOT / "data" / "principer" / "egenmakt.yml").read_text(encoding="utf-8")
                   .replace("panel: [", "panel: [X, ", 1), encoding="utf-8")
    result = subprocess.run([str(VENV_BIN / "check-jsonschema"), "--schemafile", str(SCHEMA_DIR / "principer.json"),
                             str(bad)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "'X' is not one of" in result.stdout, result.stdout + result.stderr
    assert "Unresolvable" not in result.stdout + result.stderr


class LanguageServer:
    """A minimal LSP client: JSON-RPC with Content-Length headers over the server's stdin and stdout."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(["node", str(YAML_LANGUAGE_SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=root)
        self.messages: queue.Queue = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%b" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict, timeout: float = 60):
        self.next_id += 1
        self._send({"id": self.next_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == self.next_id and "method" not in m, timeout)["result"]

    def wait(self, condition, timeout: float = 60) -> dict:
        """The first message that meets condition; answers the server's own requests on the way, as an editor."""
        while True:
            message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:  # workspace/configuration, client/registerCapability …
                result = [SETTINGS["yaml"] for _ in message["params"].get("items", [])] \
                    if message["method"] == "workspace/configuration" else None
                self._send({"id": message["id"], "result": result})
            if condition(message):
                return message

    def close(self) -> None:
        try:
            self.request("shutdown", {}, timeout=10)
            self.notify("exit", {})
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a server that does not stop is ended below
            pass
        if self.process.poll() is None:
            self.process.kill()


# What VS Code sends with the YAML extension's defaults; the schema store (a download) is off.
SETTINGS = {"yaml": {"validate": True, "completion": True, "hover": True, "format": {"enable": False},
                     "schemaStore": {"enable": False}, "schemas": {}}}


@pytest.fixture
def language_server(tmp_path):
    require(shutil.which("node") is not None, "node is missing: yaml-language-server needs Node.js")
    require(YAML_LANGUAGE_SERVER.exists(), f"{YAML_LANGUAGE_SERVER} is missing: run 'npm ci --omit=dev'")
    project = tmp_path / "project"
    shutil.copytree(SCHEMA_DIR, project / "data" / "schema")
    for folder in ("exempel", "principer"):
        (project / "data" / folder).mkdir()
    server = LanguageServer(project)
    try:
        server.request("initialize", {
            "processId": os.getpid(), "rootUri": project.as_uri(),
            "workspaceFolders": [{"uri": project.as_uri(), "name": "project"}],
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {
                                 "documentationFormat": ["markdown", "plaintext"], "snippetSupport": True}},
                                 "publishDiagnostics": {}}}})
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})
        yield server, project
    finally:
        server.close()


def _open(server: LanguageServer, path: Path, text: str) -> str:
    uri = path.as_uri()
    server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                             "text": text}})
    return uri


def _documentation(item: dict) -> str:
    doc = item.get("documentation", "")
    return doc.get("value", "") if isinstance(doc, dict) else doc


def test_yaml_language_server_offers_the_fields_with_swedish_descriptions(language_server):
    server, project = language_server
    text = "# yaml-language-server: $schema=../schema/exempel.json\nid: nytt-exempel\n\n"
    uri = _open(server, project / "data" / "exempel" / "nytt-exempel.yml", text)
    result = server.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                         "position": {"line": 2, "character": 0}})
    items = {item["label"]: item for item in (result["items"] if isinstance(result, dict) else result)}
    schema = json.loads((SCHEMA_DIR / "exempel.json").read_text(encoding="utf-8"))
    expected = set(schema["properties"]) - {"id", "$schema"}
    assert expected <= set(items), sorted(expected - set(items))
    # Each field's own description, in Swedish (resolved through common.json where the field is a $ref).
    for field in ("organisation_type", "counties", "reviewed", "period"):
        wanted = schema["properties"][field]["description"]
        assert wanted in _documentation(items[field]) or wanted == items[field].get("detail"), items[field]
    title_doc = _documentation(items["title"])
    assert "Rubriken" in title_doc, items["title"]


def test_yaml_language_server_reports_a_wrong_enum_value(language_server):
    server, project = language_server
    text = (ROOT / "data" / "principer" / "egenmakt.yml").read_text(encoding="utf-8")
    assert "panel: [" in text
    uri = _open(server, project / "data" / "principer" / "egenmakt.yml", text.replace("panel: [", "panel: [X, ", 1))
    message = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri and m["params"]["diagnostics"], timeout=60)
    diagnostics = message["params"]["diagnostics"]
    panel_line = next(i for i, line in enumerate(text.splitlines()) if line.startswith("panel:"))
    enum = [d for d in diagnostics if d["range"]["start"]["line"] == panel_line]
    assert enum, diagnostics
    assert any("P" in d["message"] and "L" in d["message"] for d in enum), enum


def test_yaml_language_server_accepts_a_valid_record(language_server):
    server, project = language_server
    text = (ROOT / "data" / "principer" / "egenmakt.yml").read_text(encoding="utf-8")
    uri = _open(server, project / "data" / "principer" / "egenmakt.yml", text)
    message = server.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == uri, timeout=60)
    assert message["params"]["diagnostics"] == [], message
