"""Every catalog page, written through Pelican's writer, and the fragments they share.

Pages are first listed (`Page`: where, which template, which variables)
as soon as the catalog is loaded. Product pages, most of the work, are then
rendered and written by a forked process (`parallel.HeadStart`) while
Pelican goes on (the search index is built meanwhile); the other pages are
rendered on every core (`parallel.render_all`) and written in order by
Pelican's writer when the catalog's turn comes. Other plugins see every
page: the signal Pelican's writer sends (`content_written`, which the
sitemap listens to) is sent for the pages written ahead and those kept
from the previous build too.

A product's card appears on a dozen listing pages, a category's filter links
on every page of its listings: `Fragments` renders such pieces once per
process and hands the same HTML to every page, so a listing page costs
little more than joining strings. Fragments are keyed by SITEURL, which
differs from page to page only when RELATIVE_URLS is on.
"""

import logging
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.utils import get_relative_path, path_to_url

from .cache import CODE_VERSION, PageCache, digest, tree_stamp
from .images import Picture
from .index import (
    BRAND_URL,
    BRANDS_URL,
    CATEGORY_URL,
    FACET_NAMES,
    PRODUCTS_URL,
    SUPPLIER_URL,
    SUPPLIERS_URL,
    Brand,
    FacetValue,
    Pagination,
    paginate,
)
from .jsonld import dumps, product_jsonld
from .model import Category, Product, Supplier
from .parallel import HeadStart, can_fork, render_all

logger = logging.getLogger(__name__)


PRODUCT_TEMPLATE = "catalog/product"


def product_url(product) -> str:
    return PRODUCTS_URL.format(slug=product.slug)


def offer_count(product) -> str:
    """« 1 offre », « 4 offres »."""
    count = len(product.offers)
    return f"{count} offre{'s' if count > 1 else ''}"


class Fragments:
    """Pieces of HTML and French text that many pages repeat, computed once each."""

    def __init__(self, generator):
        self.generator = generator
        self.catalog = generator.catalog
        self.french_price = generator.env.filters["french_price"]
        self._cards: dict[tuple, Markup] = {}
        self._filters: dict[tuple, str] = {}
        self._ranges: dict[str, str] = {}
        self._globals = {
            "price_range": self.price_range,
            "offer_count": offer_count,
            "product_url": product_url,
            "picture": generator.thumbnails.picture,
            # pass_context marks a function, not a bound method: bind through partial.
            "product_card": pass_context(partial(Fragments.product_card, self)),
            "filter_links": pass_context(partial(Fragments.filter_links, self)),
            "product_jsonld": pass_context(partial(Fragments.product_jsonld, self)),
            "facet_names": FACET_NAMES,
        }

    def globals(self) -> dict:
        """What templates call: `price_range(p)`, `product_card(p, "h3")`…"""
        return self._globals

    def price_range(self, product) -> str:
        """« 1 234,50 € HT », « De 88,34 € à 93,61 € HT » or « Prix sur devis »."""
        text = self._ranges.get(product.slug)
        if text is None:
            low, high = product.price_min, product.price_max
            if low is None:
                text = "Prix sur devis"
            elif low == high:
                text = self.french_price(low, "HT")
            else:
                text = f"De {self.french_price(low)} à {self.french_price(high, 'HT')}"
            self._ranges[product.slug] = text
        return text

    def product_card(self, context, product, heading: str = "h3") -> Markup:
        """A product's listing card (`heading` is the tag of its title)."""
        key = (product.slug, heading, context["SITEURL"])
        card = self._cards.get(key)
        if card is None:
            template = self.generator.get_template("catalog/_product_card")
            variables = {"SITEURL": context["SITEURL"], "product": product, "heading": heading}
            card = self._cards[key] = Markup(template.render({**self._globals, **variables}))
        return card

    def filter_links(self, context, category, facets, active_url: str | None = None) -> Markup:
        """The filter links of a category; the one leading to `active_url` is marked current."""
        key = (category.slug, context["SITEURL"])
        html = self._filters.get(key)
        if html is None:
            template = self.generator.get_template("catalog/_filters")
            html = self._filters[key] = template.render(
                SITEURL=context["SITEURL"],
                category=category,
                facets=facets,
                facet_names=FACET_NAMES,
            )
        if active_url:
            href = f'href="{context["SITEURL"]}/{active_url}"'
            html = html.replace(href, f'{href} aria-current="page"', 1)
        return Markup(html)

    def product_jsonld(self, context, product, ancestors, pictures) -> Markup:
        """The page's schema.org Product, with absolute URLs (SITEURL of the settings)."""
        siteurl = self.generator.settings["SITEURL"]
        data = product_jsonld(
            product,
            url=f"{siteurl}/{product_url(product)}",
            category=" > ".join(c.name for c in ancestors),
            suppliers=self.catalog.suppliers,
            supplier_url=f"{siteurl}/{SUPPLIER_URL}",
            images=[p.src if p.remote else f"{siteurl}/{p.src}" for p in pictures],
        )
        return Markup(dumps(data))


@dataclass(frozen=True, slots=True)
class Page:
    """One page to write: where, with which template and variables.

    A `cacheable` page depends on nothing but its variables and what
    `CatalogPages.global_digest` covers; the few pages that read the whole
    catalog (its home, the lists of brands and suppliers) are always made.
    """

    save_as: str
    template: str
    variables: dict
    cacheable: bool = True


class Prerendered:
    """Stands for a template whose HTML is already made, so Pelican's writer writes it."""

    def __init__(self, html: str):
        self.html = html

    def render(self, _context) -> str:
        return self.html


class CatalogPages:
    """Lists every catalog page, then renders and writes them all."""

    def __init__(self, generator, per_page: int, processes: int, cache: PageCache | None):
        self.generator = generator
        self.per_page = per_page
        self.processes = processes
        self.cache = cache
        self.head_start: HeadStart | None = None
        self.ahead: list[Page] = []  # product pages written by `head_start`
        self.rest: list[Page] = []  # pages written through Pelican's writer
        self.catalog = generator.catalog
        self.index = generator.index
        self.relative_urls = generator.settings["RELATIVE_URLS"]
        self.common = {
            "catalog": self.catalog,
            "catalog_index": self.index,
            "categories": self.catalog.categories,
            "suppliers": self.catalog.suppliers,
        }

    def start(self, related_count: int) -> None:
        """List every page, keep those to make, start writing the product pages.

        Called once the catalog is loaded, when the context holds everything a
        product page shows (articles and pages are read before the catalog).
        The product pages are listed first and handed to their helper at once;
        the other pages are listed meanwhile.
        """
        products = self._to_make(list(self.products(related_count)))
        if can_fork(products, self.processes):
            self.ahead = products
            self.head_start = HeadStart(products, self.write_directly)
            self.head_start.start()
        else:
            self.rest = products
        others = [self.home(), *self.categories(), *self.brands(), *self.suppliers()]
        self.rest += self._to_make(others)
        if self.cache is not None:
            logger.info(
                "catalog: %d pages à refaire sur %d",
                len(self.ahead) + len(self.rest),
                len(products) + len(others),
            )

    def write_all(self, writer) -> None:
        """The other pages through Pelican's writer; then wait for the product pages."""
        context = self.generator.context
        # The product pages' helper already has a core: one process per core, no more
        # (each helper process copies much of the catalog as it reads it).
        processes = self.processes - 1 if self.head_start is not None else self.processes
        for page, html in render_all(self.rest, self.render, processes):
            writer.write_file(
                page.save_as,
                Prerendered(html),
                context,
                relative_urls=self.relative_urls,
                override_output=page.save_as == "catalogue/index.html",
                **self.common,
                **page.variables,
            )
        if self.head_start is not None:
            self.head_start.finish()
            for page in self.ahead:
                path = os.path.join(self.generator.output_path, page.save_as)
                signals.content_written.send(path, context=context)
        if self.cache is not None:
            self.cache.save()  # only once every page is written: a failed build reuses nothing

    def write_directly(self, page: Page) -> None:
        """Render and write a page without Pelican's writer (in a helper process), as it would."""
        html = self.render(page)
        path = os.path.join(self.generator.output_path, page.save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            file.write(html)

    def _to_make(self, pages: list[Page]) -> list[Page]:
        """The pages to make again (all of them without a page cache); the others
        stay as they are and are announced with the signal Pelican's writer sends,
        so the sitemap still lists them."""
        if self.cache is None:
            return pages
        common = self.global_digest()
        self._memo, self._kept = {}, []
        changed = []
        for page in pages:
            if page.cacheable and self.cache.fresh(
                page.save_as, digest(common, page.template, self._variables(page.variables))
            ):
                path = os.path.join(self.generator.output_path, page.save_as)
                signals.content_written.send(path, context=self.generator.context)
            else:
                changed.append(page)
        self._memo, self._kept = {}, []
        return changed

    def global_digest(self) -> str:
        """Everything a page shows besides its own variables: code, templates,
        settings and other plain context values, categories, suppliers, and
        the titles of articles and pages (menus may list them)."""
        context = self.generator.context
        plain = {k: v for k, v in context.items() if _is_plain(v)}
        contents = [
            (c.url, c.title) for c in (*context.get("articles", ()), *context.get("pages", ()))
        ]
        return digest(
            CODE_VERSION,
            [tree_stamp(Path(path)) for path in self._template_dirs()],
            sorted(plain.items()),
            [c.model_dump() for c in self.catalog.categories.values()],
            [s.model_dump() for s in self.catalog.suppliers.values()],
            contents,
        )

    def _template_dirs(self) -> list[str]:
        settings = self.generator.settings
        return [
            *settings["THEME_TEMPLATES_OVERRIDES"],
            os.path.join(settings["THEME"], "templates"),
        ]

    def _variables(self, variables: dict) -> tuple:
        """A page's variables, described for its fingerprint.

        Lists made for one page (its products, pictures, ancestors) are described
        in place; only objects that many pages share are memorised.
        """
        return tuple((name, self._tokens(value)) for name, value in variables.items())

    def _tokens(self, value):
        """A plain, stable description of a page variable, for its fingerprint.

        Objects shared by many pages (a category's filters, a product) are
        described once per build.
        """
        kind = type(value)
        if kind in _PLAIN or isinstance(value, str | int | float | bool):
            return value
        if kind is list or kind is tuple:
            try:  # a listing's products, all described already: no Python call per item
                return tuple(map(self._memo.__getitem__, map(id, value)))
            except KeyError:
                return tuple(map(self._tokens, value))
        key = id(value)
        tokens = self._memo.get(key)
        if tokens is None:
            tokens = self._memo[key] = self._describe(value)
            self._kept.append(value)  # keeps id() unique while the memo lives
        return tokens

    def _describe(self, value):
        if isinstance(value, list | tuple):
            return digest(*map(self._tokens, value)) if value else ()
        if isinstance(value, dict):
            return digest(*((key, self._tokens(item)) for key, item in value.items()))
        if isinstance(value, Product):  # short: a listing page names two dozen products
            return digest(value.slug, *(offer.digest for offer in value.offers))
        if isinstance(value, Category | Supplier):
            return value.slug  # their contents are in the global digest
        if isinstance(value, Brand):
            return ("marque", value.slug, value.name, len(value.products))
        if isinstance(value, Pagination | FacetValue | Picture):
            return (type(value).__name__, *vars(value).values())
        raise TypeError(f"catalog: variable de page sans empreinte : {type(value).__name__}")

    def render(self, page: Page) -> str:
        """The page's HTML, with the local context Pelican's writer would give it."""
        context = self.generator.context.copy()
        context["localsiteurl"] = context.get("localsiteurl", None)
        if self.relative_urls:
            relative = path_to_url(get_relative_path(page.save_as))
            context["SITEURL"] = context["localsiteurl"] = relative
        context["output_file"] = page.save_as
        context.update(self.common)
        context.update(page.variables)
        return self.generator.get_template(page.template).render(context)

    def products(self, related_count: int):
        """Product pages; their pictures (and thumbnails) are made here, before any fork,
        so that each thumbnail file has one writer."""
        categories = self.catalog.categories
        thumbnails = self.generator.thumbnails
        ancestors = {slug: [categories[s] for s in c.path] for slug, c in categories.items()}
        for product in self.index.products:
            url = product_url(product)
            yield Page(
                f"{url}index.html",
                PRODUCT_TEMPLATE,
                {
                    "product": product,
                    "product_path": url,
                    "ancestors": ancestors[product.category],  # shared: fingerprinted once
                    "brand": self.index.brand_of(product),
                    "pictures": [p for p in map(thumbnails.picture, product.images) if p],
                    "related": self.index.related(product, related_count),
                },
            )

    def home(self) -> Page:
        """The catalog home takes the address of the Markdown page saved there, if any,
        and shows its text below the category tree."""
        pages = self.generator.context.get("pages", [])
        intro = next((p for p in pages if p.save_as == "catalogue/index.html"), None)
        return Page("catalogue/index.html", "catalog/index", {"intro": intro}, cacheable=False)

    def categories(self):
        for slug, category in self.catalog.categories.items():
            products = self.index.by_category[slug]
            facets = {
                name: values
                for name, values in self.index.facets(products).items()
                if len(values) > 1  # a filter that keeps everything is no filter
            }
            base = CATEGORY_URL.format(slug=slug)
            variables = {
                "category": category,
                "category_count": len(products),
                "ancestors": [self.catalog.categories[s] for s in category.path],
                "children": [
                    (self.catalog.categories[s], self.index.count(s)) for s in category.children
                ],
                "facets": facets,
            }
            yield from self._listing(base, products, facet=None, **variables)
            for facet, values in facets.items():
                groups = self.index.split(facet, products)
                for value in values:
                    yield from self._listing(
                        f"{base}{facet}/{value.slug}/",
                        groups[value.slug],
                        facet=(facet, value),
                        **variables,
                    )

    def _listing(self, base: str, products, **variables):
        for pagination, chunk in paginate(products, base, self.per_page):
            yield Page(
                f"{pagination.url(pagination.number)}index.html",
                "catalog/category",
                {
                    "products": chunk,
                    "pagination": pagination,
                    "filter_url": base if variables["facet"] else None,
                    **variables,
                },
            )

    def brands(self):
        yield Page(
            f"{BRANDS_URL}index.html",
            "catalog/brands",
            {"brands": self.index.brands},
            cacheable=False,
        )
        for slug, brand in self.index.brands.items():
            for pagination, chunk in paginate(
                brand.products, BRAND_URL.format(slug=slug), self.per_page
            ):
                yield Page(
                    f"{pagination.url(pagination.number)}index.html",
                    "catalog/brand",
                    {"brand": brand, "products": chunk, "pagination": pagination},
                )

    def suppliers(self):
        by_supplier = self.index.by_supplier
        yield Page(
            f"{SUPPLIERS_URL}index.html",
            "catalog/suppliers",
            {"by_supplier": by_supplier},
            cacheable=False,
        )
        for slug, supplier in self.catalog.suppliers.items():
            products = by_supplier[slug]
            for pagination, chunk in paginate(
                products, SUPPLIER_URL.format(slug=slug), self.per_page
            ):
                yield Page(
                    f"{pagination.url(pagination.number)}index.html",
                    "catalog/supplier",
                    {
                        "supplier": supplier,
                        "product_count": len(products),
                        "products": chunk,
                        "pagination": pagination,
                    },
                )


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _is_plain(value) -> bool:
    """Settings-like values: text, numbers and containers of them."""
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list | tuple):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False
