"""The map of Sweden's 21 län on /exempel/, the start page and in the whole-guide PDF: each län shaded by its number
of learning examples and, where it has any, a link to the listing filtered on it (facets.py key "lan").

An SVG made at build time from the data and county_outlines.json (SCB's county borders, simplified by
scripts/county_outlines.py): no tiles, no script, no request to another host; it works from file:// too. Each län
with examples is a link with its name and count; the same numbers follow as a table, for screen readers and for
anyone who would rather read than look. Colours come from mr.css (light and dark); the fill attributes are the
light colours, for the PDF and for a reader without the stylesheet."""
from __future__ import annotations

import html
import json
from functools import cache
from pathlib import Path

from ..data.model import KnowledgeBase

OUTLINES = Path(__file__).with_name("county_outlines.json")
FACET_KEY = "lan"  # facets.FACETS["exempel"]: the listing's query key for län
# Shades by number of examples: (lowest count, label in the key, fill in light mode). mr.css has the dark ones.
SHADES = ((0, "0", "#f1f2f8"), (1, "1", "#c5cae9"), (2, "2", "#8f9bd9"), (3, "3–4", "#5665bf"),
          (5, "5 eller fler", "#28358f"))
# The small län of the south and middle get their label beside the country, with a line to the län's middle: on the
# left (west) or the right (east, in the Baltic). The large ones carry their label in their middle.
LABEL_SIDE = {"orebro": "left", "vastra-gotaland": "left", "jonkoping": "left", "halland": "left",
              "kronoberg": "left", "skane": "left", "uppsala": "right", "vastmanland": "right", "stockholm": "right",
              "sodermanland": "right", "ostergotland": "right", "kalmar": "right", "gotland": "right",
              "blekinge": "right"}
FONT = 26  # drawing units: about 16 px when the full map is 420 px wide
LINE = 32  # the least distance between two labels on a side
LEFT_X, RIGHT_X = -14, 300  # where the side labels start (left: right-aligned)
PAD_LEFT, PAD_RIGHT = 280, 80  # room for the side labels


def _side_positions(points: dict[str, tuple[int, int]], bottom: int) -> dict[str, int]:
    """Label heights for one side: each as near its län as it can be, at least LINE apart, above the bottom."""
    order = sorted(points, key=lambda county_id: points[county_id][1])
    heights, previous = {}, None
    for county_id in order:
        y = points[county_id][1] if previous is None else max(points[county_id][1], previous + LINE)
        heights[county_id] = previous = y
    overflow = max(0, (previous or 0) - bottom)
    return {county_id: y - overflow for county_id, y in heights.items()}


@cache
def outlines() -> dict:
    return json.loads(OUTLINES.read_text(encoding="utf-8"))


def counts(kb: KnowledgeBase) -> dict[str, int]:
    """Examples per län id, every län of the vocabulary (0 where none): an example in two län counts in both,
    as the listing's filter does."""
    result = {county_id: 0 for county_id in kb.vocabularies.get("lan", {})}
    for record in kb.records.get("exempel", {}).values():
        for county_id in dict.fromkeys(record.data.get("counties", [])):
            if county_id in result:
                result[county_id] += 1
    return result


def short_name(title: str) -> str:
    """ "Stockholms län" -> "Stockholm", "Skåne län" -> "Skåne", "Kalmar län" -> "Kalmar"."""
    name = title.removesuffix(" län")
    return name[:-1] if name.endswith("s") else name


def _shade(count: int) -> int:
    return max(index for index, (lowest, _, _) in enumerate(SHADES) if count >= lowest)


def _count_words(count: int) -> str:
    return "inga lärande exempel" if count == 0 else f"{count} lärande exempel"


def county_map(kb: KnowledgeBase, listing_url: str | None, variant: str = "full") -> str:
    """The map, its key and the table as HTML. listing_url: the URL of /exempel/ as seen from the page (the links
    add ?lan=<id>); None for paper (no links). variant "full" (with names), "compact" (counts only, for the start
    page) or "print"."""
    data = outlines()
    vocabulary = kb.vocabularies.get("lan", {})
    per_county = counts(kb)
    width, height = data["width"], data["height"]
    named = variant != "compact"
    pad_left, pad_right = (PAD_LEFT, PAD_RIGHT) if named else (10, 10)
    shapes, labels, side_y = [], [], {}
    for county_id, outline in data["counties"].items():
        entry = vocabulary.get(county_id)
        title = entry.title if entry else outline["name"]
        number = per_county.get(county_id, 0)
        shade = _shade(number)
        path = (f'<path class="mr-map__lan mr-map__lan--{shade}" fill="{SHADES[shade][2]}" '
                f'd="{outline["d"]}"/>')
        words = f"{title}: {_count_words(number)}"
        if listing_url is not None and number:
            href = html.escape(f"{listing_url}?{FACET_KEY}={county_id}")
            shapes.append(f'<a href="{href}" aria-label="{html.escape(words)}"><title>{html.escape(words)}</title>'
                          f"{path}</a>")
        else:
            shapes.append(f"<g><title>{html.escape(words)}</title>{path}</g>")
    if named:
        for side in ("left", "right"):
            points = {c: tuple(o["label"]) for c, o in data["counties"].items() if LABEL_SIDE.get(c) == side}
            for county_id, y in _side_positions(points, height - 4).items():
                side_y[county_id] = y
    for county_id, outline in data["counties"].items():
        entry = vocabulary.get(county_id)
        title = entry.title if entry else outline["name"]
        number = per_county.get(county_id, 0)
        x, y = outline["label"]
        text = html.escape(f"{short_name(title)} {number}" if named else str(number))
        if county_id in side_y:
            lx = LEFT_X if LABEL_SIDE[county_id] == "left" else RIGHT_X
            ly = side_y[county_id]
            anchor = "end" if lx < x else "start"
            labels.append(f'<line class="mr-map__leader" stroke="#5b5f72" stroke-width="1.5" x1="{x}" y1="{y}" '
                          f'x2="{lx + (4 if anchor == "end" else -4)}" y2="{ly}"/><circle class="mr-map__dot" cx="{x}" cy="{y}" r="3"/>'
                          f'<text x="{lx}" y="{ly + FONT // 3}" text-anchor="{anchor}">{text}</text>')
        elif named or number:  # the compact map names no län and leaves the count 0 to the shade and the key
            labels.append(f'<text x="{x}" y="{y + FONT // 3}" text-anchor="middle">{text}</text>')
    title_text = "Karta: lärande exempel per län"
    svg = (f'<svg class="mr-map__svg mr-map__svg--{variant}" viewBox="{-pad_left} -10 {width + pad_left + pad_right} '
           f'{height + 20}" font-size="{FONT if named else 34}" xmlns="http://www.w3.org/2000/svg" role="group" aria-label="{title_text}">'
           # Presentation attributes for the PDF (WeasyPrint does not style SVG from the stylesheet); mr.css wins.
           f'<g class="mr-map__shapes" stroke="#5b5f72" stroke-width="1.2">{"".join(shapes)}</g>'
           f'<g class="mr-map__labels" aria-hidden="true" fill="#000" font-weight="700">{"".join(labels)}</g></svg>')
    key = "".join(f'<li><span class="mr-map__swatch mr-map__lan--{index}" aria-hidden="true"></span>{label}</li>'
                  for index, (_, label, _) in enumerate(SHADES))
    key_html = f'<ul class="mr-map__key" aria-label="Färgerna betyder antal exempel">{key}</ul>'
    rows = []
    for county_id, entry in vocabulary.items():
        number = per_county.get(county_id, 0)
        name = html.escape(entry.title)
        if listing_url is not None and number:
            name = f'<a href="{html.escape(f"{listing_url}?{FACET_KEY}={county_id}")}">{name}</a>'
        rows.append(f"<tr><th scope=\"row\">{name}</th><td>{number}</td></tr>")
    table = ('<table class="mr-map__table"><caption>Lärande exempel per län</caption>'
             '<thead><tr><th scope="col">Län</th><th scope="col">Antal exempel</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    with_examples = sum(1 for number in per_county.values() if number)
    lead = (f"Lärande exempel finns från {with_examples} av Sveriges {len(vocabulary)} län. "
            + ("Välj ett län på kartan för att se dess exempel. Ett exempel som gäller flera län räknas i vart och "
               "ett." if listing_url is not None else "Ett exempel som gäller flera län räknas i vart och ett."))
    if variant == "print":
        return (f'<div class="mr-map mr-map--print"><p>{lead}</p><div class="mr-map__body">{svg}'
                f'<div class="mr-map__side">{key_html}{table}</div></div></div>')
    if variant == "compact":
        more = (f'<p><a href="{html.escape(listing_url)}">Alla lärande exempel, med kartan med länens namn</a></p>'
                if listing_url is not None else "")
        return (f'<div class="mr-map mr-map--compact">{svg}<div class="mr-map__side"><p>{lead}</p>{key_html}{more}'
                f'<details class="mr-map__details"><summary>Antal per län som tabell</summary>{table}</details>'
                "</div></div>")
    return (f'<div class="mr-map mr-map--full"><div class="mr-map__body">{svg}<div class="mr-map__side">'
            f"<p>{lead}</p>{key_html}<details class=\"mr-map__details\"><summary>Antal per län som tabell</summary>"
            f"{table}</details></div></div></div>")
