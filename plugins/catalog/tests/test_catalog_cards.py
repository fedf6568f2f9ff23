"""Product markers in articles: finding products, rewriting HTML, reporting unknown ones."""

from pathlib import Path

import pytest
from catalog.cards import find_product, marker_line, replace_markers, unknown_markers
from catalog.catalog import load_catalog

DATA = Path(__file__).resolve().parents[3] / "catalog_data"


@pytest.fixture(scope="module")
def demo():
    return load_catalog(DATA)


@pytest.mark.parametrize(
    "reference",
    ["2991000010077", "02991000010077", "tensalys-tensiometre-electronique-de-bras-tb-500"],
)
def test_products_are_found_by_gtin_in_any_length_or_by_slug(demo, reference):
    assert find_product(demo, reference).slug == "tensalys-tensiometre-electronique-de-bras-tb-500"


@pytest.mark.parametrize("reference", ["2991000010078", "123", "inconnu"])
def test_unknown_references(demo, reference):
    assert find_product(demo, reference) is None


def test_block_and_inline_markers_are_rewritten():
    html = "<p>[[produit:a]]</p>\n<p>Voir [[produit: b ]] ici et [[produit:x]].</p>"
    seen = []

    def render(reference, block):
        return None if reference == "x" else f"<{'aside' if block else 'a'}>{reference}</>"

    def unknown(reference):
        seen.append(reference)
        return ""

    assert replace_markers(html, render, unknown) == "<aside>a</>\n<p>Voir <a>b</> ici et .</p>"
    assert seen == ["x"]


def test_unknown_markers_in_a_source_text(demo, tmp_path):
    text = (
        "Titre\n\n[[produit:2991000010077]]\n\nPuis [[produit:nulle-part]] et [[produit:rien]].\n"
    )
    assert unknown_markers(text, demo) == [(5, "nulle-part"), (5, "rien")]
    source = tmp_path / "article.md"
    source.write_text(text, encoding="utf-8")
    assert marker_line(str(source), "nulle-part") == 5
    assert marker_line(str(tmp_path / "absent.md"), "x") is None
