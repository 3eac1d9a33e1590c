"""Hand-written docs pages (Markdown with Jinja macros) turned into print HTML for the guide PDF.

The macros are the same core calls the site uses (embeds.py), run through Jinja; links are then rewritten to
anchors inside the PDF, or to the web site for pages that are not printed. These pages are written by the
project's editors (trusted), unlike data/. A page using a macro this module does not know is left out with
a note, so a new macro on the site never breaks the PDF build."""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import markdown
import yaml

from ..pages import embeds
from ..data.model import RECORD_TYPES, KnowledgeBase
from .document import PrintedPage
from ..base.safe_markdown import escape_text

# The hand-written pages in the guide and where they go: a reader's order, with the material about the web site
# itself at the end as appendices. Pages not named here (start page, glossary page, download pages, the
# accessibility statement of the web site) are not printed.
PRINTED_PAGES = (("grunder.md", "front"), ("matris.md", "back"), ("kannetecken.md", "back"),
                 ("internationellt.md", "appendix"), ("om-plattformen.md", "appendix"))
# Web wording that does not fit a book.
PRINT_WORDING = (("På den här webbplatsen", "I det här uppslagsverket"),
                 ("på den här webbplatsen", "i det här uppslagsverket"), ("Den här sidan", "Det här kapitlet"), ("den här sidan", "det här kapitlet"),
                 ("Den här webbplatsens", "Det här uppslagsverkets"),
                 ("den här webbplatsens", "det här uppslagsverkets"),
                 ("Den här webbplatsen", "Det här uppslagsverket"), ("den här webbplatsen", "det här uppslagsverket"),
                 ("Läs mer på sidan", "Läs mer i kapitlet"), ("som egna sidor", "som egna kapitel"))

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ATTR = re.compile(r'\b(href|id)="([^"]*)"')


def _macros(kb: KnowledgeBase) -> dict:
    # from_dir "" and href = identity: links come out as docs paths ("aktorskap/x.md"), rewritten below.
    table = embeds.macro_table(kb, "", lambda doc_path: doc_path)
    table["matrix"] = lambda: print_matrix(kb)
    return table


def print_matrix(kb: KnowledgeBase) -> str:
    """The matrix on paper: one landscape table, each cell with the number of tools and examples and the tools'
    names (the examples are in their own chapter), and a key. The web matrix lists up to six of each per cell,
    which would put one row on each page."""
    principles = list(kb.records["principer"].values())
    actors = list(kb.records["aktorskap"].values())
    head = "".join(f'<th scope="col"><a href="aktorskap/{a.id}.md">{escape_text(a.title)}</a></th>' for a in actors)
    serving = {(actor.id, folder): {r.id for r in kb.referrers(actor, folder)}
               for actor in actors for folder in ("verktyg", "exempel")}
    rows = []
    for principle in principles:
        cells = []
        for actor in actors:
            tools, examples = ([r for r in kb.referrers(principle, folder) if r.id in serving[(actor.id, folder)]]
                               for folder in ("verktyg", "exempel"))
            names = "".join(f"<li>{escape_text(t.title)}</li>" for t in tools)
            cells.append(f'<td><p class="mr-count">{len(tools)} V · {len(examples)} E</p>'
                         + (f"<ul>{names}</ul>" if names else "") + "</td>")
        rows.append(f'<tr><th scope="row"><a href="principer/{principle.id}.md">{escape_text(principle.title)}</a>'
                    f"</th>{''.join(cells)}</tr>")
    return ('\n<div class="mr-matrix mr-matrix-print">\n<table>\n'
            "<caption>Verktyg och lärande exempel per princip och aktörskap</caption>\n"
            f"<thead><tr><td></td>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
            '<p class="mr-key"><strong>Så läser du tabellen:</strong> V är antalet verktyg och E antalet lärande '
            "exempel som hör till både principen och aktörskapet. Verktygen står med namn under siffrorna; "
            "exemplen finns i kapitlet Lärande exempel.</p>\n</div>\n")


def reword(text: str) -> str:
    """Web wording replaced by book wording."""
    for web, book in PRINT_WORDING:
        text = text.replace(web, book)
    return text


def print_wording(page_html: str) -> str:
    """Web wording in a page's text replaced by book wording (tags and attributes are left alone)."""
    return re.sub(r"(?<=>)[^<]+", lambda match: reword(match.group(0)), page_html)


def slug(doc_path: str) -> str:
    return posixpath.splitext(doc_path)[0].replace("/", "-")


def _rewrite_links(page_html: str, doc_path: str, printed: set[str], kb: KnowledgeBase, site_url: str) -> str:
    here = slug(doc_path)
    base = posixpath.dirname(doc_path)

    def target(href: str) -> str:
        if re.match(r"^[a-z]+:", href):
            return href
        if href.startswith("#"):
            return f"#sida-{here}-{href[1:]}"
        parts = urlsplit(href)
        path, fragment = parts.path, parts.fragment
        query = f"?{parts.query}" if parts.query else ""  # a filtered listing, e.g. exempel/?princip=x
        path = posixpath.normpath(posixpath.join(base, path)) if path else doc_path
        folder, _, name = path.partition("/")
        record_id = name[:-3] if name.endswith(".md") else ""
        if folder in RECORD_TYPES and name == "index.md" and not query:
            return f"#kap-{folder}"
        if folder in RECORD_TYPES and kb.get(folder, record_id) is not None:
            return f"#{folder}-{record_id}"
        if path in printed:
            return f"#sida-{slug(path)}" + (f"-{fragment}" if fragment else "")
        web = re.sub(r"(index)?\.md$", "", path)
        web = web if web.endswith("/") or not web else web + "/"
        return site_url + web + query + (f"#{fragment}" if fragment else "") if site_url else ""

    def replace(match: re.Match) -> str:
        name, value = match.group(1), match.group(2)
        if name == "id":
            return f'id="sida-{here}-{value}"'
        return f'href="{target(value)}"'

    return _ATTR.sub(replace, page_html)


def render_page(kb: KnowledgeBase, doc_path: str, text: str, printed: set[str], site_url: str = "") -> PrintedPage:
    """One Markdown page (front matter, macros, Markdown) to print HTML. Raises on an unknown macro."""
    meta, body = {}, text
    match = _FRONT_MATTER.match(text)
    if match:
        meta, body = yaml.safe_load(match.group(1)) or {}, text[match.end():]
    if meta.get("render_macros", True):
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
        body = environment.from_string(body).render(**_macros(kb))
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    rendered = md.convert(body)
    # Collapsed blocks print open; the title is the page's first heading.
    rendered = re.sub(r"<details(?![^>]*\bopen\b)", "<details open", rendered)
    title = meta.get("title") or next((t["name"] for t in md.toc_tokens), posixpath.basename(doc_path))
    css_class = "landscape" if 'class="mr-matrix' in rendered else ""
    return PrintedPage(slug(doc_path), reword(str(title)),
                       print_wording(_rewrite_links(rendered, doc_path, printed, kb, site_url)), css_class)


def render_pages(kb: KnowledgeBase, docs_dir: Path, site_url: str = "", warn=print,
                 placed=PRINTED_PAGES) -> list[PrintedPage]:
    """The pages of `placed` ((doc path, place) pairs) that exist, in that order; a page that cannot be rendered
    becomes a short note."""
    existing = [(p, place) for p, place in placed if (docs_dir / p).is_file()]
    printed = {p for p, _ in existing}
    pages = []
    for doc_path, place in existing:
        text = (docs_dir / doc_path).read_text(encoding="utf-8")
        try:
            pages.append(render_page(kb, doc_path, text, printed, site_url))
            pages[-1].place = place
        except (jinja2.TemplateError, KeyError, TypeError) as error:
            warn(f"Utskrift: {doc_path} kunde inte skrivas ut ({error}); sidan finns bara på webben.")
            web = html.escape(site_url + re.sub(r"(index)?\.md$", "", doc_path).rstrip("/") + "/")
            note = f'<p>Det här kapitlet finns bara på webben: <a href="{web}">{web}</a></p>' if site_url else ""
            title = doc_path
            heading = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
            if heading:
                title = heading.group(1).strip()
            pages.append(PrintedPage(slug(doc_path), title, f"<h1>{html.escape(title)}</h1>{note}", place=place))
    return pages
