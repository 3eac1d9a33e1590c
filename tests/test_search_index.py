"""What each page tells Pagefind (macros/mrkb/search_index.py), the suggestion words, the offline lunr index, and
that a build writes the Pagefind index."""
from __future__ import annotations

import json

from conftest import ROOT
from mrkb.compounds import CompoundSplitter
from mrkb.search_index import annotate, known_words_json, record_keywords, slim_lunr_index, type_label
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


def test_labels_and_keywords_of_real_records():
    kb = load_site(ROOT).kb
    assert [type_label(t) for t in ("principer", "aktorskap", "roller", "verktyg", "exempel")] == [
        "Princip", "Aktörskap", "Roll", "Verktyg", "Lärande exempel"]
    tool = kb.get("verktyg", "barnkonsekvensanalys")
    keywords = record_keywords(kb, tool, load_site(ROOT).search_synonyms)
    assert "BKA" in keywords and "barnrättsanalys" in keywords
    assert len({k.lower() for k in keywords}) == len(keywords), "no word twice"


def test_known_words_hold_titles_aliases_and_glossary_terms():
    words = json.loads(known_words_json(load_site(ROOT).kb))
    assert {"Barnkonventionen", "Medborgardialog", "BKA", "lönekartläggning"} <= set(words)
    assert len(words) == len(set(words))


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


def test_build_writes_pagefind_index_and_words(synthetic_site):
    assert (synthetic_site / "pagefind" / "pagefind.js").is_file()
    assert list((synthetic_site / "pagefind" / "index").glob("*.pf_index"))
    assert json.loads((synthetic_site / "assets" / "search-words.json").read_text(encoding="utf-8"))
    assert not (synthetic_site / "search" / "search_index.json").exists(), "the theme's index is off online"
    page = (synthetic_site / "verktyg" / "medborgardialog" / "index.html").read_text(encoding="utf-8")
    assert page.count("data-pagefind-body") == 1 and 'role="search"' in page
