"""The blank self-assessment worksheet (pdf/sjalvskattning.pdf): every kännetecken with its question, a box per
level, room for a note and the tools to go on with, for a leadership group working on paper.

Same data as the page /sjalvskattning/ (self_assessment.py); scripts/build_pdf.py writes it with print.css and
this module's own small stylesheet. No MkDocs import."""
from __future__ import annotations

import html
from pathlib import Path

from ..data.model import KnowledgeBase
from .document import Document, PrintMeta, _page
from ..pages.self_assessment import WORKSHEET_PATH, levels, traits

STYLESHEET = Path(__file__).with_name("print_selfassessment.css")
TITLE = "Självskattning: Hur långt har vi kommit?"
PAGE_PATH = "sjalvskattning/"  # the page on the web site, relative to its root
NOTE_LINES = 2

__all__ = ["WORKSHEET_PATH", "worksheet_document"]


def _esc(text) -> str:
    return html.escape(str(text))


def worksheet_document(kb: KnowledgeBase, meta: PrintMeta) -> Document:
    level_list = levels(kb)
    legend = "".join(f"<dt>{n}. {_esc(level['title'])}</dt><dd>{_esc(level['description'])}</dd>"
                     for n, level in enumerate(level_list, 1))
    boxes = "".join(f'<li><span class="box"></span>{n}. {_esc(level["title"])}</li>'
                    for n, level in enumerate(level_list, 1))
    items = []
    for number, trait in enumerate(traits(kb), 1):
        tools = kb.trait_links.get(trait["id"], {}).get("verktyg", [])
        next_line = (f'<p class="sa-next">Verktyg att gå vidare med: {_esc(", ".join(t.title for t in tools))}.</p>'
                     if tools else "")
        items.append(f'<li class="step sa-trait"><h2>{number}. {_esc(trait["title"])}</h2>'
                     f'<p class="question">{_esc(trait["question"])}</p>'
                     f'<ul class="sa-levels">{boxes}</ul>'
                     f'<p class="sa-note-label">Anteckning:</p>'
                     f'<div class="write-lines" aria-hidden="true">{"<div></div>" * NOTE_LINES}</div>'
                     f"{next_line}</li>")
    web = ""
    if meta.site_url:
        url = _esc(meta.site_url + PAGE_PATH)
        web = (f' På webben sparar självskattningen svaren i din webbläsare och föreslår nästa steg: '
               f'<a href="{url}">{url}</a>.')
    body = (f'<article class="worksheet sa-worksheet"><h1>{_esc(TITLE)}</h1>'
            '<p class="lead">Kryssa för den nivå som stämmer bäst för varje kännetecken och skriv gärna varför. '
            "Frågorna och nivåerna är uppslagsverkets eget förslag, inte MR-plattformens kriterier.</p>"
            '<dl class="worksheet-facts"><dt>Organisation</dt><dd class="blank"></dd>'
            '<dt>Datum</dt><dd class="blank"></dd><dt>Deltagare</dt><dd class="blank"></dd></dl>'
            f'<section class="sa-legend"><h2>Nivåerna</h2><dl>{legend}</dl></section>'
            f'<ol class="steps">{"".join(items)}</ol>'
            f'<p class="version">{_esc(meta.title)}, utskrift {_esc(meta.date)}, version {_esc(meta.version)}.'
            f"{web}</p></article>")
    page = _page("Självskattning", TITLE, body, meta, "worksheet-page", "Arbetsblad")
    # This worksheet's few extra rules (level boxes, the legend) sit in a file of their own beside print.css.
    page = page.replace("</head>", f'<link rel="stylesheet" href="{STYLESHEET.as_uri()}"></head>', 1)
    return Document(TITLE, page)
