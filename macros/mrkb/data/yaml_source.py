"""Safe YAML parsing that remembers where every value stands, for error messages with line numbers.

PyYAML's composer gives a node tree with positions; we build plain Python values from it ourselves so that
we can refuse what has no place in contributor data (custom tags, anchors and aliases, duplicate keys, deep
nesting) with a Swedish message instead of a traceback or an exponential "alias bomb".
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..base.problems import Problem

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 10
Path = tuple  # a path into the data: keys and list indexes

_ALIAS_MESSAGE = "Ankare och alias (& och *) används inte i data. Skriv ut värdet på varje ställe i stället."
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALAR_BUILDERS = {
    "tag:yaml.org,2002:str": lambda node: node.value,
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCTOR.construct_yaml_bool,
    "tag:yaml.org,2002:null": lambda node: None,
    # Dates stay text: the schema checks their form and model.check_dates that they exist (2023-02-30 does not).
    "tag:yaml.org,2002:timestamp": lambda node: node.value,
}


@dataclass
class ParsedFile:
    path: str
    data: Any
    value_marks: dict = field(default_factory=dict)  # Path -> (line, col) of the value
    key_marks: dict = field(default_factory=dict)  # Path -> (line, col) of the mapping key naming it
    source: Any = None  # the file on disk, where forgotten marks can be read again

    def forget_marks(self, source) -> None:
        """Drop the position tables (most of a parsed file's memory); position() parses source again if asked."""
        self.value_marks = self.key_marks = None
        self.source = source

    def position(self, path: Path, prefer_key: bool = False) -> tuple[int, int]:
        """The closest known position for a path: the value itself, else its nearest parent."""
        if self.value_marks is None:
            self._read_marks_again()
        path = tuple(path)
        while True:
            marks = (self.key_marks, self.value_marks) if prefer_key else (self.value_marks, self.key_marks)
            for table in marks:
                if path in table:
                    return table[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def _read_marks_again(self) -> None:
        again, _ = parse_yaml(pathlib.Path(self.source).read_bytes(), self.path)
        self.value_marks = again.value_marks if again else {}
        self.key_marks = again.key_marks if again else {}

    def problem(self, path: Path, message: str, prefer_key: bool = False) -> Problem:
        line, col = self.position(path, prefer_key)
        return Problem(self.path, line, col, dotted(path), message)


def dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)


def parse_yaml(raw: bytes, rel_path: str) -> tuple[ParsedFile | None, list[Problem]]:
    """Parse one data file. Returns the parsed file, or None and the problems that stopped it."""
    def fail(line: int, col: int, message: str):
        return None, [Problem(rel_path, line, col, "", message)]

    if len(raw) > MAX_FILE_BYTES:
        return fail(1, 1, f"Filen är {len(raw) // 1024} KB, men en datafil får vara högst "
                          f"{MAX_FILE_BYTES // 1024} KB. Korta texten eller dela upp den på flera poster.")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail(1, 1, "Filen börjar med ett osynligt BOM-tecken. Spara filen som UTF-8 utan BOM "
                          "(i VS Code: klicka på 'UTF-8 with BOM' längst ned och välj 'Save with Encoding' > 'UTF-8').")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(line, col, "Filen är inte sparad som UTF-8 (tecknet här går inte att läsa, ofta å, ä eller ö "
                               "i en annan teckenkodning). Spara filen som UTF-8.")
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return fail(1, 1, "Filen är tom. Fyll i posten, till exempel med 'make new', eller ta bort filen.")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and _opened_not_closed(error):
            mark = error.context_mark  # where the quote or bracket opens, not the end of the file
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return fail(line, col, _explain_syntax_error(error))
    except yaml.reader.ReaderError as error:  # a control character, e.g. NUL, that YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        col = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        return fail(line, col, f"Filen innehåller ett osynligt styrtecken (kod {error.character:#04x}) som inte får "
                               "finnas i text. Ta bort det, till exempel genom att skriva om ordet.")
    except yaml.YAMLError as error:  # errors without a position, e.g. from the reader
        return fail(1, 1, f"Filen går inte att läsa som YAML ({error}).")
    except RecursionError:
        return fail(1, 1, f"Filen är för djupt nästlad. Data får ha högst {MAX_DEPTH} nivåer.")
    parsed = ParsedFile(rel_path, None)
    problems: list[Problem] = []
    parsed.data = _build(node, (), parsed, problems, seen=set())
    if problems:
        return None, problems
    return parsed, []


# libyaml (PyYAML's C parser) composes ≈6× faster than the pure-Python one and gives the same nodes and marks.
# Its error texts differ, so a file it rejects is parsed again in Python for the messages _explain_syntax_error
# knows. Its composer recurses in C without Python's recursion limit and crashes on very deep flow nesting
# ([[[[…), so files with many brackets go to the Python parser, which raises RecursionError instead.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_MAX_BRACKETS_FOR_FAST_LOADER = 2000


def _compose(text: str):
    if _FAST_LOADER is not None and text.count("[") + text.count("{") <= _MAX_BRACKETS_FOR_FAST_LOADER:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _build(node, path: Path, parsed: ParsedFile, problems: list[Problem], seen: set) -> Any:
    mark = (node.start_mark.line + 1, node.start_mark.column + 1)
    parsed.value_marks[path] = mark

    def report(message: str, at=mark):
        problems.append(Problem(parsed.path, at[0], at[1], dotted(path), message))

    if id(node) in seen:
        # An alias: PyYAML hands back the anchored node itself, so the alias's own place is the nearest key
        # above it. Reported once per file: an "alias bomb" would otherwise give thousands of lines.
        if not any(p.message.startswith(_ALIAS_MESSAGE) for p in problems):
            at = next((parsed.key_marks[path[:n]] for n in range(len(path), 0, -1) if path[:n] in parsed.key_marks),
                      mark)
            report(_ALIAS_MESSAGE, at)
        return None
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        report(f"Värdet är för djupt nästlat. Data får ha högst {MAX_DEPTH} nivåer.")
        return None
    if isinstance(node, yaml.ScalarNode):
        builder = _SCALAR_BUILDERS.get(node.tag)
        if builder is None:
            report(_tag_message(node.tag))
            return None
        try:
            return builder(node)
        except (ValueError, yaml.YAMLError):
            report(f"Värdet '{node.value}' går inte att läsa. Sätt det inom citattecken.")
            return None
    if isinstance(node, yaml.SequenceNode):
        if node.tag != "tag:yaml.org,2002:seq":
            report(_tag_message(node.tag))
            return None
        return [_build(item, path + (index,), parsed, problems, seen) for index, item in enumerate(node.value)]
    if node.tag != "tag:yaml.org,2002:map":
        report(_tag_message(node.tag))
        return None
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key_node.tag == "tag:yaml.org,2002:merge":
            report("Sammanslagning med '<<' används inte i data. Skriv ut fälten direkt i stället.", key_mark)
            continue
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
            report("Nyckeln här är inte ett vanligt fältnamn. Skriv fältnamnet som text, till exempel 'title:'.",
                   key_mark)
            continue
        key = key_node.value
        if key in result:
            first_line = parsed.key_marks[path + (key,)][0]
            problems.append(Problem(parsed.path, key_mark[0], key_mark[1], dotted(path + (key,)),
                                    f"Fältet '{key}' finns redan på rad {first_line}. Ta bort ett av dem."))
            continue
        parsed.key_marks[path + (key,)] = key_mark
        result[key] = _build(value_node, path + (key,), parsed, problems, seen)
    return result


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!", 1)  # as the contributor wrote it
    return f"YAML-taggen '{shown}' är inte tillåten i data. Ta bort taggen (det som börjar med !)."


def _opened_not_closed(error: yaml.MarkedYAMLError) -> bool:
    context = error.context or ""
    return context.startswith(("while scanning a quoted scalar", "while parsing a flow"))


def _explain_syntax_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").lower()
    if (error.context or "").startswith("while parsing a flow"):
        return ("En hakparentes [ eller klammerparentes { som öppnas här stängs aldrig, eller så saknas ett "
                "kommatecken mellan värdena. Skriv till exempel 'principles: [egenmakt, legalitet]'.")
    if "tab" in problem or "'\\t'" in problem:
        return ("Filen innehåller ett tabbtecken där YAML kräver mellanslag. Byt tabben mot mellanslag "
                "(två mellanslag per nivå).")
    if "mapping values are not allowed" in problem:
        return ("Ett kolon står på fel ställe. Om texten själv innehåller ': ' ska hela texten stå inom "
                "citattecken, eller använd '|' och skriv texten på nästa rad.")
    if "expected a single document" in problem or "but found another document" in problem + (error.context or ""):
        return "Filen innehåller flera YAML-dokument (---). En fil ska innehålla en enda post."
    if "found character" in problem and "cannot start any token" in problem:
        return ("Ett tecken här kan inte inleda ett värde (till exempel @ eller `). Sätt texten inom citattecken.")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return ("Indraget stämmer inte eller ett kolon saknas. Kontrollera att raden har formen 'fält: värde' "
                "och att den är indragen lika mycket som raderna runt omkring.")
    if "found undefined alias" in problem or "found duplicate anchor" in problem:
        return _ALIAS_MESSAGE
    if "unexpected end of stream" in problem or "found unexpected end" in problem:
        return "Ett citattecken eller en hakparentes öppnas men stängs aldrig. Lägg till det som saknas."
    return (f"Filen är inte giltig YAML ({error.problem}). Kontrollera indrag, kolon och citattecken "
            "på raden och raden ovanför.")
