"""Replace words in the text of rendered HTML, outside tags and outside elements where a replacement does not
belong (links, headings, code). Shared by the glossary tooltips and the source markers."""
from __future__ import annotations

import re
from typing import Callable

_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*?(/?)>")


def substitute_in_text(page_html: str, pattern: re.Pattern, replace: Callable[[re.Match], str],
                       skip: set[str]) -> str:
    """pattern.sub(replace, …) on every text part of page_html that is not inside an element named in skip."""
    out, skip_depth, position = [], 0, 0
    for tag in _TAG.finditer(page_html):
        text = page_html[position:tag.start()]
        out.append(text if skip_depth else pattern.sub(replace, text))
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name in skip and not self_closing:
            skip_depth = max(0, skip_depth + (-1 if closing else 1))
        out.append(tag.group(0))
        position = tag.end()
    tail = page_html[position:]
    out.append(tail if skip_depth else pattern.sub(replace, tail))
    return "".join(out)
