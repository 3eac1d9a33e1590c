"""Turn an answer to the issue form "Föreslå ett exempel" into data/exempel/<id>.yml and validate it.

Usage: python scripts/issue_to_record.py BODY_FILE [--root DIR] [--report FILE] [--comment FILE]

The issue body is untrusted text from anyone on the internet. It is only ever read as data: parsed by the form's
own headings (.github/ISSUE_TEMPLATE/foreslå-exempel.yml), mapped to the schema's fields, written with
yaml.safe_dump (so YAML tags, anchors and the like stay plain text) and validated like any contribution. The id
is derived from the title, or taken from the form when it is a valid id; it never names a path by itself.

Exit code 0 when the record was written and is valid; 1 when it has problems (nothing is left in data/ then), and
the Swedish comment for the issue lists them. The report (JSON) is what the workflow needs to open the pull
request: id, path, title."""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
from mrkb.data.loader import load_knowledge_base  # noqa: E402
from mrkb.proofing.check import proofread  # noqa: E402
from mrkb.data.model import KnowledgeBase  # noqa: E402

FORM = Path(".github") / "ISSUE_TEMPLATE" / "foreslå-exempel.yml"
MAX_BODY_CHARS = 200_000  # GitHub allows 65,536 characters in an issue body; anything longer is not from GitHub
NO_RESPONSE = "_No response_"
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 60
# Form field -> where its names are looked up (record folder or vocabulary).
REFERENCES = {"organisation_type": "organisationstyper", "counties": "lan", "principles": "principer",
              "aktorskap": "aktorskap", "roles": "roller", "tools": "verktyg", "themes": "teman"}
LINE_LISTS = {"lessons", "uncertain"}
DONT_KNOW = ("vet inte", "annat")
URL = re.compile(r"https?://\S+")
YEAR = re.compile(r"\b\d{4}\b")


class Problem(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def form_fields(root: Path) -> list[dict]:
    """The form's answerable fields, in order: id, label, type."""
    form = yaml.safe_load((root / FORM).read_text(encoding="utf-8"))
    return [{"id": item["id"], "label": item["attributes"]["label"], "type": item["type"]}
            for item in form["body"] if item["type"] != "markdown"]


def parse_body(body: str, fields: list[dict]) -> dict[str, str]:
    """GitHub writes a form answer as "### <label>" followed by the answer, field by field in the form's order.
    Each answer runs to the next field's heading. (A heading typed inside an answer can only move text between
    the submitter's own fields: everything is validated and reviewed as their proposal anyway.)"""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    answers, position = {}, 0
    starts = []
    for field in fields:
        match = re.compile(rf"^### {re.escape(field['label'])}[ \t]*$", re.MULTILINE).search(text, position)
        if match is None:
            continue
        starts.append((field["id"], match.start(), match.end()))
        position = match.end()
    for index, (field_id, _, end) in enumerate(starts):
        stop = starts[index + 1][1] if index + 1 < len(starts) else len(text)
        value = text[end:stop].strip()
        answers[field_id] = "" if value == NO_RESPONSE else value
    return answers


def slug(text: str) -> str:
    """An id from a title: lower case a–z, digits and hyphens (å, ä → a, ö → o), at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_ID_LENGTH:
            break
        out = candidate
    return out or (words[0][:MAX_ID_LENGTH] if words else "")


def _names(kb: KnowledgeBase, target: str) -> dict[str, str]:
    """Every way to name a record or vocabulary entry (id, title, aliases), normalised -> id."""
    table = kb.records.get(target) or kb.vocabularies.get(target) or {}
    names = {}
    for entry_id, entry in table.items():
        title = entry.title
        aliases = entry.data.get("aliases", []) if hasattr(entry, "data") else list(entry.aliases)
        for name in (entry_id, title, *aliases):
            for variant in _variants(name):
                names.setdefault(variant, entry_id)
    return names


def _variants(name: str) -> set[str]:
    base = " ".join(name.casefold().replace("–", "-").split())
    short = base.removesuffix(" län")
    return {base, short, short.removesuffix("s")}


def _split(value: str) -> list[str]:
    return [part.strip(" -*•\t") for part in re.split(r"[,\n]", value) if part.strip(" -*•\t")]


def _references(kb: KnowledgeBase, field: str, value: str) -> list[str]:
    """The ids that the names in an answer stand for ("Skåne län, Halland" -> ["skane", "halland"])."""
    names = _names(kb, REFERENCES[field])
    parts = [part for part in _split(value) if not part.casefold().startswith(DONT_KNOW)]
    ids, unknown, start = [], [], 0
    while start < len(parts):
        # The longest run of comma-separated parts that names something: titles may hold commas themselves.
        for stop in range(len(parts), start, -1):
            found = next((names[v] for v in _variants(", ".join(parts[start:stop])) if v in names), None)
            if found is not None:
                ids += [found] if found not in ids else []
                start = stop
                break
        else:
            unknown.append(parts[start])
            start += 1
    if unknown:
        table = kb.records.get(REFERENCES[field]) or kb.vocabularies.get(REFERENCES[field]) or {}
        choices = ", ".join(sorted(entry.title for entry in table.values()))
        named = ", ".join(f"'{name[:80]}'" for name in unknown)
        raise Problem(field, f"Vi känner inte igen {named}. "
                             f"Skriv namnen så här, åtskilda med komma: {choices}.")
    return ids


def _period(value: str) -> dict:
    years = [int(match.group(0)) for match in YEAR.finditer(value)]
    if not years:
        raise Problem("period", "Skriv startåret med fyra siffror, och slutåret om arbetet är avslutat, "
                                "till exempel 2016–2018 eller 2021.")
    period = {"start": years[0]}
    if len(years) > 1:
        period["end"] = years[1]
    return period


def _sources(value: str) -> list[dict]:
    sources = []
    for number, line in enumerate(_lines(value), 1):
        url = URL.search(line)
        rest = (line[:url.start()] + line[url.end():]) if url else line
        parts = [part.strip() for part in rest.split(",") if part.strip()]
        if len(parts) < 2:
            raise Problem("sources", f"Källa {number} behöver både titel och utgivare, åtskilda med komma, "
                                     "till exempel: Barnrättsarbete i Lund, Lunds kommun, https://lund.se/...")
        source = {"title": parts[0], "publisher": ", ".join(parts[1:])}
        if url:
            source["url"] = url.group(0).rstrip(".,;)")
        sources.append(source)
    return sources


def _lines(value: str) -> list[str]:
    return [line.strip().lstrip("-*• ").strip() for line in value.split("\n") if line.strip().lstrip("-*• ").strip()]


def to_record(answers: dict[str, str], kb: KnowledgeBase) -> tuple[dict, list[Problem]]:
    """The record the answers describe, in the order of a record made by `make new`, and what could not be
    converted (each as a Problem naming the form field)."""
    record, problems = {}, []
    wanted_id = answers.get("id", "").strip()
    if wanted_id and not ID_PATTERN.match(wanted_id):
        problems.append(Problem("id", "Ett id får bara ha små bokstäver a–z, siffror och bindestreck, till "
                                      "exempel lunds-barnrattsarbete. Lämna fältet tomt så skapas id:t från rubriken."))
    record["id"] = wanted_id if ID_PATTERN.match(wanted_id) else slug(answers.get("title", ""))

    def text(field: str) -> str:
        return answers.get(field, "").strip()

    converters = {
        "title": lambda: text("title"), "summary": lambda: text("summary"),
        "sources": lambda: _sources(text("sources")), "reviewed": lambda: text("reviewed"),
        "organisation": lambda: text("organisation"),
        "organisation_type": lambda: _single(_references(kb, "organisation_type", text("organisation_type"))),
        "counties": lambda: _references(kb, "counties", text("counties")),
        "period": lambda: _period(text("period")), "body": lambda: text("body"), "results": lambda: text("results"),
        "lessons": lambda: _lines(text("lessons")),
        **{field: (lambda f=field: _references(kb, f, text(f))) for field in ("principles", "aktorskap", "roles",
                                                                               "tools", "themes")},
        "uncertain": lambda: _lines(text("uncertain")), "aliases": lambda: _split(text("aliases")),
    }
    for field, function in converters.items():
        try:
            value = function()
        except Problem as problem:
            problems.append(problem)
            continue
        # Required lists are kept even when empty ("Vet inte"); other empty answers are left out.
        if value not in (None, "", []) or field in ("principles", "aktorskap"):
            record[field] = value
    if "[x]" not in answers.get("confirm", "").casefold():
        problems.append(Problem("confirm", "Kryssa i rutan som bekräftar att texten är skriven med egna ord."))
    return record, problems


def _single(ids: list[str]) -> str:
    if len(ids) != 1:
        raise Problem("organisation_type", "Välj den typ av organisation som passar bäst. Passar ingen, välj den "
                                           "närmaste och berätta mer under 'Vad gjordes?'.")
    return ids[0]


def record_yaml(record: dict) -> str:
    return ("# yaml-language-server: $schema=../schema/exempel.json\n"
            + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=120))


def convert(body: str, root: Path) -> dict:
    """Convert and validate. Returns the report; data/exempel/<id>.yml exists afterwards only when ok."""
    fields = form_fields(root)
    labels = {field["id"]: field["label"] for field in fields}
    report = {"ok": False, "id": "", "path": "", "title": "", "problems": [], "language": []}

    def fail(problems: list[Problem]) -> dict:
        report["problems"] = [{"field": p.field, "label": labels.get(p.field.split(".")[0], p.field),
                               "message": p.message} for p in problems]
        return report

    if len(body) > MAX_BODY_CHARS:
        return fail([Problem("", f"Förslaget är för långt ({len(body)} tecken). Korta texterna.")])
    answers = parse_body(body, fields)
    if not answers.get("title", "").strip():
        return fail([Problem("title", "Rubriken saknas. Skriv en kort rubrik som säger vad exemplet handlar om.")])
    kb, existing_problems = load_knowledge_base(root)
    record, problems = to_record(answers, kb)
    record_id = record["id"]
    report.update(id=record_id, title=" ".join(answers["title"].split())[:140])  # one line, for the PR title
    if not record_id:
        return fail(problems + [Problem("title", "Rubriken behöver minst en bokstav eller siffra a–z, 0–9.")])
    target = root / "data" / "exempel" / f"{record_id}.yml"
    rel = target.relative_to(root).as_posix()
    if target.exists():
        return fail(problems + [Problem("id", f"Det finns redan ett exempel med id '{record_id}'. Skriv ett annat id "
                                              "i fältet 'Förslag på id', eller gör rubriken mer precis.")])
    before = {(p.path, p.field, p.message) for p in existing_problems}
    target.write_text(record_yaml(record), encoding="utf-8")
    try:
        _, after = load_knowledge_base(root)
        converted = {p.field for p in problems}
        problems += [Problem(p.field, p.message) for p in after
                     if (p.path, p.field, p.message) not in before and p.path == rel
                     and p.field.split(".")[0] not in converted]
        # Spelling and typography: suggestions for the editor and the contributor, not a reason to stop. A name the
        # dictionary does not know is common in a new example; the editor adds it to stavning/ord.txt.
        language = proofread(root, files=[target], pages=False)
        report["language"] = [{"field": p.field, "label": labels.get(p.field.split(".")[0], p.field),
                               "message": p.message} for p in language.problems]
        if language.spelling_skipped:
            report["language"].append({"field": "", "label": "", "message": language.spelling_skipped})
    finally:
        if problems:
            target.unlink()
    if problems:
        return fail(problems)
    report.update(ok=True, path=rel)
    return report


def _items(problems: list[dict]) -> list[str]:
    lines = []
    for problem in problems:
        label = f"**{_neutral(problem['label'])}**: " if problem["label"] else ""
        lines.append(f"- {label}{_neutral(problem['message'])}")
    return lines


def _language_notes(report: dict) -> list[str]:
    if not report.get("language"):
        return []
    return ["", "Språkgranskningen (stavning och typografi) föreslår det här. Det hindrar inte förslaget, men rätta "
                "gärna i ärendet; är ett ord ett namn eller en ort lägger redaktören till det i ordlistan:", ""] \
        + _items(report["language"])


def comment(report: dict) -> str:
    """The Swedish comment for the issue: what to change, field by field, by editing the issue, and what the
    spelling and typography check suggests."""
    if report["ok"]:
        lines = [f"Tack! Ditt förslag blev filen `{report['path']}`. En redaktör granskar den i en pull request "
                 "innan den blir en sida."] + _language_notes(report)
        return "\n".join(lines) + "\n"
    lines = ["Tack för ditt förslag! Det går inte att göra om till en sida än, för några fält behöver ändras:", ""]
    lines += _items(report["problems"]) + _language_notes(report)
    lines += ["", "Ändra ditt ärende (välj *Edit* i menyn med tre punkter uppe till höger i ärendet) och spara. "
                  "Då försöker vi igen av oss själva."]
    return "\n".join(lines) + "\n"


def _neutral(text: str) -> str:
    """Text from the issue, shown in a comment: no HTML, no @mentions, no #references, no Markdown links."""
    text = html.escape(text, quote=False).replace("@", "&#64;").replace("#", "&#35;")
    return text.replace("[", "&#91;").replace("]", "&#93;").replace("`", "&#96;")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("body", type=Path, help="the issue body, as a file")
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--comment", type=Path)
    args = parser.parse_args(argv[1:])
    body = args.body.read_bytes()[:MAX_BODY_CHARS + 1].decode("utf-8", errors="replace")
    report = convert(body, args.root.resolve())
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.comment:
        args.comment.write_text(comment(report), encoding="utf-8")
    print(comment(report), end="")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
