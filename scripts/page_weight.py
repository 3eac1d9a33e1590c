"""Page weight per page type of a built site: HTML + the CSS and JavaScript it links, raw and gzipped.

The search's fixed files are shown on their own line: online Pagefind's script, WebAssembly, metadata and filter
chunk, fetched only when a visitor opens the search (then the index chunks and fragments a query needs); in the
offline copy the theme's lunr index and worker.

    python scripts/page_weight.py site            # a built site folder
    python scripts/page_weight.py site --json     # machine-readable
"""
from __future__ import annotations

import argparse
import gzip
import json
import posixpath
import re
import sys
from pathlib import Path

ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


def _first(site: Path, folder: str) -> str | None:
    pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
    return f"{folder}/{pages[0]}/index.html" if pages else None


def page_types(site: Path) -> dict[str, str]:
    """Page type -> a representative page (path inside the site)."""
    candidates = {"start": "index.html", "listing (exempel, with filters)": "exempel/index.html",
                  "listing (principer)": "principer/index.html", "matrix": "matris/index.html",
                  "glossary": "ordlista/index.html", "hand-written (tillgänglighet)": "tillganglighet/index.html"}
    for folder in ("principer", "aktorskap", "roller", "verktyg", "exempel"):
        candidates[f"record ({folder})"] = _first(site, folder)
    return {name: path for name, path in candidates.items() if path and (site / path).is_file()}


def _size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 9, mtime=0))


def weigh(site: Path, page: str) -> dict:
    html = (site / page).read_text(encoding="utf-8")
    totals = {"html": _size(site / page), "css": [0, 0], "js": [0, 0]}
    for url in ASSET.findall(html):
        if "://" in url or url.startswith("//"):
            raise SystemExit(f"{page}: external asset {url} (the site must not load third-party files)")
        target = site / posixpath.normpath(posixpath.join(posixpath.dirname(page), url.split("?")[0]))
        kind = "css" if url.split("?")[0].endswith(".css") else "js"
        raw, packed = _size(target)
        totals[kind][0] += raw
        totals[kind][1] += packed
    raw = sum(v[0] for v in totals.values())
    packed = sum(v[1] for v in totals.values())
    return {"page": page, **{k: list(v) for k, v in totals.items()}, "total": [raw, packed]}


def search_assets(site: Path) -> dict:
    pagefind = site / "pagefind"
    files = [pagefind / "pagefind.js", pagefind / "wasm.sv.pagefind", *sorted(pagefind.glob("*.pf_meta")),
             *sorted((pagefind / "filter").glob("*.pf_filter"))]
    if (site / "search" / "search_index.json").is_file():  # the offline copy: the theme's lunr search
        files = [site / "search" / "search_index.json",
                 *sorted((site / "assets" / "javascripts" / "workers").glob("*.js")),
                 site / "assets" / "javascripts" / "lunr" / "min" / "lunr.stemmer.support.min.js",
                 site / "assets" / "javascripts" / "lunr" / "min" / "lunr.sv.min.js"]
    sizes = [_size(f) for f in files if f.is_file()]
    return {"files": [str(f.relative_to(site)) for f in files if f.is_file()],
            "total": [sum(s[0] for s in sizes), sum(s[1] for s in sizes)]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = {name: weigh(args.site, page) for name, page in page_types(args.site).items()}
    search = search_assets(args.site)
    if args.json:
        print(json.dumps({"pages": rows, "search": search}, ensure_ascii=False, indent=1))
        return 0
    kb = lambda pair: f"{pair[0] / 1024:7.1f} / {pair[1] / 1024:5.1f}"  # noqa: E731
    print(f"{'page type':34} {'HTML kB raw/gz':>16} {'CSS kB raw/gz':>16} {'JS kB raw/gz':>16} {'total kB raw/gz':>16}")
    for name, row in rows.items():
        print(f"{name:34} {kb(row['html']):>16} {kb(row['css']):>16} {kb(row['js']):>16} {kb(row['total']):>16}")
    print(f"{'search, fixed part (when used)':34} {'':>16} {'':>16} {'':>16} {kb(search['total']):>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
