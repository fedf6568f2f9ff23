"""Where the text of an article points to: Markdown images and links, HTML <img>.

Regular expressions over the lines rather than a Markdown parse: the writer
needs the line number, which Python-Markdown does not keep. Fenced code blocks
and `inline code` are skipped (they show links, they do not make them), and so
are the lines holding a product card `[[produit:…]]`, which another plugin reads.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .sources import Document

PRODUCT_CARD = "[[produit:"

FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+).+?\1")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<inner>[^)]*)\)")
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\[[^\]]*\]")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\((?P<inner>[^)]*)\)")
LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:\s*(?P<inner>\S.*)$")
INNER = re.compile(
    r"""\s*(?:<(?P<bracketed>[^>]*)>|(?P<bare>.*?))(?:\s+(?:"[^"]*"|'[^']*'))?\s*""", re.S
)
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)


@dataclass(frozen=True)
class Image:
    """An image in the text: its line, its markup as written, its address (None for
    `![alt][ref]`, whose address is a link definition) and its alt text."""

    line: int
    written: str
    target: str | None
    alt: str | None
    html: bool = False


@dataclass(frozen=True)
class Link:
    """A link in the text (inline or a reference definition) and its line."""

    line: int
    target: str


def images(document: Document) -> Iterator[Image]:
    for line, text in _text_lines(document):
        for match in IMAGE.finditer(text):
            yield Image(line, match[0], _target(match["inner"]), match["alt"])
        for match in REFERENCE_IMAGE.finditer(text):
            yield Image(line, match[0], None, match["alt"])
        for tag in HTML_IMAGE.findall(text):
            yield Image(line, tag, _attribute(tag, "src"), _attribute(tag, "alt"), html=True)


def links(document: Document) -> Iterator[Link]:
    for line, text in _text_lines(document):
        for pattern in (LINK, LINK_DEFINITION):
            for match in pattern.finditer(text):
                yield Link(line, _target(match["inner"]))


def _text_lines(document: Document) -> Iterator[tuple[int, str]]:
    """Numbered body lines that Markdown renders as text, inline code removed."""
    fence = None
    for index in range(document.header.body_start, len(document.lines)):
        line = document.lines[index]
        opening = FENCE.match(line)
        if fence:
            if opening and opening["fence"].startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening["fence"]
            continue
        if PRODUCT_CARD in line:
            continue
        yield index + 1, INLINE_CODE.sub("", line)


def _target(inner: str) -> str:
    """The address inside `(…)`, without <brackets> nor a "title"."""
    match = INNER.fullmatch(inner)
    return match["bracketed"] if match["bracketed"] is not None else match["bare"]


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(rf"""\b{name}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.I)
    if match is None:
        return None
    return next(group for group in match.groups() if group is not None)
