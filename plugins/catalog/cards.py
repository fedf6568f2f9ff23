"""Product cards in articles: `[[produit:GTIN-ou-slug]]` in Markdown becomes a card.

Marketing staff name a product by its GTIN (any length) or its slug (the end
of its address, `catalogue/produits/<slug>/`). A marker alone in its
paragraph becomes a card (title, brand, price range, number of offers, link);
a marker inside a sentence becomes a link with the lowest price. An unknown
product is a warning naming the article's file and line, which fails CI
builds (`--fatal warnings`), and the marker is removed from the page.

The generator replaces the markers once every generator has read its
content (`all_generators_finalized`), before any page is written; this
module only finds products and rewrites HTML.
"""

import re
from pathlib import Path

from .catalog import CatalogResult
from .model import Product
from .parsing import InvalidValue, gtin13, parse_gtin

MARKER = re.compile(r"\[\[produit:\s*([^\]\s]+)\s*\]\]")
BLOCK = re.compile(r"<p>\s*\[\[produit:\s*([^\]\s]+)\s*\]\]\s*</p>")


def find_product(catalog: CatalogResult, reference: str) -> Product | None:
    """The product a marker names: by GTIN (8 to 14 digits) or by slug."""
    if reference.isdigit():
        try:
            gtin = parse_gtin(reference)
        except InvalidValue:
            return None
        return catalog.product_by_gtin.get(gtin13(gtin) or gtin)
    return catalog.product_by_slug.get(reference)


def unknown_markers(text: str, catalog: CatalogResult) -> list[tuple[int, str]]:
    """(line, reference) of every marker of a source text naming no product.

    For checks that read the Markdown sources (`invoke check`) rather than
    the built pages.
    """
    return [
        (number, match[1])
        for number, line in enumerate(text.splitlines(), start=1)
        for match in MARKER.finditer(line)
        if find_product(catalog, match[1]) is None
    ]


def marker_line(source_path: str, reference: str) -> int | None:
    """The line of the source file holding the marker, for the warning."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for number, line in enumerate(lines, start=1):
        if f"produit:{reference}" in line.replace(" ", ""):
            return number
    return None


def replace_markers(html: str, render, unknown) -> str:
    """Replace every marker of an HTML fragment.

    `render(reference, block)` returns the card (`block` true: the marker
    was alone in its paragraph) or the inline link, or None for an unknown
    product; then `unknown(reference)` says so and gives the replacement.
    """

    def block(match: re.Match) -> str:
        html = render(match[1], True)
        return unknown(match[1]) if html is None else html

    def inline(match: re.Match) -> str:
        html = render(match[1], False)
        return unknown(match[1]) if html is None else html

    return MARKER.sub(inline, BLOCK.sub(block, html))
