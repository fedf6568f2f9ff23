"""Build the lunr index with lunr.py, then read back what each term scores in each document.

lunr.py does the scoring (BM25 with field boosts, rounded to three decimals
as lunr.js does); `postings` turns its index inside out into term → (document,
field, weight) lists, which is all the browser's worker needs to score the
terms a query touches exactly as lunr does (see `wire.py`).
"""

from collections import defaultdict

from lunr.builder import Builder

from .documents import FIELDS, Document
from .french import PIPELINE


def build_index(documents: list[Document]):
    """A lunr.py `Index` of `documents`, refs being their positions in the list."""
    builder = Builder()
    builder.pipeline.add(*PIPELINE)
    builder.search_pipeline.add(*PIPELINE)
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for number, document in enumerate(documents):
        builder.add({"id": number, **{name: document.fields.get(name) for name in FIELDS}})
    return builder.build()


def postings(index) -> dict[str, list[tuple[int, int, int]]]:
    """term → [(document, field number, weight in thousandths)], sorted, for every term.

    Weights are lunr's own rounded scores, so a rebuilt index scores exactly
    as this one does.
    """
    term_at = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    field_number = {name: number for number, name in enumerate(index.fields)}
    result = defaultdict(list)
    for field_ref, vector in index.field_vectors.items():
        name, ref = field_ref.split("/", 1)
        elements = vector.elements
        for position in range(0, len(elements), 2):
            term = term_at[elements[position]]
            weight = round(elements[position + 1] * 1000)
            result[term].append((int(ref), field_number[name], weight))
    return {term: sorted(entries) for term, entries in sorted(result.items())}
