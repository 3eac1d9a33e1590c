"""Which text is prose, and where each piece of it stands: the prose fields of the data files and the text of the
hand-written pages, with the file, line and column of every character, for messages that point at the word."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


# Fields that hold no prose of ours: ids and id lists, addresses, dates, and the sources (others' titles).
SKIP_FIELDS = {"id", "$schema", "url", "reviewed", "date", "sources", "source", "see", "aliases", "synonyms",
               "principles", "aktorskap", "roles", "tools", "themes", "counties", "organisation_type",
               "key_principles", "examples", "legal_basis", "established", "start", "end",
               "expansion"}  # an abbreviation's expansion is a name, often in English
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Prose:
    """One piece of prose: its text, the file and field it stands in, and how to find a character's position."""
    path: str  # relative to the project root
    field: str  # dotted field path ("" for a page)
    text: str
    kind: str  # "summary", "body" (long prose), "text" (short prose) or "page"
    # Position of text[0] in the file, and whether the text is a block (one line of the file per text line,
    # with `indent` columns before it) or inline (a single line starting at `col`).
    line: int = 1
    col: int = 1
    block_indent: int | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """File line and column of text[offset]."""
        before = self.text[:offset]
        line_in_text = before.count("\n")
        col_in_line = offset - (before.rfind("\n") + 1)
        if self.block_indent is None:
            return self.line + line_in_text, (self.col if line_in_text == 0 else 1) + col_in_line
        return self.line + line_in_text, self.block_indent + 1 + col_in_line


LONG_FIELDS = {"body", "results", "in_practice", "purpose", "when_to_use", "who", "text", "definition"}


def _kind(field_path: tuple) -> str:
    name = next((part for part in reversed(field_path) if isinstance(part, str)), "")
    if name == "summary":
        return "summary"
    return "body" if name in LONG_FIELDS else "text"


def _walk(value, path=()):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in SKIP_FIELDS:
                yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    elif isinstance(value, str) and path and not _ID.match(value):
        yield path, value


def data_prose(rel_path: str, raw: bytes, parsed) -> list[Prose]:
    """The prose of one parsed data file, each piece with its position in the file."""
    pieces = list(_walk(parsed.data))
    if not pieces:
        return []
    lines = raw.decode("utf-8").splitlines()
    result = []
    for path, text in pieces:
        line, col = parsed.position(path) if parsed else (1, 1)
        dotted = ".".join(str(part) for part in path)
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        indicator = source_line[col - 1:col] if col >= 1 else ""
        if indicator in ("|", ">"):
            # A block scalar: its text starts on the next line, indented.
            following = lines[line] if line < len(lines) else ""
            indent = len(following) - len(following.lstrip(" "))
            result.append(Prose(rel_path, dotted, text, _kind(path), line + 1, 1, indent))
        else:
            quoted = indicator in ("'", '"')
            result.append(Prose(rel_path, dotted, text, _kind(path), line, col + (1 if quoted else 0)))
    return result


# Hand-written pages: Markdown with Jinja macros and some HTML. What is not prose is blanked out (same length,
# newlines kept), so the offsets of the rest still point at the right line and column.
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_BLANKED = [
    re.compile(r"```.*?```", re.DOTALL),  # code blocks
    re.compile(r"`[^`\n]*`"),  # inline code
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL),  # Jinja
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"<[^>]+>"),  # HTML tags with their attributes
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"https?://\S+"),  # bare addresses
    re.compile(r"^ {0,3}\|?[\s:|-]*-{3,}[\s:|-]*$", re.MULTILINE),  # table rulers
    re.compile(r"^\s*[*_-]{3,}\s*$", re.MULTILINE),  # rules
    re.compile(r"\{[:#.][^}\n]*\}"),  # attribute lists
]
_SOURCES_HEADING = re.compile(r"^## Källor\b.*$", re.MULTILINE)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", "\x00", match.group(0))


def page_prose(root: Path, rel_path: str) -> list[Prose]:
    """The prose of a hand-written page, and its source list apart (others' titles: typography, no spelling)."""
    text = (root / rel_path).read_text(encoding="utf-8")
    text = _FRONT_MATTER.sub(_blank, text)
    for pattern in _BLANKED:
        text = pattern.sub(_blank, text)
    sources = _SOURCES_HEADING.search(text)
    if not sources:
        return [Prose(rel_path, "", text, "page", 1, 1, 0)]
    end = text.find("\n## ", sources.end())
    end = len(text) if end == -1 else end
    blank = re.sub(r"[^\n]", "\x00", text[sources.start():end])
    listed = re.sub(r"[^\n]", "\x00", text[:sources.start()]) + text[sources.start():end]
    return [Prose(rel_path, "", text[:sources.start()] + blank + text[end:], "page", 1, 1, 0),
            Prose(rel_path, "", listed, "sources", 1, 1, 0)]
