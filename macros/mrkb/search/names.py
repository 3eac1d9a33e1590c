"""The name index: every page's title and other names (aliases, glossary terms and synonyms), which the search
dialog (docs/assets/search.js) matches first, in front of the full-text search (Pagefind online, the slimmed lunr
documents offline).

Pagefind ranks by word frequency; it cannot say "this is the page's own name". The name index can: an exact
title, alias or glossary term comes first, then pages whose names contain every word typed, and only then pages
that mention it. Matching in the browser folds å ä ö ("Molndal"), and hyphens and spaces ("HR-chef", "HR chef",
"hrchef"); the names' words are also the vocabulary a misspelt query is corrected against.

Files (script files, so they load from file:// too; each calls window.mrSearchNames(key, data)):
- assets/search/names.js: every record except the learning examples, the glossary's terms, the hand-written
  pages and the listings, plus the keys of the example shards (small and fixed: loaded when search opens);
- assets/search/names-<key>.js: the learning examples whose names have a word beginning with <key> (the first
  three letters, folded), so a site with 5,000 examples loads only the few shards the words typed need.
An entry: u (URL from the site root), t (title), y (type label), n (other names), p (compound parts, weak),
s (the summary, for results the full-text search did not find), r (glossary term: the record it points at),
m (1: a page about the site itself, ranked below records), i (Pagefind's id of the page, online: results the
name index already shows are not shown twice, and the counts stay exact)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..data.model import RECORD_TYPES
from ..pages.glossary import term_slug
from .index import GLOSSARY_LABEL, PAGE_LABEL, record_keywords, type_label

FOLDER = "assets/search"
CORE = "names"
# Hand-written pages about the site itself: below records unless the query names them.
SITE_PAGES = {"tillganglighet", "oppna-data", "om-plattformen", "nytt", "utskrift"}
SUMMARY_CHARS = 220
# Words too common in example names to be worth a shard of their own (the full-text search still finds them).
SHARD_STOP = {"och", "för", "med", "som", "till", "det", "den", "att", "ett", "hela", "kommun", "kommuns", "stad",
              "stads", "region", "regionen", "the", "for", "and"}
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "á": "a"})
_WORD = re.compile(r"[a-z0-9]+")
_MARKERS = re.compile(r"\s*(?:\[\d+\])+")
_H1 = re.compile(r"^# (.+?)\s*(?:\{[^}]*\})?\s*$", re.M)


def fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def shard_keys(texts: list[str]) -> set[str]:
    """The shard keys of an example: the first three letters of each word of its names and of each pair of
    neighbouring words joined ("MR-kommun" -> "mr", "kom", "mrk"), folded."""
    keys = set()
    for text in texts:
        words = _WORD.findall(fold(text))
        for word, following in zip(words, [*words[1:], ""]):
            if word not in SHARD_STOP and not word.isdigit() and len(word) >= 2:
                keys.add(word[:3])
            if following and word not in SHARD_STOP and not (word + following).isdigit():
                keys.add((word + following)[:3])
    return keys


def _summary(text: str) -> str:
    """The summary without source markers, cut at a sentence end near SUMMARY_CHARS."""
    text = _MARKERS.sub("", " ".join(str(text or "").split()))
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text.rfind(". ", 0, SUMMARY_CHARS)
    return text[:cut + 1] if cut > 40 else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


def _url(doc_path: str, directory_urls: bool) -> str:
    stem = doc_path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def _page_title(path: Path) -> str | None:
    """A hand-written page's title: its first "# " heading after the front matter, or the front matter's title."""
    text = path.read_text(encoding="utf-8")
    front = ""
    if text.startswith("---\n") and "\n---" in text[4:]:
        end = text.index("\n---", 4)
        front, text = text[4:end], text[end + 4:]
    match = _H1.search(text)
    title = re.search(r"^title:\s*(.+)$", front, re.M)
    found = match.group(1).strip() if match else title.group(1).strip().strip("\"'") if title else None
    return found if found and "{{" not in found else None


def entries(site, docs_dir: Path, directory_urls: bool) -> tuple[list[dict], list[dict]]:
    """(core entries, example entries)."""
    kb, splitter = site.kb, site.compound_splitter
    core, examples = [], []
    for record in kb.all_records():
        names = record_keywords(kb, record, site.search_synonyms)
        entry = {"u": _url(record.doc_path, directory_urls), "t": record.title, "y": type_label(record.type)}
        if names:
            entry["n"] = names
        parts = splitter.index_terms([record.title, *names])
        if parts:
            entry["p"] = parts
        summary = _summary(record.data.get("summary"))
        if summary:
            entry["s"] = summary
        (examples if record.type == "exempel" else core).append(entry)
    glossary_url = _url("ordlista.md", directory_urls)
    terms = (kb.glossary or {}).get("terms", []) if (docs_dir / "ordlista.md").exists() else []
    for term in terms:
        entry = {"u": f"{glossary_url}#{term_slug(term['term'])}", "t": term["term"], "y": GLOSSARY_LABEL}
        names = [*term.get("synonyms", []), *([term["expansion"]] if term.get("expansion") else [])]
        if names:
            entry["n"] = names
        if term.get("see") and kb.get(*term["see"].split("/", 1)):
            entry["r"] = _url(kb.get(*term["see"].split("/", 1)).doc_path, directory_urls)
        summary = _summary(term.get("definition"))
        if summary:
            entry["s"] = summary
        core.append(entry)
    for folder, record_type in RECORD_TYPES.items():
        if kb.records.get(folder):
            core.append({"u": _url(f"{folder}/index.md", directory_urls), "t": record_type.plural, "y": PAGE_LABEL,
                         "s": _summary(record_type.intro)})
    for path in sorted(docs_dir.glob("*.md")):
        title = _page_title(path)
        if title:
            entry = {"u": _url(path.name, directory_urls), "t": title, "y": GLOSSARY_LABEL
                     if path.name == "ordlista.md" else PAGE_LABEL}
            if path.stem in SITE_PAGES:
                entry["m"] = 1
            core.append(entry)
    return core, examples


def _script(key: str, data) -> str:
    return f"mrSearchNames({json.dumps(key)},{json.dumps(data, ensure_ascii=False, separators=(',', ':'))});\n"


def write(site, site_dir: Path, docs_dir: Path, directory_urls: bool, pagefind: bool) -> None:
    """Write assets/search/names.js and the example shards. pagefind: the site has a Pagefind index (online), whose
    page ids the entries then carry."""
    core, examples = entries(site, docs_dir, directory_urls)
    if pagefind:
        ids = {}
        for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
            ids[_fragment_url(fragment)] = fragment.stem
        for entry in core + examples:
            page_id = ids.get("/" + entry["u"])
            if page_id:
                entry["i"] = page_id
    shards: dict[str, list[dict]] = {}
    for entry in examples:
        for key in shard_keys([entry["t"], *entry.get("n", [])]):
            shards.setdefault(key, []).append(entry)
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{CORE}.js").write_text(_script(CORE, {"entries": core, "shards": sorted(shards)}), encoding="utf-8")
    for key, shard in sorted(shards.items()):
        (folder / f"{CORE}-{key}.js").write_text(_script(key, shard), encoding="utf-8")


def _fragment_url(fragment: Path) -> str:
    import gzip
    data = gzip.decompress(fragment.read_bytes())
    return json.loads(data[data.index(b"{"):])["url"]


