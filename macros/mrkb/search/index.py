"""The site's search index: what each page tells the indexer (on HTML alone), and Pagefind indexing the pages.

Pagefind (PyPI pagefind[bin]: the binary comes in the wheel) reads built HTML, so this works with any site
generator; PagefindIndexer hands it each page as the build writes it. Per page it gets, as data-pagefind-*
attributes:
- the body to index (the article) without the overview box ("Typ: Roll", "Senast granskad: …");
- the record type as a filter and label ("Verktyg", "Ordlista", "Sida" …) and the summary as metadata;
- the record's aliases and glossary synonyms, weighted just below the title;
- the parts of compound words in the title, aliases and headings (compounds.py), with a low weight, so
  "dialog" finds medborgardialog;
- data-pagefind-ignore on what only repeats other pages (fact panel, lists of other records, listing entries), on
  the glossary's letter headings and on source markers ([2]); the glossary's term headings weigh as titles.
The offline copy cannot use Pagefind (file:// blocks WebAssembly and modules); the search dialog there matches the
theme's lunr documents (search/search_index.js), which slim_lunr_index() keeps small. In front of both, the
dialog matches the name index (names.py)."""
from __future__ import annotations

import base64
import gzip
import html
import json
import queue
import re
import shutil
import subprocess
import threading
from pathlib import Path

from .compounds import CompoundSplitter
from ..data.model import RECORD_TYPES, KnowledgeBase, Record

GLOSSARY_LABEL = "Ordlista"
PAGE_LABEL = "Sida"
TYPE_FILTER = "typ"
ALIAS_WEIGHT = 6  # below the title (h1 = 7) and above the body (1)
# A compound's part is a weak hint (a page that says "analys" outright comes first), a little stronger when the
# compound is the record's title: målgruppsanalys is an analysis tool.
TITLE_PART_WEIGHT = 4
PART_WEIGHT = 0.5
# What a searcher never wants in a result: the overview metadata box and the review dates.
_IGNORED = re.compile(r'<(div|p) class="(admonition abstract|mr-provenance)"')
# What repeats other pages, kept out of the online index (Pagefind) only: a record's fact panel (links to its
# principles, aktörskap, roles), a listing's entries (every record's title, facts and summary) and its filter form,
# the self-assessment's result part (each kännetecken's title again, with links to records; hidden until answered),
# and the tables of counts (the matrix, the map's län table), whose cells are other pages' titles and numbers.
# Indexed, a page that only lists a record (or a hub listing them all) ranked above the record itself.
_REPEATS = re.compile(r'<(aside|div|form|section|table)\b'
                      r'(?=[^>]*\bclass="(?:mr-facts|mr-listing|mr-filters|mr-sa-result'
                      r'|mr-matrix__table|mr-map__table)")')
# Adjacent table cells with no space between them: Pagefind would read "Arbetsgivare" "Demokratiaktör" as one word.
_CELL_END = re.compile(r"</(t[hd])>(?=<t[hd]\b)")
# A list of other records as "title – summary" (a role's tools, "Lärande exempel där …", "Relaterat"), possibly
# ending in "Visa alla N …": each entry quotes another page, which has a result of its own.
_LIST = re.compile(r"<ul>\n?(.*?)</ul>", re.S)
_RECORD_ITEM = re.compile(r'<li><a href="[^"]*">(?:.*?</a> – .*?|Visa alla [^<]*</a>)</li>', re.S)
_ITEM = re.compile(r"<li>.*?</li>", re.S)
# The glossary (embeds.glossary_table): a letter heading (<h2 id="bokstav-b">) is navigation, never a result (Pagefind
# even matched a lone "B" as the longest known beginning of "blåbärssoppa"); a term's heading is the title of its
# entry and weighs as a page title (h1 = 7, an h3 5), so the glossary, one long page that Pagefind ranks down for its
# length, still answers above pages that only mention the word.
_LETTER_HEADING = re.compile(r'<h2(?= id="bokstav-)')
_TERM_HEADING = re.compile(r'(<div class="mr-term">\s*<h3)\b')
GLOSSARY_TERM_WEIGHT = 7
_HEADING = re.compile(r"<h([1-3])[^>]*>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


# Source markers ([2], linked to the page's source list by pages/source_markers.py): no word of the text, never in a
# passage a result quotes.
_SOURCE_REF = re.compile(r'<a(?= class="mr-source-ref)(?![^>]*data-pagefind-ignore)')  # records' markers carry it already
# The glossary's "Källa: [1]." after each term (embeds.glossary_table): no words to find, no passage to quote.
_GLOSSARY_SOURCE = re.compile(r'(Källa|Källor): ((?:<a href="#ordlista-kalla-\d+"[^>]*>\[\d+\]</a>[, och]*)+)\.')
_MARKER_TEXT = re.compile(r"\s*(?:\[\d+\])+")


def _ignore_repeats(page_html: str) -> str:
    """page_html with data-pagefind-ignore on the panels and lists that only repeat other pages and on the glossary's
    letter headings, and the glossary's terms weighted as titles."""
    page_html = _REPEATS.sub(lambda m: m.group(0) + " data-pagefind-ignore", page_html)
    page_html = _CELL_END.sub(r"</\1> ", page_html)

    def record_list(match: re.Match) -> str:
        items = _ITEM.findall(match.group(1))
        if items and all(_RECORD_ITEM.fullmatch(item) for item in items):
            return "<ul data-pagefind-ignore>" + match.group(0)[len("<ul>"):]
        return match.group(0)
    page_html = _LIST.sub(record_list, page_html)
    page_html = _LETTER_HEADING.sub('<h2 data-pagefind-ignore="all"', page_html)
    page_html = _SOURCE_REF.sub("<a data-pagefind-ignore", page_html)
    page_html = _GLOSSARY_SOURCE.sub(lambda m: f"<span data-pagefind-ignore>{m.group(0)}</span>", page_html)
    return _TERM_HEADING.sub(rf'\1 data-pagefind-weight="{GLOSSARY_TERM_WEIGHT}"', page_html)


def type_label(folder: str) -> str:
    """The label a result shows for a record type: Princip, Aktörskap, Roll, Verktyg, Lärande exempel."""
    return RECORD_TYPES[folder].singular[:1].upper() + RECORD_TYPES[folder].singular[1:]


def record_keywords(kb: KnowledgeBase, record: Record, synonyms: dict[str, list[str]]) -> list[str]:
    """Other names of a record: its aliases and the glossary terms and synonyms that point at it."""
    names = [*record.data.get("aliases", []), *synonyms.get(f"{record.type}/{record.id}", [])]
    unique = {name.lower(): name for name in reversed(names) if name.lower() != record.title.lower()}
    return list(reversed(unique.values()))


def vocabulary(kb: KnowledgeBase) -> list[str]:
    """Titles, aliases and glossary terms with their synonyms: the words compound parts are checked against."""
    found = []
    for record in kb.all_records():
        found += [record.title, *record.data.get("aliases", [])]
    for term in (kb.glossary or {}).get("terms", []):
        found += [term["term"], *term.get("synonyms", [])]
    return list(dict.fromkeys(found))


def annotate(page_html: str, label: str, summary: str, keywords: list[str], splitter: CompoundSplitter | None) -> str:
    """The page's HTML (the article part) marked up for Pagefind. HTML in, HTML out. splitter: for record pages
    (None elsewhere: hidden words would show in the passage a result quotes, and records show their summary)."""
    body = _ignore_repeats(_IGNORED.sub(lambda m: m.group(0) + " data-pagefind-ignore data-search-exclude", page_html))
    headings = [(level, _TAGS.sub(" ", text)) for level, text in _HEADING.findall(page_html)]
    titles = [text for level, text in headings if level == "1"]
    title_parts = splitter.index_terms(titles) if splitter else []
    parts = splitter.index_terms([text for _, text in headings] + keywords) if splitter else []
    parts = [part for part in parts if part not in title_parts]
    extra = [f'<span hidden data-pagefind-filter="{TYPE_FILTER}:{html.escape(label)}"></span>']
    if summary:
        extra.append(f'<span hidden data-pagefind-meta="summary[data-text]" data-text="{html.escape(summary)}"></span>')
    if keywords:
        extra.append(f'<p hidden class="mr-keywords" data-pagefind-weight="{ALIAS_WEIGHT}">'
                     f'{html.escape(", ".join(keywords))}</p>')
    if title_parts:
        extra.append(f'<p hidden class="mr-keywords" data-pagefind-weight="{TITLE_PART_WEIGHT}">'
                     f'{html.escape(" ".join(title_parts))}</p>')
    if parts:
        extra.append(f'<p hidden class="mr-keywords" data-pagefind-weight="{PART_WEIGHT}">'
                     f'{html.escape(" ".join(parts))}</p>')
    # Right after the title: the theme's lunr index (offline copy) files text under the heading before it.
    title_end = body.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return f'<div data-pagefind-body>\n{body[:at]}{"".join(extra)}{body[at:]}\n</div>'


def _pagefind_executable() -> str:
    try:
        from pagefind_bin import get_executable  # the binary shipped in the pagefind-bin wheel
    except ImportError:
        raise RuntimeError("Pagefind saknas. Kör `make install` (det installerar pagefind[bin] från "
                           "requirements.txt) och bygg igen.") from None
    return str(get_executable())


PAGEFIND_CONFIG = {"force_language": "sv", "exclude_selectors": [".headerlink"]}


class PagefindIndexer:
    """Feeds each page to `pagefind --service` as soon as the build has written it, so Pagefind indexes on the
    other core while the site generator works; write() then only waits for the last pages and writes the index.

    The service speaks base64-encoded JSON messages ending in "," on stdin and stdout (the protocol of the
    `pagefind` Python package, which is asyncio-only). A writer thread keeps the build from ever waiting on the
    pipe, a reader thread collects the answers."""

    def __init__(self) -> None:
        self._process = subprocess.Popen([_pagefind_executable(), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self._outbox: queue.Queue[tuple[int, bytes] | None] = queue.Queue()
        self._answers: dict[int, dict] = {}
        self._answered = 0  # the id of the last message answered
        self._errors: list[str] = []
        self._arrived = threading.Condition()
        self._next_id = 0
        self._writer = threading.Thread(target=self._write_loop, daemon=True)
        self._writer.start()
        threading.Thread(target=self._read_loop, daemon=True).start()
        self._index_id = self._ask({"type": "NewIndex", "config": PAGEFIND_CONFIG})["index_id"]

    def add(self, page_html: str, url: str) -> None:
        """One built page and its site-root URL ("/verktyg/x/"); returns at once."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": page_html})

    def write(self, site_dir: Path) -> None:
        """Wait for every page to be indexed, write site_dir/pagefind/ and stop the service."""
        try:
            # GetFiles, not WriteFiles: Pagefind answers WriteFiles before its files are flushed, and one file in a
            # few hundred builds came out cut short (pagefind-component-ui.js at 128 KiB). We write them ourselves.
            files = self._ask({"type": "GetFiles", "index_id": self._index_id}).get("files", [])
            _replace_folder(site_dir / "pagefind", {file["path"]: base64.b64decode(file["content"]) for file in files})
            if self._errors:
                raise RuntimeError("Pagefind kunde inte indexera alla sidor:\n" + "\n".join(self._errors[:5]))
        finally:
            self.close()

    def close(self) -> None:
        # End of input lets Pagefind exit on its own; kill only one that hangs.
        self._outbox.put(None)
        self._writer.join(timeout=60)
        try:
            self._process.stdin.close()
        except (BrokenPipeError, OSError):
            pass
        try:
            self._process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _send(self, payload: dict) -> int:
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        self._outbox.put((self._next_id, base64.b64encode(json.dumps(message).encode("utf-8")) + b","))
        return self._next_id

    def _ask(self, payload: dict, timeout: float = 600) -> dict:
        message_id = self._send(payload)
        with self._arrived:
            if not self._arrived.wait_for(lambda: message_id in self._answers or self._process.poll() is not None,
                                          timeout):
                raise RuntimeError("Pagefind svarade inte.")
            if message_id not in self._answers:
                raise RuntimeError("Pagefind avslutades oväntat:\n" + "\n".join(self._errors[:5]))
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise RuntimeError(f"Pagefind: {answer.get('message')}")
        return answer

    def _write_loop(self) -> None:
        # One message at a time: Pagefind numbers the pages in the order it finishes them, and the same site must
        # give the same index (tests/test_reproducible.py).
        while (item := self._outbox.get()) is not None:
            message_id, chunk = item
            try:
                self._process.stdin.write(chunk)
                self._process.stdin.flush()
            except (BrokenPipeError, ValueError):
                return
            with self._arrived:
                self._arrived.wait_for(lambda: self._answered >= message_id or self._process.poll() is not None)

    def _read_loop(self) -> None:
        buffer = b""
        while chunk := self._process.stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            with self._arrived:
                for raw in messages:
                    try:
                        answer = json.loads(base64.b64decode(raw))
                    except ValueError:  # a log line, not a message
                        self._errors.append(raw.decode("utf-8", "replace"))
                        continue
                    payload = answer.get("payload", {})
                    self._answered = max(self._answered, answer.get("message_id") or 0)
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    if payload.get("type") != "IndexedFile":  # nobody waits for those
                        self._answers[answer.get("message_id")] = payload
                self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()


def _replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """folder holds exactly files afterwards. They are written beside it and swapped in, so a preview never serves
    half of the old index and half of the new."""
    fresh, old = folder.with_name(folder.name + ".new"), folder.with_name(folder.name + ".old")
    for stale in (fresh, old):
        shutil.rmtree(stale, ignore_errors=True)
    for path, content in files.items():
        (fresh / path).parent.mkdir(parents=True, exist_ok=True)
        (fresh / path).write_bytes(content)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def indexed_pages(site_dir: Path) -> list[dict]:
    """What Pagefind stored per page (url, content, meta, filters), read back from its fragment files: for tests
    and for checking what a search can show."""
    pages = []
    for fragment in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        pages.append(json.loads(data[data.index(b"{"):]))
    return pages


RECORD_SECTION_BOOST = 3  # lunr document boost of a record's title section in the offline copy's index


def _is_record_page(location: str) -> bool:
    """A record page's location in the theme's index ("verktyg/x.html", "verktyg/x/"), not a listing."""
    folder, _, name = location.strip("/").partition("/")
    return folder in RECORD_TYPES and name not in ("", "index.html") and "/" not in name.strip("/")


def slim_lunr_index(index_path: Path, max_text: int = 200, max_page_text: int = 600) -> None:
    """The offline copy's lunr index (search/search_index.json, the theme's format) cut to what finds a page:
    titles and headings, and the beginning of each text: for a page its keywords and summary (annotate() puts
    them first), for a section its first sentences (a glossary definition, a step). A record's title section gets a
    document boost (RECORD_SECTION_BOOST). Also rewrites search_index.js, the copy the offline plugin inlines for
    file://."""
    data = json.loads(index_path.read_text(encoding="utf-8"))
    page_titles = {}
    for doc in data["docs"]:
        page, _, section = doc["location"].partition("#")
        if not section:
            page_titles[page] = doc["title"]
        elif page_titles.get(page) == doc["title"] and _is_record_page(page):
            # The record's title section: its title, other names and summary. The glossary's term sections are as
            # short, so a synonym ("BKA") found the glossary first; the record comes first (as online).
            doc["boost"] = RECORD_SECTION_BOOST
        text, limit = _MARKER_TEXT.sub("", doc.get("text", "")), max_text if section else max_page_text
        doc["text"] = text
        if len(text) > limit:
            doc["text"] = text[:limit].rsplit(" ", 1)[0]
    data["docs"] = [doc for doc in data["docs"] if doc["title"] or doc["text"]]
    compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    index_path.write_text(compact, encoding="utf-8")
    script = index_path.with_suffix(".js")
    if script.exists():
        script.write_text(f"var __index = {compact}", encoding="utf-8")
