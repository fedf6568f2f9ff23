"""A static server for the benchmark that compresses like a production server.

Files with a `.gz` beside them (our search data) are sent as they are, with
`Content-Encoding: gzip`, as nginx's `gzip_static` does; other text files
(HTML, CSS, JS, JSON, WebAssembly) are gzipped on the fly and cached;
Pagefind's own files, already compressed, are sent untouched. So both
engines are measured in the bytes a real visitor downloads.
"""

import gzip
import threading
from functools import lru_cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt"}


@lru_cache(maxsize=4096)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class CompressingHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        """The benchmark prints its own table, not an access log."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts:
            return super().do_GET()
        static = path.with_name(path.name + ".gz")
        if static.is_file():
            body = static.read_bytes()
        elif path.suffix in COMPRESSIBLE:
            body = _gzipped(path, path.stat().st_mtime)
        else:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


def serve(directory: Path) -> ThreadingHTTPServer:
    """Serve `directory` on a free local port, in a daemon thread; the caller shuts it down."""
    handler = partial(CompressingHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
