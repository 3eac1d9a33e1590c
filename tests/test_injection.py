"""Contributor text is untrusted: script, event handlers, dangerous links, frames, raw HTML, Jinja and attr-list
syntax in EVERY text field must reach the built pages as inert text, never as active markup.

One synthetic project gets a hostile payload in every text field of every record type, the vocabularies, the
glossary and the kännetecken; it is built once and every HTML page is parsed and inspected."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import build, copy_project
from test_links import local_target

# Each payload tries a different way to get active content onto a page.
MARKDOWN_PAYLOADS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y">',
    "<svg onload=alert('xss-svg')></svg>",
    '<a href="#" onclick="alert(1)">klick</a>',
    "[js-länk](javascript:alert('xss-link'))",
    "[js-blandat](JaVaScRiPt:alert('xss-mixed'))",
    "[js-entitet](&#106;avascript:alert('xss-entity'))",
    "[js-entitet2](&#x6A;&#x61;vascript:alert(1))",
    "<javascript:alert('xss-autolink')>",
    "[ref-länk][farlig]\n\n[farlig]: javascript:alert('xss-ref')",
    "[data-länk](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[vb-länk](vbscript:msgbox(1))",
    "![bild](javascript:alert('xss-imgmd'))",
    "\\[escaped](javascript:alert('xss-escaped'))",
    "&#91;entity-brackets&#93;(javascript:alert('xss-entbr'))",
    "{{ config.site_name }} JINJA-MARKER {% for i in range(3) %}LOOP{% endfor %}",
    "Stycke med attribut\n{: onclick=\"alert('xss-attr')\" }",
    "<style>body{display:none}</style>",
    '<div markdown="1" onmouseover="alert(1)">md-in-html</div>',
    '"><script>alert(\'xss-quote\')</script>',
    "&lt;/title&gt;&lt;script&gt;alert('xss-entity-title')&lt;/script&gt;",
]
# Each payload paragraph cites the record's source on a line of its own, as the marker rules (data/citations.py)
# require of every paragraph; the payload itself follows unchanged.
MARKDOWN = "\n\n".join(f"Enligt källan [1]:\n{payload}" for payload in MARKDOWN_PAYLOADS)
# Summaries are put into Markdown lists again (listings, related records), so the ones that try to form a link
# in that second pass come first.
INLINE_PAYLOADS = ["<script>alert('xss-script')</script>", "<img src=x onerror=alert('xss-img')>",
                   "\\[escaped](javascript:alert('xss-escaped'))", "&#91;eb&#93;(javascript:alert('xss-entbr'))",
                   "[js](JaVaScRiPt:alert(1))", "<javascript:alert(1)>", "{: onclick=\"alert('xss-attr')\" }",
                   '<a href="#" onclick="alert(1)">klick</a>', "<iframe src=\"https://evil.example/\"></iframe>",
                   *MARKDOWN_PAYLOADS]
# Short fields (titles, names) get a compact mix that still fits the schema's maxLength.
SHORT = "<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }}\"'{: onclick=x }"
SHORT_FIELDS = {"title": 140, "publisher": 140, "organisation": 200, "time_needed": 200, "expansion": 200,
                "description": 400, "note": 300, "term": 80}
LIST_SHORT_FIELDS = {"aliases": 80, "synonyms": 80}
MARKDOWN_FIELDS = {"body", "in_practice", "purpose", "when_to_use", "who", "results", "text", "definition"}
LIMITED_FIELDS = {"question": 400, "summary": 600}
MARKDOWN_LIST_FIELDS = {"questions", "pitfalls", "lessons", "covers", "actions", "uncertain"}

SAFE_SCHEMES = ("http:", "https:", "mailto:", "#", "./", "../", "/")
# The theme's own inline scripts (colour palette, scope, details anchors), recognised by how they start.
THEME_INLINE_SCRIPTS = ("__md_scope=new URL(", 'var palette=__md_get("__palette")',
                        "var target=document.getElementById(location.hash.slice(1))")


def _short(original: str, limit: int, marker: str) -> str:
    text = f"{marker} {SHORT}"
    return text[:limit]


def _packed(limit: int, payloads: list[str]) -> str:
    """As many whole payloads as fit in limit characters, on one line (summaries and questions are inline)."""
    text = "Text {{ 7*7 }}"
    for payload in payloads:
        candidate = f"{text} {payload}".replace("\n", " ")
        if len(candidate) <= limit:
            text = candidate
    return text


def _poison(value, key=None, counter=[0]):  # noqa: B006 - a running counter keeps titles unique
    if isinstance(value, dict):
        return {k: _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in MARKDOWN_LIST_FIELDS:
            return [MARKDOWN for _ in value]
        if key in LIST_SHORT_FIELDS:
            counter[0] += 1
            return [_short(v, LIST_SHORT_FIELDS[key], f"A{counter[0]}") for v in value]
        return [_poison(v, key) for v in value]
    if isinstance(value, str):
        if key in MARKDOWN_FIELDS:
            return MARKDOWN
        if key in LIMITED_FIELDS:
            return _packed(LIMITED_FIELDS[key], INLINE_PAYLOADS)
        if key in SHORT_FIELDS:
            counter[0] += 1
            return _short(value, SHORT_FIELDS[key], f"T{counter[0]}")
    return value


def _add_optional_fields(folder: str, record: dict) -> dict:
    """Fill in optional text fields the synthetic data leaves out, so that every field type is exercised."""
    if "id" in record:
        record.setdefault("aliases", ["alias"])
        record.setdefault("uncertain", ["osäkert"])
        for source in record.get("sources", []):
            source["note"] = "not"
    if folder == "exempel":
        record["period"]["note"] = "not"
        record.setdefault("results", "resultat")
    if folder == "verktyg":
        record.setdefault("who", "vem")
        record.setdefault("time_needed", "en dag")
        record.setdefault("pitfalls", ["fallgrop"])
    if folder == "principer":
        record.setdefault("pitfalls", ["fallgrop"])
    if folder == "aktorskap":
        record.setdefault("questions", ["fråga"])
    if folder == "vokabular":
        for entry in record["entries"]:
            entry["description"] = "beskrivning"
            entry["aliases"] = ["alias"]
    if folder == "ordlista.yml":
        for term in record["terms"]:
            term.setdefault("synonyms", ["synonym"])
            term["source"] = 1
    if folder == "kannetecken.yml":
        for item in record["traits"] + record["advice"]:
            item["uncertain"] = ["osäkert"]
    return record


EXTRA_PAGES = {"ordlista.md": "# Ordlista\n\n{{ glossary_table() }}\n",
               "kannetecken.md": "# Kännetecken\n\n{{ traits_list() }}\n\n## Råd\n\n{{ advice_list() }}\n",
               "listor.md": "# Listor\n\n{{ record_list('exempel') }}\n\n{{ record_cards('verktyg') }}\n",
               "sjalvskattning.md": "# Självskattning\n\n{{ self_assessment() }}\n"}


def make_hostile_project(dest: Path) -> Path:
    project = copy_project(dest, data="synthetic", examples=3, docs="minimal")
    for path in sorted((project / "data").rglob("*.yml")):
        rel = path.relative_to(project / "data")
        folder = rel.parts[0]
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if folder in ("ordlista.yml", "kannetecken.yml") or "id" in record or folder == "vokabular":
            record = _poison(_add_optional_fields(folder, record))
        if folder == "ordlista.yml":  # the abbreviation itself must stay a word, or nothing gets an <abbr>
            for term, name in zip(record["terms"], ("MR", "SKR")):
                term["term"] = name
        path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    nav = []
    for name, text in EXTRA_PAGES.items():
        (project / "docs" / name).write_text(text, encoding="utf-8")
        nav.append(f"  - {name[:-3].capitalize()}: {name}")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(nav) + "\n",
                      encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_hostile_project(tmp_path_factory.mktemp("injection") / "project")
    build(project)
    return project / "site"


def _pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20, "the hostile site should have a page per record"
    return pages


def _active_content(page: Path, site: Path) -> list[str]:
    """Everything on a page that a browser would execute or load as active content."""
    return _active_in(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"), page, site)


def _active_in(soup: BeautifulSoup, page: Path | None = None, site: Path | None = None) -> list[str]:
    found = []
    for script in soup.find_all("script"):
        src = script.get("src")
        if src:
            target = local_target(site, page, src) if site else None
            if target is None or not target.is_relative_to(site / "assets"):
                found.append(f"script src={src}")
        elif script.get("type") == "application/json":
            continue  # data for scripts, never executed; a "</script>" inside would show up as a stray element
        elif not (script.string or "").strip().startswith(THEME_INLINE_SCRIPTS):
            found.append(f"inline script: {(script.string or '')[:80]!r}")
    for tag in soup.find_all(True):
        # The theme's search form, and the listings' filter form (id="mr-filters", from macros/mrkb/pages/listing.py; the
        # sanitizer never lets an id through from data).
        theme_form = tag.name == "form" and (any(c.startswith("md-") for c in tag.get("class", []))
                                             or tag.get("id") == "mr-filters")
        if tag.name in ("iframe", "object", "embed", "frame", "frameset", "applet", "base", "form") and not theme_form:
            found.append(f"<{tag.name}>")
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on"):
                found.append(f"<{tag.name} {attribute}={value!r}>")
            if attribute.lower() in ("href", "src", "action", "formaction", "xlink:href", "data", "poster"):
                url = re.sub(r"[\s\x00-\x1f]", "", str(value)).lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"<{tag.name} {attribute}={value!r}>")
        if tag.name == "style" and "display:none" in (tag.string or "").replace(" ", ""):
            found.append("<style> from data")
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    return found


def test_no_page_has_active_content_from_data(hostile_site):
    problems = {page.relative_to(hostile_site).as_posix(): found
                for page in _pages(hostile_site) if (found := _active_content(page, hostile_site))}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:4000]


def _text(site: Path, page: str) -> str:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser").get_text(" ")


@pytest.mark.parametrize("page", ["exempel/syntetiskt-exempel-00001/index.html", "verktyg/medborgardialog/index.html",
                                  "principer/egenmakt/index.html", "aktorskap/arbetsgivare/index.html",
                                  "roller/chef/index.html", "ordlista/index.html", "kannetecken/index.html",
                                  "sjalvskattning/index.html"])
def test_payload_is_visible_as_text(hostile_site, page):
    text = _text(hostile_site, page)
    assert "<script>alert(" in text, "raw HTML from data should be shown as text, not dropped silently"
    assert "<img src=x onerror=alert(" in text


@pytest.mark.parametrize("page", ["exempel/syntetiskt-exempel-00001/index.html", "ordlista/index.html",
                                  "kannetecken/index.html", "listor/index.html"])
def test_jinja_from_data_is_not_executed(hostile_site, page):
    text = _text(hostile_site, page)
    assert "{{ 7*7 }}" in text or "{{ config.site_name }}" in text
    assert "LOOPLOOP" not in text and "49" not in re.findall(r"\b49\b", text)


def test_titles_are_text_in_head_and_header(hostile_site):
    """The record title also lands in <title>, <meta description> and the header: none may become markup."""
    soup = BeautifulSoup((hostile_site / "exempel/syntetiskt-exempel-00001/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert "<script>" in soup.title.get_text()
    assert "<script>" in soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("h1").get_text().find("<script>") >= 0


@pytest.mark.browser
def test_search_results_show_data_as_text(hostile_site):
    """The search UI (docs/assets/search.js) puts titles and summaries in as text and Pagefind's passages only
    with their <mark>s, so hostile data in the index shows as text and runs nothing."""
    import browser_harness
    from mrkb.search.index import indexed_pages
    assert any("<script>" in page["meta"].get("title", "") for page in indexed_pages(hostile_site))
    browser_harness.require(browser_harness.CHROMIUM.exists(), "Chromium is missing: apt-get install chromium")
    context = browser_harness.browser().new_context()
    page = context.new_page()
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    try:
        assert browser_harness.search(page, browser_harness.serve(hostile_site), "alert")
        tags = page.evaluate("[...document.querySelectorAll('[role=search] ol *')].map(e => e.tagName)")
        shown = page.locator("[role=search] ol").inner_text()
    finally:
        context.close()
    assert set(tags) <= {"LI", "P", "A", "SPAN", "MARK"}, set(tags)
    assert "<script>" in shown or "<img" in shown, "the markup should be visible as text"
    assert not alerts, alerts
