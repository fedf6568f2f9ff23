"""What an address written in Markdown points to, the way Pelican reads it.

`{filename}`, `{static}` and `{attach}` name a source file, from content/ when
the path starts with « / », else from the document's folder (`Content._link_replacer`);
`{category}`, `{tag}` and `{author}` name a listing page; « /… » is an address on
the site; anything with a scheme (https:, mailto:) is outside the site.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from .french import say
from .suggest import closest

INTRASITE = re.compile(r"[{|](?P<what>\w*)[|}](?P<rest>.*)", re.S)
EXTERNAL = re.compile(r"([a-z][a-z0-9+.-]*:|//)", re.I)
FILE_KINDS = {"filename", "static", "attach"}
# Paths share long prefixes (« images/articles/… »): only a near miss is worth suggesting.
PATH_CUTOFF = 0.8


@dataclass(frozen=True)
class Target:
    """An address split into its kind and its path or name.

    kind: a Pelican indicator (« filename », « category »…), « root » for « /… »,
    « relative », « external » or « anchor » (« #section »).
    """

    kind: str
    value: str


def parse_target(raw: str) -> Target:
    intrasite = INTRASITE.match(raw)
    if intrasite:
        return Target(intrasite["what"], urlparse(intrasite["rest"]).path)
    if EXTERNAL.match(raw):
        return Target("external", raw)
    path = urlparse(raw).path
    if not path:
        return Target("anchor", raw)
    return Target("root" if path.startswith("/") else "relative", path)


def source_file(target: Target, document_path: Path, content_dir: Path) -> Path:
    """The source file a file-like target names, from content/ or from the document."""
    value = unquote(target.value)
    base = content_dir if value.startswith("/") else document_path.parent
    return Path(os.path.normpath(base / value.lstrip("/")))


def missing_file(noun: str, raw: str, expected: Path, content_dir: Path) -> str:
    """« l’image « … » renvoie à un fichier introuvable (…) », with the likeliest name."""
    shown = os.path.relpath(expected, content_dir.resolve().parent)
    siblings = [p.name for p in expected.parent.iterdir()] if expected.parent.is_dir() else []
    guess = closest(expected.name, siblings, cutoff=PATH_CUTOFF)
    hint = (
        say(" : vouliez-vous dire « {guess} » ?", guess=guess)
        if guess
        else say(" : vérifiez le nom du fichier et son dossier.")
    )
    return (
        say(
            "{noun} « {raw} » renvoie à un fichier introuvable ({shown})",
            noun=noun,
            raw=raw,
            shown=Path(shown).as_posix(),
        )
        + hint
    )


def is_published_static(path: Path, content_dir: Path, settings: dict) -> bool:
    """Whether Pelican copies this file to the site without a {static} link (STATIC_PATHS)."""
    relative = content_relative(path, content_dir)
    for static in settings["STATIC_PATHS"]:
        static = static.strip("/")
        if not static or relative == static or relative.startswith(static + "/"):
            return True
    return False


def content_relative(path: Path, content_dir: Path) -> str:
    """« images/x.svg » for content/images/x.svg: how paths are written in the content."""
    return Path(os.path.relpath(path, content_dir)).as_posix()
