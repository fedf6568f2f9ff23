"""schema.org Product: Offer or AggregateOffer, prices excluding VAT, safe inside <script>."""

from pathlib import Path

from catalog.jsonld import dumps, product_jsonld
from catalog.merge import merge_offers
from catalog.model import Offer, OfferContext, Supplier

SUPPLIERS = {s: Supplier(slug=s, name=s.title()) for s in ("alpha", "beta")}


def offer(supplier, **fields):
    raw = {"supplier": supplier, "source": "x", "line": 2, "sku": f"{supplier}-1", "title": "Doppler",
           "brand": "Sonoval", "category": "dopplers", "description": "<p>Texte</p>", **fields}  # fmt: skip
    context = OfferContext(
        supplier, Path("/d"), Path(f"/d/suppliers/{supplier}"), lambda label: label
    )
    return Offer.model_validate(raw, context={"offer": context})


def jsonld(*offers):
    (product,) = merge_offers(list(offers), {"alpha": 0, "beta": 1})
    return product_jsonld(
        product, url="https://s.test/p/", category="Imagerie > Dopplers", suppliers=SUPPLIERS,
        supplier_url="https://s.test/f/{slug}/", images=[],
    )  # fmt: skip


def test_one_supplier_gives_a_plain_offer_excluding_vat():
    data = jsonld(offer("alpha", gtin="96385074", price="390", availability="en stock"))
    assert data["gtin8"] == "96385074" and "gtin13" not in data
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["price"] == "390.00"
    assert data["offers"]["priceSpecification"] == {
        "@type": "UnitPriceSpecification",
        "price": "390.00",
        "priceCurrency": "EUR",
        "valueAddedTaxIncluded": False,
    }
    assert data["offers"]["seller"] == {
        "@type": "Organization",
        "name": "Alpha",
        "url": "https://s.test/f/alpha/",
    }
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_several_suppliers_give_an_aggregate_offer_and_quotes_have_no_price():
    data = jsonld(
        offer("alpha", gtin="2991000010077", price="1 290,00"),
        offer("beta", gtin="2991000010077", condition="reconditionné"),
    )
    aggregate = data["offers"]
    assert aggregate["@type"] == "AggregateOffer" and aggregate["offerCount"] == 2
    assert (aggregate["lowPrice"], aggregate["highPrice"]) == ("1290.00", "1290.00")
    quote = aggregate["offers"][1]
    assert "price" not in quote and "priceSpecification" not in quote
    assert quote["itemCondition"] == "https://schema.org/RefurbishedCondition"
    assert data["gtin13"] == "2991000010077"


def test_dumps_cannot_close_the_script_element():
    assert dumps({"name": "</script><script>alert(1)</script>"}) == (
        '{"name":"<\\/script><script>alert(1)<\\/script>"}'
    )
