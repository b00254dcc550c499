"""A static server for the built site that behaves like GitHub Pages: the site is served
under a base path (`/` for a user site, `/repo/` for a project site) and every missing
path, whatever its language tree or depth, is answered with the root `404.html` and
status 404."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, base_path: str, **kwargs):
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def translate_path(self, path: str) -> str:
        request_path = urlsplit(path).path
        if not request_path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-the-base-path")  # not in the site
        return super().translate_path("/" + path[len(self.base_path) :])

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer:
    def __init__(self, root: Path, base_path: str = "/"):
        handler = functools.partial(Handler, directory=str(root), base_path=base_path)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{base_path}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
