"""Read every file under data/, validate it and build the knowledge base: one pass, all problems at once."""
from __future__ import annotations

import gc
import hashlib
from pathlib import Path

from . import checks, citations
from .source_tree import link_problems, regular_files
from ..base.background import Background, worker_allowed
from .indexes import build_backlinks, build_trait_links
from .model import RECORD_TYPES, VOCABULARIES, KnowledgeBase, Record, VocabularyEntry
from ..base.problems import Problem
from .schema import check_against_schema
from .yaml_source import ParsedFile, parse_yaml

SINGLE_FILES = {"ordlista.yml": "ordlista.json", "kannetecken.yml": "kannetecken.json"}
# Below this many files, forking a second process costs more than it saves.
PARALLEL_MIN_FILES = 400
FileCheck = tuple  # (ParsedFile | None, problems, usable): usable when it parsed as a mapping and fits the schema


def load_knowledge_base(root: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Load and validate data/ under the project root. The knowledge base is only safe to render
    when the problem list is empty."""
    # Loading makes hundreds of thousands of objects that almost all stay alive: the cyclic garbage collector would
    # walk the growing data again and again for nothing (≈0.15 s of 0.9 s at 5,000 examples).
    was_collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root))
    finally:
        if was_collecting:
            gc.enable()


def _load(root: Path) -> tuple[KnowledgeBase, list[Problem]]:
    data_dir = root / "data"
    schema_dir = data_dir / "schema"
    problems: list[Problem] = []
    parsed_records: list[tuple[str, ParsedFile]] = []
    broken_records: list[tuple[str, ParsedFile]] = []  # parsed, but against the schema: references checked too
    vocab_files: dict[str, ParsedFile] = {}
    single: dict[str, ParsedFile] = {}
    # Files that exist but could not be loaded. Their own problems are reported; references to them are not,
    # so that one broken principle does not bury the real error under dozens of "unknown id" follow-ups.
    unavailable: set[tuple[str, str]] = set()

    # Symbolic links in data/, docs/ and overrides/ are refused and never read (source_tree.py).
    problems.extend(link_problems(root))
    candidates = []
    for path in regular_files(data_dir):
        if path.is_relative_to(schema_dir) or _is_editor_litter(path.name):
            continue
        rel = path.relative_to(root).as_posix()
        parts = path.relative_to(data_dir).parts
        kind = _classify(parts)
        if kind is None:
            problems.append(Problem(rel, 1, 1, "", _misplaced_message(parts)))
            continue
        candidates.append((path, rel, parts, kind))

    for (_, _, parts, kind), (parsed, file_problems, usable) in zip(candidates, _check_files(candidates, schema_dir)):
        problems.extend(file_problems)
        stem_key = (parts[0], Path(parts[-1]).stem) if kind == "record" else (Path(parts[-1]).stem, "*")
        is_record = kind == "record" and parsed is not None and isinstance(parsed.data, dict)
        record_id = parsed.data.get("id") if is_record else None
        id_key = (parts[0], record_id) if isinstance(record_id, str) else None
        if not usable:
            unavailable.update(key for key in (stem_key, id_key) if key)
            if is_record:
                broken_records.append((parts[0], parsed))
            continue
        unavailable.difference_update(key for key in (stem_key, id_key) if key)
        if kind == "record":
            parsed_records.append((parts[0], parsed))
        elif kind == "vocabulary":
            vocab_files[Path(parts[1]).stem] = parsed
        else:
            single[parts[0]] = parsed

    for name in VOCABULARIES:
        if name not in vocab_files and not any(p.path.endswith(f"vokabular/{name}.yml") for p in problems):
            problems.append(Problem(f"data/vokabular/{name}.yml", 0, 0, "",
                                    f"Filen saknas. Den behövs för listan över {VOCABULARIES[name]}."))

    vocabularies = {name: {} for name in VOCABULARIES}
    for name, parsed in vocab_files.items():
        problems.extend(checks.check_unique_ids(parsed, "entries"))
        for entry in parsed.data["entries"]:
            vocabularies[name][entry["id"]] = VocabularyEntry(name, entry["id"], entry["title"],
                                                              entry.get("description", ""),
                                                              tuple(entry.get("aliases", [])))

    records: dict[str, dict[str, Record]] = {folder: {} for folder in RECORD_TYPES}
    parsed_by_record: dict[tuple[str, str], ParsedFile] = {}
    for folder, parsed in parsed_records:
        record_id = parsed.data["id"]
        file_id = Path(parsed.path).stem
        if record_id != file_id:
            problems.append(parsed.problem(("id",), f"Id '{record_id}' är inte samma som filnamnet '{file_id}.yml'. "
                                           f"Byt id till '{file_id}' eller döp om filen till '{record_id}.yml'."))
            unavailable.update({(folder, file_id), (folder, record_id)})
            continue
        records[folder][record_id] = Record(folder, record_id, parsed.data, parsed.path)
        parsed_by_record[(folder, record_id)] = parsed

    for folder in records:
        records[folder] = dict(sorted(records[folder].items(), key=lambda item: _sort_key(item[1].title)))
    kb = KnowledgeBase(records, vocabularies,
                       glossary=single["ordlista.yml"].data if "ordlista.yml" in single else None,
                       traits=single["kannetecken.yml"].data if "kannetecken.yml" in single else None)
    reference_problems = checks.check_references(kb, parsed_by_record, unavailable)
    for folder, parsed in broken_records:
        reference_problems += checks.check_record_references(kb, folder, parsed, unavailable)
    # A reference problem says more than the schema about the same value (the valid ids, "Menade du …").
    covered = {(p.path, p.field) for p in reference_problems}
    problems = [p for p in problems if (p.path, p.field) not in covered] + reference_problems
    problems.extend(checks.check_unique_titles(kb, parsed_by_record, [parsed for _, parsed in broken_records]))
    if not unavailable:  # a file that did not load may be the one that refers to a record
        problems.extend(checks.check_referenced(kb, parsed_by_record))
    if "ordlista.yml" in single:
        problems.extend(checks.check_glossary(kb, single["ordlista.yml"], unavailable))
    if "kannetecken.yml" in single:
        problems.extend(checks.check_traits(kb, single["kannetecken.yml"], unavailable))
    problems.extend(citations.check_docs_pages(root))
    kb.backlinks = build_backlinks(kb)
    kb.trait_links = build_trait_links(kb)
    return kb, sorted(set(problems))


# A process that loads again (the live preview, after each save) checks only the files that changed since: the
# last load's results by each file's path and bytes (and the schemas' bytes). Reading is cheap; parsing is not.
_checked: dict[tuple, FileCheck] = {}


def _file_key(path: Path) -> tuple:
    try:
        return (str(path), hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    except OSError:
        return (str(path), None)


def _check_files(candidates: list, schema_dir: Path) -> list[FileCheck]:
    """check_file() for every candidate that changed since the last load in this process, in order."""
    schemas = tuple(_file_key(path) for path in sorted(Path(schema_dir).glob("*.json")))
    keys = [(schemas, _file_key(path)) for path, _, _, _ in candidates]
    todo = [(key, candidate) for key, candidate in zip(keys, candidates) if key not in _checked]
    results = _check_changed_files([candidate for _, candidate in todo], schema_dir)
    fresh = {key: result for (key, _), result in zip(todo, results)}
    checked = [fresh[key] if key in fresh else _checked[key] for key in keys]
    _checked.clear()
    _checked.update(zip(keys, checked))
    return checked


def _check_changed_files(candidates: list, schema_dir: Path) -> list[FileCheck]:
    """check_file() for every candidate, in order. With many files, a forked worker checks the second half on
    the other core and sends back what check_file returns."""
    half = len(candidates) // 2
    if len(candidates) < PARALLEL_MIN_FILES or not worker_allowed():
        return [check_file(path, rel, parts, kind, schema_dir) for path, rel, parts, kind in candidates]

    def second_half() -> list[FileCheck]:
        return [check_file(path, rel, parts, kind, schema_dir) for path, rel, parts, kind in candidates[half:]]

    background = Background([second_half])
    try:
        first = [check_file(path, rel, parts, kind, schema_dir) for path, rel, parts, kind in candidates[:half]]
        second = background.result(0)
    finally:
        background.close()
    return first + second


def check_file(path: Path, rel: str, parts: tuple[str, ...], kind: str, schema_dir: Path) -> FileCheck:
    """Parse one data file and check it on its own: form, schema, dates and URLs."""
    raw = path.read_bytes()
    parsed, problems = parse_yaml(raw, rel)
    if parsed is None:
        return None, problems, False
    if not isinstance(parsed.data, dict):
        return parsed, [Problem(rel, 1, 1, "", "Filen ska bestå av fält (fält: värde) på översta nivån, "
                                "inte av en lista eller en ensam text. Ta bort '- ' framför fälten.")], False
    schema_name = {"record": f"{parts[0]}.json", "vocabulary": "vokabular.json"}.get(kind, SINGLE_FILES.get(parts[0]))
    schema_problems = check_against_schema(parsed, schema_dir, schema_name)
    url_problems = checks.check_urls(parsed)
    url_fields = {p.field for p in url_problems}  # one message per bad URL: the URL check says more
    problems = [p for p in schema_problems if p.field not in url_fields]
    problems += checks.check_dates(parsed) + url_problems
    if kind == "record":  # source markers: in range, every source cited, a marker in every paragraph
        problems += citations.check_record(parsed, parts[0], schema_dir, raw.decode("utf-8"))
    if not schema_problems:
        # The position tables are most of a parsed file's memory, and only a later problem in this file needs
        # them: ParsedFile reads them again from the file then.
        parsed.forget_marks(source=path)
    # A bad date or URL is reported, but the record still loads: its references are worth checking too.
    return parsed, problems, not schema_problems


def _is_editor_litter(name: str) -> bool:
    """Hidden files (.DS_Store, .foo.yml.swp) and backups (foo.yml~) that editors leave: not data, not errors."""
    return name.startswith(".") or name.endswith("~")


def _classify(parts: tuple[str, ...]) -> str | None:
    if len(parts) == 1 and parts[0] in SINGLE_FILES:
        return "single"
    if len(parts) == 2 and parts[1].endswith(".yml"):
        if parts[0] in RECORD_TYPES:
            return "record"
        if parts[0] == "vokabular" and parts[1][:-4] in VOCABULARIES:
            return "vocabulary"
    return None


def _misplaced_message(parts: tuple[str, ...]) -> str:
    name = parts[-1]
    if name.endswith(".yaml"):
        return "Filändelsen ska vara .yml, inte .yaml. Döp om filen."
    if not name.endswith(".yml"):
        return "Filen hör inte hemma i data/. Här ligger bara .yml-filer. Flytta eller ta bort den."
    folders = ", ".join(f"data/{f}/" for f in RECORD_TYPES)
    return (f"Filen ligger på fel ställe. En post ska ligga direkt i en av mapparna {folders}; "
            f"ordlistan i data/ordlista.yml och vokabulären i data/vokabular/ ({', '.join(VOCABULARIES)}).")


_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "{", "Ä": "|", "Ö": "}"})


def _sort_key(text: str) -> str:
    """Swedish alphabetical order (å, ä, ö after z) without depending on the machine's locale."""
    return text.casefold().translate(_SWEDISH_ORDER)
