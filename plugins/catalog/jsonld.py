"""schema.org `Product` for each product page, in JSON-LD.

One supplier gives an `Offer`; several give an `AggregateOffer` that lists
each `Offer` with its `seller`. Prices are B2B prices excluding VAT, which
schema.org states through a `UnitPriceSpecification` with
`valueAddedTaxIncluded: false`. An offer « sur devis » has no price: it is
listed with its seller and availability only.
"""

import json
from decimal import Decimal

from .model import Offer, Product, Supplier

CONTEXT = "https://schema.org"


def product_jsonld(
    product: Product,
    *,
    url: str,
    category: str,
    suppliers: dict[str, Supplier],
    supplier_url: str,
    images: list[str],
) -> dict:
    """The JSON-LD object; `url`, `supplier_url` (with `{slug}`) and `images` are absolute."""
    data = {
        "@context": CONTEXT,
        "@type": "Product",
        "name": product.title,
        "url": url,
        "sku": product.sku,
        "brand": {"@type": "Brand", "name": product.brand},
        "category": category,
        "description": product.summary,
    }
    if product.gtin13:
        data["gtin13"] = product.gtin13
    elif product.gtin:
        data[f"gtin{len(product.gtin)}"] = product.gtin
    if product.mpn:
        data["mpn"] = product.mpn
    if images:
        data["image"] = images
    offers = [_offer(o, url, suppliers[o.supplier], supplier_url) for o in product.offers]
    if len(offers) == 1:
        data["offers"] = offers[0]
    else:
        aggregate = {"@type": "AggregateOffer", "offerCount": len(offers), "priceCurrency": "EUR"}
        if product.price_min is not None:
            aggregate["lowPrice"] = _amount(product.price_min)
            aggregate["highPrice"] = _amount(product.price_max)
        aggregate["offers"] = offers
        data["offers"] = aggregate
    return data


def _offer(offer: Offer, url: str, supplier: Supplier, supplier_url: str) -> dict:
    data = {
        "@type": "Offer",
        "sku": offer.sku,
        "url": f"{url}#{offer.anchor}",
        "itemCondition": offer.condition.schema_org,
        "seller": {
            "@type": "Organization",
            "name": supplier.name,
            "url": supplier_url.format(slug=supplier.slug),
        },
    }
    if offer.availability is not None:
        data["availability"] = offer.availability.schema_org
    if offer.price is not None:
        data["price"] = _amount(offer.price)
        data["priceCurrency"] = "EUR"
        data["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "price": _amount(offer.price),
            "priceCurrency": "EUR",
            "valueAddedTaxIncluded": False,
        }
    return data


def _amount(value: Decimal) -> str:
    """`1234.50`: a dot and two decimals, as schema.org expects."""
    return f"{value:.2f}"


def dumps(data: dict) -> str:
    """JSON safe inside `<script type="application/ld+json">`: no `</` can close it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
