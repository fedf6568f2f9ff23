"""Competing offers of one device merged into one product, deterministically."""

from decimal import Decimal
from pathlib import Path

import pytest
from catalog.merge import base_slug, completeness, group_offers, merge_offers
from catalog.model import Offer, OfferContext

ORDER = {"alpha": 0, "beta": 1, "gamma": 2, "delta": 3}


def offer(supplier="alpha", sku="A1", **fields) -> Offer:
    raw = {
        "supplier": supplier,
        "source": f"{supplier}.csv",
        "line": 2,
        "sku": sku,
        "title": "Tensiomètre électronique de bras",
        "brand": "Tensalys",
        "category": "tensiometres",
        "description": "Texte",
        **fields,
    }
    context = OfferContext(
        supplier=supplier,
        data_dir=Path("/data"),
        supplier_dir=Path(f"/data/suppliers/{supplier}"),
        resolve_category=lambda label: label,
        existing_files=frozenset({"photo.jpg"}),
    )
    return Offer.model_validate(raw, context={"offer": context})


def test_same_gtin_in_any_length_is_one_product():
    products = merge_offers(
        [
            offer("alpha", gtin="2991000010077", price="93,61"),
            offer("beta", gtin="02991000010077", price="90,07"),
            offer("gamma", gtin="2991 0000 1007 7"),
        ],
        ORDER,
    )
    (product,) = products
    assert product.key == "gtin:02991000010077"
    assert product.gtin13 == "2991000010077"
    assert [o.supplier for o in product.offers] == [
        "beta",
        "alpha",
        "gamma",
    ]  # cheapest first, quote last
    assert (product.price_min, product.price_max) == (Decimal("90.07"), Decimal("93.61"))


def test_brand_and_part_number_merge_offers_without_gtin():
    products = merge_offers(
        [
            offer("alpha", mpn="TB-500", gtin="2991000010077"),
            offer("beta", mpn="tb 500", brand="TENSALYS"),
            offer("gamma", mpn="T.B.500", brand="Tensalys"),
            offer("delta", mpn="TB-500", brand="Cardiolis"),
        ],
        ORDER,
    )
    assert sorted((p.key, len(p.offers)) for p in products) == [
        ("gtin:02991000010077", 3),
        ("mpn:cardiolis:tb500", 1),
    ]


def test_different_gtins_never_merge_and_ambiguous_part_numbers_stay_apart():
    groups = group_offers(
        [
            offer("alpha", sku="A1", mpn="TB-500", gtin="2991000010077"),
            offer("alpha", sku="A2", mpn="TB-500", gtin="2991000010213"),
            offer("beta", mpn="TB500"),
            offer("gamma", mpn="TB500"),
        ]
    )
    assert sorted((key, len(group)) for key, group in groups.items()) == [
        ("gtin:02991000010077", 1),
        ("gtin:02991000010213", 1),
        ("mpn:tensalys:tb500", 2),
    ]


def test_offer_without_gtin_or_part_number_is_its_own_product():
    groups = group_offers([offer("alpha", sku="A1"), offer("beta", sku="A1")])
    assert sorted(groups) == ["sku:alpha:a1", "sku:beta:a1"]


def test_product_facts_come_from_the_most_complete_offer():
    sparse = offer("alpha", gtin="2991000010077", title="TENSIO BRAS", description="Court")
    rich = offer(
        "gamma",
        gtin="2991000010077",
        title="Tensiomètre électronique de bras TB-500",
        description="<p>Long texte</p>",
        mpn="TB-500",
        price="90",
        mdr_class="IIa",
        warranty_months="36",
        image="photo.jpg",
    )
    assert completeness(rich) > completeness(sparse)
    (product,) = merge_offers([sparse, rich], ORDER)
    assert (product.title, product.description, product.mdr_class) == (
        "Tensiomètre électronique de bras TB-500",
        "<p>Long texte</p>",
        "IIa",
    )
    assert product.images == ("suppliers/gamma/photo.jpg",)


def test_ties_go_to_the_longest_description_then_the_supplier_order():
    a = offer("alpha", gtin="2991000010077", title="Titre A", description="Court")
    b = offer("beta", gtin="2991000010077", title="Titre B", description="Nettement plus long")
    c = offer("gamma", gtin="2991000010077", title="Titre C", description="Nettement plus long")
    assert merge_offers([c, b, a], ORDER)[0].title == "Titre B"
    assert merge_offers([a, b, c], ORDER)[0].title == "Titre B"


def test_images_come_from_the_best_offer_that_has_some():
    rich = offer("alpha", gtin="2991000010077", mpn="X", price="10", lead_time_days="2")
    pictured = offer("beta", gtin="2991000010077", image="photo.jpg")
    (product,) = merge_offers([rich, pictured], ORDER)
    assert product.title == rich.title
    assert product.images == ("suppliers/beta/photo.jpg",)


def test_every_offer_stays_sorted_by_price_with_quotes_last():
    offers = [
        offer("alpha", sku="A", gtin="2991000010077"),
        offer("beta", sku="B", gtin="2991000010077", price="1 290,00", condition="neuf"),
        offer("gamma", sku="C", gtin="2991000010077", price="790,00", condition="reconditionné"),
        offer("delta", sku="D", gtin="2991000010077", price="1 290,00", lead_time_days="3"),
    ]
    (product,) = merge_offers(offers, ORDER)
    assert [(o.supplier, o.price) for o in product.offers] == [
        ("gamma", Decimal("790.00")),
        ("beta", Decimal("1290.00")),
        ("delta", Decimal("1290.00")),
        ("alpha", None),
    ]
    assert product.suppliers == ["gamma", "beta", "delta", "alpha"]
    assert [c.value for c in product.conditions] == ["neuf", "reconditionne"]


def test_product_without_any_price():
    (product,) = merge_offers([offer("alpha")], ORDER)
    assert (product.price_min, product.price_max) == (None, None)


@pytest.mark.parametrize(
    ("brand", "title", "slug"),
    [
        ("Tensalys", "Tensiomètre de bras TB-500", "tensalys-tensiometre-de-bras-tb-500"),
        ("Tensalys", "Tensalys TB-500 – tensiomètre", "tensalys-tb-500-tensiometre"),
        ("Stetho Lab", "Stéthoscope Stetho Lab Classic", "stetho-lab-stethoscope-classic"),
        ("", "", "produit"),
    ],
)
def test_base_slug_names_the_brand_once(brand, title, slug):
    assert base_slug(brand, title) == slug


def test_slug_clashes_are_settled_by_part_number_then_number():
    offers = [
        offer("alpha", sku="1", gtin="2991000010077", mpn="TB-500"),
        offer("alpha", sku="2", gtin="2991000010213", mpn="TB-120"),
        offer("alpha", sku="3", gtin="2991000010282"),
        offer("beta", sku="4", mpn="TB-120", brand="Tensalys"),
    ]
    products = merge_offers(offers, ORDER)
    assert sorted((p.key, p.slug) for p in products) == [
        ("gtin:02991000010077", "tensalys-tensiometre-electronique-de-bras"),
        ("gtin:02991000010213", "tensalys-tensiometre-electronique-de-bras-tb-120"),
        ("gtin:02991000010282", "tensalys-tensiometre-electronique-de-bras-2991000010282"),
    ]
    again = merge_offers(list(reversed(offers)), ORDER)
    assert [p.slug for p in again] == [p.slug for p in products]


def test_brand_spelling_prefers_the_usual_one():
    offers = [
        offer("alpha", gtin="2991000010077", brand="STETHO LAB"),
        offer("beta", gtin="2991000010077", brand="Stetho Lab"),
    ]
    assert merge_offers(offers, ORDER)[0].brand == "Stetho Lab"
