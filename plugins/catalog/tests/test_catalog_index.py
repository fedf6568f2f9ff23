"""Browsing structures: price bands, facets, filtered listings, pagination, related products."""

from pathlib import Path

import pytest
from catalog.catalog import load_catalog
from catalog.index import CatalogIndex, paginate, price_bands, sort_key

DATA = Path(__file__).resolve().parents[3] / "catalog_data"


@pytest.fixture(scope="module")
def index():
    return CatalogIndex(load_catalog(DATA), price_bands([100, 500, 1000], str))


def test_price_bands_have_french_labels():
    bands = price_bands([500, 100], lambda n: f"{n:,}".replace(",", "\u202f"))
    assert [(b.slug, b.label) for b in bands] == [
        ("moins-de-100", "Moins de 100 € HT"),
        ("100-a-500", "De 100 à 500 € HT"),
        ("500-et-plus", "500 € HT et plus"),
        ("sur-devis", "Prix sur devis"),
    ]


def test_every_product_is_in_exactly_one_band(index):
    for product in index.products:
        assert sum(1 for band in index.bands if band.contains(product)) == 1
        if product.price_min is None:
            assert index.band_of(product).slug == "sur-devis"


def test_categories_list_their_whole_subtree(index):
    diagnostic = index.by_category["diagnostic"]
    leaves = ["tensiometres", "stethoscopes", "otoscopes", "thermometres", "oxymetres"]
    assert len(diagnostic) == sum(index.count(leaf) for leaf in leaves)
    assert diagnostic == sorted(diagnostic, key=sort_key)


def test_facets_count_what_each_filter_keeps(index):
    products = index.by_category["imagerie"]
    facets = index.facets(products)
    for facet, values in facets.items():
        groups = index.split(facet, products)
        for value in values:
            assert len(groups[value.slug]) == value.count, (facet, value)
    assert {v.slug for v in facets["etat"]} == {"neuf", "reconditionne"}
    everything = index.facets(index.products)
    assert [v.label for v in everything["etat"]] == ["Neuf", "Reconditionné", "Occasion"]


def test_brands_are_named_as_most_products_spell_them(index):
    assert index.brands["steriva"].name == "Steriva"
    assert all(p.brand.casefold() == "steriva" for p in index.brands["steriva"].products)


def test_related_products_are_neighbours_in_the_same_category(index):
    product = index.by_category["autoclaves"][0]
    related = index.related(product, 4)
    assert len(related) == 4 and product not in related
    assert {p.category for p in related} == {"autoclaves"}


def test_pagination(index):
    products = index.by_category["diagnostic"]
    pages = list(paginate(products, "catalogue/diagnostic/", 24))
    assert [len(chunk) for _, chunk in pages][:1] == [24]
    first, last = pages[0][0], pages[-1][0]
    assert (first.previous_url, first.next_url) == (None, "catalogue/diagnostic/page/2/")
    assert last.url(1) == "catalogue/diagnostic/" and last.next_url is None
    (only,) = paginate([], "x/", 24)
    assert only[0].count == 1 and only[1] == []
