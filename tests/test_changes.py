""""Nytt och ändrat" from git history: newest first, added or changed, the window ends at the newest commit
(deterministic), graceful without history or in a shallow clone, and an Atom feed with the structure of RFC 4287."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project
from mrkb.pages import changes
from mrkb.pages.changes import FEED_PATH, atom_feed, changes_markdown, record_changes
from mrkb.data.loader import load_knowledge_base

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
CHANGED = "data/exempel/molndal-framm.yml"


def git(project: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


def _new_example(project: Path, record_id: str) -> str:
    source = (project / CHANGED).read_text(encoding="utf-8")
    old_id = "molndal-framm"
    text = source.replace(f"id: {old_id}", f"id: {record_id}", 1)
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    text = text.replace(title, f"title: Nytt testexempel {record_id}", 1)
    rel = f"data/exempel/{record_id}.yml"
    (project / rel).write_text(text, encoding="utf-8")
    return rel


@pytest.fixture
def history_project(tmp_path) -> Path:
    """data/ committed on 10 January 2026, one example changed on 5 March and one added on 6 March."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Allt", date="2026-01-10T09:00:00+01:00")
    path = project / CHANGED
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(project, "commit", "-qam", "Ändrat", date="2026-03-05T10:00:00+01:00")
    _new_example(project, "nytt-test")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Nytt", date="2026-03-06T11:00:00+01:00")
    return project


def test_newest_first_with_the_kind_of_change(history_project):
    history = record_changes(history_project)
    assert history.available and history.complete
    first, second, *rest = history.changes
    assert (first.path, first.kind, first.date) == ("data/exempel/nytt-test.yml", "tillagd", "2026-03-06")
    assert (second.path, second.kind, second.date) == (CHANGED, "ändrad", "2026-03-05")
    assert rest and all(c.kind == "tillagd" and c.date == "2026-01-10" for c in rest)
    assert len({c.path for c in history.changes}) == len(history.changes)  # one entry per record
    records = sum(1 for _ in (history_project / "data").glob("*/*.yml")) - len(list(
        (history_project / "data" / "vokabular").glob("*.yml")))
    assert len(history.changes) == records


def test_the_window_ends_at_the_newest_commit(history_project):
    path = history_project / CHANGED
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    git(history_project, "commit", "-qam", "Senare", date="2026-11-20T08:00:00+01:00")
    changes = record_changes(history_project).changes
    assert [(c.path, c.kind) for c in changes] == [(CHANGED, "ändrad")]  # older than six months: left out


def test_markdown_and_feed_are_deterministic(history_project):
    kb = load_knowledge_base(history_project)[0]
    first = (changes_markdown(kb, record_changes(history_project), ""),
             atom_feed(kb, record_changes(history_project), "https://example.org/mr/", "MR"))
    changes._history.cache_clear()  # computed again, not remembered
    second = (changes_markdown(kb, record_changes(history_project), ""),
              atom_feed(kb, record_changes(history_project), "https://example.org/mr/", "MR"))
    assert first == second


def test_markdown_lists_and_links_the_changes(history_project):
    kb = load_knowledge_base(history_project)[0]
    text = changes_markdown(kb, record_changes(history_project), "", limit=2)
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(lines) == 2
    assert '<time datetime="2026-03-06">6 mars 2026</time>' in lines[0]
    assert "[Nytt testexempel nytt-test](exempel/nytt-test.md)" in lines[0] and "tillagd" in lines[0]
    assert "(exempel/molndal-framm.md)" in lines[1] and "ändrad" in lines[1]
    assert "](nytt.md)" in text  # more changes than the limit: a link to all of them
    from_subfolder = changes_markdown(kb, record_changes(history_project), "exempel", limit=1)
    assert "(nytt-test.md)" in from_subfolder and "(../nytt.md)" in from_subfolder


def test_without_history_the_page_says_so(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    history = record_changes(project)
    assert not history.available and history.changes == ()
    kb = load_knowledge_base(project)[0]
    assert "saknas" in changes_markdown(kb, history, "")
    feed = ET.fromstring(atom_feed(kb, history, "https://example.org/", "MR"))
    assert feed.findall(f"{ATOM}entry") == [] and feed.find(f"{ATOM}updated") is not None


def test_shallow_clone_leaves_out_the_cut_off_commit(history_project, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", history_project.as_uri(), str(clone)], check=True)
    history = record_changes(clone)
    assert history.available and not history.complete
    # The clone's oldest commit ("Ändrat") seems to add every file; only the newest commit's change is known.
    assert [(c.path, c.kind) for c in history.changes] == [("data/exempel/nytt-test.yml", "tillagd")]
    kb = load_knowledge_base(clone)[0]
    assert "ofullständig" in changes_markdown(kb, history, "")

    single = tmp_path / "single"
    subprocess.run(["git", "clone", "-q", "--depth", "1", history_project.as_uri(), str(single)], check=True)
    assert record_changes(single).changes == ()


def test_atom_feed_structure(history_project):
    kb = load_knowledge_base(history_project)[0]
    base = "https://example.org/mr/"
    feed = ET.fromstring(atom_feed(kb, record_changes(history_project), base, "MR-plattformen"))
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text == "MR-plattformen"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": base + FEED_PATH, "alternate": base + "nytt/"}
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert all(RFC3339.match(value) for value in updated + [feed.find(f"{ATOM}updated").text])
    assert feed.find(f"{ATOM}updated").text == updated[0] == "2026-03-06T11:00:00+01:00"
    assert updated == sorted(updated, reverse=True)
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.find(f"{ATOM}title").text.strip()
        assert entry.find(f"{ATOM}id").text.startswith(base)
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith(base)
        assert entry.find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}link").get("href") == base + "exempel/nytt-test/"
    assert "tillagd" in entries[0].find(f"{ATOM}title").text


def test_hostile_title_is_escaped_in_the_feed(history_project):
    path = history_project / "data" / "exempel" / "nytt-test.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Nytt testexempel nytt-test", "title: \"<script>alert(1)</script> & ]]>\""), encoding="utf-8")
    kb, problems = load_knowledge_base(history_project)
    feed_bytes = atom_feed(kb, record_changes(history_project), "https://example.org/", "MR")
    assert b"<script>" not in feed_bytes
    titles = [e.find(f"{ATOM}title").text for e in ET.fromstring(feed_bytes).findall(f"{ATOM}entry")]
    assert "<script>alert(1)</script> & ]]> (lärande exempel, tillagd)" in titles


@pytest.mark.slow
def test_built_site_has_the_page_the_feed_and_the_nav_link(tmp_path):
    project = copy_project(tmp_path / "site-project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Allt", date="2026-01-10T09:00:00+01:00")
    _new_example(project, "nytt-test")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Nytt", date="2026-03-06T11:00:00+01:00")
    build(project)
    page = (project / "site" / "nytt" / "index.html").read_text(encoding="utf-8")
    assert 'href="../exempel/nytt-test/"' in page and "6 mars 2026" in page
    assert 'href="atom.xml"' in page
    start = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="nytt/"' in start  # in the navigation of every page
    feed = ET.parse(project / "site" / FEED_PATH).getroot()
    site_url = next(l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self")
    site_url = site_url.removesuffix(FEED_PATH)
    for entry in feed.findall(f"{ATOM}entry"):
        target = entry.find(f"{ATOM}link").get("href").removeprefix(site_url)
        assert (project / "site" / target / "index.html").is_file(), target


def test_recent_changes_is_a_macro_for_pages_and_print():
    """The start page may call recent_changes(limit); the print renderer shares the one macro table."""
    from mrkb.pages import embeds
    kb = load_knowledge_base(ROOT)[0]
    text = embeds.macro_table(kb, "grunder", lambda doc_path: doc_path)["recent_changes"](3)
    history = record_changes(ROOT)
    if history.available and history.changes:
        items = [line for line in text.splitlines() if line.startswith("- ")]
        assert 1 <= len(items) <= 3 and "](../" in items[0]
    else:
        assert "Historiken" in text or "saknas" in text or "Inget har" in text
