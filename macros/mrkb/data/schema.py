"""JSON Schema validation (data/schema/*.json is the single source of truth) with Swedish messages."""
from __future__ import annotations

import difflib
import hashlib
import json
import marshal
import os
import sys
import tempfile
import types
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import fastjsonschema

from ..base.problems import Problem
from .yaml_source import ParsedFile, dotted

if TYPE_CHECKING:
    import jsonschema

TYPE_NAMES = {"string": "text", "integer": "ett heltal", "number": "ett tal", "boolean": "true eller false",
              "array": "en lista (rader som börjar med '- ')", "object": "en grupp av fält (fält: värde)",
              "null": "tomt"}


@lru_cache(maxsize=None)
def _schemas(schema_dir: str) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(schema_dir).glob("*.json"))}


@lru_cache(maxsize=None)
def _validator(schema_dir: str, name: str) -> jsonschema.Draft202012Validator:
    # Imported here: only a file that the fast check rejects needs jsonschema, and importing it costs ≈30 ms.
    import jsonschema
    from referencing import Registry, Resource

    schemas = _schemas(schema_dir)
    # Each schema under its absolute $id, which its relative $refs ("common.json#/...") resolve against.
    registry = Registry().with_resources(
        (schema.get("$id", schema_name), Resource.from_contents(schema)) for schema_name, schema in schemas.items())
    return jsonschema.Draft202012Validator(schemas[name], registry=registry,
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


# Keywords whose meaning in fastjsonschema is the same as in jsonschema 2020-12, or stricter (it reads "$" in a
# pattern as end of text, and 2.0 is no integer): a value it accepts, jsonschema accepts too.
_FAST_KEYWORDS = {"type", "properties", "required", "additionalProperties", "items", "minLength", "maxLength",
                  "pattern", "minItems", "maxItems", "uniqueItems", "minimum", "maximum", "enum", "allOf",
                  "title", "description", "examples", "$comment"}


@lru_cache(maxsize=None)
def _fast_check(schema_dir: str, name: str):
    """A compiled yes/no check for the common case, a valid file: jsonschema spends ≈1 ms per record walking the
    schema and following $refs, which made validation of thousands of records take many seconds. The schema is
    compiled once, with every $ref inlined, by fastjsonschema. Only a file it rejects goes on to jsonschema,
    which stays the judge and writes the messages. None (always use jsonschema) when the schema uses a keyword
    outside _FAST_KEYWORDS or refers to itself in a loop."""
    schemas = _schemas(schema_dir)
    try:
        inlined = _inline_refs(schemas[name], name, schemas, depth=0)
    except (RecursionError, KeyError, TypeError):
        return None
    inlined.pop("$schema", None)
    if not _only_fast_keywords(inlined):
        return None
    try:
        validate = _compiled(inlined)
    except Exception:  # noqa: BLE001 - e.g. a pattern it cannot translate: jsonschema alone still works
        return None

    def is_valid(data) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True
    return is_valid


# Generating and compiling the validators' code takes ≈70 ms per build for all schemas, so the compiled code is
# kept between builds, like a .pyc file: keyed by the schema, the fastjsonschema version and the Python version.
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mr-plattformen" / "schema"


def _compiled(schema: dict):
    key_source = json.dumps([schema, fastjsonschema.VERSION, sys.implementation.cache_tag], sort_keys=True)
    cached = CACHE_DIR / f"validator-{hashlib.sha256(key_source.encode()).hexdigest()[:24]}.marshal"
    try:
        code = marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        code = None
    if not isinstance(code, types.CodeType):  # missing, or damaged (e.g. a build stopped while writing it)
        # detailed_exceptions=False: a rejected file goes to jsonschema for its messages anyway.
        source = fastjsonschema.compile_to_code(schema, use_default=False, use_formats=False,
                                                detailed_exceptions=False)
        code = compile(source, cached.name, "exec")
        _write_atomically(cached, marshal.dumps(code))
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - code that fastjsonschema generated from our own schema
    return namespace["validate"]


def _write_atomically(path: Path, content: bytes) -> None:
    """Best effort: without a writable cache folder the code is only generated again next build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
            temporary.write(content)
        os.replace(temporary.name, path)
    except OSError:
        pass


def _inline_refs(node, base: str, schemas: dict, depth: int):
    """{"$ref": "file#/pointer", ...siblings} -> {"allOf": [target], ...siblings}: the same meaning in 2020-12."""
    if depth > 50:
        raise RecursionError("recursive $ref")
    if isinstance(node, list):
        return [_inline_refs(item, base, schemas, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: value if key in ("enum", "const", "required") else _inline_refs(value, base, schemas, depth + 1)
           for key, value in node.items() if key not in ("$ref", "$defs", "$id")}
    if isinstance(out.get("pattern"), str):
        out["pattern"] = _escape_dollar_in_sets(out["pattern"])
    if "$ref" in node:
        file_name, _, pointer = node["$ref"].partition("#")
        file_name = file_name.rsplit("/", 1)[-1] or base  # "common.json" or its absolute $id: the same file
        target = schemas[file_name]
        for part in filter(None, pointer.split("/")):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        out = {"allOf": [_inline_refs(target, file_name, schemas, depth + 1)], **out}
    return out


def _escape_dollar_in_sets(pattern: str) -> str:
    """[^$] -> [^\\$], the same set. fastjsonschema turns every unescaped $ into \\Z, which is invalid inside []."""
    out, in_set, escaped = [], False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_set:
            in_set = True
        elif char == "]" and in_set and out[-1] != "[" and out[-2:] != ["[", "^"]:  # []…] and [^]…]: literal ]
            in_set = False
        elif char == "$" and in_set:
            char = "\\$"
        out.append(char)
    return "".join(out)


def _only_fast_keywords(schema) -> bool:
    if not isinstance(schema, dict) or not set(schema) <= _FAST_KEYWORDS:
        return False
    if "enum" in schema and not all(isinstance(value, str) for value in schema["enum"]):
        return False  # fastjsonschema compares with ==, so True would match 1
    subschemas = [*schema.get("properties", {}).values(), *schema.get("allOf", [])]
    for key in ("items", "additionalProperties"):
        if key in schema and not isinstance(schema[key], bool):
            subschemas.append(schema[key])
    return all(_only_fast_keywords(sub) for sub in subschemas)


def check_against_schema(parsed: ParsedFile, schema_dir: Path, schema_name: str) -> list[Problem]:
    fast = _fast_check(str(schema_dir), schema_name)
    if fast is not None and fast(parsed.data):
        return []
    validator = _validator(str(schema_dir), schema_name)
    errors = list(validator.iter_errors(parsed.data))
    too_short = {tuple(e.absolute_path) for e in errors if e.validator == "minLength"}
    # A misspelt key ("titel") is reported once, with "Menade du 'title'?", not again as "'title' saknas".
    misspelt = {(tuple(e.absolute_path), _near_miss(key, e.schema.get("properties", {}))) for e in errors
                if e.validator == "additionalProperties" and isinstance(e.instance, dict)
                for key in e.instance if key not in e.schema.get("properties", {})}
    problems = []
    for error in errors:
        if error.validator == "pattern" and tuple(error.absolute_path) in too_short:
            continue  # an empty text breaks both minLength and the "not only spaces" pattern: say it once
        problems.extend(_translate(error, parsed, validator, misspelt))
    return problems


def _near_miss(key: str, allowed) -> str | None:
    close = difflib.get_close_matches(str(key), [a for a in allowed if a != "$schema"], n=1, cutoff=0.75)
    return close[0] if close else None


def _field_info(validator, path: tuple) -> tuple[str, bool]:
    """(description, required) of the field at path as its own schema says it. A property's own "description"
    beside its $ref wins over the referenced definition's (organisation_type is "Typ av organisation …", not the
    generic "Postens id …"), and a list item without its own description takes the list field's (counties.0)."""
    node, resolver = validator.schema, validator._resolver
    description, required = "", False
    for part in path:
        node, resolver = _dereferenced(node, resolver)
        if isinstance(part, int):
            child = node.get("items") if isinstance(node.get("items"), dict) else None
        else:
            # A record schema may add fields in allOf branches (kännetecken: item + question).
            branches = [node] + [_dereferenced(branch, resolver)[0] for branch in node.get("allOf", ())]
            child = next((b["properties"][part] for b in branches if part in b.get("properties", {})), None)
            required = any(part in b.get("required", ()) for b in branches)
        if not isinstance(child, dict):
            return "", False
        if child.get("description"):
            description = child["description"]
        elif not isinstance(part, int):
            description = _dereferenced(child, resolver)[0].get("description", "")
        node = child
    return description, required


def _dereferenced(node: dict, resolver):
    """(node with its $refs followed, the resolver for refs inside it); node's own keys win."""
    for _ in range(10):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not ref:
            return node, resolver
        try:
            resolved = resolver.lookup(ref)
        except Exception:  # noqa: BLE001 - an unresolvable $ref is jsonschema's error to report, not ours
            return node, resolver
        node, resolver = {**resolved.contents, **{k: v for k, v in node.items() if k != "$ref"}}, resolved.resolver
    return node, resolver


def _is_date(schema: dict) -> bool:
    """The schema's date definitions (date, partial_date) are the strings whose pattern starts with a year."""
    return str(schema.get("pattern", "")).startswith("^[0-9]{4}")


def _date_forms(schema: dict) -> str:
    """ÅÅÅÅ-MM-DD, or for a partial date (a year or month is enough) the three forms it accepts."""
    return "ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD" if "(-" in schema.get("pattern", "") else "ÅÅÅÅ-MM-DD"


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _translate(error: jsonschema.ValidationError, parsed: ParsedFile, validator,
               misspelt: set = frozenset()) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    hint, required = _field_info(validator, path) if path else ("", True)
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        problems = []
        for key in unknown:
            close = _near_miss(key, allowed)
            advice = (f"Menade du '{close}'? Byt namn på fältet" if close else
                      f"Kontrollera stavningen; tillåtna fält här är: {', '.join(a for a in allowed if a != '$schema')}")
            problems.append(parsed.problem(path + (key,), f"Fältet '{key}' finns inte i schemat. {advice}.",
                                           prefer_key=True))
        return problems
    if kind == "required":
        line, col = parsed.position(path)
        problems = []
        for name in error.validator_value:
            if name in (value or {}) or (path, name) in misspelt:
                continue
            field_hint = _field_info(validator, path + (name,))[0]
            problems.append(Problem(parsed.path, line, col, dotted(path + (name,)),
                                    f"Fältet '{name}' saknas men är obligatoriskt. Lägg till det"
                                    + (f": {field_hint}" if field_hint else ".")))
        return problems
    is_date = isinstance(error.schema, dict) and _is_date(error.schema)  # the failing keyword's own schema
    if _is_empty(value) and kind in ("type", "minLength", "pattern"):
        wanted = f"ett datum ({_date_forms(error.schema)})" if is_date else _wanted(error, kind)
        message = _empty_message(path, value, wanted, required)
    elif kind == "type":
        got = _shown(value)
        extra = ""
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        if "string" in expected and isinstance(value, dict):
            extra = (" Texten innehåller troligen ': ' (kolon och mellanslag), som YAML läser som ett nytt fält. "
                     "Sätt hela texten inom citattecken eller skriv den på egna rader efter '|'.")
        elif "string" in expected and not isinstance(value, bool) and not is_date:  # _shown explains ja/nej
            extra = " Sätt texten inom citattecken om den ser ut som ett tal, ett datum eller ja/nej."
        wanted = f"ett datum i formen {_date_forms(error.schema)}" if is_date else _wanted(error, kind)
        message = f"Värdet ska vara {wanted}, men är {got}.{extra}"
    elif kind == "enum":
        message = f"Värdet {_shown(value)} är inte tillåtet. Välj ett av: {', '.join(map(str, error.validator_value))}."
    elif kind == "pattern" and is_date:
        message = f"Datumet {_shown(value)} har fel form. Skriv {_date_forms(error.schema)}."
    elif kind == "pattern":
        message = f"Värdet {_shown(value)} har fel form."
    elif kind == "minLength":
        message = f"Texten är för kort: minst {error.validator_value} tecken behövs."
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


def _empty_message(path: tuple, value, wanted: str, required: bool) -> str:
    """An empty value is said to be empty (not "ska vara text"), with what to write there."""
    spaces = " (det består bara av mellanslag)" if value else ""
    if path and isinstance(path[-1], int):
        return f"Punkten i listan är tom{spaces}. Skriv {wanted} efter '- ', eller ta bort punkten."
    return f"Fältet är tomt{spaces}. Skriv {wanted} efter kolonet" + (
        "." if required else ", eller ta bort fältet om du inte behöver det.")


def _wanted(error: jsonschema.ValidationError, kind: str) -> str:
    """What kind of value the schema wants, in Swedish ("text", "ett heltal", "en lista …")."""
    expected = error.validator_value if kind == "type" else error.schema.get("type", "string")
    expected = expected if isinstance(expected, list) else [expected]
    return " eller ".join(TYPE_NAMES.get(t, t) for t in expected)


def _shown(value) -> str:
    if value is None:
        return "tomt"
    if isinstance(value, bool):
        return "true/false (ja/nej tolkas som sant/falskt; sätt texten inom citattecken)"
    if isinstance(value, (dict, list)):
        return TYPE_NAMES["object" if isinstance(value, dict) else "array"]
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"
