"""Offers of the same device from competing suppliers, merged into one product.

Two offers are the same device when they carry the same GTIN (whatever its
written length), or else, when one of them has no GTIN, the same brand and
manufacturer part number (compared without case, accents, spaces, hyphens,
dots). Two different GTINs are never merged, even with equal part numbers:
they are distinct trade items (packaging, variant). An offer without GTIN
whose brand and part number match several GTIN groups stays apart rather
than be guessed into one.

The product page shows the most complete offer's title, description and
facts: the offer with the most filled fields, then the longest description,
then the first supplier by slug, so the choice is the same on every build.
Every offer stays on the product, cheapest first, « Prix sur devis » last.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import Offer, Product
from .parsing import fold, gtin_key, normalise_mpn, slugify

FILLED_FIELDS = (
    "gtin", "mpn", "price", "availability", "lead_time_days", "mdr_class", "lpp_code",
    "warranty_months", "images", "url",
)  # fmt: skip


def completeness(offer: Offer) -> int:
    """How many optional facts the offer gives: the more, the better it describes the device."""
    return sum(1 for name in FILLED_FIELDS if getattr(offer, name) not in (None, (), ""))


def brand_mpn_key(offer: Offer) -> str | None:
    """`mpn:<brand>:<part number>` compacted, or None without a part number."""
    if not offer.mpn:
        return None
    return f"mpn:{normalise_mpn(offer.brand)}:{normalise_mpn(offer.mpn)}"


def group_offers(offers: Iterable[Offer]) -> dict[str, list[Offer]]:
    """Offers by product identity: `gtin:<GTIN-14>`, `mpn:<brand>:<mpn>` or `sku:<supplier>:<sku>`."""
    groups: dict[str, list[Offer]] = defaultdict(list)
    without_gtin = []
    mpn_to_gtin_groups: dict[str, set[str]] = defaultdict(set)
    for offer in offers:
        if offer.gtin:
            key = f"gtin:{gtin_key(offer.gtin)}"
            groups[key].append(offer)
            if mpn_key := brand_mpn_key(offer):
                mpn_to_gtin_groups[mpn_key].add(key)
        else:
            without_gtin.append(offer)
    for offer in without_gtin:
        mpn_key = brand_mpn_key(offer)
        if mpn_key is None:
            groups[f"sku:{offer.supplier}:{fold(offer.sku)}"].append(offer)
            continue
        candidates = mpn_to_gtin_groups.get(mpn_key, ())
        groups[next(iter(candidates)) if len(candidates) == 1 else mpn_key].append(offer)
    return groups


def merge_offers(offers: Iterable[Offer], supplier_order: dict[str, int]) -> list[Product]:
    """Products with unique, stable slugs, sorted by slug."""
    groups = group_offers(offers)
    drafts = {key: _draft(key, group, supplier_order) for key, group in groups.items()}
    slugs = _unique_slugs(drafts)
    # Every value was validated in its offer: build without validating again. Every
    # field is given, so the products share one set of given fields (see FieldSets).
    given = set(Product.model_fields)
    products = [
        Product.model_construct(given, slug=slugs[key], **draft) for key, draft in drafts.items()
    ]
    products.sort(key=lambda p: p.slug)
    return products


def _draft(key: str, offers: list[Offer], supplier_order: dict[str, int]) -> dict:
    ranked = (
        offers
        if len(offers) == 1
        else sorted(
            offers,
            key=lambda o: (
                -completeness(o),
                -len(o.description),
                supplier_order.get(o.supplier, len(supplier_order)),
                o.sku,
            ),
        )
    )
    best = ranked[0]
    prices = [o.price for o in offers if o.price is not None]
    gtins = [o.gtin for o in ranked if o.gtin]
    return {
        "key": key,
        "sku": best.sku,
        "title": best.title,
        "brand": brand_name(ranked),
        "category": best.category,
        "description": best.description,
        "gtin": next((g for g in gtins if len(g) == 13), gtins[0]) if gtins else None,
        "mpn": _first(ranked, "mpn"),
        "mdr_class": _first(ranked, "mdr_class"),
        "lpp_code": _first(ranked, "lpp_code"),
        "images": _first(ranked, "images") or (),
        "offers": tuple(
            sorted(
                offers,
                key=lambda o: (
                    o.price is None,
                    o.price or 0,
                    supplier_order.get(o.supplier, len(supplier_order)),
                    o.sku,
                ),
            )
        ),
        "price_min": min(prices) if prices else None,
        "price_max": max(prices) if prices else None,
    }


def _first(ranked: list[Offer], name: str):
    return next((value for o in ranked if (value := getattr(o, name))), None)


def base_slug(brand: str, title: str) -> str:
    """`brand-title`, the brand once even when suppliers repeat it inside the title."""
    brand_slug = slugify(brand)
    title_slug = f"-{slugify(title)}-".replace(f"-{brand_slug}-", "-").strip("-")
    return "-".join(part for part in (brand_slug, title_slug) if part)[:80].strip("-") or "produit"


def brand_name(offers: list[Offer]) -> str:
    """The brand as most suppliers spell it, preferring « Stetho Lab » to « STETHO LAB »."""
    counts = Counter(o.brand for o in offers)
    return min(counts, key=lambda b: (b.isupper() and len(counts) > 1, -counts[b]))


def _unique_slugs(drafts: dict[str, dict]) -> dict[str, str]:
    """Product key to slug; on a clash the first key (sorted) keeps the plain slug.

    The others get their part number, GTIN or reference appended, which does
    not change when unrelated products come and go.
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(drafts):
        draft = drafts[key]
        slug = base_slug(draft["brand"], draft["title"])
        if slug in taken:
            offer = draft["offers"][0]
            suffix = slugify(draft["mpn"] or draft["gtin"] or f"{offer.supplier}-{offer.sku}")
            slug = candidate = f"{slug}-{suffix}"
            number = 2
            while candidate in taken:
                candidate = f"{slug}-{number}"
                number += 1
            slug = candidate
        taken.add(slug)
        slugs[key] = slug
    return slugs
