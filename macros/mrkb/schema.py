"""JSON Schema validation (data/schema/*.json is the single source of truth) with Swedish messages."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
from referencing import Registry, Resource

from .problems import Problem
from .yaml_source import ParsedFile, dotted

TYPE_NAMES = {"string": "text", "integer": "ett heltal", "number": "ett tal", "boolean": "true eller false",
              "array": "en lista (rader som börjar med '- ')", "object": "en grupp av fält (fält: värde)",
              "null": "tomt"}


@lru_cache(maxsize=None)
def _schemas(schema_dir: str) -> tuple[dict, Registry]:
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(schema_dir).glob("*.json"))}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return schemas, registry


@lru_cache(maxsize=None)
def _validator(schema_dir: str, name: str) -> jsonschema.Draft202012Validator:
    schemas, registry = _schemas(schema_dir)
    return jsonschema.Draft202012Validator(schemas[name], registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def check_against_schema(parsed: ParsedFile, schema_dir: Path, schema_name: str) -> list[Problem]:
    validator = _validator(str(schema_dir), schema_name)
    problems = []
    for error in validator.iter_errors(parsed.data):
        problems.extend(_translate(error, parsed, validator))
    return problems


def _description(error: jsonschema.ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return schema.get("description", "")


def _translate(error: jsonschema.ValidationError, parsed: ParsedFile, validator) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    hint = _description(error)
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        return [parsed.problem(path + (key,), f"Fältet '{key}' finns inte i schemat. Kontrollera stavningen; "
                               f"tillåtna fält här är: {', '.join(a for a in allowed if a != '$schema')}.",
                               prefer_key=True) for key in unknown]
    if kind == "required":
        line, col = parsed.position(path)
        problems = []
        for name in error.validator_value:
            if name in (value or {}):
                continue
            field_schema = error.schema.get("properties", {}).get(name, {})
            field_hint = field_schema.get("description") or _ref_description(field_schema, validator)
            problems.append(Problem(parsed.path, line, col, dotted(path + (name,)),
                                    f"Fältet '{name}' saknas men är obligatoriskt. Lägg till det"
                                    + (f": {field_hint}" if field_hint else ".")))
        return problems
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " eller ".join(TYPE_NAMES.get(t, t) for t in expected)
        got = _shown(value)
        extra = " Sätt texten inom citattecken om den ser ut som ett tal, ett datum eller ja/nej." \
            if "string" in expected else ""
        message = f"Värdet ska vara {wanted}, men är {got}.{extra}"
    elif kind == "enum":
        message = f"Värdet {_shown(value)} är inte tillåtet. Välj ett av: {', '.join(map(str, error.validator_value))}."
    elif kind == "pattern":
        message = f"Värdet {_shown(value)} har fel form."
    elif kind == "minLength":
        message = "Texten är tom eller för kort." if not str(value).strip() else \
            f"Texten är för kort: minst {error.validator_value} tecken behövs."
    elif kind == "maxLength":
        message = f"Texten är för lång: {len(value)} tecken, högst {error.validator_value} är tillåtet. Korta den."
    elif kind == "minItems":
        message = f"Listan ska ha minst {error.validator_value} {'punkt' if error.validator_value == 1 else 'punkter'}."
    elif kind == "uniqueItems":
        message = "Listan innehåller samma värde två gånger. Ta bort dubbletten."
    elif kind in ("minimum", "maximum"):
        message = f"Värdet {value} ligger utanför det tillåtna ({'minst' if kind == 'minimum' else 'högst'} " \
                  f"{error.validator_value})."
    else:
        message = f"Värdet stämmer inte med schemat ({error.message})."
    if hint:
        message += f" Så här ska det vara: {hint}"
    return [parsed.problem(path, message)]


def _ref_description(field_schema: dict, validator) -> str:
    ref = field_schema.get("$ref")
    if not ref:
        return ""
    try:
        resolved = validator._resolver.lookup(ref).contents
    except Exception:  # noqa: BLE001 - a missing description must not hide the real problem
        return ""
    return resolved.get("description", "")


def _shown(value) -> str:
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "true/false (ja/nej tolkas som sant/falskt; sätt texten inom citattecken)"
    if isinstance(value, (dict, list)):
        return TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
