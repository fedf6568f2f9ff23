"""The French text pipeline, identical at build time (lunr.py) and in the browser (lunr.js).

Text goes through the same four steps on both sides:

1. `tokenize`: NFC, lower case, split on anything that is not a letter or a digit
   (so « l’échographe » gives « l » and « échographe », and « TB-500 » gives
   « tb » and « 500 »). The browser mirror is `tokenize` in
   `theme/static/js/search-french.js`; neither side uses lunr's own
   tokenizer or its trimmer (lunr.py 0.8.0's French trimmer eats b, g, h,
   k and w at word edges, « gants » → « ant », while lunr.js does not).
2. `stopWordFilter-fr`: lunr-languages' French list, shipped here (no
   `nltk.download`); a test checks it against `node_modules`.
3. `accentFold-fr`: lunr-languages' own folding table, applied before
   stemming and at index time too, so « electro* » (folded by the browser
   like every wildcard term) meets indexed terms without accents.
4. `stemmer-fr`: Snowball French. `snowballstemmer` 2.2 gives exactly the
   stems of lunr-languages 1.22 (3.x differs on « -aise »); a test compares
   both over the whole demo vocabulary.

The functions are registered with lunr.py under lunr-languages' labels, so
an index serialised here loads with `lunr.Index.load` in the browser.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token_set import TokenSet

# lunr-languages 1.22's list (`lunr.fr.stopWordFilter`), one word a line.
STOP_WORDS = frozenset(
    Path(__file__).with_name("stopwords-fr.txt").read_text(encoding="utf-8").split()
)

# lunr-languages 1.22, `lunr.fr.accentFoldTerm`, character for character.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("àáâäÀÁÂÄ", "a"),
        **dict.fromkeys("çÇ", "c"),
        **dict.fromkeys("éèêëÉÈÊË", "e"),
        **dict.fromkeys("îïÎÏ", "i"),
        **dict.fromkeys("ôöÔÖ", "o"),
        **dict.fromkeys("ùûüÙÛÜ", "u"),
        **dict.fromkeys("Ÿÿ", "y"),
        **dict.fromkeys("æÆ", "ae"),
        **dict.fromkeys("œŒ", "oe"),
    }
)

# Letters and digits in Python's sense (`str.isalnum`) match JS's [\p{L}\p{N}].
_SEPARATOR = re.compile(r"[\W_]+")
_STEMMER = snowballstemmer.stemmer("french")


def tokenize(text: str) -> list[str]:
    """Lower-cased words of `text`, split on anything that is not a letter or a digit."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return [word for word in _SEPARATOR.split(text) if word]


def fold(term: str) -> str:
    """Remove French accents the way lunr-languages does (é → e, œ → oe)."""
    return term.translate(_FOLD)


@lru_cache(maxsize=200_000)
def stem(term: str) -> str:
    """Snowball French stem of a folded term; cached, a catalog repeats its words."""
    return _STEMMER.stemWord(term)


def normalize(word: str) -> str | None:
    """What the pipeline makes of one token: None for a stop word, else its folded stem."""
    if word in STOP_WORDS:
        return None
    return stem(fold(word))


def stop_word_filter(token, i=None, tokens=None):
    return None if str(token) in STOP_WORDS else token


def accent_fold(token, i=None, tokens=None):
    return token.update(lambda term, metadata=None: fold(term))


def stemmer(token, i=None, tokens=None):
    return token.update(lambda term, metadata=None: stem(term))


Pipeline.register_function(stop_word_filter, "stopWordFilter-fr")
Pipeline.register_function(accent_fold, "accentFold-fr")
Pipeline.register_function(stemmer, "stemmer-fr")

PIPELINE = (stop_word_filter, accent_fold, stemmer)


def compact(text: str) -> str:
    """A reference without its separators (« TB-500 » → « tb500 »), indexed beside its parts."""
    return "".join(tokenize(text))


# Query clauses: a word as typed (stemmed), as a prefix while it is being typed,
# and with one typo forgiven once it is long enough to make that safe. The
# mirror in search-french.js uses the same numbers.
EXACT_BOOST, PREFIX_BOOST, FUZZY_BOOST = 10, 3, 1
PREFIX_MIN, FUZZY_MIN, FUZZY_KEEP, TRUNCATE = 3, 6, 3, 4
# Completion looks at names only: a prefix met in every description would make
# each keystroke score half the catalog.
PREFIX_FIELDS = ["title", "ref", "brand", "tags"]
# A prefix stands for its most frequent completions only: « st » would otherwise
# bring every « st00042 » reference of the catalog into each keystroke.
PREFIX_TERMS = 30
_DIGIT = re.compile(r"[0-9]")  # as JS /\d/: ASCII digits


def plan(text: str) -> list[dict]:
    """The clauses of a query, before typo expansion; `plan` in search-french.js is its mirror.

    Every word is looked up stemmed. The last one, being typed, is also looked
    up as a prefix in names, brands, references and tags (from three letters:
    shorter ones would match half the catalog), and so are its last few
    truncations (« défibrillat » reaches the stem « defibrill », shorter than
    what is typed). Words of six letters or more without digits also match
    with one typo (`fuzzy`); references never do. `word` is the position of
    the query word a clause stands for.
    """
    words = tokenize(text)
    clauses = []
    for position, word in enumerate(words):
        clauses.append({"term": word, "boost": EXACT_BOOST, "use_pipeline": True, "word": position})
        folded = fold(word)
        if position == len(words) - 1 and len(folded) >= PREFIX_MIN:
            clauses.append(
                {
                    "term": folded,
                    "boost": PREFIX_BOOST,
                    "use_pipeline": False,
                    "wildcard": Query.WILDCARD_TRAILING,
                    "fields": PREFIX_FIELDS,
                    "word": position,
                }
            )
            for end in range(max(PREFIX_MIN, len(folded) - TRUNCATE), len(folded)):
                clauses.append(
                    {
                        "term": folded[:end],
                        "boost": PREFIX_BOOST,
                        "use_pipeline": False,
                        "fields": PREFIX_FIELDS,
                        "word": position,
                    }
                )
        if len(word) >= FUZZY_MIN and not _DIGIT.search(word):
            clauses.append(
                {
                    "term": word,
                    "boost": FUZZY_BOOST,
                    "use_pipeline": True,
                    "fuzzy": True,
                    "word": position,
                }
            )
    return clauses


def typo_set(stemmed: str) -> TokenSet:
    """Terms one edit away from `stemmed` that keep its first FUZZY_KEEP letters.

    lunr's own edit distance may change the first letter, which would send a
    query to every shard of the index; anchoring the start keeps a typo
    query to the shards of its first letters, in Python as in the browser.
    """
    node = TokenSet.from_fuzzy_string(stemmed[FUZZY_KEEP:], 1)
    for letter in reversed(stemmed[:FUZZY_KEEP]):
        parent = TokenSet()
        parent.edges[letter] = node
        node = parent
    return node


def wordy(word: str, terms: list[str]) -> list[str]:
    """Of `terms`, those a query word may expand to (as a prefix or with a typo).

    A word typed without digits expands to words without digits: « ste »
    means « stérile » or « stéthoscope », never the 8,000 « ste00421 »
    references of a large catalog, and the browser need not download the
    shards that hold only those. A reference is found as soon as a digit is
    typed, and by its exact parts all along.
    """
    if _DIGIT.search(word):
        return terms
    return [term for term in terms if not _DIGIT.search(term)]


def completions(index, prefix: str) -> list[str]:
    """Indexed terms starting with `prefix`: the PREFIX_TERMS found in the most
    documents' names, brands, references or tags (ties: alphabetical); see `wordy`."""
    terms = wordy(prefix, index.token_set.intersect(TokenSet.from_string(prefix + "*")).to_list())

    def frequency(term):
        posting = index.inverted_index[term]
        return sum(len(posting[field]) for field in PREFIX_FIELDS if field in posting)

    return sorted(terms, key=lambda t: (-frequency(t), t))[:PREFIX_TERMS]


def clauses(index, text: str) -> list[dict]:
    """`plan`, with each prefix and fuzzy clause replaced by one clause per indexed
    term it stands for. Separate clauses of the same boost score exactly as
    lunr's own expansion would. A word's own stem is looked up once, by its
    exact clause: a second pass over its postings would only cost time."""
    result = []
    stems = {}
    for clause in plan(text):
        if clause["use_pipeline"] and not clause.get("fuzzy"):
            stems[clause["word"]] = normalize(clause["term"])
            result.append(clause)
            continue
        if clause.pop("wildcard", 0):
            terms = completions(index, clause["term"])
        elif clause.pop("fuzzy", False):
            stemmed = normalize(clause["term"])
            if stemmed is None or len(stemmed) <= FUZZY_KEEP:
                continue
            terms = wordy(stemmed, index.token_set.intersect(typo_set(stemmed)).to_list())
        else:
            terms = [clause["term"]]
        own = stems.get(clause["word"])
        result += [{**clause, "term": t, "use_pipeline": False} for t in terms if t != own]
    return result


def coverage(query_clauses: list[dict], lookups: list[str | None], matched) -> int:
    """How many query words the matched index terms of a document stand for."""
    return len(
        {c["word"] for c, term in zip(query_clauses, lookups, strict=True) if term in matched}
    )


def lookup_terms(query_clauses: list[dict]) -> list[str | None]:
    """The index term each clause looks up: what `coverage` compares."""
    return [normalize(c["term"]) if c["use_pipeline"] else c["term"] for c in query_clauses]


def search(index, text: str) -> list[tuple[int, float]]:
    """(document, score) for `text`, best first: the reference the browser must match.

    Documents that match more of the query's words come first, then lunr's
    score decides, then the catalog order: « gants nitrile » lists nitrile
    gloves before every other glove, however short their titles.
    """
    query_clauses = clauses(index, text)
    if not query_clauses:
        return []
    lookups = lookup_terms(query_clauses)
    query = index.create_query()
    for clause in query_clauses:
        query.clause(**{k: v for k, v in clause.items() if k != "word"})
    ranked = sorted(
        (
            -coverage(query_clauses, lookups, r["match_data"].metadata),
            -r["score"],
            int(r["ref"]),
        )
        for r in index.query(query)
    )
    return [(ref, -score) for _, score, ref in ranked]
