"""Guards on the real content: sourced, connected and as complete as the content issue asks."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from mrkb.data.checks import _walk, check_urls, tracking_parameters
from mrkb.data.loader import load_knowledge_base
from mrkb.data.model import RECORD_TYPES
from mrkb.data.yaml_source import parse_yaml

MINIMUM_COUNTS = {"principer": 4, "aktorskap": 4, "roller": 8, "verktyg": 15, "exempel": 15}
REQUIRED_IDS = {
    "aktorskap": {"samhallsaktor", "demokratiaktor", "valfardsaktor", "arbetsgivare"},
    "principer": {"icke-diskriminering-och-jamlikhet", "delaktighet-och-inkludering", "transparens-och-ansvar",
                  "egenmakt"},
    "exempel": {"molndal-framm", "region-jonkoping-emerga", "jonkopings-kommun-2019"},
}


@pytest.fixture(scope="module")
def kb():
    kb, problems = load_knowledge_base(ROOT)
    assert not problems, "\n".join(p.format() for p in problems)
    return kb


def test_the_real_data_is_valid(kb):
    assert sum(len(records) for records in kb.records.values()) > 0


@pytest.mark.parametrize("folder", sorted(MINIMUM_COUNTS))
def test_enough_records(kb, folder):
    assert len(kb.records[folder]) >= MINIMUM_COUNTS[folder]


@pytest.mark.parametrize("folder", sorted(REQUIRED_IDS))
def test_required_records_exist(kb, folder):
    assert REQUIRED_IDS[folder] <= set(kb.records[folder])


def test_every_record_cites_a_source_and_has_a_review_date(kb):
    for record in kb.all_records():
        assert record.data["sources"], record.source_path
        assert all(source["title"] and source["publisher"] for source in record.data["sources"])
        assert record.data["reviewed"]


@pytest.mark.parametrize("folder", ["principer", "aktorskap"])
def test_principles_and_actors_link_to_two_tools_and_two_examples(kb, folder):
    for record in kb.records[folder].values():
        if record.data.get("standalone"):
            continue
        tools, examples = kb.referrers(record, "verktyg"), kb.referrers(record, "exempel")
        assert len(tools) >= 2, f"{record.source_path}: only {len(tools)} tools refer to it"
        assert len(examples) >= 2, f"{record.source_path}: only {len(examples)} examples refer to it"


def test_glossary_is_large_enough_and_has_abbreviations(kb):
    terms = kb.glossary["terms"]
    assert len(terms) >= 40
    abbreviations = {t["term"] for t in terms if t.get("expansion")}
    assert {"MR", "RWI", "SKR", "FN", "PANEL"} <= abbreviations


def test_every_characteristic_has_a_source(kb):
    for item in kb.traits["traits"] + kb.traits["advice"]:
        assert item["sources"], item["id"]
    assert len(kb.traits["traits"]) >= 8


def test_every_source_url_is_https_or_http(kb):
    for record in kb.all_records():
        for source in record.data["sources"]:
            if "url" in source:
                assert source["url"].startswith(("https://", "http://")), record.source_path


# --- Honest sources, honest uncertainty, own words (content issue #15) ---

SEEDS = ROOT.parent / "shared" / "seeds"
# Generic disclaimers belong once in a page type's intro, never as an item of a record's uncertain list.
GENERIC_DISCLAIMERS = [
    "hämtat ur närliggande källor",
    "hämtade ur närliggande källor",
    "inte bekräftat som mr-plattformens egen formulering",
    "inte plattformens egen text",
    "den här webbplatsens tolkning",
    "den här webbplatsens förslag",
    "den här webbplatsens sammanfattning",
    "stegen är vårt förslag",
    "skrivna för den här webbplatsen",
    "har inte kunnat kontrolleras i detalj",
    "kan ha ändrats",
]
RUN_LENGTH = 8
# Text in quotation marks is a marked quotation, and titles name their source: both may match a seed.
QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|”[^”\n]*”|«[^»\n]*»|\'[^\'\n]*\'')
EXEMPT_FIELDS = {"title", "url", "publisher", "id", "date", "reviewed", "term", "expansion", "see", "aliases",
                 "synonyms"}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + RUN_LENGTH]) for i in range(len(words) - RUN_LENGTH + 1)}


def _texts(value):
    """Every free-text string in a record, without the fields that name things (titles, urls, ids)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in EXEMPT_FIELDS:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def _all_documents(kb):
    yield from ((record.source_path, record.data) for record in kb.all_records())
    yield "data/ordlista.yml", kb.glossary
    yield "data/kannetecken.yml", kb.traits


def _all_sources(kb):
    for where, document in _all_documents(kb):
        for path, value in _walk(document):
            if path and path[-1] == "url" and isinstance(value, str):
                yield where, value


def test_no_source_url_carries_tracking_or_preview_parameters(kb):
    bad = [f"{where}: {url}" for where, url in _all_sources(kb) if tracking_parameters(url)]
    for page in sorted((ROOT / "docs").glob("*.md")):
        for url in re.findall(r"https?://[^\s)>\]]+", page.read_text(encoding="utf-8")):
            if tracking_parameters(url):
                bad.append(f"docs/{page.name}: {url}")
    assert not bad, "Remove tracking or preview parameters:\n" + "\n".join(bad)


@pytest.mark.parametrize("url, found", [
    ("https://www.vgregion.se/manskliga-rattigheter/?previewMode=true", ["previewMode"]),
    ("https://a.se/x?utm_source=nl&utm_medium=mail", ["utm_source", "utm_medium"]),
    ("https://a.se/x?id=1&fbclid=abc", ["fbclid"]),
    ("https://www.esf.se/resultat/projektbanken/projekt/?dnr=2015/00884", []),
    ("https://www.pitea.se/aktuellt/?sida=6", []),
])
def test_the_tracking_guard_catches_what_it_should(url, found):
    assert tracking_parameters(url) == found


def test_validation_names_the_tracking_parameter_in_swedish():
    text = "sources:\n  - title: Sida\n    url: 'https://a.se/x?previewMode=true'\n"
    parsed_file, problems = parse_yaml(text.encode("utf-8"), "data/exempel/x.yml")
    assert not problems
    [problem] = check_urls(parsed_file)
    assert problem.line == 3 and "previewMode" in problem.message and "Ta bort" in problem.message


def test_no_uncertain_or_disputed_item_is_a_generic_disclaimer(kb):
    bad = []
    for where, document in _all_documents(kb):
        for path, value in _walk(document):
            if len(path) >= 2 and path[-2] in ("uncertain", "disputed") and isinstance(value, str):
                found = [phrase for phrase in GENERIC_DISCLAIMERS if phrase in value.casefold()]
                if found:
                    bad.append(f"{where}: {'.'.join(map(str, path))}: {found[0]!r}")
    assert not bad, "Say this once in the page type's intro instead:\n" + "\n".join(bad)


def test_every_example_says_who_where_and_when(kb):
    for record in kb.records["exempel"].values():
        data = record.data
        assert data.get("organisation_type") in kb.vocabularies["organisationstyper"], record.source_path
        assert data.get("counties") and all(c in kb.vocabularies["lan"] for c in data["counties"]), record.source_path
        assert isinstance(data.get("period", {}).get("start"), int), record.source_path


def test_the_intros_say_once_what_is_our_own_interpretation():
    for folder in ("aktorskap", "verktyg", "roller"):
        intro = RECORD_TYPES[folder].intro.casefold()
        assert "vår" in intro, folder  # "vår tolkning", "vårt förslag", "våra egna"
    page = (ROOT / "docs" / "kannetecken.md").read_text(encoding="utf-8")
    assert "inte plattformens egen" in page
    assert "den här webbplatsen" not in page.split("{{")[0], "the intro should speak to the reader, not about the site"


@pytest.fixture(scope="module")
def seed_runs():
    assert SEEDS.is_dir(), f"The seed documents are missing: {SEEDS}"
    runs = set()
    for seed in sorted(SEEDS.glob("*.txt")):
        runs |= _runs(_words(seed.read_text(encoding="utf-8")))
    assert len(runs) > 1000
    return runs


def _shared_runs(text: str, seed_runs) -> list[str]:
    words = _words(QUOTED.sub(" | ", text))
    return [" ".join(run) for run in _runs(words) if run in seed_runs]


def test_no_eight_word_run_is_copied_from_the_seeds(kb, seed_runs):
    copied = []
    for where, document in _all_documents(kb):
        for text in _texts(document):
            copied += [f"{where}: {run}" for run in _shared_runs(text, seed_runs)]
    for page in sorted((ROOT / "docs").glob("*.md")):
        copied += [f"docs/{page.name}: {run}" for run in _shared_runs(page.read_text(encoding="utf-8"), seed_runs)]
    assert not copied, "Write these in your own words (or quote them):\n" + "\n".join(sorted(set(copied)))


def test_the_copy_guard_catches_a_copied_sentence_but_not_a_quoted_one(seed_runs):
    copied = "Linköping har länge arbetat systematiskt med rättighetsarbete, bland annat ute i stadsdelarna."
    assert _shared_runs(copied, seed_runs)
    assert _shared_runs(copied.upper().replace(",", " ;"), seed_runs), "case and punctuation are normalised"
    assert not _shared_runs(f'SKL skrev: "{copied}"', seed_runs)
