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
from xml.sax.saxutils import escape, quoteattr

from ..data.model import RECORD_TYPES, KnowledgeBase, Record
from .render import record_link

# The project's root: this file is macros/mrkb/pages/changes.py (the macros need it; they get no root of their own).
PROJECT_ROOT = Path(__file__).resolve().parents[3]
WINDOW_MONTHS = 6
FEED_PATH = "nytt/atom.xml"  # among the docs, next to the page nytt.md (/nytt/)
PAGE_PATH = "nytt.md"
KINDS = {"A": "tillagd", "M": "ändrad"}
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"]


@dataclass(frozen=True)
class Change:
    path: str  # the record's file, e.g. "data/exempel/lund.yml"
    kind: str  # "tillagd" or "ändrad"
    timestamp: str  # the commit's date and time, ISO 8601 with offset (Atom's "updated")
    commit: str

    @property
    def date(self) -> str:
        return self.timestamp[:10]


@dataclass(frozen=True)
class History:
    changes: tuple[Change, ...]  # newest first, one per record file: its latest change in the window
    available: bool  # False outside a git checkout (or without git)
    complete: bool  # False in a shallow clone: older changes are not known


def record_changes(root: Path, months: int = WINDOW_MONTHS) -> History:
    """The latest change of each record file under data/ in the `months` before the newest commit."""
    root = Path(root).resolve()
    head = _git(root, "rev-parse", "HEAD")
    if head is None:
        return History((), available=False, complete=False)
    return _history(str(root), head.strip(), months)


@lru_cache(maxsize=8)
def _history(root: str, head: str, months: int) -> History:
    shallow = (_git(Path(root), "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    boundary = _shallow_commits(Path(root)) if shallow else set()
    log = _git(Path(root), "log", "--no-renames", "--name-status", "--format=%x00%H %cI", "--", "data") or ""
    latest: dict[str, Change] = {}
    newest_date = None
    for block in log.split("\x00")[1:]:
        header, *lines = block.strip("\n").split("\n")
        commit, timestamp = header.split(" ", 1)
        newest_date = newest_date or timestamp[:10]
        if commit in boundary:
            continue  # in a shallow clone the oldest commit seems to add every file: it says nothing
        for line in lines:
            status, _, path = line.partition("\t")
            if status in KINDS and _is_record_path(path):
                latest.setdefault(path, Change(path, KINDS[status], timestamp, commit))
    start = _months_before(newest_date, months) if newest_date else ""
    changes = sorted((c for c in latest.values() if c.date >= start), key=lambda c: (c.timestamp, c.path),
                     reverse=True)
    return History(tuple(changes), available=True, complete=not shallow)


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


def recent_changes(kb: KnowledgeBase, from_dir: str, limit: int | None = 10) -> str:
    """The macro recent_changes(limit): the latest changes of this project's history as Markdown."""
    return changes_markdown(kb, record_changes(PROJECT_ROOT), from_dir, limit)


def changes_markdown(kb: KnowledgeBase, history: History, from_dir: str, limit: int | None = None) -> str:
    """A Markdown list, newest first: date, kind of change and a link to the record. With a limit and more
    changes than it, a link to the page with all of them follows."""
    entries = _records(kb, history)
    if not history.available:
        return ("Listan byggs från versionshistoriken i Git, som saknas i den här kopian av webbplatsen.\n")
    if not entries:
        return f"Inget har lagts till eller ändrats de senaste {WINDOW_MONTHS} månaderna.\n"
    shown = entries if limit is None else entries[:max(0, int(limit))]
    lines = [f"- <time datetime=\"{change.date}\">{swedish_date(change.date)}</time>: "
             f"{record_link(record, from_dir)} ({RECORD_TYPES[record.type].singular}, {change.kind})"
             for change, record in shown]
    text = '<div class="mr-changes" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"
    if len(shown) < len(entries):
        page = _relative(PAGE_PATH, from_dir)
        text += f"\n[Allt som är nytt och ändrat ({len(entries)} ändringar)]({page})\n"
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
    updated = entries[0][0].timestamp if entries else "1970-01-01T00:00:00+00:00"
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
        parts += ["  <entry>",
                  f"    <id>{escape(url)}#andring-{change.commit[:12]}</id>",
                  f"    <title>{escape(record.title)} ({label}, {change.kind})</title>",
                  f"    <updated>{change.timestamp}</updated>",
                  f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(url)}/>",
                  f"    <category term={quoteattr(record.type)} label={quoteattr(label)}/>",
                  f"    <summary>{escape(_plain(record.data.get('summary', '')))}</summary>",
                  "  </entry>"]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def _plain(markdown: str) -> str:
    """The summary as plain text: a feed reader shows it as it is, so no Markdown marks."""
    return " ".join(markdown.replace("*", "").replace("`", "").split())
