"""Build the site once, quietly, to learn which addresses it really publishes.

Root-relative links (« /contact/ ») and listing links ({category}…) can only be
judged against the real output: pages from other plugins (the catalog), direct
templates, drafts that are not published yet. Pelican's own messages are silenced
here: the CI build (`pelican --fatal warnings`) reports them; this build only
answers « does this address exist? ». The contentcheck plugin itself is left out,
its findings are already in the report.
"""

import contextlib
import io
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from pelican import Pelican
from pelican.settings import read_settings


class BuildFailed(Exception):
    """The site could not be built; the message is the technical cause, for the report."""


@dataclass(frozen=True)
class Site:
    """The addresses of every file the build wrote: « /contact/ », « /feeds/tous.atom.xml »."""

    urls: frozenset[str]

    def publishes(self, path: str) -> bool:
        path = unquote(path).removesuffix("index.html")
        return path in self.urls or f"{path.rstrip('/')}/" in self.urls


def build_site(settings_file: Path, content_dir: Path, plugins: list | None) -> Site:
    """Build into a temporary folder and keep only the list of published addresses."""
    override = {
        "PATH": str(content_dir),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
    }
    if plugins is not None:
        override["PLUGINS"] = [plugin for plugin in plugins if plugin != "contentcheck"]
    with tempfile.TemporaryDirectory(prefix="contentcheck-") as output:
        override["OUTPUT_PATH"] = output
        try:
            with quietly():
                Pelican(read_settings(str(settings_file), override=override)).run()
        except Exception as err:  # any failure must reach the writer as a sentence
            raise BuildFailed(f"{type(err).__name__}: {err}") from err
        return Site(frozenset(_urls(Path(output))))


def _urls(output: Path):
    for path in output.rglob("*"):
        if path.is_file():
            relative = path.relative_to(output).as_posix()
            yield "/" + relative.removesuffix("index.html")


@contextlib.contextmanager
def quietly():
    """Silence Pelican's log and its « Done: … » line while the check uses it."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        logging.disable(previous)
