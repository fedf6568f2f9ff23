"""Which Markdown files Pelican reads as articles and pages, and their text.

The walk mirrors Pelican's own (`Generator.get_files`): ARTICLE_PATHS and
PAGE_PATHS under the content folder, minus their *_EXCLUDES and IGNORE_FILES.
Only Markdown is checked: it is the only format the writers use.
"""

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from .french import say
from .header import Header, parse_header
from .problem import Problem, shown_path

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
KINDS = {"article": "ARTICLE", "page": "PAGE"}
NOT_UTF8 = say(
    "le fichier n’est pas enregistré en UTF-8, les accents de cette ligne sont illisibles : "
    "réenregistrez-le en UTF-8 depuis votre éditeur."
)


@dataclass(frozen=True)
class Document:
    """One article or page: where it is, its lines and its parsed header."""

    kind: str
    path: Path
    shown: str
    lines: tuple[str, ...]
    header: Header


def find_files(content_dir: Path, settings: dict) -> list[tuple[str, Path]]:
    """Every Markdown article and page Pelican would read, as (kind, path) pairs."""
    ignores = settings["IGNORE_FILES"]
    found = []
    for kind, prefix in KINDS.items():
        excluded = {(content_dir / e).resolve() for e in settings[f"{prefix}_EXCLUDES"]}
        for start in settings[f"{prefix}_PATHS"]:
            for dirpath, dirs, files in os.walk(content_dir / start, followlinks=True):
                here = Path(dirpath)
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if (here / d).resolve() not in excluded and not _ignored(d, ignores)
                )
                found.extend(
                    (kind, here / name)
                    for name in sorted(files)
                    if name.endswith(MARKDOWN_SUFFIXES) and not _ignored(name, ignores)
                )
    return found


def read_document(kind: str, path: Path, content_dir: Path) -> Document | Problem:
    """The file read as Pelican reads it (UTF-8, BOM allowed), or why it cannot be."""
    shown = shown_path(path, content_dir)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return Problem(shown, raw[: err.start].count(b"\n") + 1, NOT_UTF8)
    lines = tuple(text.splitlines())
    return Document(kind, path, shown, lines, parse_header(kind, shown, lines))


def _ignored(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
