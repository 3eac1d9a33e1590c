""""Nytt och ändrat": the records added or changed in the months before the latest commit, from git history,
as a Markdown list for pages and as an Atom feed (RFC 4287).

Deterministic for a given commit: the window ends at the newest commit's date, not at the time of the build, and
uncommitted edits are not history. A clone without history (a download, or a shallow CI clone whose oldest
commit seems to add every file) degrades to what the history can tell: entries from a shallow clone's boundary
commits are left out, and the page says that the list is incomplete."""
from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from xml.sax.saxutils import escape, quoteattr

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from .render import record_link

# The project's root: this file is macros/mrkb/pages/changes.py (the macros need it; they get no root of their own).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
WINDOW_MONTHS = 6
FEED_PATH = "nytt/atom.xml"  # among the docs, next to the page nytt.md (/nytt/)
PAGE_PATH = "nytt.md"
KINDS = {"A": "tillagd", "M": "ändrad"}
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"]


@dataclass(frozen=True)
class Change:
    path: str  # the record's file, e.g. "data/exempel/lund.yml"
    kind: str  # "tillagd" or "ändrad"
    timestamp: str  # the commit's date and time, ISO 8601 with offset (Atom's "updated")
    commit: str
    # What a reader sees changed, in words: ("ny källa", "ändrat: Resultat, Lärdomar"); empty for a new record,
    # whose words depend on its type (change_words).
    parts: tuple[str, ...] = ()

    @property
    def date(self) -> str:
        return self.timestamp[:10]


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...]  # new records first, then changed ones; newest first within each; one per record
    available: bool  # False outside a git checkout (or without git)
    complete: bool  # False in a shallow clone: older changes are not known


def record_changes(root: Path, months: int = WINDOW_MONTHS) -> History:
    """Each record file under data/ added, or changed in a way a reader sees, in the `months` before the newest
    commit: its latest such event (its addition, or a change with the words for what changed). Commits that change
    nothing a reader sees (formatting, comments, key order, empty fields) do not count."""
    root = Path(root).resolve()
    head = _git(root, "rev-parse", "HEAD")
    if head is None:
        return History((), available=False, complete=False)
    return _history(str(root), head.strip(), months)


@dataclass(frozen=True)
class _Step:
    """One commit's change to one record file (git log --raw): the blobs before and after."""
    commit: str
    timestamp: str
    status: str  # "A", "M" or "D"
    old: str
    new: str


@lru_cache(maxsize=8)
def _history(root: str, head: str, months: int) -> History:
    shallow = (_git(Path(root), "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    boundary = _shallow_commits(Path(root)) if shallow else set()
    # One log for all records, with the blob ids of each file before and after each commit.
    log = _git(Path(root), "log", "--no-renames", "--raw", "--no-abbrev", "--format=%x00%H %cI", "--",
               "data") or ""
    steps: dict[str, list[_Step]] = {}  # path -> its changes, newest first
    newest_date = None
    for block in log.split("\x00")[1:]:
        header, *lines = block.strip("\n").split("\n")
        commit, timestamp = header.split(" ", 1)
        newest_date = newest_date or timestamp[:10]
        if commit in boundary:
            continue  # in a shallow clone the oldest commit seems to add every file: it says nothing
        for line in lines:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            if len(fields) == 5 and fields[4] in ("A", "M", "D") and _is_record_path(path):
                steps.setdefault(path, []).append(_Step(commit, timestamp, fields[4], fields[2], fields[3]))
    start = _months_before(newest_date, months) if newest_date else ""
    in_window = {path: [s for s in path_steps if s.timestamp[:10] >= start] for path, path_steps in steps.items()}
    # Every blob the comparisons may need, read in one git call; each is parsed only when it is compared.
    blobs = _read_blobs(Path(root), {blob for path_steps in in_window.values() for s in path_steps if s.status == "M"
                                     for blob in (s.old, s.new)})
    parsed: dict[str, object] = {}

    def data(blob: str):
        if blob not in parsed:
            parsed[blob] = _visible(_load(blobs.get(blob, b"")))
        return parsed[blob]

    added, changed = [], []
    for path, path_steps in in_window.items():
        if not path_steps or path_steps[0].status == "D":
            continue  # not changed in the window, or deleted (no page to link to)
        for step in path_steps:  # newest first: the latest thing a reader would notice
            if step.status == "A":
                added.append(Change(path, KINDS["A"], step.timestamp, step.commit))
                break
            if step.status != "M":
                break
            parts = change_parts(data(step.old), data(step.new), path.split("/")[1])
            if parts:
                # Changed on the day it was added: to a reader it is new that day.
                if any(s.status == "A" and s.timestamp[:10] == step.timestamp[:10] for s in path_steps):
                    added.append(Change(path, KINDS["A"], step.timestamp, step.commit))
                else:
                    changed.append(Change(path, KINDS["M"], step.timestamp, step.commit, parts))
                break
    newest = lambda c: (c.timestamp, c.path)  # noqa: E731
    changes = sorted(added, key=newest, reverse=True) + sorted(changed, key=newest, reverse=True)
    return History(tuple(changes), available=True, complete=not shallow)


def _read_blobs(root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The contents of many blobs with one `git cat-file --batch`."""
    if not blobs:
        return {}
    order = sorted(blobs)
    try:
        output = subprocess.run(["git", "cat-file", "--batch"], cwd=root, input="\n".join(order).encode() + b"\n",
                                capture_output=True, check=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    result, position = {}, 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        result[header[0].decode()] = output[position:position + size]
        position += size + 1  # the content, then a newline
    return result


def _load(content: bytes):
    try:
        return yaml.load(content.decode("utf-8"), Loader=_YAML_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}


# --- What a reader sees of a record, and the words for what changed ---------------------------------------------

# Fields that no page shows: their changes never count.
_INVISIBLE = {"$schema", "id", "standalone"}
# The field's name as the page names it: the section titles and overview rows of pages/outline.py.
FIELD_LABELS = {
    "title": "Rubrik", "summary": "Ingress", "aliases": "Kallas också", "uncertain": "Osäkra uppgifter",
    "disputed": "Osäkra uppgifter", "reviewed": "Senast granskad", "sources": "Källor",
    "organisation": "Organisation", "organisation_type": "Typ av organisation", "counties": "Län",
    "period": "Period", "results": "Resultat", "measured_results": "Resultat", "lessons": "Lärdomar",
    "principles": "Principer", "key_principles": "Principer som väger tyngst", "aktorskap": "Aktörskap",
    "roles": "Roller", "tools": "Verktyg", "themes": "Teman", "questions": "Frågor att ställa i verksamheten",
    "pitfalls": "Vanliga fallgropar", "covers": "Tjänster, beslut och ansvar", "in_practice": "I kommun och region",
    "purpose": "Syfte", "when_to_use": "När passar verktyget?", "steps": "Steg för steg", "who": "Vem gör arbetet?",
    "time_needed": "Tidsåtgång", "actions": "Det här kan du göra i din roll", "legal_basis": "Lagar och konventioner",
}
# "body" is titled by the record type (outline.sections).
BODY_LABELS = {"exempel": "Vad gjordes?", "principer": "Vad betyder principen?", "aktorskap": "Vad omfattar aktörskapet?",
               "roller": "Rollen och mänskliga rättigheter"}
OTHER_LABEL = "Övriga uppgifter"
# A new record in words, by type: the Swedish gender of each noun.
NEW_WORDS = {"exempel": "nytt exempel", "verktyg": "nytt verktyg", "principer": "ny princip",
             "aktorskap": "nytt aktörskap", "roller": "ny roll"}


def _visible(value):
    """A record's data as a reader sees it: without the fields no page shows, with text compared as Markdown
    reads it (line breaks inside a paragraph and spacing are formatting), and empty values as absent."""
    if isinstance(value, dict):
        kept = {key: _visible(item) for key, item in value.items() if key not in _INVISIBLE}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_visible(item) for item in value]
    if isinstance(value, str):
        return "\n\n".join(" ".join(paragraph.split()) for paragraph in value.strip().split("\n\n")
                           if paragraph.strip())
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()[:10]
    return value


def _source_key(source) -> str:
    return str(source.get("url") or source.get("title")) if isinstance(source, dict) else str(source)


def change_parts(old, new, record_type: str = "") -> tuple[str, ...]:
    """What changed between two versions of a record's (visible) data, in words, in the page's order: new and
    removed sources by name of kind, the changed sections by their titles; () when a reader sees no difference."""
    if not isinstance(old, dict) or not isinstance(new, dict) or old == new:
        return ()
    parts, labels = [], []
    old_sources = {_source_key(s) for s in old.get("sources", [])}
    new_sources = {_source_key(s) for s in new.get("sources", [])}
    more, fewer = len(new_sources - old_sources), len(old_sources - new_sources)
    if more:
        parts.append("ny källa" if more == 1 else f"{more} nya källor")
    if fewer:
        parts.append("en källa borttagen" if fewer == 1 else f"{fewer} källor borttagna")
    for key in dict.fromkeys([*new, *old]):
        if old.get(key) == new.get(key) or key == "reviewed":
            continue
        if key == "sources":
            if more or fewer:
                continue  # said above
            label = FIELD_LABELS[key]
        elif key == "body":
            label = BODY_LABELS.get(record_type, "Text")
        else:
            label = FIELD_LABELS.get(key, OTHER_LABEL)
        if label not in labels:
            labels.append(label)
    if labels:
        parts.append("ändrat: " + ", ".join(labels))
    if not parts and old.get("reviewed") != new.get("reviewed"):
        parts.append("granskad på nytt")
    return tuple(parts)


def change_words(change: Change, record_type: str) -> str:
    """The words for one entry: "nytt exempel", "ny källa; ändrat: Resultat, Lärdomar"."""
    if change.kind == KINDS["A"]:
        return NEW_WORDS.get(record_type, "ny")
    return "; ".join(change.parts) or "ändrad"


def _shallow_commits(root: Path) -> set[str]:
    """The commits where a shallow clone's history is cut off (git lists them in .git/shallow)."""
    shallow_file = (_git(root, "rev-parse", "--git-path", "shallow") or "").strip()
    try:
        return set((root / shallow_file).read_text(encoding="ascii").split()) if shallow_file else set()
    except OSError:
        return set()


def _is_record_path(path: str) -> bool:
    parts = path.split("/")
    return len(parts) == 3 and parts[0] == "data" and parts[1] in RECORD_TYPES and parts[2].endswith(".yml")


def _months_before(date: str, months: int) -> str:
    year, month, day = (int(part) for part in date.split("-"))
    month -= months
    while month < 1:
        month += 12
        year -= 1
    return f"{year:04d}-{month:02d}-{min(day, 28):02d}"


def _git(root: Path, *args: str) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _records(kb: KnowledgeBase, history: History) -> list[tuple[Change, Record]]:
    """Changes of records that still exist (a deleted record has no page to link to)."""
    by_path = {record.source_path: record for record in kb.all_records()}
    return [(change, by_path[change.path]) for change in history.changes if change.path in by_path]


def swedish_date(date: str) -> str:
    year, month, day = (int(part) for part in date.split("-"))
    return f"{day} {_MONTHS[month - 1]} {year}"


def recent_changes(kb: KnowledgeBase, from_dir: str, limit: int | None = 10, grouped: bool = False) -> str:
    """The macro recent_changes(limit, grouped): the latest changes of this project's history as Markdown."""
    return changes_markdown(kb, record_changes(PROJECT_ROOT), from_dir, limit, grouped)


def _entry(change: Change, record: Record, from_dir: str) -> str:
    words = change_words(change, record.type)
    kind = "new" if change.kind == KINDS["A"] else "changed"
    return (f"- <time datetime=\"{change.date}\">{swedish_date(change.date)}</time>: "
            f"{record_link(record, from_dir)} – <span class=\"mr-change mr-change--{kind}\">"
            f"{escape(words)}</span>")


def changes_markdown(kb: KnowledgeBase, history: History, from_dir: str, limit: int | None = None,
                     grouped: bool = False) -> str:
    """A Markdown list: new records first, then changed ones, newest first in each, each with what a reader sees
    changed ("nytt exempel", "ny källa; ändrat: Resultat"). With a limit and more changes than it, a link to the
    page with all of them follows. grouped: two lists under their own headings, with links to each at the top
    (the page's filter, which needs no script)."""
    entries = _records(kb, history)
    if not history.available:
        return ("Listan byggs från versionshistoriken i Git, som saknas i den här kopian av webbplatsen.\n")
    if not entries:
        return f"Inget har lagts till eller ändrats de senaste {WINDOW_MONTHS} månaderna.\n"
    shown = entries if limit is None else entries[:max(0, int(limit))]
    if grouped:
        new = [(c, r) for c, r in shown if c.kind == KINDS["A"]]
        changed = [(c, r) for c, r in shown if c.kind != KINDS["A"]]
        groups = [(anchor, title, group) for anchor, title, group in (
            ("nya-poster", "Nya poster", new), ("andrade-poster", "Ändrade poster", changed)) if group]
        jump = " · ".join(f'<a href="#{anchor}">{title} ({len(group)})</a>' for anchor, title, group in groups)
        text = f'<p class="mr-changes-filter">Visa: {jump}</p>\n'
        for anchor, title, group in groups:
            text += (f"\n## {title} {{ #{anchor} }}\n\n<div class=\"mr-changes\" markdown>\n\n"
                     + "\n".join(_entry(c, r, from_dir) for c, r in group) + "\n\n</div>\n")
    else:
        text = ('<div class="mr-changes" markdown>\n\n' + "\n".join(_entry(c, r, from_dir) for c, r in shown)
                + "\n\n</div>\n")
    if len(shown) < len(entries):
        page = _relative(PAGE_PATH, from_dir)
        text += f"\n[Allt som är nytt och ändrat ({len(entries)} poster)]({page})\n"
    if not history.complete:
        text += ("\nHistoriken i den här kopian är ofullständig, så listan kan sakna äldre ändringar.\n")
    return text


def _relative(doc_path: str, from_dir: str) -> str:
    depth = len([part for part in from_dir.split("/") if part])
    return "../" * depth + doc_path


def atom_feed(kb: KnowledgeBase, history: History, site_url: str, site_name: str) -> bytes:
    """An Atom 1.0 feed of the same changes, with absolute links (feed readers need them)."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    entries = _records(kb, history)
    updated = max((change.timestamp for change, _ in entries), default="1970-01-01T00:00:00+00:00")
    parts = ['<?xml version="1.0" encoding="utf-8"?>',
             '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="sv">',
             f"  <id>{escape(base + FEED_PATH)}</id>",
             f"  <title>{escape(site_name)}: nytt och ändrat</title>",
             "  <subtitle>Poster som har lagts till eller ändrats i uppslagsverket.</subtitle>",
             f"  <updated>{updated}</updated>",
             f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(base + FEED_PATH)}/>",
             f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(base + 'nytt/')}/>",
             f"  <author><name>{escape(site_name)}</name></author>"]
    for change, record in entries:
        url = base + record.url
        label = RECORD_TYPES[record.type].singular
        words = change_words(change, record.type)
        summary = f"{words[:1].upper()}{words[1:]}. {_plain(record.data.get('summary', ''))}"
        parts += ["  <entry>",
                  f"    <id>{escape(url)}#andring-{change.commit[:12]}</id>",
                  f"    <title>{escape(record.title)} ({escape(words)})</title>",
                  f"    <updated>{change.timestamp}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
                  f"    <category term={quoteattr(record.type)} label={quoteattr(label)}/>",
                  f"    <summary>{escape(summary)}</summary>",
                  "  </entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _plain(markdown: str) -> str:
    """The summary as plain text: a feed reader shows it as it is, so no Markdown marks."""
    return " ".join(markdown.replace("*", "").replace("`", "").split())
