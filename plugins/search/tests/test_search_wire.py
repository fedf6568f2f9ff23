"""The files the browser downloads: encoding, sharding, names, compression."""

import gzip
import json

from search.documents import Document
from search.indexer import score
from search.wire import bundle, encode_postings, facet_table, plan_shards, term_files


def test_postings_are_runs_per_field_with_document_deltas():
    flat = [3, 0, 500, 7, 0, 250, 7, 2, 1000]
    assert encode_postings(flat) == [0, 2, 3, 500, 4, 250, 2, 1, 7, 1000]


def test_a_shard_is_the_json_of_its_terms_and_runs():
    terms = term_files({"gant": [0, 0, 900, 4, 6, 12], "nitril": [4, 0, 1500]}, 10**6)
    (payload,) = terms.files.values()
    assert json.loads(payload) == {
        "t": ["gant", "nitril"],
        "p": [[0, 1, 0, 900, 6, 1, 4, 12], [0, 1, 4, 1500]],
    }


def shard_of(shards: dict, term: str) -> str:
    """The rule the worker follows: the longest key that starts the term."""
    return max((k for k in shards if term.startswith(k)), key=len)


def test_a_skewed_prefix_is_split_until_shards_fit():
    sizes = {f"29910000{n:05d}": 100 for n in range(300)}
    sizes |= {"2": 10, "gant": 50, "gaze": 50, "tensiometr": 80}
    shards = plan_shards(sizes, budget=2_000)
    assert all(sum(sizes[t] for t in terms) <= 2_000 for terms in shards.values())
    assert sorted(t for terms in shards.values() for t in terms) == sorted(sizes)
    for key, terms in shards.items():
        assert all(shard_of(shards, term) == key for term in terms)
    assert shards["2"] == ["2"]


def test_a_small_vocabulary_is_one_shard():
    assert plan_shards({"a": 1, "b": 1}, budget=100) == {"": ["a", "b"]}


def test_facet_table_numbers_values_once():
    products = [
        Document("produit", "a", "a/", "c", "", facets={"etat": [("neuf", "Neuf")]}),
        Document(
            "produit",
            "b",
            "b/",
            "c",
            "",
            facets={"etat": [("neuf", "Neuf"), ("occasion", "Occasion")]},
        ),
        Document("produit", "c", "c/", "c", "", facets={}),
    ]
    table = facet_table(products)
    assert table["values"]["etat"] == [["neuf", "Neuf"], ["occasion", "Occasion"]]
    assert table["products"]["etat"] == [0, [0, 1], -1]
    assert table["names"]["etat"] == "État"


def test_every_file_is_written_with_its_gzip_and_a_content_hash(demo_search_dir):
    manifest = json.loads((demo_search_dir / "manifest.json").read_text())
    names = [*manifest["shards"], *manifest["chunks"], manifest["facets"], "manifest.json"]
    for name in names:
        path = demo_search_dir / name
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()
    assert len(set(manifest["shards"])) == len(manifest["keys"]) > 1
    assert manifest["fields"][:2] == ["title", "ref"]


def test_result_rows_are_short_arrays(demo_documents):
    files = bundle(demo_documents[:3], term_files(score(demo_documents[:3]), 10**9), 2, [])
    manifest = json.loads(files.files["manifest.json"])
    first = json.loads(files.files[manifest["chunks"][0]])
    assert len(first) == 2
    kind, title, url, label, meta = first[0][:5]
    assert (kind, title, url) == (0, demo_documents[0].title, demo_documents[0].url)
    assert manifest["labels"][label] == demo_documents[0].category
    assert meta == demo_documents[0].meta


def test_the_manifest_lists_every_term_of_one_or_two_characters(demo_search_dir):
    manifest = json.loads((demo_search_dir / "manifest.json").read_text())
    terms = set()
    for name in manifest["shards"]:
        terms |= set(json.loads((demo_search_dir / name).read_text())["t"])
    assert manifest["shortUpTo"] == 2
    assert manifest["short"] == sorted(t for t in terms if len(t) <= 2)
    assert "b" in manifest["short"]  # « autoclave classe B »
