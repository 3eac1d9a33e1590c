"""What a visitor's browser pays, measured in headless Chromium against a local server that compresses like a real
host (gzip for text, WebAssembly and JSON; Pagefind's index chunks are stored gzipped already). Used by bench.py.

- page_load_kb: bytes over the wire for one page view, cold cache;
- first_query_kb: bytes the first search on that page fetches (Pagefind's script, WebAssembly, index chunks and
  the result fragments shown), or the theme's lunr index when the site has that instead;
- keystroke_ms: from typing a query to its results in the page, median over several queries (warm)."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import statistics
import threading
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
COMPRESSED = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".wasm", ".pagefind")
QUERIES = ("delaktighet", "analys", "arbetsgivaren", "dialog", "uppföljning", "barn", "skola", "budget")
# Time from setting the query to its rendered results, in the page (the UI waits 40 ms after a keystroke).
# The dialog marks the list with the query whose results it shows (data-query).
_KEYSTROKE_JS = """async (query) => {
  const input = document.querySelector('[role=search] input');
  const list = document.querySelector('.mr-search__results');
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise(resolve => {
    const done = () => list.dataset.query === query && resolve();
    new MutationObserver(done).observe(list, {attributes: true, attributeFilter: ['data-query']});
  });
  await new Promise(requestAnimationFrame);
  return performance.now() - started;
}"""


class _CompressingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves gzip when asked, as static hosts do, and counts the bytes sent."""

    sent: list[int]

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or path.suffix not in COMPRESSED:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent.append(len(data))
        outputfile.write(data)


@contextlib.contextmanager
def compressing_server(site: Path):
    """(base URL, list of bytes sent per response) while the server runs."""
    sent: list[int] = []
    handler = type("Handler", (_CompressingHandler,), {"sent": sent})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", sent
    finally:
        server.shutdown()


def measure(site: Path, page_path: str, keystrokes: bool = True) -> dict[str, float]:
    """page_load_kb, first_query_kb and (Pagefind sites, keystrokes=True) keystroke_ms for one page of a built site."""
    from playwright.sync_api import sync_playwright
    result: dict[str, float] = {}
    with compressing_server(site) as (base, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()
            page.goto(base + page_path, wait_until="networkidle")
            result["page_load_kb"] = sum(sent) / 1024
            sent.clear()
            page.keyboard.press("/")
            field = page.locator("[role=search] input").first
            field.wait_for(state="visible")
            field.press_sequentially(QUERIES[0], delay=120)  # a brisk typist
            page.wait_for_selector("[role=search] ol > li", timeout=60000)
            page.wait_for_load_state("networkidle")
            result["first_query_kb"] = sum(sent) / 1024
            if keystrokes and page.locator(".mr-search__status").count():
                times = [page.evaluate(_KEYSTROKE_JS, query) for query in QUERIES[1:] + QUERIES[:1]]
                result["keystroke_ms"] = statistics.median(times)
        finally:
            browser.close()
    return result
