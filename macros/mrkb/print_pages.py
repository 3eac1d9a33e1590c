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

import jinja2
import markdown
import yaml

from . import embeds
from .model import RECORD_TYPES, KnowledgeBase
from .print_document import PrintedPage

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_ATTR = re.compile(r'\b(href|id)="([^"]*)"')


def _macros(kb: KnowledgeBase) -> dict:
    # from_dir "" and href = identity: links come out as docs paths ("aktorskap/x.md"), rewritten below.
    return embeds.macro_table(kb, "", lambda doc_path: doc_path)


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
        path, _, fragment = href.partition("#")
        path = posixpath.normpath(posixpath.join(base, path)) if path else doc_path
        folder, _, name = path.partition("/")
        record_id = name[:-3] if name.endswith(".md") else ""
        if folder in RECORD_TYPES and name == "index.md":
            return f"#kap-{folder}"
        if folder in RECORD_TYPES and kb.get(folder, record_id) is not None:
            return f"#{folder}-{record_id}"
        if path in printed:
            return f"#sida-{slug(path)}" + (f"-{fragment}" if fragment else "")
        web = re.sub(r"(index)?\.md$", "", path)
        web = web if web.endswith("/") or not web else web + "/"
        return site_url + web + (f"#{fragment}" if fragment else "") if site_url else ""

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
    css_class = "landscape" if 'class="mr-matrix"' in rendered else ""
    return PrintedPage(slug(doc_path), str(title), _rewrite_links(rendered, doc_path, printed, kb, site_url),
                       css_class)


def render_pages(kb: KnowledgeBase, docs_dir: Path, doc_paths: list[str], site_url: str = "",
                 warn=print) -> list[PrintedPage]:
    """The pages that exist, in the given order; a page that cannot be rendered becomes a short note."""
    existing = [p for p in doc_paths if (docs_dir / p).is_file()]
    printed = set(existing)
    pages = []
    for doc_path in existing:
        text = (docs_dir / doc_path).read_text(encoding="utf-8")
        try:
            pages.append(render_page(kb, doc_path, text, printed, site_url))
        except (jinja2.TemplateError, KeyError, TypeError) as error:
            warn(f"Utskrift: {doc_path} kunde inte skrivas ut ({error}); sidan finns bara på webben.")
            web = html.escape(site_url + re.sub(r"(index)?\.md$", "", doc_path).rstrip("/") + "/")
            note = f'<p>Den här sidan finns bara på webben: <a href="{web}">{web}</a></p>' if site_url else ""
            title = doc_path
            heading = re.search(r"^# (.+)$", text, flags=re.MULTILINE)
            if heading:
                title = heading.group(1).strip()
            pages.append(PrintedPage(slug(doc_path), title, f"<h1>{html.escape(title)}</h1>{note}"))
    return pages
