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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .documents import FACETS, FIELDS, PRODUCT, Document

FORMAT_VERSION = 2
# Terms this short are listed in the manifest (see above).
SHORT_TERM = 2
MANIFEST = "manifest.json"


def dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_postings(flat: Sequence[int]) -> list[int]:
    """`[field, n, docDelta, weight, …]` runs, one per field, document numbers delta-coded,
    from `indexer.score`'s flat postings (document, field, weight, …)."""
    by_field: dict[int, list[int]] = {}
    for position in range(0, len(flat), 3):
        by_field.setdefault(flat[position + 1], []).append(position)
    runs = []
    for number, positions in sorted(by_field.items()):
        runs += [number, len(positions)]
        previous = 0
        for position in positions:
            runs += [flat[position] - previous, flat[position + 2]]
            previous = flat[position]
    return runs


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
class TermFiles:
    """The term shards and what the manifest says of them: all that the postings decide.

    They are most of the work of a build, and a build whose documents index
    the same words (a price changed, a thumbnail) reuses them (`cache.py`).
    """

    keys: list[str]
    short: list[str]
    files: dict[str, bytes]


def content_name(folder: str, stem: str, payload: bytes) -> str:
    return f"{folder}{stem}.{hashlib.sha256(payload).hexdigest()[:10]}.json"


def term_files(term_postings: dict[str, Sequence[int]], shard_bytes: int) -> TermFiles:
    """The shards of `term_postings` (from `indexer.score`), at most about `shard_bytes` each.

    Each term's runs are encoded to JSON once, and shards are put together
    from those pieces: at 50,000 products, lists of Python ints for every
    term would take more memory than the whole catalog.
    """
    runs = {term: dumps(encode_postings(flat)) for term, flat in term_postings.items()}
    sizes = {term: len(term.encode()) + 4 + len(encoded) for term, encoded in runs.items()}
    shards = plan_shards(sizes, shard_bytes)
    files = {}
    for n, terms in enumerate(shards.values()):
        payload = b'{"t":%s,"p":[%s]}' % (dumps(terms), b",".join(runs[t] for t in terms))
        files[content_name("t/", str(n), payload)] = payload
    short = sorted(term for term in term_postings if len(term) <= SHORT_TERM)
    return TermFiles(list(shards), short, files)


@dataclass
class Bundle:
    """Every file of the search data, by path relative to `output/search/`."""

    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, folder: str, stem: str, data) -> str:
        payload = dumps(data)
        name = content_name(folder, stem, payload)
        self.files[name] = payload
        return name

    def write(self, target: Path, keep: Iterable[str] = ()) -> int:
        """Write every file and its `.gz`, remove the files of earlier builds but those
        in `keep`; returns the compressed total in bytes.

        A content-addressed file already there holds the same bytes: it is left
        as it is. Files are replaced whole, so a build that stops half-way
        leaves no truncated file behind a valid name.
        """
        total = 0
        wanted = set(keep)
        for name, payload in self.files.items():
            path = target / name
            packed_path = path.with_name(path.name + ".gz")
            wanted.update((name, f"{name}.gz"))
            if name != MANIFEST and packed_path.exists() and path.exists():
                total += packed_path.stat().st_size
                continue
            packed = gzip.compress(payload, compresslevel=9, mtime=0)
            _replace(path, payload)
            _replace(packed_path, packed)
            total += len(packed)
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.relative_to(target).as_posix() not in wanted:
                path.unlink()
        return total


def _replace(path: Path, payload: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(payload)
    temporary.replace(path)


def bundle(
    documents: list[Document],
    terms: TermFiles,
    chunk_size: int,
    vendor: Iterable[str],
) -> Bundle:
    """All search files for `documents`, whose term shards are `terms` (`term_files`)."""
    result = Bundle(dict(terms.files))
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
        "keys": terms.keys,
        "shortUpTo": SHORT_TERM,
        "short": terms.short,
        "shards": list(terms.files),
        "chunk": chunk_size,
        "chunks": chunk_files,
        "labels": list(labels),
        "facets": result.add("", "facets", facet_table(products)) if products else None,
        "vendor": list(vendor),
    }
    result.files[MANIFEST] = dumps(manifest)
    return result
