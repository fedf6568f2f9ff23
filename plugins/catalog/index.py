"""The catalog arranged for browsing: listings, facets, price bands, pages, related products.

Everything the pages need that is not a product itself is computed here
once, in plain data, so templates only loop and the generator only writes.
Each listing is built in one pass over its products: the build stays linear
in the size of the catalog.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from .catalog import CatalogResult
from .model import Condition, Product
from .parsing import fold, slugify

PRODUCTS_URL = "catalogue/produits/{slug}/"
CATEGORY_URL = "catalogue/{slug}/"
BRANDS_URL = "catalogue/marques/"
BRAND_URL = "catalogue/marques/{slug}/"
SUPPLIERS_URL = "catalogue/fournisseurs/"
SUPPLIER_URL = "catalogue/fournisseurs/{slug}/"
RESERVED_SLUGS = frozenset({"produits", "marques", "fournisseurs", "images"})

FACET_NAMES = {"marque": "Marque", "fournisseur": "Fournisseur", "etat": "État", "prix": "Prix HT"}


@dataclass(frozen=True)
class PriceBand:
    """A price range on the lowest price excluding VAT; `low` included, `high` excluded."""

    slug: str
    label: str
    low: Decimal | None
    high: Decimal | None

    def contains(self, product: Product) -> bool:
        price = product.price_min
        if price is None:
            return self.low is None and self.high is None
        if self.low is None and self.high is None:
            return False
        return (self.low is None or price >= self.low) and (self.high is None or price < self.high)


def price_bands(bounds: Sequence[int], number: Callable[[int], str]) -> list[PriceBand]:
    """Bands from ascending bounds, e.g. 100, 500 → « Moins de 100 € HT », « De 100 à 500 € HT »,
    « 500 € HT et plus », plus « Prix sur devis ». `number` formats a bound the French way."""
    bounds = sorted(bounds)
    bands = [
        PriceBand(
            f"moins-de-{bounds[0]}", f"Moins de {number(bounds[0])} € HT", None, Decimal(bounds[0])
        )
    ]
    for low, high in pairwise(bounds):
        bands.append(
            PriceBand(
                f"{low}-a-{high}",
                f"De {number(low)} à {number(high)} € HT",
                Decimal(low),
                Decimal(high),
            )
        )
    bands.append(
        PriceBand(
            f"{bounds[-1]}-et-plus", f"{number(bounds[-1])} € HT et plus", Decimal(bounds[-1]), None
        )
    )
    bands.append(PriceBand("sur-devis", "Prix sur devis", None, None))
    return bands


@dataclass(frozen=True)
class FacetValue:
    """One filter link: its slug in the URL, its label, how many products it keeps."""

    slug: str
    label: str
    count: int


@dataclass
class Brand:
    slug: str
    name: str
    products: list[Product] = field(default_factory=list)


@dataclass(frozen=True)
class Pagination:
    """Page `number` (1-based) of `count`, with the URL of any page of the same listing."""

    number: int
    count: int
    base_url: str
    total: int

    def url(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}page/{number}/"

    @property
    def previous_url(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def paginate(products: Sequence[Product], base_url: str, per_page: int):
    """(pagination, products of that page) for every page; one page even when empty."""
    count = max(1, -(-len(products) // per_page))
    for number in range(1, count + 1):
        chunk = products[(number - 1) * per_page : number * per_page]
        yield Pagination(number, count, base_url, len(products)), chunk


def sort_key(product: Product) -> tuple[str, str]:
    """Listings read alphabetically by title, as in a printed catalog."""
    return (fold(product.title), product.slug)


class CatalogIndex:
    """Listings and facets of a loaded catalog."""

    def __init__(self, result: CatalogResult, bands: list[PriceBand]):
        self.result = result
        self.bands = bands
        self.products = sorted(result.products, key=sort_key)
        self.by_category = self._by_category()
        self.brands = self._brands()
        self.by_supplier = self._by_supplier()
        self._band = {p.slug: next(b for b in bands if b.contains(p)) for p in self.products}
        self._position = {}
        for products in self._by_own_category().values():
            for position, product in enumerate(products):
                self._position[product.slug] = (products, position)

    def _by_own_category(self) -> dict[str, list[Product]]:
        """Products by the category they are filed in (not its parents): related products."""
        own = defaultdict(list)
        for product in self.products:
            own[product.category].append(product)
        return own

    def _by_category(self) -> dict[str, list[Product]]:
        """Each category lists the products of its whole subtree, still sorted."""
        listing = {slug: [] for slug in self.result.categories}
        for product in self.products:
            for slug in self.result.categories[product.category].path:
                listing[slug].append(product)
        return listing

    def _brands(self) -> dict[str, Brand]:
        """Brands by slug, named as most products spell them."""
        spellings: dict[str, Counter] = defaultdict(Counter)
        brands: dict[str, Brand] = {}
        self._brand_slug = {}
        for product in self.products:
            slug = self._brand_slug[product.slug] = slugify(product.brand) or "sans-marque"
            spellings[slug][product.brand] += 1
            brands.setdefault(slug, Brand(slug, product.brand)).products.append(product)
        for slug, brand in brands.items():
            counts = spellings[slug]
            brand.name = min(counts, key=lambda b: (b.isupper() and len(counts) > 1, -counts[b], b))
        return dict(sorted(brands.items(), key=lambda item: fold(item[1].name)))

    def _by_supplier(self) -> dict[str, list[Product]]:
        listing = {slug: [] for slug in self.result.suppliers}
        for product in self.products:
            for slug in product.suppliers:
                listing[slug].append(product)
        return listing

    def brand_slug(self, product: Product) -> str:
        return self._brand_slug[product.slug]

    def brand_of(self, product: Product) -> Brand:
        return self.brands[self.brand_slug(product)]

    def count(self, category: str) -> int:
        return len(self.by_category[category])

    def facets(self, products: Iterable[Product]) -> dict[str, list[FacetValue]]:
        """Filter values present among `products`, with counts, in one pass."""
        brands, suppliers, conditions, bands = Counter(), Counter(), Counter(), Counter()
        for product in products:
            brands[self.brand_slug(product)] += 1
            for slug in product.suppliers:
                suppliers[slug] += 1
            for condition in product.conditions:
                conditions[condition] += 1
            bands[self.band_of(product).slug] += 1
        names = self.result.suppliers
        return {
            "marque": [
                FacetValue(slug, brand.name, brands[slug])
                for slug, brand in self.brands.items()
                if slug in brands
            ],
            "fournisseur": [
                FacetValue(slug, names[slug].name, suppliers[slug])
                for slug in sorted(suppliers, key=lambda s: fold(names[s].name))
            ],
            "etat": [
                FacetValue(c.value, c.label, conditions[c]) for c in Condition if c in conditions
            ],
            "prix": [
                FacetValue(b.slug, b.label, bands[b.slug]) for b in self.bands if b.slug in bands
            ],
        }

    def band_of(self, product: Product) -> PriceBand:
        return self._band[product.slug]

    def split(self, facet: str, products: Iterable[Product]) -> dict[str, list[Product]]:
        """The products each value of a filter keeps, in one pass, order preserved."""
        groups: dict[str, list[Product]] = defaultdict(list)
        for product in products:
            for value in self._values(facet, product):
                groups[value].append(product)
        return groups

    def _values(self, facet: str, product: Product):
        if facet == "marque":
            return (self._brand_slug[product.slug],)
        if facet == "fournisseur":
            return product.suppliers
        if facet == "etat":
            return [condition.value for condition in product.conditions]
        return (self._band[product.slug].slug,)

    def related(self, product: Product, count: int) -> list[Product]:
        """Neighbours in the same category's alphabetical list, wrapping around: O(count)."""
        products, position = self._position[product.slug]
        size = len(products)
        return [products[(position + step) % size] for step in range(1, min(count, size - 1) + 1)]
