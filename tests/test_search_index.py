"""What each page tells Pagefind (macros/mrkb/search/index.py), the name index (names.py), the offline lunr index,
and that a build writes the Pagefind index and the name index."""
from __future__ import annotations

import json

from conftest import ROOT
from mrkb.search.compounds import CompoundSplitter
from mrkb.search import names
from mrkb.search.index import annotate, record_keywords, slim_lunr_index, type_label
from mrkb.site import load_site

RECORD_HTML = ('<h1 id="medborgardialog">Medborgardialog</h1><div class="mr-lead"><p>Invånarna påverkar.</p></div>'
               '<div class="admonition abstract"><p class="admonition-title">Översikt</p><ul><li>Typ: Verktyg</li>'
               '</ul></div><h2 id="steg">Steg</h2><p>Text</p><p class="mr-provenance">Senast granskad: 2026.</p>')


def test_annotate_marks_body_type_summary_keywords_and_parts():
    splitter = CompoundSplitter(["Medborgardialog", "dialog"])
    result = annotate(RECORD_HTML, "Verktyg", "Invånarna påverkar & mer.", ["samråd", "BKA"], splitter)
    assert result.startswith("<div data-pagefind-body>")
    assert '<div class="admonition abstract" data-pagefind-ignore data-search-exclude>' in result
    assert '<p class="mr-provenance" data-pagefind-ignore data-search-exclude>' in result
    assert 'data-pagefind-filter="typ:Verktyg"' in result
    assert 'data-text="Invånarna påverkar &amp; mer."' in result
    assert '<p hidden class="mr-keywords" data-pagefind-weight="6">samråd, BKA</p>' in result
    assert 'data-pagefind-weight="4">dialog medborgar</p>' in result  # parts of the title, weighted low
    # Right after the title, so the offline lunr index files the keywords with the page, not its last section.
    assert result.index("mr-keywords") < result.index('<div class="mr-lead">')


def test_annotate_without_splitter_adds_no_parts():
    result = annotate("<h1>Ordlista</h1><h3 id='medborgardialog'>Medborgardialog</h3>", "Ordlista", "", [], None)
    assert "data-pagefind-weight" not in result and 'typ:Ordlista' in result


def test_annotate_keeps_what_repeats_other_pages_out_of_pagefind():
    """A record's fact panel, its lists of other records ("title – summary", "Visa alla N …"), a listing's entries
    and filter form and the self-assessment's results only repeat other pages: indexed, a page that merely lists a
    record outranked the record."""
    page = ('<h1 id="x">Förtroendevald</h1><aside aria-label="Fakta" class="mr-facts"><dl><dt>Roller</dt>'
            '<dd><a href="../strateg/">Strateg</a></dd></dl></aside>'
            '<h2 id="verktyg">Verktyg för dig</h2>\n'
            '<ul>\n<li><a href="../../verktyg/a/">A</a> – Om <abbr>SKR</abbr>.</li>\n'
            '<li><a href="../../verktyg/">Visa alla 14 verktyg</a></li>\n</ul>'
            '<ul>\n<li>Egen punkt med <a href="../y/">länk</a> – och tankstreck.</li>\n</ul>'
            '<ul class="mr-points">\n<li><a href="../z/">Z</a> – punkt.</li>\n</ul>'
            '<form aria-labelledby="t" class="mr-filters" id="mr-filters"></form>'
            '<div class="mr-listing"><ul></ul></div>'
            '<section class="mr-sa-result" id="r" hidden><h4>8. Ansvarsutkrävande</h4></section>')
    result = annotate(page, "Roll", "", [], None)
    assert '<aside data-pagefind-ignore aria-label="Fakta" class="mr-facts">' in result
    assert '<ul data-pagefind-ignore>\n<li><a href="../../verktyg/a/">A</a>' in result
    assert '<ul>\n<li>Egen punkt' in result, "a list of the page's own points stays"
    assert '<ul class="mr-points">' in result
    assert '<form data-pagefind-ignore aria-labelledby="t" class="mr-filters"' in result
    assert '<div data-pagefind-ignore class="mr-listing">' in result
    assert '<section data-pagefind-ignore class="mr-sa-result"' in result
    assert "data-search-exclude" not in result, "the offline copy's lunr index is unchanged"


def test_tables_of_counts_are_repeats_and_table_cells_stay_separate_words():
    """The matrix and the map's län table hold other pages' titles and numbers (a result quoted
    "ArbetsgivareDemokratiaktör…"); any other table is indexed, with a space between cells the build wrote
    without one."""
    page = ('<h1 id="m">Matris</h1><table class="mr-matrix__table"><tr><th>Arbetsgivare</th><th>Demokratiaktör</th>'
            '</tr></table><table class="mr-map__table"><tr><th>Kalmar län</th><td>3</td></tr></table>'
            '<table><tr><th>Fil</th><td>Innehåll</td></tr></table>')
    result = annotate(page, "Sida", "", [], None)
    assert '<table data-pagefind-ignore class="mr-matrix__table">' in result
    assert '<table data-pagefind-ignore class="mr-map__table">' in result
    assert "<table><tr><th>Fil</th> <td>Innehåll</td>" in result


def test_glossary_letter_headings_are_not_indexed_and_terms_weigh_as_titles():
    page = ('<h1 id="ordlista">Ordlista</h1><nav class="mr-letters"><a href="#bokstav-b">B</a></nav>'
            '<div class="mr-glossary">\n<h2 id="bokstav-b">B<a class="headerlink" href="#bokstav-b">¶</a></h2>\n'
            '<div class="mr-term">\n<h3 id="barnbokslut">Barnbokslut</h3>\n<p>En redovisning.</p></div>'
            '<h2 id="kallor-till-ordlistan">Källor till ordlistan</h2></div>')
    result = annotate(page, "Ordlista", "", [], None)
    assert '<h2 data-pagefind-ignore="all" id="bokstav-b">' in result
    assert '<h3 data-pagefind-weight="7" id="barnbokslut">' in result
    assert '<h2 id="kallor-till-ordlistan">' in result


def test_labels_and_keywords_of_real_records():
    kb = load_site(ROOT).kb
    assert [type_label(t) for t in ("principer", "aktorskap", "roller", "verktyg", "exempel")] == [
        "Princip", "Aktörskap", "Roll", "Verktyg", "Lärande exempel"]
    tool = kb.get("verktyg", "barnkonsekvensanalys")
    keywords = record_keywords(kb, tool, load_site(ROOT).search_synonyms)
    assert "BKA" in keywords and "barnrättsanalys" in keywords
    assert len({k.lower() for k in keywords}) == len(keywords), "no word twice"


def test_name_index_of_the_real_site(tmp_path):
    """Records with their other names and summaries, glossary terms with their anchors and the record they point
    at, hand-written pages (those about the site itself marked), listings; examples only in their shards."""
    site = load_site(ROOT)
    core, examples = names.entries(site, ROOT / "docs", directory_urls=True)
    by_url = {entry["u"]: entry for entry in core}
    hr = by_url["roller/hr/"]
    assert hr["t"] == "HR och personalfunktion" and hr["y"] == "Roll" and "personalchef" in hr["n"]
    assert hr["s"] and "[" not in hr["s"]
    term = by_url["ordlista/#barnkonsekvensanalys"]
    assert term["y"] == "Ordlista" and "BKA" in term["n"] and term["r"] == "verktyg/barnkonsekvensanalys/"
    assert "r" not in by_url["ordlista/#skyldighetsbarare"]
    assert by_url["ordlista/"]["t"] == "Ordlista"
    assert by_url["tillganglighet/"]["m"] == 1 and "m" not in by_url["grunder/"]
    assert by_url["verktyg/"]["t"] == "Verktyg"
    assert not [entry for entry in core if entry["u"].startswith("exempel/") and entry["u"] != "exempel/"]
    assert {entry["u"] for entry in examples} >= {"exempel/molndal-framm/", "exempel/lund/"}
    offline_core, _ = names.entries(site, ROOT / "docs", directory_urls=False)
    assert {"roller/hr.html", "ordlista.html#skyldighetsbarare", "verktyg/index.html", "index.html"} <= {
        entry["u"] for entry in offline_core}


def test_example_shards_by_the_first_letters_of_each_word():
    """Each word's first three letters, folded, and those of neighbouring words joined ("mrkommun"); no shard for
    the commonest words or numbers."""
    assert names.shard_keys(["Lunds kommun – Sveriges första MR-kommun", "MR-stad Lund"]) == {
        "lun", "sve", "for", "mr", "mrk", "mrs"}
    assert names.shard_keys(["Mölndals stad"]) == {"mol"}
    assert names.shard_keys(["kommun 2019"]) == set()


def test_summaries_lose_source_markers_and_end_on_a_sentence():
    assert names._summary("Planen antogs i juni 2019 [2]. Den följs upp [1][3].") == "Planen antogs i juni 2019. Den följs upp."
    long_text = "Första meningen är här. " * 20
    cut = names._summary(long_text)
    assert len(cut) <= names.SUMMARY_CHARS and cut.endswith(".")


def test_source_markers_are_not_indexed():
    page = '<h1>X</h1><p>Planen antogs <a class="mr-source-ref" href="#kalla-2" aria-label="Källa 2">[2]</a>.</p>'
    assert '<a data-pagefind-ignore class="mr-source-ref"' in annotate(page, "Sida", "", [], None)


def test_slim_lunr_index_keeps_titles_and_cuts_section_text(tmp_path):
    index = tmp_path / "search_index.json"
    long_text = "ord " * 200
    index.write_text(json.dumps({"config": {}, "docs": [
        {"location": "a.html", "title": "A", "text": "Sammanfattning"},
        {"location": "a.html#steg", "title": "Steg", "text": long_text},
        {"location": "a.html#tom", "title": "", "text": ""}]}), encoding="utf-8")
    slim_lunr_index(index)
    docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs] == ["a.html", "a.html#steg"]
    assert docs[0]["text"] == "Sammanfattning" and len(docs[1]["text"]) <= 200


def test_slim_lunr_index_boosts_a_records_title_section(tmp_path):
    """Offline, a glossary term's section is as short as a record's title section: "BKA" (a synonym of both) must
    find the record first, as online."""
    index = tmp_path / "search_index.json"
    index.write_text(json.dumps({"config": {}, "docs": [
        {"location": "ordlista.html", "title": "Ordlista", "text": ""},
        {"location": "ordlista.html#bka", "title": "BKA", "text": "Kallas också: BKA"},
        {"location": "verktyg/bka.html", "title": "Barnkonsekvensanalys", "text": "Verktyg"},
        {"location": "verktyg/bka.html#barnkonsekvensanalys", "title": "Barnkonsekvensanalys", "text": "BKA"},
        {"location": "verktyg/bka.html#steg", "title": "Steg", "text": "Steg"},
        {"location": "verktyg/index.html", "title": "Verktyg", "text": ""},
        {"location": "verktyg/index.html#verktyg", "title": "Verktyg", "text": "Alla"}]}), encoding="utf-8")
    slim_lunr_index(index)
    boosts = {d["location"]: d.get("boost") for d in json.loads(index.read_text(encoding="utf-8"))["docs"]}
    assert boosts["verktyg/bka.html#barnkonsekvensanalys"] > 1
    assert {location for location, boost in boosts.items() if boost} == {"verktyg/bka.html#barnkonsekvensanalys"}


def test_build_writes_pagefind_index_and_words(synthetic_site):
    assert (synthetic_site / "pagefind" / "pagefind.js").is_file()
    assert list((synthetic_site / "pagefind" / "index").glob("*.pf_index"))
    script = (synthetic_site / "assets" / "search" / "names.js").read_text(encoding="utf-8")
    assert script.startswith('mrSearchNames("names",')
    core = json.loads(script[len('mrSearchNames("names",'):].rstrip().removesuffix(");"))
    assert core["shards"] and all((synthetic_site / "assets" / "search" / f"names-{key}.js").is_file()
                                  for key in core["shards"])
    assert all(entry.get("i", "").startswith("sv_") for entry in core["entries"]
               if entry["y"] not in ("Sida", "Ordlista")), \
        "online, entries carry Pagefind's page id"
    assert not (synthetic_site / "search" / "search_index.json").exists(), "the theme's index is off online"
    page = (synthetic_site / "verktyg" / "medborgardialog" / "index.html").read_text(encoding="utf-8")
    assert page.count("data-pagefind-body") == 1 and 'role="search"' in page
