"""The same index answers the same in Python and in the browser's worker.

lunr.py builds and queries the whole index; the real `search-worker.js`,
under Node, rebuilds lunr.js indexes from the shards its queries need.
Both must return the same documents in the same order for every query of
the table: accents or none, plurals, prefixes, a typo, references, GTINs.
"""

import json

import pytest
from search.french import search

from .conftest import write_search_dir

QUERIES = [
    "tensiomètre",
    "tensiometre",
    "Tensiomètres",
    "stéthoscopes pédiatriques",
    "stethoscope pediatrique",
    "tensio",
    "électro",
    "electro",
    "défibrillat",
    "stéthoscope do",
    "défibrillateur semi-automatique",
    "defibrilateur",
    "autoclave classe B",
    "gants",
    "gants nitrile",
    "TB-500",
    "tb500",
    "amp",
    "am10",
    "2991000010077",
    "29910000100",
    "Rescufib",
    "oxymètre de pouls",
    "échographe portable",
    "crédit-bail",
    "location financière",
    "coopétition",
    "stérilisation",
    "holter",
    "l’autoclave",
    "sl-cardio4",
    "doppler fœtal",
    "de",
    "zzzz",
]


def python_results(index, text: str) -> list[int]:
    return [document for document, _ in search(index, text)]


@pytest.fixture(scope="session")
def worker_replies(worker, demo_search_dir):
    return worker(demo_search_dir, [{"q": q, "limit": 10} for q in QUERIES])["replies"]


@pytest.mark.parametrize("number", range(len(QUERIES)), ids=QUERIES)
def test_python_and_worker_agree(number, demo_index, demo_documents, worker_replies):
    expected = python_results(demo_index, QUERIES[number])
    reply = worker_replies[number]
    assert "error" not in reply, reply
    assert reply["total"] == len(expected)
    assert [r["url"] for r in reply["results"]] == [demo_documents[n].url for n in expected[:10]]


def test_the_table_finds_something_for_almost_every_query(worker_replies):
    empty = [q for q, r in zip(QUERIES, worker_replies, strict=True) if not r["total"]]
    assert empty == ["de", "zzzz"], "a stop word is too short to be a prefix"


def test_a_query_downloads_only_the_shards_it_needs(worker, demo_search_dir):
    fetched = worker(demo_search_dir, [{"q": "tensiometre", "limit": 5}])["replies"][0][
        "fetchedBefore"
    ]
    manifest = json.loads((demo_search_dir / "manifest.json").read_text())
    shards = [name for name in fetched if name.startswith("t/")]
    assert 1 <= len(shards) <= 3 < len(manifest["shards"])
    assert len([name for name in fetched if name.startswith("d/")]) <= 2
    assert not any(name.startswith("facets") for name in fetched)


def fetched_for(reply, prefix: str) -> set[str]:
    """Files of `prefix` fetched while the worker answered this request."""
    new = set(reply["fetchedBefore"]) - set(reply["fetchedAtRequest"])
    return {name for name in new if name.startswith(prefix)}


def fetched_between(first, second, prefix: str) -> set[str]:
    """Files of `prefix` fetched after the first reply, before the second request."""
    new = set(second["fetchedAtRequest"]) - set(first["fetchedBefore"])
    return {name for name in new if name.startswith(prefix)}


def test_after_a_reply_the_worker_fetches_what_the_next_letter_needs(
    worker, tmp_path, demo_documents
):
    """Typing « st » then « ste »: the shards of every « st… » term arrive
    between the keystrokes, so « ste » waits for no shard. (Tiny shards, so
    that « st » is split into several.)"""
    search_dir = write_search_dir(tmp_path, demo_documents, shard_bytes=2_000)
    keys = json.loads((search_dir / "manifest.json").read_text())["keys"]
    assert len([key for key in keys if key.startswith("st")]) > 2
    requests = [{"q": "st", "limit": 5}, {"q": "ste", "limit": 5}]
    first, second = worker(search_dir, requests)["replies"]
    assert len(fetched_between(first, second, "t/")) > 1
    assert not fetched_for(second, "t/")
    assert second["total"] > 0


def test_a_short_word_in_no_document_costs_no_download(worker, demo_search_dir):
    """« autoclave cl », on the way to « classe »: « cl » is not in the
    manifest's list of short terms, so no shard is fetched for it."""
    manifest = json.loads((demo_search_dir / "manifest.json").read_text())
    assert "cl" not in manifest["short"]
    requests = [{"q": "autoclave", "limit": 5}, {"q": "autoclave cl", "limit": 5}]
    first, second = worker(demo_search_dir, requests)["replies"]
    assert not fetched_for(second, "t/")
    assert second["total"] == first["total"] > 0


def test_after_a_reply_the_worker_fetches_the_rows_of_the_next_results(worker, demo_search_dir):
    requests = [{"q": "st", "limit": 2}, {"q": "st", "offset": 2, "limit": 20}]
    first, second = worker(demo_search_dir, requests)["replies"]
    assert fetched_between(first, second, "d/")
    assert not fetched_for(second, "d/")
    assert len(second["results"]) == 20


def test_lunr_js_loads_an_index_serialised_by_lunr_py(node, demo_index):
    """The pipeline labels are the same on both sides, so `lunr.Index.load` works."""
    queries = ["tensiomètre", "stéthoscopes pédiatriques", "autoclave", "gants"]
    script = """
    const index = lunr.Index.load(input.index);
    output(input.queries.map((q) => MediSearchFrench.search(index, q).map((r) => r.doc)));
    """
    serialised = json.loads(json.dumps(demo_index.serialize()))
    assert serialised["pipeline"] == ["stopWordFilter-fr", "accentFold-fr", "stemmer-fr"]
    found = node(script, {"index": serialised, "queries": queries})
    assert found == [python_results(demo_index, q) for q in queries]
    assert all(found)


def test_a_word_without_digits_never_waits_for_the_shards_of_references(
    worker, tmp_path, demo_documents
):
    """« am » then « amp »: the shards of the « am102… » references are neither
    prefetched nor fetched; typing a digit (« am10 ») brings them."""
    search_dir = write_search_dir(tmp_path, demo_documents, shard_bytes=2_000)
    manifest = json.loads((search_dir / "manifest.json").read_text())
    references = {
        manifest["shards"][n]
        for n, key in enumerate(manifest["keys"])
        if key.startswith("am") and key[2:3].isdigit()
    }
    assert references
    requests = [{"q": q, "limit": 5} for q in ("am", "amp", "am10")]
    first, second, third = worker(search_dir, requests)["replies"]
    words = fetched_between(first, second, "t/") | fetched_for(second, "t/")
    assert words and not words & references
    assert fetched_for(third, "t/") & references
    assert third["total"] > 0
