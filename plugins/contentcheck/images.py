"""Rule 6: every image has a text alternative and a file the site will publish.

A Markdown image whose address is relative (« schema.png ») is left as is by
Pelican and then looked for next to the article's address (/blog/slug/schema.png),
where nothing is published: it is reported even when the file exists, with the
`{static}` form that works.
"""

import os
import re
from pathlib import Path

from .french import say, shorten
from .markup import Image, images
from .problem import Problem
from .sources import Document
from .targets import (
    FILE_KINDS,
    Target,
    content_relative,
    is_published_static,
    missing_file,
    parse_target,
    source_file,
)

EMPTY_ALT = re.compile(r"^!\[[^\]]*\]")


def image_problems(document: Document, content_dir: Path, settings: dict) -> list[Problem]:
    """The cover and every image of the text of one document."""
    found = [*_cover(document, content_dir, settings)]
    for image in images(document):
        found.extend(_alt(image))
        if image.target is not None:
            found.extend(_file(image, document, content_dir, settings))
    return [Problem(document.shown, line, message) for line, message in found]


def _cover(document: Document, content_dir: Path, settings: dict):
    fields = document.header.fields
    cover = fields.get("cover")
    if cover is None or not cover.value:
        return
    alt = fields.get("cover_alt")
    if alt is None or not alt.value:
        yield (
            (alt or cover).line,
            say(
                "l’image de couverture n’a pas de texte alternatif : ajoutez une ligne "
                "« Cover_alt: … » qui la décrit."
            ),
        )
    written = cover.value.removeprefix("{static}").lstrip("/")
    path = Path(os.path.normpath(content_dir / written))
    if not path.is_file():
        yield cover.line, missing_file("l’image de couverture", cover.value, path, content_dir)
    elif written != cover.value:
        yield (
            cover.line,
            say(
                "écrivez « Cover: {path} » : la couverture s’écrit depuis le dossier content/, "
                "sans {{static}} ni « / » au début.",
                path=written,
            ),
        )
    elif not is_published_static(path, content_dir, settings):
        yield cover.line, _unpublished("l’image de couverture", cover.value, settings)


def _alt(image: Image):
    if image.alt and image.alt.strip():
        return
    if image.html:
        yield (
            image.line,
            say(
                'la balise « {tag} » n’a pas de texte alternatif : ajoutez alt="…" qui décrit '
                "l’image.",
                tag=shorten(image.written, 80),
            ),
        )
    else:
        example = EMPTY_ALT.sub(lambda _: "![Échographe portable sur son chariot]", image.written)
        yield (
            image.line,
            say(
                "l’image « {image} » n’a pas de texte alternatif : décrivez-la entre les "
                "crochets, par exemple « {example} ».",
                image=image.written,
                example=example,
            ),
        )


def _file(image: Image, document: Document, content_dir: Path, settings: dict):
    target = parse_target(image.target)
    if target.kind in FILE_KINDS or target.kind == "root":
        path = source_file(target, document.path, content_dir)
        if not path.is_file():
            yield image.line, missing_file("l’image", image.target, path, content_dir)
        elif target.kind == "root" and not is_published_static(path, content_dir, settings):
            yield image.line, _unpublished("l’image", image.target, settings)
    elif target.kind == "relative":
        beside = source_file(target, document.path, content_dir)
        from_root = source_file(Target("root", "/" + target.value), document.path, content_dir)
        path = next((p for p in (beside, from_root) if p.is_file()), None)
        if path is None:
            yield image.line, missing_file("l’image", image.target, beside, content_dir)
        else:
            yield (
                image.line,
                say(
                    "l’image « {src} » ne s’affichera pas sur le site (une adresse relative est "
                    "cherchée à côté de la page publiée) : écrivez « {{static}}/{path} ».",
                    src=image.target,
                    path=content_relative(path, content_dir),
                ),
            )


def _unpublished(noun: str, value: str, settings: dict) -> str:
    folders = ", ".join(f"{folder.strip('/')}/" for folder in settings["STATIC_PATHS"])
    return say(
        "{noun} « {value} » n’est pas dans un dossier publié tel quel ({folders}) : "
        "déplacez le fichier dans l’un de ces dossiers de content/.",
        noun=noun,
        value=value,
        folders=folders,
    )
