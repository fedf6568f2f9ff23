"""Building a site for tests and reading it back, shared by the fixtures and by
tests that build their own small site."""

import functools
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class BuiltSite:
    root: Path
    url: str
    _soups: dict = field(default_factory=dict)

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def path_for(self, url: str) -> Path | None:
        """The file that serves `url` (absolute on this site, or root-relative), or None."""
        parts = urlsplit(url)
        if parts.netloc and f"{parts.scheme}://{parts.netloc}" != self.url:
            return None
        path = self.root / unquote(parts.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        return path if path.is_file() else None

    def soup(self, relative: str) -> BeautifulSoup:
        """Parsed page at a path relative to the site root, e.g. `blog/` or `index.html`."""
        path = self.path_for("/" + relative)
        assert path, f"{relative} was not generated"
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        return self._soups[path]


def build_site(content: Path, output: Path, siteurl: str, settings: str = "publishconf.py"):
    """Run Pelican as CI does; returns the completed process (check it yourself)."""
    env = {**os.environ, "SITEURL": siteurl}
    command = [sys.executable, "sitebuild.py", str(content), "-s", settings, "-o", str(output)]
    return subprocess.run(
        [*command, "--fatal", "warnings"], cwd=ROOT, env=env, capture_output=True, text=True
    )


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Serves the built site like production: `404.html` with a 404 status for unknown paths."""

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

    def log_message(self, format, *args):
        """Tests read their own assertions, not an access log."""


def serve_in_background(directory: Path) -> ThreadingHTTPServer:
    """Start a quiet server on a free port; the caller shuts it down."""
    handler = functools.partial(SiteRequestHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
