"""Source markers checked: every fact traceable to a numbered source (issue #21).

In a record (data/<type>/<id>.yml), in every prose field (the fields the schemas define as Markdown,
common.json#/$defs/markdown and markdown_list, e.g. body, results, lessons, purpose, steps[].text):
- a marker [n] must name a source in the record's own `sources` list (1 to its length);
- every source must be cited by at least one marker;
- every paragraph (block between blank lines) of an example's body and results and of a tool's purpose must have
  at least one marker;
- the summary and the title have none: they are shown in lists and search results, without the sources.
In a hand-written page in docs/ with a "## Källor" list: the first two rules, for the page's text above the list.
What a marker is: base/markers.py, shared with the renderers."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from ..base.markers import blocks, find_markers, line_and_column
from ..base.problems import Problem
from .yaml_source import ParsedFile, dotted

# The fields whose every paragraph needs a marker, per record type.
PARAGRAPH_RULE = {"exempel": ("body", "results"), "verktyg": ("purpose",)}
# Shown fields that take no markers.
NO_MARKER_FIELDS = ("title", "summary")
_MARKDOWN_DEFS = {"common.json#/$defs/markdown": "text", "common.json#/$defs/markdown_list": "list"}


def _kind(prop: dict, schemas: dict, document: str, seen=()) -> str | None:
    """"text" for a Markdown text, "list" for a list of them, ("objects", properties, document) for a list of
    objects, else None: read from the schema (in the file document), following $ref."""
    ref = prop.get("$ref")
    if ref and ref.startswith("#"):
        ref = document + ref
    if ref in _MARKDOWN_DEFS:
        return _MARKDOWN_DEFS[ref]
    if ref and ref not in seen and "#" in ref:
        document, _, pointer = ref.partition("#")
        target = schemas.get(document)
        for part in filter(None, pointer.split("/")):
            target = target.get(part) if isinstance(target, dict) else None
        if isinstance(target, dict):
            return _kind(target, schemas, document, (*seen, ref))
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        items = prop["items"]
        inner = _kind(items, schemas, document, seen)
        if inner == "text":
            return "list"
        if items.get("type") == "object" and isinstance(items.get("properties"), dict):
            return ("objects", items["properties"], document)
    return None


@lru_cache(maxsize=None)
def _schemas(schema_dir: str) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in Path(schema_dir).glob("*.json")}


@lru_cache(maxsize=None)
def prose_fields(schema_dir: str, folder: str) -> tuple[tuple, ...]:
    """Paths of a record type's prose fields, with "*" for each list index: ("body",), ("lessons", "*"),
    ("steps", "*", "text"). Derived from the schemas, so a new Markdown field is checked without a code change."""
    schemas = _schemas(schema_dir)
    schema = schemas.get(f"{folder}.json", {})
    found: list[tuple] = []

    def walk(properties: dict, prefix: tuple, document: str) -> None:
        for name, prop in properties.items():
            kind = _kind(prop, schemas, document) if isinstance(prop, dict) else None
            if kind == "text":
                found.append((*prefix, name))
            elif kind == "list":
                found.append((*prefix, name, "*"))
            elif isinstance(kind, tuple):
                walk(kind[1], (*prefix, name, "*"), kind[2])
    walk(schema.get("properties", {}), (), f"{folder}.json")
    return tuple(found)


def prose_values(data: dict, patterns) -> list[tuple[tuple, str]]:
    """(concrete path, text) of every prose value present in a record, in the order of the patterns."""
    found = []

    def expand(value, pattern: tuple, path: tuple) -> None:
        if not pattern:
            if isinstance(value, str):
                found.append((path, value))
            return
        head, rest = pattern[0], pattern[1:]
        if head == "*":
            for index, item in enumerate(value if isinstance(value, list) else []):
                expand(item, rest, (*path, index))
        elif isinstance(value, dict) and head in value:
            expand(value[head], rest, (*path, head))
    for pattern in patterns:
        expand(data, pattern, ())
    return found


def _plural(count: int) -> str:
    return f"{count} {'källa' if count == 1 else 'källor'}"


class _Locator:
    """Line and column in the file of an offset in a value: the value's own position from the parser, then the
    text around the offset looked up in the file's lines (block scalars keep lines; folded text does not)."""

    def __init__(self, parsed: ParsedFile, raw_text: str | None):
        self.parsed = parsed
        self.lines = (raw_text or "").splitlines()

    def position(self, path: tuple, value: str, offset: int) -> tuple[int, int]:
        line, col = self.parsed.position(path)
        if not self.lines:
            return line, col
        value_line, _ = line_and_column(value, offset)
        line_start = value.rfind("\n", 0, offset) + 1
        before = value[line_start:offset]
        prefix = re.search(r"\S{0,24}$", before).group()
        needle = prefix + value[offset:offset + 5].split("\n")[0]
        if not needle.strip():
            return line, col
        earlier = value.count(needle, 0, max(0, offset - len(prefix)))
        seen = 0
        for number in range(max(line - 1, 0), len(self.lines)):
            text, start = self.lines[number], 0
            while (found := text.find(needle, start)) != -1:
                if seen == earlier:
                    return number + 1, found + len(prefix) + 1
                seen += 1
                start = found + 1
        return line + (value_line + 1 if self.lines[line - 1].rstrip().endswith(("|", "|-", "|+", ">", ">-"))
                       else 0), col


def check_record(parsed: ParsedFile, folder: str, schema_dir: Path, raw_text: str | None = None) -> list[Problem]:
    """The marker rules for one record file (see the module docstring). Tolerates any shape of data."""
    data = parsed.data if isinstance(parsed.data, dict) else {}
    sources = data.get("sources") if isinstance(data.get("sources"), list) else []
    count = len(sources)
    locate = _Locator(parsed, raw_text)
    problems: list[Problem] = []
    cited: set[int] = set()

    def problem(path: tuple, value: str, offset: int, message: str) -> Problem:
        line, col = locate.position(path, value, offset)
        return Problem(parsed.path, line, col, dotted(path), message)

    for name in NO_MARKER_FIELDS:
        value = data.get(name)
        for marker in find_markers(value) if isinstance(value, str) else []:
            label = "Sammanfattningen" if name == "summary" else "Rubriken"
            problems.append(problem((name,), value, marker.start, (
                f"{label} ska inte ha källhänvisningar som [{marker.number}]: den visas i listor och sökresultat, "
                "där källorna inte syns. Ta bort hänvisningen här och skriv den efter samma uppgift i texten.")))
    required = PARAGRAPH_RULE.get(folder, ())
    for path, value in prose_values(data, prose_fields(str(schema_dir), folder)):
        every_paragraph = len(path) == 1 and path[0] in required
        value_blocks = blocks(value) if every_paragraph else None
        markers = find_markers(value, text_blocks=value_blocks)
        for marker in markers:
            if 1 <= marker.number <= count:
                cited.add(marker.number)
                continue
            where = (f"Skriv ett nummer mellan 1 och {count}, eller lägg till källan i listan" if count > 1
                     else "Skriv [1], eller lägg till källan i listan" if count
                     else "Lägg till källan under 'sources'")
            problems.append(problem(path, value, marker.start, (
                f"Källa [{marker.number}] finns inte: posten har {_plural(count)} under 'sources'"
                f"{', och numreringen börjar på 1' if marker.number == 0 else ''}. {where}. "
                "Numret är källans plats i listan (den första är 1).")))
        if every_paragraph:
            text_blocks = [block for block in value_blocks if block.kind == "text"]
            for number, block in enumerate(text_blocks, 1):
                if any(block.start <= m.start < block.end for m in markers):
                    continue
                which = f"Stycke {number}" if len(text_blocks) > 1 else "Texten"
                problems.append(problem(path, value, block.start, (
                    f"{which} i '{path[0]}' har ingen källhänvisning. Skriv källans nummer inom hakparentes "
                    "efter det påstående den stöder, före punkten: '… antogs i juni 2019 [2].' Numret är källans "
                    f"plats i listan 'sources' (1–{count}). Står det inte i någon källa: skriv om, flytta "
                    "uppgiften till 'uncertain' eller ta bort den.")))
    for number, source in enumerate(sources, 1):
        if number in cited or not isinstance(source, dict) or not any(
                isinstance(source.get(key), str) and source[key].strip() for key in ("title", "publisher", "url")):
            continue  # an empty item (a fresh template): the schema says what to fill in
        title = source.get("title")
        named = f" ({title})" if isinstance(title, str) and title.strip() else ""
        problems.append(parsed.problem(("sources", number - 1), (
            f"Källa {number}{named} citeras inte i texten: lägg till [{number}] efter påståendet den stöder, "
            "eller ta bort källan.")))
    return problems


_SOURCES_HEADING = re.compile(r"^##\s+Källor\s*(?:\{[^}]*\})?\s*$", re.MULTILINE)
_NEXT_HEADING = re.compile(r"^#{1,2}\s", re.MULTILINE)
_SOURCE_ITEM = re.compile(r"^\d+\.\s", re.MULTILINE)
# Not page text: front matter, template code ({{ … }}, {% … %}, {# … #}) and HTML comments.
_NOT_TEXT = re.compile(r"\A---\n.*?\n---\n|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<!--.*?-->", re.DOTALL)


def docs_page_sources(text: str) -> tuple[str, int, int] | None:
    """(the text above the source list, the number of sources, the offset of the list's heading) of a
    hand-written page with a "## Källor" list, else None. The list is the numbered items under that heading."""
    heading = _SOURCES_HEADING.search(text)
    if not heading:
        return None
    rest = text[heading.end():]
    following = _NEXT_HEADING.search(rest)
    listing = rest[:following.start()] if following else rest
    return text[:heading.start()], len(_SOURCE_ITEM.findall(listing)), heading.start()


def check_docs_page(text: str, rel: str) -> list[Problem]:
    found = docs_page_sources(text)
    if found is None:
        return []
    body, count, heading_at = found
    # Template code and the like become spaces of the same length: offsets, lines and columns stay right.
    body = _NOT_TEXT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), body)
    problems, cited = [], set()
    for marker in find_markers(body, skip_headings=True):
        line, col = line_and_column(body, marker.start)
        if 1 <= marker.number <= count:
            cited.add(marker.number)
            continue
        problems.append(Problem(rel, line + 1, col + 1, "", (
            f"Källa [{marker.number}] finns inte: sidan har {_plural(count)} under '## Källor'. Skriv ett nummer "
            f"mellan 1 och {count}, eller lägg till källan i listan.")))
    listing_start = text[heading_at:]
    for number, item in enumerate(_SOURCE_ITEM.finditer(listing_start), 1):
        if number > count:
            break
        if number in cited:
            continue
        line = text.count("\n", 0, heading_at + item.start()) + 1
        title = listing_start[item.end():listing_start.find("\n", item.end())].strip()
        short = title if len(title) <= 80 else title[:77].rstrip() + "…"
        problems.append(Problem(rel, line, 1, "", (
            f"Källa {number} ({short}) citeras inte på sidan: lägg till [{number}] efter påståendet den stöder, "
            "eller ta bort källan.")))
    return problems


def check_docs_pages(root: Path) -> list[Problem]:
    """The marker rules for every hand-written page under docs/ that has a "## Källor" list."""
    docs = Path(root) / "docs"
    problems: list[Problem] = []
    if not docs.is_dir():
        return problems
    for page in sorted(docs.rglob("*.md")):
        if page.is_symlink() or not page.is_file():
            continue
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the site build reports an unreadable page
        if "Källor" in text:
            problems.extend(check_docs_page(text, page.relative_to(root).as_posix()))
    return problems
