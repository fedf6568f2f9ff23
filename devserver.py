"""A local server for the built site that behaves like the production one:
`/blog/x/` serves `blog/x/index.html`, unknown paths get `404.html` with a
404 status (Pelican's own server just drops the connection).

Used by `invoke serve` and by the tests; the lead-intake service will mount
the same folder next to its API.
"""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class SiteRequestHandler(SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory, "404.html")
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class QuietSiteRequestHandler(SiteRequestHandler):
    def log_message(self, format, *args):
        """Tests read their own assertions, not an access log."""


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0, quiet: bool = False):
    handler = QuietSiteRequestHandler if quiet else SiteRequestHandler
    return ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(directory)))


def serve_in_background(directory: Path) -> ThreadingHTTPServer:
    """Start a quiet server on a free port; the caller shuts it down."""
    server = make_server(directory, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
