"""A static server for the built site, answering unknown paths with the 404 page of the
language tree they fall in (what a host configured per language would do)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

LANGUAGE_ROOTS = ("sr-Cyrl/", "en/")


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output quiet
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        path = self.path.lstrip("/")
        prefix = next((p for p in LANGUAGE_ROOTS if path.startswith(p)), "")
        page = Path(self.directory) / prefix / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer:
    def __init__(self, root: Path):
        handler = functools.partial(Handler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
