"""Documents and the index builder, on the demo catalog and small inline data."""

from search.documents import ARTICLE, PRODUCT, Document, price_text, references
from search.indexer import build_index, postings, score


def by_title(documents, start):
    return next(d for d in documents if d.title.startswith(start))


def test_products_come_first_then_articles_newest_first(demo_documents):
    kinds = [d.kind for d in demo_documents]
    assert kinds == sorted(kinds, key=[PRODUCT, ARTICLE].index)
    articles = [d for d in demo_documents if d.kind == ARTICLE]
    assert articles[0].title.startswith("Stérilisation")
    assert articles[0].meta == "7 novembre 2026"


def test_a_product_document_is_lean_and_complete(demo_documents):
    product = by_title(demo_documents, "Tensiomètre électronique de bras Tensalys TB-500")
    assert product.url == "catalogue/produits/tensalys-tensiometre-electronique-de-bras-tb-500/"
    assert product.category == "Tensiomètres"
    assert product.meta == "à partir de 88,34\u00a0€\u00a0HT"
    assert {"tb", "500", "tb500", "2991000010077"} <= set(product.fields["ref"])
    assert product.fields["brand"] == ["tensalys"]
    assert "diagnostic" in product.fields["category"]
    assert dict(product.facets["marque"]) == {"tensalys": "Tensalys"}
    assert len(product.facets["fournisseur"]) == 4
    assert product.facets["etat"] == (("neuf", "Neuf"),)
    assert product.facets["financement"] == ()


def test_price_text():
    class Priced:
        def __init__(self, low, high):
            self.price_min, self.price_max = low, high

    assert price_text(Priced(None, None)) == "Prix sur devis"
    assert price_text(Priced(1234.5, 1234.5)) == "1\u202f234,50\u00a0€\u00a0HT"
    assert price_text(Priced(10, 12)).startswith("à partir de 10,00")


def test_references_keep_every_offer_code():
    class Offer:
        def __init__(self, sku, mpn=None, gtin=None):
            self.sku, self.mpn, self.gtin, self.gtin13 = sku, mpn, gtin, gtin

    class Product:
        sku, mpn, gtin, gtin13 = "AM-1", "TB-500", "2991000010077", "2991000010077"
        offers = (Offer("AM-1"), Offer("MS204511", "TB500"))

    assert set(references(Product())) == {
        "am",
        "1",
        "am1",
        "ms204511",
        "tb",
        "500",
        "tb500",
        "2991000010077",
    }


def documents(*fields):
    return [
        Document("produit", f"n°{n}", f"p/{n}/", "c", "", fields=f) for n, f in enumerate(fields)
    ]


def test_a_title_match_outranks_a_text_match():
    index = build_index(
        documents(
            {"text": ["autoclave", "et", "accessoires"]},
            {"title": ["autoclave"]},
        )
    )
    assert [r["ref"] for r in index.search("autoclave")] == ["1", "0"]


def test_postings_are_lunr_scores_in_thousandths():
    index = build_index(documents({"title": ["gants", "nitrile"]}, {"title": ["gants"]}))
    found = postings(index)
    assert set(found) == {"gant", "nitril"}
    vector = index.field_vectors["title/0"]
    weight = vector.elements[vector.elements.index(index.inverted_index["nitril"]["_index"]) + 1]
    assert list(found["nitril"]) == [0, 0, round(weight * 1000)]
    assert list(found["gant"][0::3]) == [0, 1]


def test_score_gives_exactly_the_weights_of_a_lunr_py_index(demo_documents):
    """lunr.py is the judge: every term, document, field and weight the same."""
    expected = postings(build_index(demo_documents))
    assert score(demo_documents) == expected
    assert sum(map(len, expected.values())) > 5_000


def test_score_matches_lunr_py_with_stop_words_repeats_and_empty_fields():
    docs = documents(
        {"title": ["le", "gant", "gants", "gant"], "text": []},
        {"ref": ["tb", "500", "tb500"], "brand": ["tensalys"]},
        {},
        {"text": ["et", "de", "la"]},
    )
    assert score(docs) == postings(build_index(docs))
    assert score([]) == {}
