"""Proofreading (macros/mrkb/proofing/): spelling with hunspell and the Swedish dictionary, typography and LIX,
on sentences written for each rule, on positions in real YAML, and on the project's own text."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mrkb.proofing import typography
from mrkb.proofing.check import proofread
from mrkb.proofing.lix import lix
from mrkb.proofing.prose import data_prose, page_prose
from mrkb.proofing.spelling import WORD, WORD_LIST, Speller, SpellerMissing, read_word_list, swedish_sort_key
from mrkb.data.yaml_source import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
HAVE_SPELLER = shutil.which("hunspell") is not None and (ROOT / "node_modules/dictionary-sv/index.dic").exists()
if not HAVE_SPELLER and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true: hunspell and node_modules/dictionary-sv must be installed (bash .ci/run does it)")
needs_speller = pytest.mark.skipif(not HAVE_SPELLER, reason="LOUD SKIP: hunspell or the npm dictionary-sv is "
                                   "missing; install them (bash .ci/run) to run the spelling tests")


def _speller(known=()):
    return Speller(ROOT, set(known))


@needs_speller
def test_a_misspelt_word_is_reported_with_the_dictionarys_suggestions():
    misses = _speller().check({"diskriminerng", "kommunen"})
    assert set(misses) == {"diskriminerng"}
    assert "diskriminering" in misses["diskriminerng"].suggestions


@needs_speller
def test_compounds_follow_the_dictionarys_rules_without_a_list():
    words = {"barnrättsstrategerna", "rättighetsbaserat", "förvaltningsområdet", "MR-arbetet",
             "hbtq-certifieringen", "hälso-", "jämställdhetsintegreringen"}
    assert _speller().check(words) == {}


@needs_speller
def test_a_name_in_the_word_list_or_a_title_is_known_and_so_is_its_genitive():
    assert set(_speller().check({"Normstorm", "Normstorms"})) == {"Normstorm", "Normstorms"}
    assert _speller({"Normstorm"}).check({"Normstorm", "Normstorms", "normstorm"}) == {}


def test_the_word_list_is_in_swedish_order_without_duplicates():
    words = read_word_list(ROOT)
    assert words, f"{WORD_LIST} is empty"
    assert words == sorted(words, key=swedish_sort_key), f"{WORD_LIST}: sort it in Swedish order (å, ä, ö last)"
    folded = [word.casefold() for word in words]
    duplicates = sorted({word for word in folded if folded.count(word) > 1})
    assert not duplicates, f"{WORD_LIST} lists these twice: {duplicates}"


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z():
    assert sorted(["Örebro", "Åre", "Ale", "Älmhult", "Zambia"], key=swedish_sort_key) == \
        ["Ale", "Zambia", "Åre", "Älmhult", "Örebro"]


def test_words_keep_inner_hyphens_colons_and_a_hanging_hyphen():
    assert WORD.findall("FN:s MR-arbete, hälso- och sjukvård i Gdańsk") == \
        ["FN:s", "MR-arbete", "hälso-", "och", "sjukvård", "i", "Gdańsk"]


def _messages(text):
    return [finding.message for finding in typography.check(text)]


@pytest.mark.parametrize("text, expected", [
    ('Planen heter "Ett Piteå för alla".', "svenska citattecken: ”Ett Piteå för alla”"),
    ("Arbetet pågick 2016-2018 i tre steg.", "2016–2018"),
    ("Mellan 5-10 personer deltog.", "5–10"),
    ("Kommunen beslutade det .", "Mellanslag före '.'"),
    ("Kommunen beslutade det , och sedan", "Mellanslag före ','"),
    ("Beslutet togs i December 2019.", "liten bokstav: december"),
    ("Mötet hölls en Måndag i maj.", "liten bokstav: måndag"),
    ("Det var klart.  Sedan kom nästa steg.", "Två mellanslag"),
])
def test_each_typography_rule_names_its_fix(text, expected):
    messages = _messages(text)
    assert any(expected in message for message in messages), messages


@pytest.mark.parametrize("text", [
    "Planen heter ”Ett Piteå för alla”.",
    "Arbetet pågick 2016–2018 i tre steg.",
    "Bloggen publicerades 2019-06-13, och lagen är SFS 2008:567.",
    "December 2019 kom beslutet. Mars blev en bra månad.",
    "Kommunen beslutade det [2]. Sedan kom nästa steg.",
    "Frågan är: vem bär ansvaret?",
])
def test_good_swedish_typography_passes(text):
    assert _messages(text) == []


def test_lix_of_a_text_with_a_known_value():
    # 14 words in 2 sentences; 3 words longer than six letters (meningen, innehåller, betydligt):
    # 14 / 2 + 100 * 3 / 14 = 28.43
    text = "Det här är en kort mening. Den här meningen innehåller betydligt fler långa ord."
    assert lix(text) == pytest.approx(7 + 300 / 14)
    assert lix("") is None
    assert lix("Källa [12] räknas inte [3].") == pytest.approx(3.0)  # markers are not words


def test_positions_point_at_the_word_in_block_and_inline_scalars():
    raw = ('id: x\ntitle: Ett "citat" här\nbody: |\n  Första raden.\n  Andra raden har "citat".\n'
           'lessons:\n  - En lärdom med fel , här.\n').encode()
    parsed, problems = parse_yaml(raw, "data/exempel/x.yml")
    assert not problems
    pieces = {piece.field: piece for piece in data_prose("data/exempel/x.yml", raw, parsed)}
    body = pieces["body"]
    assert body.position(body.text.index('"citat"')) == (5, 19)
    title = pieces["title"]
    assert title.position(title.text.index('"')) == (2, 12)
    lesson = pieces["lessons.0"]
    assert lesson.position(lesson.text.index(" ,")) == (7, 22)


def test_pages_leave_out_code_macros_html_and_the_source_list(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "p.md").write_text(
        '---\ndescription: "x"\n---\n# Sida\n\nText med `"kod"` och {{ macro("x") }} och <a href="y">länk</a>.\n\n'
        '## Källor\n\n1. "En titel" 2016-2018\n', encoding="utf-8")
    page, sources = page_prose(tmp_path, "docs/p.md")
    assert '"' not in page.text and "2016" not in page.text and "Text med" in page.text
    assert len(page.text.splitlines()) == 10  # lines keep their numbers
    # The source list is checked for typography only (its titles are others' words, often not Swedish).
    assert sources.kind == "sources" and '"En titel" 2016-2018' in sources.text and "Text med" not in sources.text
    assert any("citattecken" in f.message for f in typography.check(sources.text))


@needs_speller
def test_one_run_reports_every_problem_with_file_line_and_column(tmp_path):
    shutil.copytree(ROOT / "node_modules" / "dictionary-sv", tmp_path / "node_modules" / "dictionary-sv")
    (tmp_path / "data" / "exempel").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "exempel" / "x.yml").write_text(
        'id: x\ntitle: Exempelby\nsummary: Kommunen gjorde ett bra arbete.\nbody: |\n'
        '  Arbetet i Exempelby pågick 2016-2018 och var diskriminerng mot "alla".\n', encoding="utf-8")
    (tmp_path / "docs" / "sida.md").write_text("# Sida\n\nDet här är felstavadd text .\n", encoding="utf-8")
    report = proofread(tmp_path)
    lines = sorted(problem.format() for problem in report.problems)
    assert any(line.startswith("data/exempel/x.yml:5:30: fältet 'body': Skriv tankstreck") for line in lines), lines
    assert any(line.startswith("data/exempel/x.yml:5:48: fältet 'body': Okänt ord 'diskriminerng'") and
               "diskriminering" in line for line in lines), lines
    assert any(line.startswith("data/exempel/x.yml:5:66: fältet 'body': Raka citattecken") for line in lines), lines
    assert any(line.startswith("docs/sida.md:3:12: Okänt ord 'felstavadd'") for line in lines), lines
    assert any(line.startswith("docs/sida.md:3:27: Mellanslag före '.'") for line in lines), lines
    assert not any("Exempelby" in line for line in lines), "a word of a title counts as known"


def test_a_hard_summary_fails_with_its_lix(tmp_path):
    (tmp_path / "data" / "exempel").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "data" / "exempel" / "x.yml").write_text(
        "id: x\ntitle: X\nsummary: Rättighetsbaserade verksamhetsutvecklingsinitiativ implementerades "
        "organisationsövergripande genom systematiska kompetensutvecklingsinsatser.\n", encoding="utf-8")
    problems = [p for p in proofread(tmp_path).problems if p.field == "summary"]
    assert len(problems) == 1 and "LIX" in problems[0].message and problems[0].line == 3


def test_without_the_speller_the_message_says_how_to_install_it(tmp_path, monkeypatch):
    from mrkb.proofing import spelling
    monkeypatch.setattr(spelling, "CODE_ROOT", tmp_path / "elsewhere")
    with pytest.raises(SpellerMissing, match="npm ci"):
        Speller(tmp_path, set())
    (tmp_path / "node_modules" / "dictionary-sv").mkdir(parents=True)
    (tmp_path / "node_modules" / "dictionary-sv" / "index.dic").write_text("1\nord\n", encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(SpellerMissing, match="apt-get install hunspell"):
        Speller(tmp_path, set())


@needs_speller
def test_the_real_content_passes_and_the_check_is_fast():
    report = proofread(ROOT)
    assert not report.spelling_skipped
    assert not report.problems, "\n".join(problem.format() for problem in report.problems[:40])
    assert report.seconds < 3, f"proofreading took {report.seconds:.2f} s"


@needs_speller
def test_validate_prints_the_lix_table():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Läsbarhet (LIX" in result.stdout and "exempel" in result.stdout


class _VisibleText(__import__("html.parser").parser.HTMLParser):
    """The text a reader sees on a page: outside script, style, code and pre, without attribute values."""
    SKIP = {"script", "style", "code", "pre", "svg", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


@pytest.mark.slow
def test_built_pages_show_swedish_quotation_marks_and_lower_case_months(real_site):
    """What templates and code write (not only the data): no straight quotes and no capitalised month in the
    visible text of any page of the real site. Reads the built HTML, so it holds for any generator."""
    found = []
    for page in sorted(real_site.rglob("*.html")):
        markup = page.read_text(encoding="utf-8")
        assert 'class="mr-lix"' not in markup, f"{page}: the LIX note belongs to the live preview only"
        parser = _VisibleText()
        parser.feed(markup)
        text = " ".join(parser.parts)
        for finding in typography.check(text):
            if "citattecken" in finding.message or "liten bokstav" in finding.message:
                found.append(f"{page.relative_to(real_site)}: {finding.message} … "
                             f"{text[max(0, finding.offset - 40):finding.offset + 40]!r}")
    assert not found, "\n".join(found[:30])
