"""Synthetic but valid data sets of any size, for build tests and the benchmark (`make bench`).

write_dataset(data_dir, examples=N) writes a small, self-consistent base (principles, aktörskap, roles, tools,
vocabularies, glossary, kännetecken) plus N learning examples that refer to it. The text is sentences of words
drawn with the frequencies of the site's own prose (data/), so a search index built from it has the shape a real
one would: common words on every page, most words on a few."""
from __future__ import annotations

import functools
import itertools
import random
import re
import shutil
from collections import Counter
from pathlib import Path

import yaml

SOURCE = [{"title": "Syntetisk testkälla", "publisher": "Testdata", "date": "2026", "url": "https://example.org/kalla"}]
REVIEWED = "2026-01-15"
PRINCIPLES = ["icke-diskriminering-och-jamlikhet", "delaktighet-och-inkludering", "transparens-och-ansvar",
              "egenmakt", "legalitet"]
ACTORS = ["samhallsaktor", "demokratiaktor", "valfardsaktor", "arbetsgivare"]
ROLES = ["fortroendevald", "chef", "strateg", "medarbetare"]
TOOLS = ["malgruppsanalys", "tillganglighetsanalys", "barnkonsekvensanalys", "medborgardialog",
         "kommunikationsplan", "aktiva-atgarder"]
THEMES = ["barnets-rattigheter", "jamstalldhet", "tillganglighet"]
# Legal bases (data/lagar/): one Swedish law and one convention, named by every tool and by some examples.
LAWS = [("syntetisk-lag", "Syntetisk lag", "svensk-lag"), ("syntetisk-konvention", "Syntetisk konvention", "konvention")]
COUNTIES = ["stockholm", "skane", "vastra-gotaland", "jonkoping"]
# The self-assessment (/sjalvskattning/): levels and kännetecken.
LEVELS = [{"id": "inte-paborjat", "title": "Inte påbörjat", "description": "Vi har inte börjat."},
          {"id": "paborjat", "title": "Påbörjat", "description": "Vi har tagit de första stegen."},
          {"id": "etablerat-i-delar", "title": "Etablerat i delar", "description": "Det fungerar i delar av organisationen.",
           "established": True},
          {"id": "etablerat-och-uppfoljt", "title": "Etablerat och uppföljt",
           "description": "Det fungerar överallt och följs upp.", "established": True}]
TRAITS = [("politiskt-beslut", "Politiskt beslut"), ("ledningsstod", "Ledningsstöd"),
          ("ordinarie-styrning", "Ordinarie styrning")]
WORDS = ("kommunen region förvaltning medborgare delaktighet rättigheter analys dialog skola omsorg arbetsgivare "
         "beslut uppföljning utbildning chefer barn unga äldre tillgänglighet budget samverkan").split()
DATA = Path(__file__).resolve().parent.parent / "data"
_WORD = re.compile(r"[a-zåäöéü]+")
_LOWER_WORD = re.compile(r"(?<![\w:-])[a-zåäöéü]+(?![\w:-])")
_PROSE_KEYS = ("summary", "body", "results", "purpose", "when_to_use", "in_practice", "text", "definition")


@functools.lru_cache(maxsize=1)
def vocabulary(data_dir: Path = DATA) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The words of the site's own prose (data/), most frequent first, with cumulative weights: their real counts,
    which fall off with rank like Swedish text does (Zipf: a few words such as "och", "att" everywhere, most words
    on a few pages). Falls back to WORDS without data/."""
    counts: Counter[str] = Counter()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key in _PROSE_KEYS:
            # Only words written in lower case: no names ("Borås", "SKL") and no parts of "FN:s" or "hälso-".
            counts.update(word for word in _LOWER_WORD.findall(value) if len(word) > 1 or word == "i")

    for path in sorted(data_dir.glob("*/*.yml")) + sorted(data_dir.glob("*.yml")):
        if path.parent.name != "schema":
            walk(yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    counts.update({word: 3 for word in WORDS})  # the words tests search for occur now and then
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    words = tuple(word for word, _ in ranked)
    return words, tuple(itertools.accumulate(count for _, count in ranked))


def _text(rng: random.Random, words: int) -> str:
    """Sentences of 6–18 words drawn from the site's vocabulary with its own frequencies."""
    vocab, weights = vocabulary()
    drawn = rng.choices(vocab, cum_weights=weights, k=words)
    sentences, at = [], 0
    while at < len(drawn):
        length = rng.randint(6, 18)
        sentence = drawn[at:at + length]
        sentences.append(" ".join(sentence).capitalize() + ".")
        at += length
    return " ".join(sentences)


def _cited(text: str) -> str:
    """A sentence with a source marker for the one source before its full stop (the rule of issue #21)."""
    return text[:-1] + " [1]."


class _NoAliasDumper(yaml.SafeDumper):
    """Data files may not use anchors and aliases, so shared Python objects are written out each time."""

    def ignore_aliases(self, data):
        return True


def _write(path: Path, schema: str, record: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.dump(record, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{body}", encoding="utf-8")


def _summary(rng: random.Random) -> str:
    """Two short sentences of short words: a summary as readable as the real ones must be (LIX at most 50)."""
    short = [word for word in vocabulary()[0] if 2 <= len(word) <= 6][:300] or ["kommunen", "barn", "beslut"]
    sentences = [" ".join(rng.choice(short) for _ in range(7)) for _ in range(2)]
    return " ".join(sentence[:1].upper() + sentence[1:] + "." for sentence in sentences)


def _base(record_id: str, title: str, rng: random.Random) -> dict:
    return {"id": record_id, "title": title, "summary": _summary(rng), "sources": SOURCE, "reviewed": REVIEWED}


def example_record(index: int, rng: random.Random) -> dict:
    """One synthetic learning example of roughly the size of a real one (≈300 words)."""
    return {**_base(f"syntetiskt-exempel-{index:05d}", f"Syntetiskt exempel {index:05d}", rng),
            "organisation": f"Testkommun {index}", "organisation_type": "kommun",
            "counties": [rng.choice(COUNTIES)], "period": {"start": 2015 + index % 8, "end": 2024},
            "body": "\n\n".join(_cited(_text(rng, 60)) for _ in range(3)), "results": _cited(_text(rng, 50)),
            "lessons": [_text(rng, 12) for _ in range(3)],
            "principles": sorted(rng.sample(PRINCIPLES, 2)), "aktorskap": sorted(rng.sample(ACTORS, 2)),
            "roles": sorted(rng.sample(ROLES, 2)), "tools": sorted(rng.sample(TOOLS, 2)),
            "themes": sorted(rng.sample(THEMES, 1)), "legal_basis": [LAWS[index % 2][0]]}


def write_examples(data_dir: Path, count: int, seed: int = 1, start: int = 1) -> None:
    rng = random.Random(seed)
    for index in range(start, start + count):
        _write(data_dir / "exempel" / f"syntetiskt-exempel-{index:05d}.yml", "../schema/exempel.json",
               example_record(index, rng))


def write_dataset(data_dir: Path, examples: int, seed: int = 1, schema_dir: Path | None = None) -> None:
    """A complete valid data/ folder. schema_dir defaults to the project's data/schema."""
    rng = random.Random(seed)
    data_dir = Path(data_dir)
    shutil.copytree(schema_dir or Path(__file__).resolve().parent.parent / "data" / "schema", data_dir / "schema",
                    dirs_exist_ok=True)
    for pid in PRINCIPLES:
        _write(data_dir / "principer" / f"{pid}.yml", "../schema/principer.json",
               {**_base(pid, f"Princip {pid}", rng), "body": _cited(_text(rng, 80)), "in_practice": _text(rng, 60),
                "questions": [_text(rng, 10) + "?" for _ in range(3)]})
    for aid in ACTORS:
        _write(data_dir / "aktorskap" / f"{aid}.yml", "../schema/aktorskap.json",
               {**_base(aid, f"Aktörskap {aid}", rng), "body": _cited(_text(rng, 80)), "covers": [_text(rng, 6)],
                "key_principles": PRINCIPLES[:2]})
    for rid in ROLES:
        _write(data_dir / "roller" / f"{rid}.yml", "../schema/roller.json",
               {**_base(rid, f"Roll {rid}", rng), "body": _cited(_text(rng, 60)), "actions": [_text(rng, 8)],
                "tools": TOOLS})
    for tid in TOOLS:
        _write(data_dir / "verktyg" / f"{tid}.yml", "../schema/verktyg.json",
               {**_base(tid, f"Verktyg {tid}", rng), "purpose": _cited(_text(rng, 40)), "when_to_use": _text(rng, 30),
                "steps": [{"title": f"Steg {n}", "text": _cited(_text(rng, 20)), "question": _text(rng, 8) + "?"}
                          for n in range(1, 4)],
                "principles": PRINCIPLES, "aktorskap": ACTORS, "roles": ROLES, "themes": THEMES[:1],
                "legal_basis": [law_id for law_id, _, _ in LAWS]})
    for law_id, title, kind in LAWS:
        _write(data_dir / "lagar" / f"{law_id}.yml", "../schema/lagar.json",
               {**_base(law_id, title, rng), "kind": kind, "reference": f"SFS 2000:{len(title)}",
                "official_text": {"title": title, "publisher": "Testdata", "url": "https://example.org/lag"},
                "body": _cited(_text(rng, 60)),
                "provisions": [{"number": f"Artikel {n}", "title": f"Bestämmelse {n}", "text": _text(rng, 20)}
                               for n in (2, 12)],
                "supervisors": [{"name": "Testmyndigheten", "text": _text(rng, 10)}],
                "principles": PRINCIPLES[:2], "aktorskap": ACTORS[:1]})
    vocab = {"teman": THEMES, "organisationstyper": ["kommun", "region"], "lan": COUNTIES}
    for name, ids in vocab.items():
        _write(data_dir / "vokabular" / f"{name}.yml", "../schema/vokabular.json",
               {"entries": [{"id": i, "title": i.replace("-", " ").capitalize()} for i in ids],
                "sources": SOURCE, "reviewed": REVIEWED})
    _write(data_dir / "ordlista.yml", "schema/ordlista.json",
           {"terms": [{"term": "MR", "expansion": "Mänskliga rättigheter", "definition": _text(rng, 12),
                       "synonyms": ["mänskliga rättigheter"], "see": f"principer/{PRINCIPLES[0]}"},
                      {"term": "SKR", "expansion": "Sveriges Kommuner och Regioner", "definition": _text(rng, 10)}],
            "sources": SOURCE, "reviewed": REVIEWED})
    _write(data_dir / "kannetecken.yml", "schema/kannetecken.json",
           {"levels": LEVELS,
            "traits": [{"id": trait_id, "title": title, "question": f"I vilken grad har ni {title.lower()}?",
                        "text": _text(rng, 20), "sources": SOURCE, "principles": PRINCIPLES[n:n + 1],
                        "tools": TOOLS[n:n + 2],
                        "examples": ["syntetiskt-exempel-00001"] if examples and n == 0 else []}
                       for n, (trait_id, title) in enumerate(TRAITS)],
            "advice": [{"id": "tidig-kommunikationsplan", "title": "Tidig kommunikationsplan", "text": _text(rng, 15),
                        "sources": SOURCE}],
            "reviewed": REVIEWED})
    write_examples(data_dir, examples, seed=seed)


if __name__ == "__main__":
    import sys
    write_dataset(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 10)
