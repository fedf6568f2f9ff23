"""A build after a change that indexes no new word reuses the term shards and rewrites little."""

import dataclasses
import os

from search.cache import Stored, fingerprint
from search.indexer import score
from search.wire import bundle, term_files


def test_the_fingerprint_follows_the_indexed_words_only(demo_documents):
    key = fingerprint(4_000, documents=demo_documents)
    repriced = [dataclasses.replace(demo_documents[0], meta="1 111,11 € HT"), *demo_documents[1:]]
    assert fingerprint(4_000, documents=repriced) == key
    renamed = dataclasses.replace(
        demo_documents[0], fields={**demo_documents[0].fields, "title": ["autre"]}
    )
    assert fingerprint(4_000, documents=[renamed, *demo_documents[1:]]) != key
    assert fingerprint(8_000, documents=demo_documents) != key


def test_the_cache_gives_back_the_shards_of_the_same_key_only(tmp_path, demo_documents):
    cache = Stored(tmp_path, "terms")
    assert cache.get("a") is None
    terms = term_files(score(demo_documents[:20]), 4_000)
    cache.put("a", terms)
    assert cache.get("a") == terms
    assert cache.get("b") is None
    cache.path.write_bytes(b"not a pickle")
    assert cache.get("a") is None


def test_writing_again_keeps_unchanged_files_and_removes_stale_ones(tmp_path, demo_documents):
    target = tmp_path / "search"
    terms = term_files(score(demo_documents), 4_000)
    (target / "vendor").mkdir(parents=True)
    (target / "vendor" / "lunr.min.js").write_text("// lunr")
    first = bundle(demo_documents, terms, 16, ["vendor/lunr.min.js"])
    first.write(target, keep=["vendor/lunr.min.js"])
    shard = target / next(iter(terms.files))
    os.utime(shard, (0, 0))

    repriced = [dataclasses.replace(demo_documents[0], meta="1 111,11 € HT"), *demo_documents[1:]]
    second = bundle(repriced, terms, 16, ["vendor/lunr.min.js"])
    packed = second.write(target, keep=["vendor/lunr.min.js"])

    assert shard.stat().st_mtime == 0  # not written again
    written = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    expected = {n for name in second.files for n in (name, f"{name}.gz")}
    assert written == expected | {"vendor/lunr.min.js"}
    changed = set(first.files) - set(second.files)
    assert changed and all(name.startswith("d/0.") for name in changed)
    assert packed == sum(p.stat().st_size for p in target.rglob("*.gz"))


def test_a_build_with_the_same_words_takes_the_shards_from_the_cache(tmp_path, demo_documents):
    from search.search import cached_terms

    settings = {"CACHE_PATH": str(tmp_path)}
    terms, reused = cached_terms(demo_documents, settings)
    assert not reused
    repriced = [dataclasses.replace(demo_documents[0], meta="1 111,11 € HT"), *demo_documents[1:]]
    assert cached_terms(repriced, settings) == (terms, True)
    fewer, reused = cached_terms(demo_documents[1:], settings)
    assert not reused and fewer != terms


def test_a_product_keeps_its_document_while_what_it_shows_is_unchanged(root):
    from catalog.catalog import load_catalog
    from catalog.index import CatalogIndex, price_bands
    from frenchformat.frenchformat import french_number
    from search.documents import product_documents

    catalog = load_catalog(root / "catalog_data")
    index = CatalogIndex(catalog, price_bands([100, 500, 1000, 5000, 20000], french_number))
    first = product_documents(catalog, index, lambda image: "", 25)
    known = {document.source: document for document in first}
    again = product_documents(catalog, index, lambda image: "", 25, known=known)
    assert all(new is old for new, old in zip(again, first, strict=True))

    # An earlier build saw other offers for the first product.
    changed = first[0]
    earlier = {**known, ("autre", *changed.source[1:]): changed}
    del earlier[changed.source]
    remade = product_documents(catalog, index, lambda image: "", 25, known=earlier)
    assert [d is not old for d, old in zip(remade, first, strict=True)].count(True) == 1
    assert remade[0] is not changed and remade[0] == changed

    # Thumbnails changed: the products with a picture are remade, only they.
    pictured = product_documents(catalog, index, lambda image: f"{image}.webp", 25, known=known)
    assert [d is not old for d, old in zip(pictured, first, strict=True)] == [
        bool(d.image) for d in pictured
    ]
    assert any(d.image for d in pictured)
