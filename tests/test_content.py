"""Guards on the real content: sourced, connected and as complete as the content issue asks."""
from __future__ import annotations

import re
from urllib.parse import urlparse

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


# --- Every län, substance, own sources, no boilerplate, no placeholders (content issue #20) ---

MARKER = re.compile(r"\[\d+\]")
MIN_EXAMPLE_WORDS = 150
LAN_SHARE_LIMIT = 1 / 5


def _plain(text: str) -> str:
    """Markdown prose as plain words: source markers, links, images, emphasis, headings, lists and HTML removed."""
    text = MARKER.sub(" ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) and ![alt](src) keep their text
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`~|]", " ", text)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+(?:[-–’']\w+)*", _plain(text)))


def test_every_lan_has_an_example(kb):
    used = {county for record in kb.records["exempel"].values() for county in record.data.get("counties", [])}
    missing = [f"{lan_id} ({entry.title})" for lan_id, entry in kb.vocabularies["lan"].items()
               if lan_id not in used]
    assert len(kb.vocabularies["lan"]) == 21
    assert not missing, f"{len(missing)} of 21 län have no learning example:\n" + "\n".join(missing)


def test_no_lan_holds_more_than_a_fifth_of_the_examples(kb):
    examples = kb.records["exempel"]
    per_lan: dict[str, list[str]] = {}
    for record in examples.values():
        for county in record.data.get("counties", []):
            per_lan.setdefault(county, []).append(record.id)
    limit = len(examples) * LAN_SHARE_LIMIT
    over = [f"{lan}: {len(ids)} of {len(examples)} examples (limit {limit:.1f}): {', '.join(sorted(ids))}"
            for lan, ids in sorted(per_lan.items()) if len(ids) > limit]
    assert not over, "These län hold more than a fifth of the examples:\n" + "\n".join(over)


def test_every_example_has_150_words_of_substance(kb):
    short = []
    for record in kb.records["exempel"].values():
        words = _word_count(record.data.get("body", "")) + _word_count(record.data.get("results", ""))
        if words < MIN_EXAMPLE_WORDS:
            short.append(f"{record.id}: {words} words")
    assert not short, (f"Body + results need at least {MIN_EXAMPLE_WORDS} words (markers and Markdown not counted):\n"
                       + "\n".join(sorted(short)))


def test_the_word_count_ignores_markers_links_and_markdown():
    assert _word_count("Fullmäktige antog planen [2][3]. Se [planen](https://a.se/plan) och **mer**.") == 7
    assert _word_count("- punkt ett [1]\n- punkt två\n\n## Rubrik") == 5
    assert _word_count("Perioden 2016–2018 och Region Jönköpings län.") == 6


# How a source is judged to be the organisation's own (documented rule):
# 1. The source has a URL, and its host is not a copy, mirror or press-release host (THIRD_PARTY_HOSTS).
# 2. The organisations are those the `organisation` field names before any " med " (partners named after
#    "med" do not count): "Region Jönköpings län, med Emerga Institute" names Region Jönköpings län only, while
#    "Robertsfors kommun och Machakos County (Kenya)" names both. Parts are split at commas, parentheses,
#    semicolons and " och "; a part that starts with "inom" ("inom ICLD:s program") is dropped.
# 3. Each name is normalised to a key: lower case, å/ä -> a, ö -> o, é -> e, generic words (kommun, stad,
#    region, landsting, län, county, tidigare ...) and a "-regionen" ending dropped, the rest joined:
#    "Mölndals stad" -> "molndals", "Västra Götalandsregionen" -> "vastragotalands". Keys are compared with and
#    without a final genitive -s ("molndals" matches "molndal", "boras" stays "boras").
# 4. The source counts when the publisher's first part (before a comma) has the same key as one of the
#    organisations ("Västra Götalandsregionen" on vgregion.se), or when the host's main label (the label
#    before the top-level domain: "goteborg" in arsredovisning.goteborg.se) contains an organisation's key
#    ("regionsormland" contains "sormland"; "molndal" contains "molndal").
THIRD_PARTY_HOSTS = ("docplayer.se", "5dok.org", "studylibsv.com", "studylib.net", "nanopdf.com", "pdfslide.tips",
                     "vdocuments.mx", "vdocuments.us", "vdocuments.net", "spotidoc.com", "businessdocbox.com",
                     "issuu.com", "yumpu.com", "mynewsdesk.com", "via.tt.se", "handlingar.se", "kvalitetsregister.se",
                     "ubike.se", "teknikum.se", "test2.umea.se", "wip.pitea.se", "varldsarvetfalun.se", "u5.no")
GENERIC_NAME_WORDS = {"kommun", "kommuns", "kommunen", "stad", "stads", "staden", "region", "regionen", "regions",
                      "landsting", "landstinget", "landstingets", "lan", "lans", "county", "municipality", "city",
                      "tidigare", "i", "the", "of"}
NAME_SPLIT = re.compile(r",|;|\(|\)| och ")


def _name_key(name: str) -> str:
    name = name.casefold().translate(str.maketrans("åäöéü", "aaoeu"))
    words = [w for w in re.findall(r"[a-z0-9]+", name) if w not in GENERIC_NAME_WORDS]
    return "".join(re.sub(r"regionens?$", "", w) for w in words)


def _key_variants(key: str) -> set[str]:
    return {key, key[:-1]} if key.endswith("s") and len(key) > 4 else {key}


def _organisation_keys(organisation: str) -> set[str]:
    lead = re.split(r",? med ", organisation, maxsplit=1)[0]
    parts = [p.strip() for p in NAME_SPLIT.split(lead) if p.strip() and not p.strip().startswith("inom ")]
    return {key for part in parts if len(key := _name_key(part)) >= 3}


def _host_label(host: str) -> str:
    labels = host.split(".")
    return labels[-2] if len(labels) >= 2 else host


def _is_own_source(source: dict, keys: set[str]) -> bool:
    host = (urlparse(source.get("url", "")).hostname or "").casefold()
    if not host or any(host == h or host.endswith("." + h) for h in THIRD_PARTY_HOSTS):
        return False
    wanted = set().union(*(_key_variants(key) for key in keys)) if keys else set()
    if _key_variants(_name_key(source["publisher"].split(",")[0])) & wanted:
        return True
    label = _host_label(host).replace("-", "")
    return any(key in label for key in wanted)


def test_every_example_has_two_sources_one_on_the_organisations_own_domain(kb):
    few, not_own = [], []
    for record in kb.records["exempel"].values():
        sources = record.data["sources"]
        if len(sources) < 2:
            few.append(f"{record.id}: {len(sources)} source")
        keys = _organisation_keys(record.data.get("organisation", ""))
        if not any(_is_own_source(source, keys) for source in sources):
            hosts = sorted({s["url"].split("/")[2] for s in sources if s.get("url")}) or ["no URLs"]
            not_own.append(f"{record.id} (organisation keys {sorted(keys)}; hosts: {', '.join(hosts)})")
    assert not few and not not_own, (
        "Examples with fewer than two sources:\n" + ("\n".join(few) or "none")
        + "\nExamples without a source on the organisation's own domain:\n" + ("\n".join(not_own) or "none"))


@pytest.mark.parametrize("organisation, source, own", [
    ("Mölndals stad, med Emerga Institute", {"publisher": "Mölndals stad", "url": "https://molndal.se/x"}, True),
    ("Mölndals stad, med Emerga Institute", {"publisher": "Emerga Institute", "url": "https://emerga.se/x"}, False),
    ("Borås Stad", {"publisher": "SKR", "url": "https://www.boras.se/x"}, True),
    ("Robertsfors kommun och Machakos County (Kenya), inom ICLD:s program", {"publisher": "Robertsfors kommun",
                                                                            "url": "https://robertsfors.se/"}, True),
    ("Region Sörmland (tidigare Landstinget Sörmland)", {"publisher": "X", "url": "https://regionsormland.se/a"}, True),
    ("Västra Götalandsregionen", {"publisher": "Västra Götalandsregionen", "url": "https://www.vgregion.se/"}, True),
    ("Göteborgs Stad", {"publisher": "Göteborgs Stad", "url": "https://arsredovisning.goteborg.se/"}, True),
    ("Göteborgs Stad", {"publisher": "Göteborgs Stad (kopia)", "url": "https://docplayer.se/1-x.html"}, False),
    ("Mölndals stad", {"publisher": "Svenska ESF-rådet", "url": "https://www.esf.se/x"}, False),
    ("Lunds kommun", {"publisher": "Lunds kommun"}, False),
    ("Kalmar kommun", {"publisher": "Kalmar kommun", "url": "https://www.mynewsdesk.com/se/kalmar/x"}, False),
])
def test_the_own_domain_rule(organisation, source, own):
    assert _is_own_source(source, _organisation_keys(organisation)) is own


SENTENCE_MIN_WORDS = 8
SENTENCE_MAX_RECORDS = 2
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
# Citations are metadata, not prose: the sources' titles and notes may repeat from record to record.
NOT_PROSE = EXEMPT_FIELDS | {"sources"}


def _prose(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from _prose(item)
    elif isinstance(value, list):
        for item in value:
            yield from _prose(item)
    elif isinstance(value, str):
        yield value


def _sentences(text: str) -> set[str]:
    found = set()
    for sentence in SENTENCE_SPLIT.split(_plain(text)):
        words = re.findall(r"\w+(?:[-–’']\w+)*", sentence.casefold())
        if len(words) >= SENTENCE_MIN_WORDS:
            found.add(" ".join(words))
    return found


def _repeated_sentences(documents) -> dict[str, list[str]]:
    where: dict[str, set[str]] = {}
    for name, document in documents:
        for text in _prose(document):
            for sentence in _sentences(text):
                where.setdefault(sentence, set()).add(str(name))
    return {s: sorted(names) for s, names in where.items() if len(names) > SENTENCE_MAX_RECORDS}


def test_no_sentence_is_repeated_in_three_or_more_records(kb):
    repeated = _repeated_sentences(_all_documents(kb))
    assert not repeated, (f"Sentences of {SENTENCE_MIN_WORDS}+ words found verbatim in three or more records; say it "
                          "once, in the data or the page type's intro:\n"
                          + "\n".join(f"{len(names)}× “{s}”: {', '.join(names)}" for s, names in sorted(repeated.items())))


def test_the_repetition_guard_counts_records_not_occurrences():
    sentence = "Källorna säger mycket lite om vad som hände med arbetet efter 2020 [1]."
    docs = [("a", {"body": sentence}), ("b", {"results": sentence.upper()}), ("c", {"lessons": [sentence]})]
    assert list(_repeated_sentences(docs).values()) == [["a", "b", "c"]]
    twice = [("a", {"body": sentence + " " + sentence, "sources": [{"note": sentence}]}), ("b", {"body": sentence})]
    assert not _repeated_sentences(twice), "a record that repeats itself, or a source note, is not a second record"
    assert not _repeated_sentences([(n, {"body": "Kort mening här."}) for n in "abc"]), "short sentences are fine"


UNKNOWN_VALUE = re.compile(r"ingen källa anger|okänd|varierar\s*;", re.IGNORECASE)


def test_no_tool_field_says_a_value_is_unknown(kb):
    bad = []
    for record in kb.records["verktyg"].values():
        for path, value in _walk(record.data):
            if path and path[0] in ("sources", "uncertain", "disputed"):
                continue  # naming what is unknown is the job of the uncertain list
            if isinstance(value, str) and UNKNOWN_VALUE.search(value):
                bad.append(f"{record.source_path}: {'.'.join(map(str, path))}: {value!r}")
    assert not bad, "Leave the field out instead of saying the value is unknown:\n" + "\n".join(bad)


def test_the_unknown_value_guard_catches_placeholders():
    for placeholder in ("Varierar; ingen källa anger tid.", "Löpande arbete; ingen källa anger tid.", "Okänd."):
        assert UNKNOWN_VALUE.search(placeholder)
    assert not UNKNOWN_VALUE.search("Ungefär fem månader enligt RFSL; certifieringen gäller i tre år.")
