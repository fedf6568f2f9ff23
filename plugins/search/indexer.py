"""Score every indexed term of every document with lunr's BM25.

`score` is what the build runs: it computes, for each term, the weight lunr
gives it in each document's field (BM25 with field boosts, rounded to three
decimals as lunr does), which is all the browser's worker needs to score a
query exactly as lunr would (see `wire.py`). It does lunr.py's arithmetic,
operation for operation, without lunr.py's `Builder`: the builder keeps a
token object, a metadata dict and a vector per posting, which cost 7 s and
1.2 GB of memory for 50,000 products, where this takes a fraction of both.

`build_index` builds the same documents with lunr.py itself. The Python
reference search (`french.search`) queries that index, and `postings` reads
its scores back: the tests check that `score` gives exactly those, so lunr.py
stays the judge of what the weights must be.
"""

import math
from array import array
from collections import Counter, defaultdict

from lunr.builder import Builder

from .documents import FIELDS, Document
from .french import PIPELINE, normalize

# lunr's BM25 parameters (Builder defaults, lunr.js and lunr.py alike).
K1, B = 1.2, 0.75

# term → its postings, flat: document, field number, weight in thousandths,
# document, field number, weight… sorted by document then field. Twelve bytes
# a posting where tuples of Python ints would take ten times that.
Postings = dict[str, array]


def _field_terms(documents: list[Document], memo: dict[str, str | None]):
    """For each document, each field's normalised terms, stop words dropped.

    A generator, run twice by `score`: keeping every document's terms in
    memory between the passes would cost more than normalising again, once
    `memo` holds what each word normalises to.
    """
    for document in documents:
        terms = []
        for name in FIELDS:
            found = []
            for word in document.fields.get(name) or ():
                if word not in memo:
                    memo[word] = normalize(word)
                term = memo[word]
                if term is not None:
                    found.append(term)
            terms.append(found)
        yield terms


def score(documents: list[Document]) -> Postings:
    """Every term's postings, in `Postings` form, terms sorted."""
    boosts = list(FIELDS.values())
    lengths = [0] * len(boosts)
    memo: dict[str, str | None] = {}
    # lunr counts a document once per field that holds the term (`lunr.idf`).
    frequency: Counter[str] = Counter()
    for fields in _field_terms(documents, memo):
        for number, terms in enumerate(fields):
            lengths[number] += len(terms)
            frequency.update(set(terms))
    count = len(documents)
    averages = [length / count for length in lengths] if count else lengths
    idf = {
        term: math.log(1 + abs((count - found + 0.5) / (found + 0.5)))
        for term, found in frequency.items()
    }
    del frequency
    result: Postings = {term: array("i") for term in sorted(idf)}
    for document, fields in enumerate(_field_terms(documents, memo)):
        for number, terms in enumerate(fields):
            # The same operations in the same order as lunr.py's
            # `Builder._create_field_vectors`, so every float is the same.
            norm = K1 * (1 - B + B * (len(terms) / averages[number])) if terms else 0
            for term, tf in Counter(terms).items():
                weight = idf[term] * ((K1 + 1) * tf) / (norm + tf) * boosts[number]
                result[term].extend((document, number, round(round(weight, 3) * 1000)))
    return result


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


def postings(index) -> Postings:
    """What a lunr.py index scores, in `score`'s form: the reference `score` must match."""
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
    return {
        term: array("i", [n for entry in sorted(entries) for n in entry])
        for term, entries in sorted(result.items())
    }
