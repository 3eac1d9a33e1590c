"""The self-assessment /sjalvskattning/ ("Hur långt har vi kommit?"): each kännetecken's question and levels as an
HTML form, the result and next steps, all built from data/kannetecken.yml at build time.

The HTML works on its own: without JavaScript it is a readable, printable list of questions and levels.
docs/assets/sjalvskattning.js reads the embedded JSON block, keeps the answers in localStorage only, and shows the
result, the chart and the next steps that are already in the HTML (hidden until an answer needs them).
No inline script or style: a Content-Security-Policy forbids them."""
from __future__ import annotations

import html

from ..data.model import KnowledgeBase
from ..base.safe_markdown import json_script

STORAGE_KEY = "mr-plattformen-sjalvskattning"
FORMAT_NAME = "mr-plattformen-sjalvskattning"  # the "format" field of an exported JSON file
FORMAT_VERSION = 1
WORKSHEET_PATH = "pdf/sjalvskattning.pdf"  # the blank worksheet (print_selfassessment.py), relative to the site
# Next steps list these record types, in this order, with these labels.
NEXT_STEP_KINDS = (("verktyg", "Verktyg som hjälper er vidare"), ("exempel", "Lärande exempel att inspireras av"),
                   ("principer", "Principer att utgå från"))


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def levels(kb: KnowledgeBase) -> list[dict]:
    return (kb.traits or {}).get("levels", [])


def traits(kb: KnowledgeBase) -> list[dict]:
    return (kb.traits or {}).get("traits", [])


def page_data(kb: KnowledgeBase) -> dict:
    """What the script needs beyond the form: storage key, file format, and the titles for exported files."""
    return {"storage_key": STORAGE_KEY, "format": FORMAT_NAME, "version": FORMAT_VERSION,
            "levels": [{"id": level["id"], "title": level["title"], "established": bool(level.get("established"))}
                       for level in levels(kb)],
            "traits": [{"id": trait["id"], "title": trait["title"]} for trait in traits(kb)]}


def _level_radio(trait_id: str, level: dict, number: int) -> str:
    field_id = f"mr-sa-{trait_id}-{level['id']}"
    return (f'<li><input type="radio" name="mr-sa-{_esc(trait_id)}" id="{_esc(field_id)}" value="{_esc(level["id"])}">'
            f' <label for="{_esc(field_id)}"><span class="mr-sa-level-title">{number}. {_esc(level["title"])}</span>'
            f' <span class="mr-sa-level-text">{_esc(level["description"])}</span></label></li>')


def _fieldset(kb: KnowledgeBase, number: int, trait: dict, href) -> str:
    trait_id = trait["id"]
    radios = "".join(_level_radio(trait_id, level, n) for n, level in enumerate(levels(kb), 1))
    more = _esc(href("kannetecken.md") + f"#{trait_id}")
    return (f'<fieldset class="mr-sa-trait" id="sa-{_esc(trait_id)}" data-trait="{_esc(trait_id)}" '
            f'aria-describedby="mr-sa-q-{_esc(trait_id)}">\n'
            f'<legend>{number}. {_esc(trait["title"])}</legend>\n'
            f'<p class="mr-sa-question" id="mr-sa-q-{_esc(trait_id)}">{_esc(trait["question"])}</p>\n'
            f'<ul class="mr-sa-levels">{radios}</ul>\n'
            f'<label class="mr-sa-note-label" for="mr-sa-note-{_esc(trait_id)}">Anteckning (valfri)</label>\n'
            f'<textarea class="mr-sa-note" id="mr-sa-note-{_esc(trait_id)}" name="mr-sa-note-{_esc(trait_id)}" '
            f'rows="2" maxlength="2000"></textarea>\n'
            f'<p class="mr-sa-trait-result" data-mr-sa-trait-result hidden>Ert svar: <strong data-mr-sa-value></strong>.'
            f' <a href="#mr-sa-next-{_esc(trait_id)}" data-mr-sa-next-link hidden>Nästa steg för det här kännetecknet</a>'
            "</p>\n"
            f'<p class="mr-sa-more"><a href="{more}">Läs mer om kännetecknet</a>'
            f'<button type="button" class="md-button mr-sa-reset" data-mr-sa-action="reset" hidden>'
            "Ta bort nivån</button></p>\n"
            "</fieldset>")


def _bar(level_count: int) -> str:
    """One bar of the chart: a segment per level, filled up to the answer by the script. The value is also text
    beside it, so the drawing is hidden from screen readers."""
    segments = "".join(f'<rect class="mr-sa-segment" x="{n * 10}" y="0" width="9" height="6"/>'
                       for n in range(level_count))
    return (f'<svg class="mr-sa-bar" viewBox="0 0 {level_count * 10 - 1} 6" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false">{segments}</svg>')


def _chart(kb: KnowledgeBase) -> str:
    rows = []
    for number, trait in enumerate(traits(kb), 1):
        trait_id = _esc(trait["id"])
        rows.append(f'<li class="mr-sa-row" data-trait="{trait_id}">'
                    f'<span class="mr-sa-row-title">{number}. {_esc(trait["title"])}</span>'
                    f'{_bar(len(levels(kb)))}'
                    f'<span class="mr-sa-row-value" data-mr-sa-value>Inte besvarat</span>'
                    f'<span class="mr-sa-row-note" data-mr-sa-note hidden></span></li>')
    return f'<ol class="mr-sa-chart" id="mr-sa-chart">{"".join(rows)}</ol>'


def _next_steps(kb: KnowledgeBase, href) -> str:
    parts = []
    for number, trait in enumerate(traits(kb), 1):
        trait_id = _esc(trait["id"])
        links = kb.trait_links.get(trait["id"], {})
        groups = []
        for folder, label in NEXT_STEP_KINDS:
            records = links.get(folder, [])
            if records:
                items = "".join(f'<li><a href="{_esc(href(r.doc_path))}" data-record="{_esc(r.type)}/{_esc(r.id)}">'
                                f"{_esc(r.title)}</a></li>" for r in records)
                groups.append(f'<p class="mr-sa-next-label">{label}</p><ul>{items}</ul>')
        parts.append(f'<section class="mr-sa-next" data-trait="{trait_id}" aria-labelledby="mr-sa-next-{trait_id}" '
                     f'hidden><h4 id="mr-sa-next-{trait_id}">{number}. {_esc(trait["title"])}</h4>'
                     f'<p class="mr-sa-next-answer">Ert svar: <span data-mr-sa-value></span>.</p>'
                     + "".join(groups) + "</section>")
    return "".join(parts)


def page_html(kb: KnowledgeBase, href) -> str:
    """The form, the toolbar, the result and the next steps. href(doc_path) gives a page's URL from this page."""
    established = [level["title"] for level in levels(kb) if level.get("established")]
    below = _esc(established[0].lower()) if established else "etablerat"
    fieldsets = "\n".join(_fieldset(kb, number, trait, href) for number, trait in enumerate(traits(kb), 1))
    toolbar = (
        '<div class="mr-sa-toolbar" id="mr-sa-toolbar" hidden>\n'
        '<p class="mr-sa-progress" id="mr-sa-progress"></p>\n'
        '<div class="mr-sa-actions" role="group" aria-label="Spara, hämta och rensa svar">'
        '<button type="button" class="md-button" data-mr-sa-action="export-json">Spara som fil (JSON)</button>'
        '<button type="button" class="md-button" data-mr-sa-action="export-csv">Spara som tabell (CSV för Excel)</button>'
        '<button type="button" class="md-button" data-mr-sa-action="import">Hämta svar från fil</button>'
        '<input type="file" id="mr-sa-file" accept=".json,.csv,application/json,text/csv" hidden>'
        '<button type="button" class="md-button" data-mr-sa-action="clear">Rensa mina svar</button>'
        '</div>\n<p class="mr-sa-jump"><a href="#mr-sa-result-title">Gå till resultatet</a></p>\n</div>\n')
    result = (
        '<section class="mr-sa-result" id="mr-sa-result" aria-labelledby="mr-sa-result-title" hidden>\n'
        '<h2 id="mr-sa-result-title">Ert resultat</h2>\n'
        '<p class="mr-sa-summary" id="mr-sa-summary"></p>\n'
        '<p class="mr-sa-printed" id="mr-sa-printed"></p>\n'
        '<h3 id="mr-sa-chart-title">Nivå per kännetecken</h3>\n'
        f'{_chart(kb)}\n'
        '<h3 id="mr-sa-next-title">Nästa steg</h3>\n'
        f'<p class="mr-sa-next-intro" id="mr-sa-next-intro">För varje kännetecken som ni har bedömt lägre än '
        f'”{below}” finns här verktyg, lärande exempel och principer att gå vidare med.</p>\n'
        '<p class="mr-sa-next-none" id="mr-sa-next-none" hidden>Inget av de kännetecken ni har besvarat ligger '
        f'under ”{below}”. Fortsätt att följa upp arbetet, och besvara de kännetecken som återstår.</p>\n'
        f'<div class="mr-sa-next-list">{_next_steps(kb, href)}</div>\n'
        '<p><button type="button" class="md-button" data-mr-sa-action="print">Skriv ut resultatet</button></p>\n'
        "</section>\n")
    return ('\n<div class="mr-sa" id="mr-sa">\n'
            + json_script(page_data(kb), "mr-sa-data") + "\n"
            + '<noscript><p class="mr-sa-noscript">Utan JavaScript sparas inga svar och inget resultat visas. '
              "Du kan läsa frågorna och nivåerna här, skriva ut sidan eller använda det tomma "
              "självskattningsbladet.</p></noscript>\n"
            + toolbar
            + '<p class="mr-sa-message" id="mr-sa-message" role="status" aria-live="polite"></p>\n'
            + '<section class="mr-sa-form" id="mr-sa-form" aria-labelledby="mr-sa-form-title">\n'
            + '<h2 id="mr-sa-form-title">Frågorna</h2>\n'
            + fieldsets + "\n" + _sticky() + "</section>\n" + result + "</div>\n")


def _sticky() -> str:
    """Where you stand, always in view while answering: how many are answered, how many are below "established",
    and the way to the whole result. Filled and shown by the script; sticks to the bottom of the window."""
    return ('<div class="mr-sa-sticky" id="mr-sa-sticky" hidden>'
            '<p class="mr-sa-sticky-text" id="mr-sa-sticky-text"></p>'
            '<a class="mr-sa-sticky-link" href="#mr-sa-result-title">Se resultatet och nästa steg</a></div>\n')


def worksheet_link(href, pdfs: set[str] | None = None) -> str:
    """A link to the blank worksheet PDF; pdfs: the PDF paths this build has (None: all), so a build without the
    PDF names it without a dead link."""
    if pdfs is not None and WORKSHEET_PATH not in pdfs:
        return "ett tomt självskattningsblad i PDF-utskrifterna"
    return (f'<a href="{_esc(href(WORKSHEET_PATH))}">det tomma självskattningsbladet</a> '
            f'<span class="mr-pdf" data-mr-pdf="{_esc(WORKSHEET_PATH)}">(PDF)</span>')
