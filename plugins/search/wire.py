"""The files the browser downloads: small, content-addressed, gzipped, loaded on demand.

A naive lunr index for 50,000 products is one 24 MB (gzip) JSON file. Here
the browser fetches only what a query needs:

- `manifest.json`: fields, facet names, the shard keys, every file name, and
  the terms of one or two characters (`short`): a word of one or two letters
  is only looked up exactly, and most such words are in no document, so the
  worker fetches a shard for one only when it is listed (typing « cl »
  before « classe » then costs no download);
- `t/<n>.<hash>.json`: a term shard. Terms are grouped by prefix, and a
  prefix is split one letter further whenever its group outgrows
  `shard_bytes`, so a shard stays small however skewed the vocabulary
  (13-digit GTINs sharing their first digits, say). A shard maps each
  term to flat integer runs `[field, n, docDelta, weight, …]`; the worker
  scores straight from them, with lunr's arithmetic (`search-worker.js`).
  The term a query needs lives in the shard whose key is its longest
  prefix; a prefix query also needs the shards whose keys extend it.
- `d/<n>.<hash>.json`: what the list shows for `chunk_size` consecutive
  documents (kind, title, URL, category, price or date, thumbnail);
  products are numbered by category, so the top results share chunks;
- `facets.<hash>.json`: per product, the facet value numbers; only the
  search page asks for it, after its first results.

Names carry a hash of the content, so files can be cached for ever; only the
manifest must be revalidated. Each file is also written pre-compressed
(`.gz`), for servers that send it as is (nginx `gzip_static`).
"""

import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .documents import FACETS, FIELDS, PRODUCT, Document

FORMAT_VERSION = 2
# Terms this short are listed in the manifest (see above).
SHORT_TERM = 2


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_postings(entries: list[tuple[int, int, int]]) -> list[int]:
    """`[field, n, docDelta, weight, …]` runs, one per field, document numbers delta-coded."""
    by_field: dict[int, list[tuple[int, int]]] = {}
    for document, number, weight in entries:
        by_field.setdefault(number, []).append((document, weight))
    flat = []
    for number, pairs in sorted(by_field.items()):
        flat += [number, len(pairs)]
        previous = 0
        for document, weight in pairs:
            flat += [document - previous, weight]
            previous = document
    return flat


def estimated_size(term: str, encoded: list[int]) -> int:
    """Bytes of a term in its shard, near enough to split shards without encoding twice."""
    return len(term.encode()) + 4 + sum(len(str(n)) + 1 for n in encoded)


def plan_shards(sizes: dict[str, int], budget: int) -> dict[str, list[str]]:
    """Shard key → sorted terms. A group over `budget` is split by the next letter;
    terms exactly equal to a split prefix stay under that prefix as key."""
    shards: dict[str, list[str]] = {}
    stack = [("", sorted(sizes))]
    while stack:
        prefix, terms = stack.pop()
        if sum(sizes[t] for t in terms) <= budget or all(len(t) == len(prefix) for t in terms):
            shards[prefix] = terms
            continue
        children: dict[str, list[str]] = {}
        for term in terms:
            if len(term) == len(prefix):
                shards[prefix] = [term]
            else:
                children.setdefault(term[: len(prefix) + 1], []).append(term)
        stack.extend(children.items())
    return dict(sorted(shards.items()))


def document_row(document: Document, labels: dict[str, int]) -> list:
    """What the results list shows, as a short array (see `search-worker.js`)."""
    row = [
        0 if document.kind == PRODUCT else 1,
        document.title,
        document.url,
        labels.setdefault(document.category, len(labels)),
        document.meta,
    ]
    return [*row, document.image] if document.image else row


def facet_table(products: list[Document]) -> dict:
    """Facet values once (slug, label), then each product's value numbers:
    a number, a list of numbers, or -1 for none."""
    table = {"names": FACETS, "values": {}, "products": {}}
    for facet in FACETS:
        numbers: dict[str, int] = {}
        values: list[list[str]] = []
        column = []
        for document in products:
            found = []
            for slug, label in document.facets.get(facet, []):
                if slug not in numbers:
                    numbers[slug] = len(values)
                    values.append([slug, label])
                found.append(numbers[slug])
            column.append(found[0] if len(found) == 1 else (found or -1))
        table["values"][facet] = values
        table["products"][facet] = column
    return table


@dataclass
class Bundle:
    """Every file of the search data, by path relative to `output/search/`."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, folder: str, stem: str, data) -> str:
        payload = dumps(data)
        name = f"{folder}{stem}.{hashlib.sha256(payload).hexdigest()[:10]}.json"
        self.files[name] = payload
        return name

    def write(self, target: Path) -> int:
        """Write every file and its `.gz`; returns the compressed total in bytes."""
        total = 0
        for name, payload in self.files.items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(payload)
            packed = gzip.compress(payload, compresslevel=9, mtime=0)
            path.with_name(path.name + ".gz").write_bytes(packed)
            total += len(packed)
        return total


def bundle(
    documents: list[Document],
    term_postings: dict[str, list[tuple[int, int, int]]],
    shard_bytes: int,
    chunk_size: int,
    vendor: Iterable[str],
) -> Bundle:
    """All search files for `documents`, whose postings come from `indexer.postings`."""
    result = Bundle()
    encoded = {term: encode_postings(entries) for term, entries in term_postings.items()}
    sizes = {term: estimated_size(term, runs) for term, runs in encoded.items()}
    shards = plan_shards(sizes, shard_bytes)
    shard_files = [
        result.add("t/", str(n), {"t": terms, "p": [encoded[t] for t in terms]})
        for n, terms in enumerate(shards.values())
    ]
    labels: dict[str, int] = {}
    chunk_files = [
        result.add(
            "d/",
            str(n // chunk_size),
            [document_row(d, labels) for d in documents[n : n + chunk_size]],
        )
        for n in range(0, len(documents), chunk_size)
    ]
    products = [d for d in documents if d.kind == PRODUCT]
    manifest = {
        "version": FORMAT_VERSION,
        "fields": list(FIELDS),
        "count": len(documents),
        "products": len(products),
        "keys": list(shards),
        "shortUpTo": SHORT_TERM,
        "short": sorted(term for term in term_postings if len(term) <= SHORT_TERM),
        "shards": shard_files,
        "chunk": chunk_size,
        "chunks": chunk_files,
        "labels": list(labels),
        "facets": result.add("", "facets", facet_table(products)) if products else None,
        "vendor": list(vendor),
    }
    result.files["manifest.json"] = dumps(manifest)
    return result
