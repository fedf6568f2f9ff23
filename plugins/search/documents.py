"""What gets indexed: articles and products turned into plain search documents.

A `Document` carries three things, each as lean as the results list allows:
the tokens of each indexed field (already split by `french.tokenize`, so
lunr.py takes them as they are), the few strings a result shows (title, URL,
category, price or date, thumbnail) and, for products, the facet values the
search page filters on. Nothing else reaches the browser: no descriptions,
no bodies, no offers.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from frenchformat.frenchformat import french_date, french_price, plain_text

from .french import compact, tokenize

PRODUCT = "produit"
ARTICLE = "article"

# Field boosts: names and references win over descriptions and bodies.
FIELDS = {
    "title": 10,
    "ref": 8,
    "brand": 5,
    "tags": 3,
    "category": 3,
    "supplier": 2,
    "text": 1,
}

# Facets of the search page, in display order, with their French names.
FACETS = {
    "categorie": "Catégorie",
    "marque": "Marque",
    "fournisseur": "Fournisseur",
    "etat": "État",
    "prix": "Prix HT",
    "financement": "Financement",
}
FINANCING = ("oui", "Financement proposé")


@dataclass(slots=True)
class Document:
    """One search result: its indexed tokens, what the list shows, its facet values."""

    kind: str
    title: str
    url: str
    category: str
    meta: str
    image: str = ""
    fields: dict[str, list[str]] = field(default_factory=dict)
    facets: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # For a product: everything its document is made from, besides the
    # settings and the code (see `product_documents`).
    source: tuple = ()


class Words:
    """Tokens as one string object per distinct word, facet values as one tuple per value.

    50,000 products say « tensiomètre » or « stérile » hundreds of thousands
    of times: a list of shared strings costs eight bytes a word, where a
    string of its own each time would cost fifty or more. Thousands of
    products share a brand or a price band, so their facet entries are shared too.
    """

    def __init__(self):
        self.seen: dict = {}

    def same(self, value: tuple) -> tuple:
        return self.seen.setdefault(value, value)

    def shared(self, tokens: list[str]) -> list[str]:
        return [self.seen.setdefault(token, token) for token in tokens]

    def split(self, text: str) -> list[str]:
        return self.shared(tokenize(text))


def first_words(text: str, count: int) -> str:
    """The first `count` words: enough to match a topic, small enough for 50,000 products."""
    return " ".join(text.split()[:count])


def article_documents(articles: Iterable, body_words: int) -> list[Document]:
    """Articles, newest first: title, tags, category, summary and the start of the body."""
    documents = []
    for article in sorted(articles, key=lambda a: a.date, reverse=True):
        summary = plain_text(getattr(article, "summary", ""))
        body = first_words(plain_text(article.content), body_words)
        tags = [tag.name for tag in getattr(article, "tags", [])]
        documents.append(
            Document(
                kind=ARTICLE,
                title=plain_text(article.title),
                url=article.url,
                category=article.category.name,
                meta=french_date(article.date),
                fields={
                    "title": tokenize(plain_text(article.title)),
                    "tags": tokenize(" ".join(tags)),
                    "category": tokenize(article.category.name),
                    "text": tokenize(f"{summary} {body}"),
                },
            )
        )
    return documents


def price_text(product) -> str:
    """« 88,34 € HT », « à partir de 88,34 € HT » or « Prix sur devis »."""
    if product.price_min is None:
        return "Prix sur devis"
    amount = french_price(product.price_min, "HT")
    return amount if product.price_min == product.price_max else f"à partir de {amount}"


def references(product) -> list[str]:
    """Every code a buyer may type: SKUs and MPNs of all offers, GTINs, each also compacted."""
    codes = {product.sku, product.mpn, product.gtin, product.gtin13}
    for offer in product.offers:
        codes.update((offer.sku, offer.mpn, offer.gtin, offer.gtin13))
    tokens = []
    for code in sorted(c for c in codes if c):
        parts = tokenize(code)
        tokens.extend(parts)
        if len(parts) > 1:
            tokens.append(compact(code))
    return list(dict.fromkeys(tokens))


def product_documents(
    catalog,
    index,
    thumbnail: Callable[[str], str],
    text_words: int,
    financing_text: Callable[[object], str] = lambda product: "",
    known: dict[tuple, Document] | None = None,
) -> list[Document]:
    """Products in category then title order, so that neighbours share a data chunk.

    `financing_text` gives « à partir de 79 €/mois HT » for a product that can be
    financed (plugins/financing), shown after its price in the results.
    `known` holds the documents of an earlier build with the same settings and
    code, by `Document.source`: a product whose offers (their digests cover
    every field of the supplier's row), picture, brand, price band, category
    and suppliers are unchanged keeps its document (`cache.py`).
    """
    known = known or {}
    categories = catalog.categories
    suppliers = catalog.suppliers
    words = Words()
    documents = []

    positions = {p.slug: n for n, p in enumerate(index.products)}
    for product in sorted(
        index.products, key=lambda p: (categories[p.category].path, positions[p.slug])
    ):
        category = categories[product.category]
        lineage = [categories[slug].name for slug in category.path]
        brand = index.brand_of(product)
        band = index.band_of(product)
        names = [suppliers[slug].name for slug in product.suppliers]
        image = thumbnail(product.images[0]) if product.images else ""
        source = (
            product.slug,
            tuple(offer.digest for offer in product.offers),
            image,
            words.same((brand.slug, brand.name, band.slug, band.label)),
            words.same((category.slug, *lineage)),
            words.same(tuple(names)),
        )
        if source in known:
            documents.append(known[source])
            continue
        # « Neuf » and « Classe » would match nearly every device: index only the
        # other conditions and the class itself (« IIa »).
        attributes = [c.label for c in product.conditions if c.value != "neuf"]
        if product.mdr_class:
            attributes.append(product.mdr_class.value)
        documents.append(
            Document(
                kind=PRODUCT,
                title=product.title,
                url=f"catalogue/produits/{product.slug}/",
                category=category.name,
                meta=" · ".join(
                    part for part in (price_text(product), financing_text(product)) if part
                ),
                image=image,
                fields={
                    "title": words.split(product.title),
                    "ref": words.shared(references(product)),
                    "brand": words.split(product.brand),
                    "category": words.split(" ".join(lineage)),
                    "supplier": words.split(" ".join(names)),
                    "text": words.split(
                        " ".join([*attributes, first_words(product.summary, text_words)])
                    ),
                },
                facets={
                    "categorie": words.same(((category.slug, category.name),)),
                    "marque": words.same(((brand.slug, brand.name),)),
                    "fournisseur": words.same(
                        tuple((slug, suppliers[slug].name) for slug in product.suppliers)
                    ),
                    "etat": words.same(tuple((c.value, c.label) for c in product.conditions)),
                    "prix": words.same(((band.slug, band.label),)),
                    "financement": (FINANCING,) if product.financing else (),
                },
                source=source,
            )
        )
    return documents
