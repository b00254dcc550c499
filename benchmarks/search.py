"""What a reader on a phone pays: `make bench-search` (or `python benchmarks/search.py --site site`).

Serves a built site the way a static host does (text gzipped at level 6; Pagefind's own
files, already compressed, as they are) and drives Debian's Chromium at 390x844 with
Chromium's "Slow 4G" network (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up) and 4x CPU
throttling, through the DevTools protocol. For one LSG page in each language it measures:

- first view: bytes transferred (gzipped, headers included) until the network is idle,
  charts and maps below the fold excluded (listed apart);
- search: time from the last key of a query to the expected page shown as the first
  result (the median of --runs runs, each in a fresh browser context, cold cache).

Works on the site before the search change (Material's lunr search) and after (Pagefind):
it finds which search the page has. Prints a table; writes nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import statistics
import threading
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
LANGUAGES = {"sr-Latn": "", "sr-Cyrl": "sr-Cyrl/", "en": "en/"}
PAGE = "lsg/cuprija/"
QUERY = "cuprija"
VIEWPORT = {"width": 390, "height": 844}
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
CPU_SLOWDOWN = 4
TEXT = {".html", ".css", ".js", ".json", ".svg", ".csv", ".xml", ".txt", ".mjs"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Like a static host: text gzipped when the client accepts it; the rest as it is."""

    def log_message(self, format, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # a context closed mid-response
            pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in TEXT or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def throttled_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    return context, page, cdp


BELOW_THE_FOLD = """(height) => {
    const below = new Set();
    for (const e of document.querySelectorAll('img[src], object[data]')) {
        const url = new URL(e.getAttribute('src') || e.getAttribute('data'), location.href).href;
        if (e.getBoundingClientRect().top >= height) below.add(url);
    }
    for (const e of document.querySelectorAll('img[src], object[data]')) {
        const url = new URL(e.getAttribute('src') || e.getAttribute('data'), location.href).href;
        if (e.getBoundingClientRect().top < height) below.delete(url);
    }
    return [...below];
}"""


def first_view(browser, url: str) -> dict:
    context, page, cdp = throttled_page(browser)
    urls: dict[str, str] = {}
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle", timeout=180_000)
    below = set(page.evaluate(BELOW_THE_FOLD, VIEWPORT["height"]))
    context.close()
    counted = excluded = search = 0.0
    for request, size in sizes.items():
        address = urls.get(request, "")
        if address in below:
            excluded += size
            continue
        counted += size
        if "/pagefind/" in address or "search_index" in address or "/workers/search" in address:
            search += size
    return {"bytes": counted, "below_fold": excluded, "search": search}


# Time of the last key, and since when the expected page is the first result shown (null
# while it is not), both in the page's clock. lunr may show it before the last key: 0 s.
TIMER = """(expected) => {
    window.__bench = {lastKey: null, shown: null};
    document.addEventListener('keydown', () => { window.__bench.lastKey = performance.now(); }, true);
    const check = () => {
        const first = document.querySelector(
            'pagefind-modal dialog[open] a.pf-result-link, .md-search-result__item > a');
        if (!(first && first.href.endsWith(expected))) window.__bench.shown = null;
        else if (window.__bench.shown === null) window.__bench.shown = performance.now();
    };
    new MutationObserver(check).observe(document.body, {subtree: true, childList: true,
                                                        attributes: true});
}"""


def time_to_results(browser, url: str, expected: str) -> float:
    context, page, _ = throttled_page(browser)
    page.goto(url, wait_until="load", timeout=180_000)
    page.evaluate(TIMER, expected)
    if page.query_selector("button.site-search-open"):  # Pagefind
        page.click("button.site-search-open")
        field = "pagefind-modal dialog[open] input"
    else:  # Material's lunr search
        page.click("label[for=__search]")
        field = "input.md-search__input"
    page.wait_for_selector(field, timeout=180_000)
    page.type(field, QUERY, delay=120)
    page.wait_for_function("() => window.__bench.shown !== null", timeout=180_000)
    seconds = page.evaluate("() => (window.__bench.shown - window.__bench.lastKey) / 1000")
    context.close()
    return max(seconds, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", help="a built site (default: site/)")
    parser.add_argument("--runs", type=int, default=3, help="search timings per language")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    httpd, root = serve(Path(args.site))
    print(
        f"site {args.site}; Slow 4G, CPU x{CPU_SLOWDOWN}, {VIEWPORT['width']}x{VIEWPORT['height']}"
    )
    print(
        f"{'language':10} {'first view KB':>14} {'of it search':>13} {'charts below':>13} "
        f"{'last key -> results s (median, min-max)':>40}"
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for lang, prefix in LANGUAGES.items():
                url = root + prefix + PAGE
                view = first_view(browser, url)
                times = [time_to_results(browser, url, prefix + PAGE) for _ in range(args.runs)]
                print(
                    f"{lang:10} {view['bytes'] / 1024:14.1f} {view['search'] / 1024:13.1f} "
                    f"{view['below_fold'] / 1024:13.1f} "
                    f"{statistics.median(times):>22.2f} ({min(times):.2f}-{max(times):.2f})"
                )
            browser.close()
    finally:
        httpd.shutdown()


if __name__ == "__main__":
    main()
