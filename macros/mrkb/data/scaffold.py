"""A new, empty record file generated from its JSON Schema (the single source of truth for fields and help).

Every field of the schema appears in the template with its Swedish description as a comment above it.
Required fields are present but empty, so `make validate` points at each line still to fill in; optional
fields are commented out (remove the `# ` to use them)."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

from .citations import PARAGRAPH_RULE
from .model import RECORD_TYPES

WIDTH = 100  # comment lines are wrapped to this width
LONG_TEXT = 1000  # strings allowed to be this long are running text: written as a block (`field: |`)
TYPE_HINTS = {"integer": "Ett heltal.", "boolean": "true eller false."}


class ScaffoldError(Exception):
    """A problem the editor can fix (bad type, bad id, file exists); the message is Swedish."""


def new_record(root: Path, folder: str, record_id: str) -> Path:
    """Write data/<folder>/<record_id>.yml from the schema. Never overwrites; raises ScaffoldError."""
    root = Path(root)
    if folder not in RECORD_TYPES:
        raise ScaffoldError(f"Typen '{folder}' finns inte. Välj en av: {', '.join(RECORD_TYPES)}. "
                            "Till exempel: make new TYPE=exempel ID=mitt-exempel")
    schemas = _load_schemas(root / "data" / "schema")
    problem = id_problem(schemas, record_id)
    if problem:
        raise ScaffoldError(problem)
    target = root / "data" / folder / f"{record_id}.yml"
    text = record_template(schemas, folder, record_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": fails if the file exists
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"Filen data/{folder}/{record_id}.yml finns redan och skrivs inte över. "
                            "Välj ett annat id, eller öppna den befintliga filen och ändra i den.") from None
    return target


def id_problem(schemas: dict[str, dict], record_id: str) -> str | None:
    """A Swedish explanation if the id breaks the schema's id rule, else None."""
    rule = schemas["common.json"]["$defs"]["id"]
    if record_id and re.fullmatch(rule["pattern"], record_id) and len(record_id) <= rule["maxLength"]:
        return None
    if not record_id:
        return "Id saknas. Skriv till exempel: make new TYPE=exempel ID=lunds-barnrattsarbete"
    suggestion = suggest_id(record_id)[: rule["maxLength"]].strip("-")
    hint = f" Förslag: '{suggestion}'." if suggestion and suggestion != record_id else ""
    return (f"Id '{record_id}' går inte att använda. {rule['description']} "
            f"Högst {rule['maxLength']} tecken.{hint}")


def suggest_id(text: str) -> str:
    """A valid id close to what the editor typed: lower case, å/ä→a, ö→o, other characters become dashes."""
    text = text.lower().translate(str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def record_template(schemas: dict[str, dict], folder: str, record_id: str) -> str:
    schema = schemas[f"{folder}.json"]
    singular = RECORD_TYPES[folder].singular
    lines = [f"# yaml-language-server: $schema=../schema/{folder}.json",
             f"# Ny post: {singular}. {schema.get('description', '')}",
             "# Raderna som börjar med # är hjälptexter. Fyll i fälten och kör 'make validate': felen pekar ut",
             "# de rader som återstår. Fält med # framför är valfria: ta bort '# ' för att använda dem.",
             "# Källhänvisningar: skriv källans nummer inom hakparentes direkt efter uppgiften den stöder, före",
             "# punkten: 'Fullmäktige antog planen i juni 2019 [2].' Numret är källans plats i listan 'sources'",
             "# (den första är 1), flera skrivs [1][3]. Varje källa ska citeras minst en gång. Inga hänvisningar i",
             "# title och summary. En rad får inte börja med [ (det läses som en lista i YAML): skriv texten först."]
    required = set(schema.get("required", []))
    for name, prop in schema["properties"].items():
        if name == "$schema":
            continue
        field = _resolve(schemas, f"{folder}.json", prop)
        lines.append("")
        lines += _field(schemas, name, field, name in required, indent=0,
                        value=record_id if name == "id" else None,
                        every_paragraph=name in PARAGRAPH_RULE.get(folder, ()))
    return "\n".join(lines) + "\n"


def _load_schemas(schema_dir: Path) -> dict[str, dict]:
    try:
        return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.json"))}
    except (OSError, ValueError) as error:
        raise ScaffoldError(f"Schemana i {schema_dir} går inte att läsa ({error}).") from None


def _resolve(schemas: dict, document: str, prop: dict) -> dict:
    """The property with its $ref followed; the property's own keys (e.g. its description) win."""
    if "$ref" not in prop:
        return prop
    target_doc, _, pointer = prop["$ref"].partition("#")
    target_doc = target_doc or document
    target = schemas[target_doc]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    resolved = _resolve(schemas, target_doc, target)
    markdown = pointer == "/$defs/markdown" or bool(resolved.get("_markdown"))
    return {**resolved, **{k: v for k, v in prop.items() if k != "$ref"}, "_doc": target_doc, "_markdown": markdown,
            "_def": resolved.get("_def") or pointer.rsplit("/", 1)[-1]}


def _is_prose(field: dict) -> bool:
    """A Markdown text or a list of them (common.json#/$defs/markdown): where source markers go."""
    items = field.get("items") or {}
    return bool(field.get("_markdown")) or str(items.get("$ref", "")).endswith("$defs/markdown")


def _help(field: dict, required: bool, every_paragraph: bool = False) -> str:
    parts = [field.get("description", "").strip()]
    if _is_prose(field):
        parts.append("Skriv källans nummer efter varje uppgift, till exempel [1].")
        if every_paragraph:
            parts.append("Varje stycke behöver minst en källhänvisning.")
    elif field.get("_def") == "summary":
        parts.append("Inga källhänvisningar här: sammanfattningen visas utan källor.")
    elif field.get("_def") == "sources":
        parts.append("Källornas ordning ger numren i texten: den första källan är [1], den andra [2].")
    items = field.get("items") or {}
    if "enum" in items:
        parts.append(f"Tillåtna värden: {', '.join(map(str, items['enum']))}.")
    if field.get("type") in TYPE_HINTS:
        parts.append(TYPE_HINTS[field["type"]])
    if field.get("type") == "string" and field.get("maxLength", 0) >= LONG_TEXT:
        parts.append("Skriv texten på raderna under, indragen två mellanslag. Markdown går bra.")
    parts.append("Obligatoriskt." if required else "Valfritt.")
    return " ".join(p for p in parts if p)


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return textwrap.wrap(text, width=WIDTH, initial_indent=pad + "# ", subsequent_indent=pad + "# ",
                         break_long_words=False, break_on_hyphens=False)


def _field(schemas: dict, name: str, field: dict, required: bool, indent: int, value=None,
           with_help: bool = True, dash: bool = False, every_paragraph: bool = False) -> list[str]:
    """Lines for one field. dash: the field is the first key of a list item (written after '- ')."""
    doc = field.get("_doc", "")
    pad = " " * indent
    lead = pad[:-2] + "- " if dash else pad
    out = _comment(_help(field, required, every_paragraph), indent - 2 if dash else indent) if with_help else []
    body = _value_lines(schemas, doc, name, field, indent, value, with_help and required)
    body[0] = lead + body[0][indent:]
    if not required:
        body = [_commented(line, indent) for line in body]
    return out + body


def _commented(line: str, indent: int) -> str:
    """Comment a line out at the field's own indentation, keeping the structure below it visible."""
    return line[:indent] + "# " + line[indent:] if line.strip() else line


def _value_lines(schemas: dict, doc: str, name: str, field: dict, indent: int, value, with_help: bool) -> list[str]:
    pad = " " * indent
    kind = field.get("type")
    if value is not None:
        return [f"{pad}{name}: {value}"]
    if kind == "boolean":
        return [f"{pad}{name}: true"]
    if kind == "string" and field.get("maxLength", 0) >= LONG_TEXT:
        return [f"{pad}{name}: |"]  # running text goes on the indented lines below
    if kind == "object":
        return [f"{pad}{name}:"] + _mapping(schemas, doc, field, indent + 2, with_help, dash=False)
    if kind == "array":
        items = _resolve(schemas, doc, field.get("items", {}))
        if items.get("type") == "object":
            return [f"{pad}{name}:"] + _mapping(schemas, items.get("_doc", doc), items, indent + 4, with_help,
                                                dash=True)
        return [f"{pad}{name}:", f"{pad}  -"]
    return [f"{pad}{name}:"]


def _mapping(schemas: dict, doc: str, field: dict, indent: int, with_help: bool, dash: bool) -> list[str]:
    required = set(field.get("required", []))
    # Required keys first, so a list item starts with a key the editor has to fill in.
    names = sorted(field.get("properties", {}), key=lambda n: n not in required)
    lines: list[str] = []
    for position, name in enumerate(names):
        sub = _resolve(schemas, doc, field["properties"][name])
        lines += _field(schemas, name, sub, name in required, indent, with_help=with_help,
                        dash=dash and position == 0)
    return lines
