"""Provenance on every record page ("Senast granskad" from data, "Senast ändrad" from git) and `make stale`."""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from mrkb.data.loader import load_knowledge_base
from mrkb.data.provenance import last_changed_dates
from mrkb.site import load_site
from mrkb.data.stale import format_table, months_before, months_between, stale_records
import synthetic

SCHEMA_DIR = ROOT / "data" / "schema"


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+01:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, timeout=60)


def _commit(repo: Path, files: dict[str, str], date: str) -> None:
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", f"change {date}", date=date)


@pytest.fixture
def repo(tmp_path) -> Path:
    _git(tmp_path, "init", "-q")
    return tmp_path


# --- last_changed_dates --------------------------------------------------------------------------------------------

def test_newest_commit_date_per_file(repo):
    _commit(repo, {"data/exempel/a.yml": "a: 1\n", "data/exempel/b.yml": "b: 1\n"}, "2024-01-02")
    _commit(repo, {"data/exempel/a.yml": "a: 2\n"}, "2025-05-06")
    _commit(repo, {"data/principer/c.yml": "c: 1\n", "docs/index.md": "# Start\n"}, "2025-07-08")
    assert last_changed_dates(repo) == {"data/exempel/a.yml": "2025-05-06", "data/exempel/b.yml": "2024-01-02",
                                        "data/principer/c.yml": "2025-07-08"}


def test_only_the_given_folder_counts(repo):
    _commit(repo, {"data/a.yml": "a: 1\n", "docs/index.md": "x\n"}, "2024-01-02")
    assert last_changed_dates(repo, "docs") == {"docs/index.md": "2024-01-02"}


def test_uncommitted_files_have_no_date(repo):
    _commit(repo, {"data/a.yml": "a: 1\n"}, "2024-01-02")
    (repo / "data" / "new.yml").write_text("n: 1\n", encoding="utf-8")
    assert last_changed_dates(repo) == {"data/a.yml": "2024-01-02"}


def test_file_names_with_swedish_letters(repo):
    _commit(repo, {"data/exempel/malmö stad.yml": "a: 1\n"}, "2024-03-04")
    dates = last_changed_dates(repo)
    assert list(dates.values()) == ["2024-03-04"]


def test_outside_a_git_checkout_there_are_no_dates(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yml").write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))  # never find an enclosing repository
    assert last_changed_dates(tmp_path) == {}


def test_without_git_installed_there_are_no_dates(repo, monkeypatch, tmp_path_factory):
    _commit(repo, {"data/a.yml": "a: 1\n"}, "2024-01-02")
    monkeypatch.setenv("PATH", str(tmp_path_factory.mktemp("empty-path")))
    assert last_changed_dates(repo) == {}


def test_record_pages_show_reviewed_and_changed_dates(repo):
    synthetic.write_dataset(repo / "data", examples=3, schema_dir=SCHEMA_DIR)
    _commit(repo, {}, "2025-02-03")
    _commit(repo, {"data/exempel/syntetiskt-exempel-00002.yml":
                   (repo / "data/exempel/syntetiskt-exempel-00002.yml").read_text(encoding="utf-8") + "\n"},
            "2025-09-10")
    pages = {page.doc_path: page.markdown for page in load_site(repo).pages(repo)}
    kb = load_site(repo).kb
    for record in kb.all_records():
        expected_change = "2025-09-10" if record.id == "syntetiskt-exempel-00002" else "2025-02-03"
        assert (f'<p class="mr-provenance">Senast granskad: {record.data["reviewed"]}. '
                f"Senast ändrad: {expected_change}.</p>") in pages[record.doc_path], record.id


# --- make stale --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("day, months, expected", [
    ("2026-11-23", 24, "2024-11-23"), ("2026-03-31", 1, "2026-02-28"), ("2024-03-31", 1, "2024-02-29"),
    ("2026-01-15", 1, "2025-12-15"), ("2026-01-15", 13, "2024-12-15")])
def test_months_before(day, months, expected):
    assert months_before(datetime.date.fromisoformat(day), months) == datetime.date.fromisoformat(expected)


def test_months_between():
    assert months_between(datetime.date(2024, 1, 15), datetime.date(2026, 1, 15)) == 24
    assert months_between(datetime.date(2024, 1, 15), datetime.date(2026, 1, 14)) == 23


@pytest.fixture
def dated(tmp_path) -> Path:
    """Synthetic data where three records carry different review dates."""
    synthetic.write_dataset(tmp_path / "data", examples=3, schema_dir=SCHEMA_DIR)
    for rel, reviewed in {"data/principer/egenmakt.yml": "2020-05-01", "data/verktyg/medborgardialog.yml": "2019-02-01",
                          "data/exempel/syntetiskt-exempel-00003.yml": "2024-06-30"}.items():
        path = tmp_path / rel
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["reviewed"] = reviewed
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path


def test_stale_records_oldest_first(dated):
    kb, problems = load_knowledge_base(dated)
    assert problems == []
    today = datetime.date(2026, 7, 1)
    found = stale_records(kb, today, months=24)
    assert [(r.type, r.id, r.reviewed.isoformat()) for r in found] == [
        ("verktyg", "medborgardialog", "2019-02-01"), ("principer", "egenmakt", "2020-05-01"),
        ("exempel", "syntetiskt-exempel-00003", "2024-06-30")]
    assert found[0].months_old == 89
    assert [r.id for r in stale_records(kb, today, months=75)] == ["medborgardialog"]  # before 2020-04-01
    assert stale_records(kb, datetime.date(2026, 1, 20), months=240) == []


def test_stale_table_is_swedish_and_readable(dated):
    kb, _ = load_knowledge_base(dated)
    today = datetime.date(2026, 7, 1)
    table = format_table(stale_records(kb, today, 24), 24, today)
    lines = table.splitlines()
    assert lines[0].startswith("3 poster har inte granskats på mer än 24 månader")
    assert lines[2].split() == ["Granskad", "Ålder", "Typ", "Rubrik", "Fil"]
    assert lines[4].startswith("2019-02-01") and "data/verktyg/medborgardialog.yml" in lines[4]
    assert "reviewed" in lines[-1]
    assert "Alla poster är granskade" in format_table([], 24, today)


def _stale(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "stale.py"), *args], capture_output=True,
                          text=True, timeout=120)


def test_stale_script_exits_0_with_the_table(dated):
    result = _stale("--root", str(dated), "--today", "2026-07-01", "--months", "24")
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line[:4].isdigit()]
    assert [row.split()[0] for row in rows] == ["2019-02-01", "2020-05-01", "2024-06-30"]
    nothing = _stale("--root", str(dated), "--today", "2026-07-01", "--months", "1200")
    assert nothing.returncode == 1  # out of range is an argument error, in Swedish
    assert "Traceback" not in nothing.stderr and "månader" in nothing.stderr


@pytest.mark.parametrize("args", [("--months", "två"), ("--months", "0"), ("--today", "2026-13-01")])
def test_stale_script_rejects_bad_arguments_in_swedish(dated, args):
    result = _stale("--root", str(dated), *args)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith("Fel:")


def test_make_stale_passes_months():
    result = subprocess.run(["make", "-n", "stale", "MONTHS=12"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert 'scripts/stale.py --months "12"' in result.stdout
