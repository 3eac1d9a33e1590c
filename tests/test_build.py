"""Build tests: strict MkDocs builds of real and synthetic data, and what one added file brings."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import ROOT, build, copy_project
from mrkb.search.index import indexed_pages

NEW_EXAMPLE = textwrap.dedent("""\
    # yaml-language-server: $schema=../schema/exempel.json
    id: nytt-testexempel
    title: Ett alldeles nytt testexempel
    summary: Ett exempel som en utomstående redaktör lägger till med en enda fil.
    organisation: Provköpings kommun
    organisation_type: kommun
    counties: [skane]
    period: {start: 2024}
    body: |
      Kommunen gjorde en målgruppsanalys av fritidsverksamheten.
    principles: [egenmakt]
    aktorskap: [valfardsaktor]
    tools: [malgruppsanalys]
    sources:
      - title: Provköpings rapport
        publisher: Provköpings kommun
        date: "2024"
    reviewed: "2026-01-01"
    """)


def test_real_data_builds_strict(real_site):
    assert (real_site / "index.html").is_file()
    for folder in ("principer", "aktorskap", "roller", "verktyg", "exempel"):
        assert (real_site / folder / "index.html").is_file(), f"listing page /{folder}/ missing"
    assert (real_site / "exempel" / "molndal-framm" / "index.html").is_file()
    assert (real_site / "aktorskap" / "arbetsgivare" / "index.html").is_file()


def test_synthetic_build_has_every_record_page(synthetic_site):
    pages = sorted(p.parent.name for p in (synthetic_site / "exempel").glob("*/index.html"))
    assert len(pages) == 30
    listing = (synthetic_site / "exempel" / "index.html").read_text(encoding="utf-8")
    assert listing.count('data-record="exempel/') == 30


def test_records_are_not_in_the_navigation(synthetic_site):
    """The stock nav embeds every page in every page (quadratic): records are reached via listings."""
    start = (synthetic_site / "index.html").read_text(encoding="utf-8")
    nav = start[start.index('<nav class="md-nav md-nav--primary"'):start.index("</nav>")]
    assert "syntetiskt-exempel-00001" not in nav


def test_adding_one_example_file_is_enough(tmp_path):
    project = copy_project(tmp_path / "p", data="synthetic", examples=3, docs="minimal")
    (project / "data" / "exempel" / "nytt-testexempel.yml").write_text(NEW_EXAMPLE, encoding="utf-8")
    build(project)
    site = project / "site"
    page = (site / "exempel" / "nytt-testexempel" / "index.html").read_text(encoding="utf-8")
    assert "Ett alldeles nytt testexempel" in page and "Provköpings rapport" in page
    assert "edit/main/data/exempel/nytt-testexempel.yml" in page
    listing = (site / "exempel" / "index.html").read_text(encoding="utf-8")
    assert 'href="nytt-testexempel/"' in listing
    for backlinked in ("verktyg/malgruppsanalys", "principer/egenmakt", "aktorskap/valfardsaktor"):
        html = (site / backlinked / "index.html").read_text(encoding="utf-8")
        assert "nytt-testexempel/" in html, f"no back-link on /{backlinked}/"
    assert "/exempel/nytt-testexempel/" in {page["url"] for page in indexed_pages(site)}  # searchable


def test_broken_file_fails_the_build_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "p", data="synthetic", examples=2, docs="minimal")
    broken = NEW_EXAMPLE.replace("tools: [malgruppsanalys]", "tools: [malgrupsanalys]")
    (project / "data" / "exempel" / "nytt-testexempel.yml").write_text(broken, encoding="utf-8")
    result = build(project, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/exempel/nytt-testexempel.yml:13:9:" in output
    assert "Menade du 'malgruppsanalys'?" in output
    assert "Traceback" not in output
    assert not (project / "site").exists(), "a failed validation must not write site/"


def test_core_does_not_import_mkdocs():
    code = ("import sys; sys.path.insert(0, 'macros'); import mrkb.site, mrkb.pages.embeds, mrkb.data.loader; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_macros')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# The core's rooms, lowest first: a module may import from its own room and from rooms below it, never above.
CORE_LAYERS = {"base": 0, "data": 1, "pages": 2, "proofing": 2, "search": 3, "print": 3, "outputs": 3, "": 4}


def _core_imports():
    """(module, room, imported room) for every import of mrkb by mrkb."""
    import ast
    core = ROOT / "macros" / "mrkb"
    for path in sorted(core.rglob("*.py")):
        rel = path.relative_to(core)
        room = rel.parts[0] if len(rel.parts) == 2 else ""
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 0:
                if not (node.module or "").startswith("mrkb"):
                    continue
                parts = node.module.split(".")[1:]
            elif node.level == 1:
                parts = ([room] if room else []) + (node.module.split(".") if node.module else [])
            else:
                parts = node.module.split(".") if node.module else []
            target = parts[0] if parts and parts[0] in CORE_LAYERS else ""
            yield f"{rel}:{node.lineno}", room, target


def test_core_imports_run_downward_only():
    rooms = {p.name for p in (ROOT / "macros" / "mrkb").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert rooms == set(CORE_LAYERS) - {""}, f"new room {rooms - set(CORE_LAYERS)}: give it a layer in CORE_LAYERS"
    upward = [f"{where}: {room or 'mrkb'} -> {target or 'mrkb'}" for where, room, target in _core_imports()
              if CORE_LAYERS[target] > CORE_LAYERS[room]
              or (CORE_LAYERS[target] == CORE_LAYERS[room] and target != room)]
    assert not upward, "imports must run downward (base <- data <- pages <- search/print/outputs <- mrkb):\n" + \
        "\n".join(upward)
