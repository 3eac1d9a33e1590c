"""Source markers such as [1] or [2][3] become links to the page's numbered source list, and each source links
back to where it is cited. What a marker is: base/markers.py (the data checks read the same definition).

Two kinds of page:
- Records: Citations renders a record's prose fields, marker by marker, knowing the record's sources. On the web
  a marker is a small link "[3]" to #kalla-3 named "Källa 3: <title>", with the id ref-3-<k> (k-th citation of
  source 3), and each source ends with links back ("↩ Vad gjordes?, stycke 2"). In print it is a superscript
  number linking to the source in the same document. Contributor text still goes through safe_markdown; only
  the markers (digits) become markup, from placeholders that Markdown and the sanitizer leave alone.
- Hand-written pages: link_source_markers() works on the page's HTML alone: the list is the first <ol> after the
  heading with id "kallor" ("## Källor"). Its items get the ids kalla-1, kalla-2, …, each marker [n] outside links,
  code and headings links to #kalla-n, and each item links back to its citations.
Markers are kept out of search (data-pagefind-ignore, and data-search-exclude for the offline copy's index) and
out of every plain-text form (strip_markers)."""
from __future__ import annotations

import html
import re

from ..base.html_text import substitute_in_text
from ..base.markers import OPEN, CLOSE, block_index, blocks, placeholders, strip_markers  # noqa: F401
from ..base.safe_markdown import to_html

_HEADING = re.compile(r'<h2 id="kallor"[^>]*>.*?</h2>\s*<ol>', re.DOTALL)
_ITEM = re.compile(r"<li>")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SKIP = {"a", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "title", "button", "label", "textarea"}
_CODE = {"a", "code", "pre"}
PREFIX = "kalla-"
REF_PREFIX = "ref-"
# On every marker and back-link: not in search results (Pagefind) nor in the offline copy's index (lunr).
NOT_SEARCHED = "data-pagefind-ignore data-search-exclude"
_PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
_PRINT_PLACEHOLDER = re.compile(f"[ \u00a0]?{OPEN}(\\d+){CLOSE}")


def _literal(numbers) -> str:
    return "".join(f"&#91;{n}&#93;" for n in numbers)


class Citations:
    """The markers of one record, rendered in page order, and where each source was cited.

    mode "web": links with ids ref-<n>-<k> to #<prefix><n>; "print": superscript numbers linking to #<prefix><n>.
    A marker past the end of the list (which validation refuses) stays plain text."""

    def __init__(self, sources: list[dict], mode: str = "web", prefix: str = PREFIX):
        self.sources = sources or []
        self.mode = mode
        self.prefix = prefix
        self.cited: dict[int, list[tuple[str, str]]] = {}  # source number -> [(id of the marker, where)]

    def html(self, text: str, where: str) -> str:
        """A Markdown text (block level) as sanitized HTML with its markers rendered. where: the section's name,
        for the back-links ("Vad gjordes?"); a text of several paragraphs adds ", stycke n"."""
        marked, groups = placeholders(text)
        rendered = to_html(marked)
        if not groups:
            return rendered
        text_blocks = blocks(text)
        several = sum(1 for block in text_blocks if block.kind == "text") > 1

        def label(group) -> str:
            return f"{where}, stycke {block_index(text_blocks, group[0].start) + 1}" if several else where
        return self._fill(rendered, groups, label)

    def inline_html(self, text: str, where: str) -> str:
        """One line (a list item) as sanitized HTML without the wrapping paragraph, markers rendered."""
        rendered = self.html(text, where).strip()
        match = re.fullmatch(r"<p>(.*)</p>", rendered, flags=re.DOTALL)
        return match.group(1) if match else rendered

    def _fill(self, rendered: str, groups, label) -> str:
        pattern = _PRINT_PLACEHOLDER if self.mode == "print" else _PLACEHOLDER

        def replace(match: re.Match) -> str:
            group = groups[int(match.group(1))]
            return self._group_html([m.number for m in group], label(group))
        filled = substitute_in_text(rendered, pattern, replace, _CODE)
        # A placeholder that Markdown put in code (an indented block, say) is shown as it was written.
        return _PLACEHOLDER.sub(lambda m: _literal(x.number for x in groups[int(m.group(1))]), filled)

    def _group_html(self, numbers: list[int], where: str) -> str:
        pieces = []
        for number in numbers:
            if not 1 <= number <= len(self.sources):
                pieces.append(_literal([number]) if self.mode == "web" else html.escape(str(number)))
                continue
            title = html.escape(str(self.sources[number - 1].get("title", "")), quote=True)
            if self.mode == "print":
                pieces.append(f'<a href="#{self.prefix}{number}" title="Källa {number}: {title}">{number}</a>')
                continue
            cited = self.cited.setdefault(number, [])
            ref_id = f"{REF_PREFIX}{number}-{len(cited) + 1}"
            cited.append((ref_id, where))
            pieces.append(f'<a class="mr-source-ref" id="{ref_id}" href="#{self.prefix}{number}" '
                          f'aria-label="Källa {number}: {title}" {NOT_SEARCHED}>&#91;{number}&#93;</a>')
        if self.mode == "print":
            return f'<sup class="source-ref">{",".join(pieces)}</sup>'
        return "".join(pieces)

    def back_links(self, number: int) -> str:
        """After source <number> in the list: links back to each place that cites it (web only)."""
        places = self.cited.get(number)
        if not places or self.mode != "web":
            return ""
        links = ", ".join(f'<a href="#{ref_id}" aria-label="Tillbaka till texten: {html.escape(where)}">'
                          f"{html.escape(where)}</a>" for ref_id, where in places)
        return f' <span class="mr-cited-in" {NOT_SEARCHED}>↩ {links}</span>'


def reference_line(title: str, site_name: str, address: str, reviewed: str) -> str:
    """How to cite a record, Swedish style, as plain text: "<Titel>. I: <uppslagsverket>. <adress>. Senast granskad
    <d månad åååå>." The address is the public one, also in the offline copy and on paper."""
    from .downloads import long_date

    def sentence(text: str) -> str:
        text = " ".join(str(text).split())
        return text if text.endswith((".", "?", "!")) else text + "."
    parts = [sentence(title), sentence(f"I: {site_name}") if site_name else "", sentence(address) if address else ""]
    try:
        parts.append(f"Senast granskad {long_date(str(reviewed))}.")
    except (ValueError, IndexError):
        parts.append(f"Senast granskad {reviewed}.")
    return " ".join(part for part in parts if part)


def link_source_markers(page_html: str) -> str:
    """A hand-written page's markers as links to its source list (see the module docstring). Record pages, whose
    list already has ids (Citations), are returned unchanged."""
    heading = _HEADING.search(page_html)
    if not heading or "[" not in page_html[:heading.start()]:
        return page_html
    list_end = page_html.find("</ol>", heading.end())
    if list_end == -1 or f'<li id="{PREFIX}' in page_html[heading.end():list_end]:
        return page_html
    listing = page_html[heading.end():list_end]
    titles = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", item)).split())
              for item in re.findall(r"<li>(.*?)</li>", listing, re.DOTALL)]
    cited: dict[int, list[str]] = {}
    body = _link_markers(page_html[:heading.start()], titles, cited)
    numbered = iter(range(1, 10_000))

    def item(match: re.Match) -> str:
        return f'<li id="{PREFIX}{next(numbered)}">'
    items = _ITEM.sub(item, listing)
    for number, refs in cited.items():
        back = ", ".join(f'<a href="#{ref}" aria-label="Tillbaka till texten, {k} av {len(refs)}">{k}</a>'
                         for k, ref in enumerate(refs, 1))
        items = re.sub(rf'(<li id="{PREFIX}{number}">.*?)(</li>)',
                       lambda m: f'{m.group(1)} <span class="mr-cited-in" {NOT_SEARCHED}>↩ {back}</span>{m.group(2)}',
                       items, count=1, flags=re.DOTALL)
    return body + page_html[heading.start():heading.end()] + items + page_html[list_end:]


def _link_markers(text_html: str, titles: list[str], cited: dict[int, list[str]]) -> str:
    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= len(titles):
            return match.group(0)
        refs = cited.setdefault(number, [])
        ref = f"{REF_PREFIX}{number}-{len(refs) + 1}"
        refs.append(ref)
        return (f'<a class="mr-source-ref" id="{ref}" href="#{PREFIX}{number}" aria-label="Källa {number}: '
                f'{html.escape(titles[number - 1][:200], quote=True)}" {NOT_SEARCHED}>[{number}]</a>')

    return substitute_in_text(text_html, _MARKER, link, _SKIP)
