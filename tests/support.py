"""Building a site for tests and reading it back, shared by the fixtures and by
tests that build their own small site."""

import os
import subprocess
import sys
from dataclasses import dataclass, field
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
    command = [sys.executable, "-m", "pelican", str(content), "-s", settings, "-o", str(output)]
    return subprocess.run(
        [*command, "--fatal", "warnings"], cwd=ROOT, env=env, capture_output=True, text=True
    )
