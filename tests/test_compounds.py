"""The compound splitter (macros/mrkb/search/compounds.py) on real words of the site, and on words it must leave whole."""
from __future__ import annotations

import pytest

from conftest import ROOT
from mrkb.search.compounds import CompoundSplitter
from mrkb.search.index import vocabulary
from mrkb.site import load_site


@pytest.fixture(scope="module")
def splitter() -> CompoundSplitter:
    return CompoundSplitter(vocabulary(load_site(ROOT).kb))


@pytest.mark.parametrize("word, parts", [
    ("barnkonsekvensanalys", ("barn", "konsekvens", "analys")),
    ("barnkonsekvensanalyser", ("barn", "konsekvens", "analys")),  # inflected
    ("medborgardialog", ("medborgar", "dialog")),  # medborgare loses its -e inside a compound
    ("barnrättsstrateg", ("barn", "rätt", "strateg")),  # linking -s- dropped
    ("barnrättsstrategen", ("barn", "rätt", "strateg")),
    ("målgruppsanalys", ("mål", "grupp", "analys")),
    ("tillgänglighetsanalys", ("tillgänglighet", "analys")),
    ("kommunikationsplan", ("kommunikation", "plan")),
    ("samhällsaktör", ("samhäll", "aktör")),
])
def test_splits_real_compounds(splitter, word, parts):
    assert splitter.split(word) == parts


@pytest.mark.parametrize("word", [
    "strategi", "strategin", "kommunikation", "planering", "rättigheter", "delaktighet", "inkludering",
    "analysen", "barnen", "kommunen", "dialogen", "verksamhet", "diskriminering", "arbetsgivare",
])
def test_leaves_plain_words_whole(splitter, word):
    assert splitter.split(word) == ()


def test_index_terms_are_the_runs_of_parts_not_already_in_the_text(splitter):
    terms = splitter.index_terms(["Barnkonsekvensanalys och prövning av barnets bästa", "barn"])
    assert {"analys", "konsekvens", "konsekvensanalys", "barnkonsekvens"} <= set(terms)
    assert "barn" not in terms  # already a word of the text
    assert "barnkonsekvensanalys" not in terms  # the whole word is indexed anyway
    assert terms == sorted(terms)


def test_vocabulary_can_add_parts():
    assert CompoundSplitter([]).split("solrosfält") == ()
    assert CompoundSplitter(["solros", "fält"]).split("solrosfält") == ("solros", "fält")
