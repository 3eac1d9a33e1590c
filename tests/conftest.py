"""Shared fixtures: throw-away copies of the project with real or synthetic data, and a strict build."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))
import synthetic  # noqa: E402

GENERATED_LISTINGS = {f"{folder}/index.md" for folder in ("principer", "aktorskap", "roller", "verktyg", "lagar",
                                                                "exempel")}
MINIMAL_INDEX = """---
description: Startsida för testbygget.
---
# Start

{{ link("principer", "egenmakt") }}

{{ record_cards("aktorskap") }}
"""


def copy_project(dest: Path, data: str = "real", examples: int = 0, docs: str = "real") -> Path:
    """Copy the project to dest. data: 'real' (data/ as in the repo) or 'synthetic' (scripts/synthetic.py with
    `examples` examples). docs: 'real' or 'minimal' (a start page and the matrix, for synthetic data whose ids
    the hand-written pages do not know). Returns dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "macros", "overrides", "scripts", "docs", "stavning"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    if data == "real":
        shutil.copytree(ROOT / "data", dest / "data")
    else:
        synthetic.write_dataset(dest / "data", examples=examples, schema_dir=ROOT / "data" / "schema")
    if docs == "minimal":
        for page in (dest / "docs").glob("*.md"):
            if page.name != "matris.md":
                page.unlink()
        (dest / "docs" / "index.md").write_text(MINIMAL_INDEX, encoding="utf-8")
        _drop_missing_nav_entries(dest)
    return dest


def _drop_missing_nav_entries(project: Path) -> None:
    config = project / "mkdocs.yml"
    kept = []
    for line in config.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s+- [^:]+: (\S+\.md)$", line)
        if match and match.group(1) not in GENERATED_LISTINGS and not (project / "docs" / match.group(1)).exists():
            continue
        kept.append(line)
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")


def build(project: Path, *extra: str, check: bool = True, pdf: bool = False,
          offline_zip: bool = False) -> subprocess.CompletedProcess:
    """mkdocs build --strict in a project copy; returns the finished process (stdout and stderr as text).

    Without the PDFs and the offline zip unless asked for (they are slow to make cold; the site then links to
    neither): tests/test_pdf.py, test_offline.py and test_links.py (over `make build`) check them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "MR_PDF": "1" if pdf else "0", "MR_OFFLINE_ZIP": "1" if offline_zip else "0"}
    result = subprocess.run([str(VENV_BIN / "mkdocs"), "build", "--strict", *extra], cwd=project, env=env,
                            capture_output=True, text=True, timeout=900)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real project built once per test session; returns the site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("real") / "project")
    build(project)
    return project / "site"


@pytest.fixture(scope="session")
def real_offline_copy(tmp_path_factory) -> Path:
    """The real project's offline copy as a visitor gets it: made by the build (without PDFs), unzipped. Returns
    the folder that holds index.html, to open from file://."""
    base = tmp_path_factory.mktemp("real-offline")
    project = copy_project(base / "project")
    shutil.copy2(ROOT / "mkdocs-offline.yml", project / "mkdocs-offline.yml")
    build(project, offline_zip=True)
    sys.path.insert(0, str(ROOT / "macros"))
    from mrkb.outputs.offline_copy import FOLDER
    from mrkb.print.document import OFFLINE_ZIP_PATH
    with zipfile.ZipFile(project / "site" / OFFLINE_ZIP_PATH) as opened:
        opened.extractall(base / "unzipped")
    return base / "unzipped" / FOLDER


@pytest.fixture(scope="session")
def synthetic_site(tmp_path_factory) -> Path:
    """A synthetic project (30 examples, minimal docs) built once per test session; returns site/."""
    project = copy_project(tmp_path_factory.mktemp("synthetic") / "project", data="synthetic", examples=30,
                           docs="minimal")
    build(project)
    return project / "site"
