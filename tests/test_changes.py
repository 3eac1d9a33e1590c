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


def _visible_change(path: Path, marker: str = "Ny lärdom") -> None:
    """A change a reader sees: one more lesson."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("lessons:\n", f"lessons:\n  - {marker}.\n", 1), encoding="utf-8")


@pytest.fixture
def history_project(tmp_path) -> Path:
    """data/ committed on 10 January 2026, one example changed on 5 March and one added on 6 March."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Allt", date="2026-01-10T09:00:00+01:00")
    _visible_change(project / CHANGED)
    git(project, "commit", "-qam", "Ändrat", date="2026-03-05T10:00:00+01:00")
    _new_example(project, "nytt-test")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Nytt", date="2026-03-06T11:00:00+01:00")
    return project


def test_new_records_first_then_changed_newest_first(history_project):
    history = record_changes(history_project)
    assert history.available and history.complete
    first, *middle, last = history.changes
    assert (first.path, first.kind, first.date) == ("data/exempel/nytt-test.yml", "tillagd", "2026-03-06")
    assert middle and all(c.kind == "tillagd" and c.date == "2026-01-10" for c in middle)
    assert (last.path, last.kind, last.date, last.parts) == (CHANGED, "ändrad", "2026-03-05", ("ändrat: Lärdomar",))
    assert len({c.path for c in history.changes}) == len(history.changes)  # one entry per record
    records = sum(1 for _ in (history_project / "data").glob("*/*.yml")) - len(list(
        (history_project / "data" / "vokabular").glob("*.yml")))
    assert len(history.changes) == records


def test_the_window_ends_at_the_newest_commit(history_project):
    _visible_change(history_project / CHANGED, "Senare lärdom")
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
    assert "[Nytt testexempel nytt-test](exempel/nytt-test.md)" in lines[0] and "– <span class=\"mr-change mr-change--new\">nytt exempel</span>" in lines[0]
    assert "mr-change--new" in lines[1]  # new records first
    everything = changes_markdown(kb, record_changes(history_project), "")
    last = [line for line in everything.splitlines() if line.startswith("- ")][-1]
    assert "(exempel/molndal-framm.md)" in last and '<span class="mr-change mr-change--changed">ändrat: Lärdomar' in last
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
    assert max(updated) == updated[0]  # the new record first, then the changed ones
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        assert entry.find(f"{ATOM}title").text.strip()
        assert entry.find(f"{ATOM}id").text.startswith(base)
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate" and link.get("href").startswith(base)
        assert entry.find(f"{ATOM}summary").text
    assert entries[0].find(f"{ATOM}link").get("href") == base + "exempel/nytt-test/"
    assert "nytt exempel" in entries[0].find(f"{ATOM}title").text
    assert entries[0].find(f"{ATOM}summary").text.startswith("Nytt exempel. ")
    changed = next(e for e in entries if e.find(f"{ATOM}link").get("href") == base + "exempel/molndal-framm/")
    assert changed.find(f"{ATOM}title").text.endswith("(ändrat: Lärdomar)")
    assert changed.find(f"{ATOM}summary").text.startswith("Ändrat: Lärdomar. ")


def test_hostile_title_is_escaped_in_the_feed(history_project):
    path = history_project / "data" / "exempel" / "nytt-test.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Nytt testexempel nytt-test", "title: \"<script>alert(1)</script> & ]]>\""), encoding="utf-8")
    kb, problems = load_knowledge_base(history_project)
    feed_bytes = atom_feed(kb, record_changes(history_project), "https://example.org/", "MR")
    assert b"<script>" not in feed_bytes
    titles = [e.find(f"{ATOM}title").text for e in ET.fromstring(feed_bytes).findall(f"{ATOM}entry")]
    assert "<script>alert(1)</script> & ]]> (nytt exempel)" in titles


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


# --- What changed, in words: a small history made here, field by field ------------------------------------------

EXAMPLE = """# yaml-language-server: $schema=../schema/exempel.json
id: ord-test
title: Ett exempel om ord
summary: En kort sammanfattning.
body: |
  Första stycket, på en rad.

  Andra stycket.
results: Ett resultat.
lessons:
  - En lärdom.
sources:
  - title: Källa ett
    publisher: Kommunen
    url: https://example.org/ett
reviewed: "2026-01-10"
"""


@pytest.fixture
def words_repo(tmp_path) -> Path:
    """A git repository with one example and nothing else: each test commits its own next version."""
    repo = tmp_path / "words"
    (repo / "data" / "exempel").mkdir(parents=True)
    (repo / "data" / "exempel" / "ord-test.yml").write_text(EXAMPLE, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Nytt", date="2026-01-10T09:00:00+01:00")
    return repo


def _commit_version(repo: Path, text: str, date: str) -> None:
    (repo / "data" / "exempel" / "ord-test.yml").write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "Nästa version", date=date)


def _only(repo: Path):
    changes._history.cache_clear()
    found = record_changes(repo).changes
    assert len(found) == 1
    return found[0]


def test_a_new_record_is_new_and_says_so(words_repo):
    change = _only(words_repo)
    assert change.kind == "tillagd" and change.date == "2026-01-10"
    assert changes.change_words(change, "exempel") == "nytt exempel"
    assert changes.change_words(change, "principer") == "ny princip"
    # Changed again the same day: still new to a reader.
    _commit_version(words_repo, EXAMPLE.replace("Ett resultat.", "Ett annat resultat."), "2026-01-10T15:00:00+01:00")
    assert _only(words_repo).kind == "tillagd"


def test_changed_fields_are_named_as_the_page_names_them(words_repo):
    text = (EXAMPLE.replace("Ett resultat.", "Ett bättre resultat.")
            .replace("  - En lärdom.\n", "  - En lärdom.\n  - En till.\n")
            .replace("reviewed: \"2026-01-10\"", "reviewed: \"2026-02-01\""))
    _commit_version(words_repo, text, "2026-02-01T10:00:00+01:00")
    change = _only(words_repo)
    assert (change.kind, change.date, change.parts) == ("ändrad", "2026-02-01", ("ändrat: Resultat, Lärdomar",))
    assert changes.change_words(change, "exempel") == "ändrat: Resultat, Lärdomar"


def test_a_new_source_and_a_body_change(words_repo):
    text = EXAMPLE.replace("  Andra stycket.", "  Andra stycket, längre nu.").replace(
        "reviewed:", "  - title: Källa två\n    publisher: Regionen\n    url: https://example.org/tva\nreviewed:")
    _commit_version(words_repo, text, "2026-02-02T10:00:00+01:00")
    assert _only(words_repo).parts == ("ny källa", "ändrat: Vad gjordes?")
    _commit_version(words_repo, EXAMPLE, "2026-02-03T10:00:00+01:00")  # and back: the source removed
    assert _only(words_repo).parts == ("en källa borttagen", "ändrat: Vad gjordes?")


def test_only_a_new_review_date_says_so(words_repo):
    _commit_version(words_repo, EXAMPLE.replace("2026-01-10", "2026-03-01"), "2026-03-01T10:00:00+01:00")
    assert _only(words_repo).parts == ("granskad på nytt",)


def test_a_formatting_only_commit_adds_no_entry(words_repo):
    text = EXAMPLE.replace("Ett exempel om ord", "Ett exempel om ord och mer")
    _commit_version(words_repo, text, "2026-02-01T10:00:00+01:00")
    # Reflowed text, a folded block, other quotes, key order, a comment, an empty optional field, a new schema line:
    reformatted = ('# yaml-language-server: $schema=../../schema/exempel.json\n# En kommentar.\n'
                   'title: "Ett exempel om ord och mer"\nid: ord-test\nsummary: >-\n  En kort\n  sammanfattning.\n'
                   'body: |\n  Första stycket,\n  på en rad.\n\n\n  Andra   stycket.\n'
                   'results: Ett resultat.\nlessons: ["En lärdom."]\nuncertain: []\nsources:\n'
                   '  - {url: "https://example.org/ett", publisher: Kommunen, title: Källa ett}\n'
                   "reviewed: '2026-01-10'\n")
    _commit_version(words_repo, reformatted, "2026-04-01T10:00:00+01:00")
    change = _only(words_repo)
    # The entry is the earlier, visible change; the formatting commit is not an entry of its own.
    assert (change.kind, change.date, change.parts) == ("ändrad", "2026-02-01", ("ändrat: Rubrik",))


def test_one_log_and_one_blob_read_per_history(words_repo, monkeypatch):
    for day in range(2, 9):
        _commit_version(words_repo, EXAMPLE.replace("Ett resultat.", f"Resultat {day}."), f"2026-02-0{day}T10:00:00+01:00")
    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(changes.subprocess, "run", lambda args, **kw: calls.append(args[1]) or real_run(args, **kw))
    changes._history.cache_clear()
    record_changes(words_repo)
    record_changes(words_repo)  # cached per HEAD
    assert calls.count("log") == 1 and calls.count("cat-file") == 1


def test_the_page_has_new_and_changed_as_two_lists_with_links(history_project):
    kb = load_knowledge_base(history_project)[0]
    text = changes_markdown(kb, record_changes(history_project), "", grouped=True)
    assert text.startswith('<p class="mr-changes-filter">Visa: <a href="#nya-poster">Nya poster (')
    assert '<a href="#andrade-poster">Ändrade poster (1)</a>' in text
    new, changed = text.split("## Ändrade poster { #andrade-poster }")
    assert "## Nya poster { #nya-poster }" in new and "nytt-test" in new and "molndal-framm.md" not in new
    assert "molndal-framm.md" in changed and "ändrat: Lärdomar" in changed
