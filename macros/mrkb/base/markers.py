"""Source markers in Markdown text: `[n]` right after the claim that source n supports, `[1][3]` for several.

The one place that says what a marker is, read by the data checks (data/citations.py: past the end of the list,
uncited sources, paragraphs without a marker) and by the renderers (pages/source_markers.py: links on the web,
numbers in print), so what is checked is exactly what is shown. Works on the Markdown source, with offsets, so a
check can point at the line and column.

A marker is `[` 1–3 digits `]`, not escaped (`\\[1]`), and not inside
- inline code (`` `[1]` ``) or a code block (fenced, or indented by four spaces after a blank line);
- a link or image, text or address (`[se rapport [1]](https://…)`, `[1](https://…)`), or an autolink `<https://…>`;
- a reference definition line (`[1]: https://…`).
`[a]`, `[12a]`, `[1 ]`, `[2019]` (four digits: a year) and `[^1]` are not markers."""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"\[(\d{1,3})\]")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.IGNORECASE)
_BACKTICKS = re.compile(r"`+")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s")
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_DEFINITION_LINE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S")  # a link reference definition: shows no text
# Private-use characters: what to_html() of a text with placeholders keeps exactly (see placeholders()).
OPEN, CLOSE = "\ue000", "\ue001"


@dataclass(frozen=True)
class Marker:
    number: int
    start: int  # offset of "[" in the text
    end: int  # offset after "]"
    group: int  # markers written together ("[1][3]") share a group number, counted from 0 in the text


@dataclass(frozen=True)
class Block:
    """A paragraph in the wide sense: text between blank lines (a list, a quote or a table is one block)."""
    start: int
    end: int
    kind: str  # "text", "code", "heading" or "definitions" (link reference definitions only)


def blocks(text: str) -> list[Block]:
    """The blank-line-separated blocks of a text, in order. Blank lines inside a fenced code block do not split it;
    a block of lines all indented by four spaces after a blank line (not continuing a list) is code."""
    result: list[Block] = []
    lines = text.splitlines(keepends=True)
    offset, start, fence, in_list = 0, None, None, False
    kinds: list[str] = []

    def close(end: int) -> None:
        nonlocal start, in_list
        if start is None:
            return
        chunk = text[start:end]
        chunk_lines = [line for line in chunk.splitlines() if line.strip()]
        if kinds and kinds[0] == "fence":
            kind = "code"
        elif chunk_lines and all(line.startswith(("    ", "\t")) for line in chunk_lines) and not in_list:
            kind = "code"
        elif len(chunk_lines) == 1 and _HEADING_LINE.match(chunk_lines[0]):
            kind = "heading"
        elif chunk_lines and all(_DEFINITION_LINE.match(line) for line in chunk_lines):
            kind = "definitions"  # nothing a reader sees, so no claim to cite
        else:
            kind = "text"
        if kind != "code":
            in_list = bool(chunk_lines) and bool(_LIST_ITEM.match(chunk_lines[0])) or (
                in_list and chunk_lines[0].startswith((" ", "\t")))
        result.append(Block(start, end, kind))
        start = None
        kinds.clear()

    for line in lines:
        stripped = line.strip()
        if fence is not None:
            if re.match(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                fence = None
        elif not stripped:
            close(offset)
        else:
            match = _FENCE.match(line)
            if match:
                if start is not None:
                    close(offset)
                fence = match.group(1)
                kinds.append("fence")
            if start is None:
                start = offset
        offset += len(line)
    close(len(text))
    # Trailing whitespace is not part of a block.
    return [Block(b.start, b.start + len(text[b.start:b.end].rstrip()), b.kind) for b in result]


_MAY_EXCLUDE = re.compile(r"`|~~~|\]\(|\]:|<|^(?: {4}|\t)", re.MULTILINE)


def _excluded_ranges(text: str, code_blocks: list[Block] | None) -> list[tuple[int, int]]:
    """Offsets where a "[n]" is not a marker: code, links, autolinks, reference definitions."""
    if not _MAY_EXCLUDE.search(text):
        return []  # the common case: plain prose, nothing to exclude
    ranges = [(b.start, b.end) for b in (blocks(text) if code_blocks is None else code_blocks) if b.kind == "code"]

    def inside(position: int) -> bool:
        return any(start <= position < end for start, end in ranges)

    for match in _REFERENCE_DEFINITION.finditer(text):
        line_end = text.find("\n", match.start())
        ranges.append((match.start(), len(text) if line_end == -1 else line_end))
    # Inline code: a run of n backticks up to the next run of exactly n backticks.
    runs = [m for m in _BACKTICKS.finditer(text) if not inside(m.start()) and not _escaped(text, m.start())]
    used = set()
    for index, run in enumerate(runs):
        if index in used:
            continue
        for later in range(index + 1, len(runs)):
            if later not in used and len(runs[later].group()) == len(run.group()):
                ranges.append((run.start(), runs[later].end()))
                used.update({index, later})
                break
    ranges.extend((m.start(), m.end()) for m in _AUTOLINK.finditer(text) if not inside(m.start()))
    # Links and images: [text](address), the text possibly holding brackets itself.
    position = 0
    while (opening := text.find("[", position)) != -1:
        position = opening + 1
        if inside(opening) or _escaped(text, opening):
            continue
        closing = _matching(text, opening, "[", "]", inside)
        if closing is None or closing + 1 >= len(text) or text[closing + 1] != "(":
            continue
        end = _matching(text, closing + 1, "(", ")", inside)
        if end is None:
            continue
        ranges.append((opening - (1 if opening and text[opening - 1] == "!" else 0), end + 1))
        position = end + 1
    return ranges


def _matching(text: str, opening: int, open_char: str, close_char: str, inside) -> int | None:
    depth = 0
    for position in range(opening, len(text)):
        char = text[position]
        if char == "\n" and text[position:position + 2] == "\n\n":
            return None  # a link never spans a blank line
        if _escaped(text, position) or inside(position):
            continue
        if char == open_char:
            depth += 1
        elif char == close_char:
            depth -= 1
            if depth == 0:
                return position
    return None


def _escaped(text: str, position: int) -> bool:
    backslashes = 0
    while position - backslashes - 1 >= 0 and text[position - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def find_markers(text: str, skip_headings: bool = False, text_blocks: list[Block] | None = None) -> list[Marker]:
    """Every marker in a Markdown text, in order. skip_headings: markers in heading lines do not count (a
    hand-written page's headings become its table of contents, where a marker would mean nothing). text_blocks:
    blocks(text), when the caller has them already."""
    if not text or not _MARKER.search(text):
        return []
    ranges = _excluded_ranges(text, text_blocks)
    if skip_headings:
        for match in re.finditer(r"^ {0,3}#{1,6}\s.*$", text, re.MULTILINE):
            ranges.append((match.start(), match.end()))
    ranges.sort()
    markers: list[Marker] = []
    group, last_end = -1, -1
    for match in _MARKER.finditer(text):
        start = match.start()
        if _escaped(text, start) or any(s <= start < e for s, e in ranges):
            continue
        if start != last_end:
            group += 1
        markers.append(Marker(int(match.group(1)), start, match.end(), group))
        last_end = match.end()
    return markers


def strip_markers(text: str) -> str:
    """The text without its markers (and the space before each group): for descriptions, summaries and any other
    plain-text use, where a number would point nowhere."""
    stripped, groups = placeholders(text)
    if not groups:
        return text
    return PLACEHOLDER.sub("", re.sub(f" (?={OPEN})", "", stripped))


def placeholders(text: str) -> tuple[str, list[list[Marker]]]:
    """The text with each marker group replaced by OPEN + group index + CLOSE, and the groups. The placeholder is
    plain text to Markdown and to the sanitizer, so after to_html() it stands exactly where the marker was; the
    renderer then puts its own markup there. Private-use characters the contributor typed are dropped first."""
    text = (text or "").replace(OPEN, "").replace(CLOSE, "")
    markers = find_markers(text)
    if not markers:
        return text, []
    groups: list[list[Marker]] = []
    for marker in markers:
        if marker.group == len(groups):
            groups.append([])
        groups[marker.group].append(marker)
    out, position = [], 0
    for index, group in enumerate(groups):
        out.append(text[position:group[0].start])
        out.append(f"{OPEN}{index}{CLOSE}")
        position = group[-1].end
    out.append(text[position:])
    return "".join(out), groups


PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")


def block_index(blocks_: list[Block], offset: int) -> int:
    """0-based index among the text blocks (code and headings not counted) of the block holding offset."""
    number = -1
    for block in blocks_:
        if block.kind == "text":
            number += 1
        if block.start <= offset < block.end + 1:
            return max(number, 0)
    return max(number, 0)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """0-based line and column of an offset in a text."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)
