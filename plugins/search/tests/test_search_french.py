"""The French pipeline: each step alone, then Python against the browser's code."""

import re

import pytest
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from search.french import (
    PIPELINE,
    PREFIX_FIELDS,
    STOP_WORDS,
    clauses,
    compact,
    fold,
    normalize,
    plan,
    tokenize,
)

ROOT_MARKERS = ("content", "catalog_data")


def test_tokenize_splits_elisions_hyphens_and_references():
    assert tokenize("L’échographe TB-500, d'occasion !") == [
        "l",
        "échographe",
        "tb",
        "500",
        "d",
        "occasion",
    ]


def test_tokenize_composes_decomposed_accents():
    assert tokenize("te\u0301le\u0301phone") == ["téléphone"]


def test_compact_joins_the_parts_of_a_reference():
    assert compact("SL-CARDIO4") == "slcardio4"


def test_fold_follows_lunr_languages():
    assert fold("écœurée à l’hôpital") == "ecoeuree a l’hopital"


def test_gants_keeps_its_g():
    """lunr.py 0.8.0's French trimmer would make it « ant »."""
    assert normalize("gants") == "gant"


def test_accents_do_not_change_the_stem():
    assert normalize("tensiomètres") == normalize("tensiometre") == "tensiometr"
    assert normalize("pédiatriques") == normalize("pediatrique")


def test_stop_words_give_nothing():
    assert normalize("les") is None
    assert normalize("à") is None


def test_stop_words_are_those_of_lunr_languages(root):
    source = (root / "node_modules" / "lunr-languages" / "lunr.fr.js").read_text()
    listed = re.search(r"generateStopWordFilter\('([^']*)'", source).group(1).split()
    assert set(listed) == STOP_WORDS


def test_pipeline_functions_carry_lunr_languages_labels():
    builder = Builder()
    builder.search_pipeline.add(*PIPELINE)
    assert builder.search_pipeline.serialize() == [
        "stopWordFilter-fr",
        "accentFold-fr",
        "stemmer-fr",
    ]
    assert Pipeline.load(["stemmer-fr"])


def test_plan_of_a_two_word_query():
    fields = PREFIX_FIELDS
    assert plan("stéthoscopes pédiatriques") == [
        {"term": "stéthoscopes", "boost": 10, "use_pipeline": True, "word": 0},
        {"term": "stéthoscopes", "boost": 1, "use_pipeline": True, "fuzzy": True, "word": 0},
        {"term": "pédiatriques", "boost": 10, "use_pipeline": True, "word": 1},
        {
            "term": "pediatriques",
            "boost": 3,
            "use_pipeline": False,
            "wildcard": 2,
            "fields": fields,
            "word": 1,
        },
        {"term": "pediatri", "boost": 3, "use_pipeline": False, "fields": fields, "word": 1},
        {"term": "pediatriq", "boost": 3, "use_pipeline": False, "fields": fields, "word": 1},
        {"term": "pediatriqu", "boost": 3, "use_pipeline": False, "fields": fields, "word": 1},
        {"term": "pediatrique", "boost": 3, "use_pipeline": False, "fields": fields, "word": 1},
        {"term": "pédiatriques", "boost": 1, "use_pipeline": True, "fuzzy": True, "word": 1},
    ]


def test_references_are_never_fuzzy():
    assert not any(c.get("fuzzy") for c in plan("2991000010077 tb500x"))


@pytest.fixture(scope="module")
def vocabulary(root) -> list[str]:
    """Every word of the demo articles and catalog, with and without accents."""
    words = set()
    for folder in ROOT_MARKERS:
        for path in (root / folder).rglob("*"):
            if path.suffix in {".md", ".csv", ".json", ".yml", ".xml"}:
                words.update(tokenize(path.read_text(encoding="utf-8", errors="replace")))
    return sorted(words | {fold(w) for w in words})


def test_python_and_javascript_stem_every_demo_word_alike(node, vocabulary):
    assert len(vocabulary) > 3000
    script = "output(input.map((w) => MediSearchFrench.normalize(w)));"
    javascript = node(script, vocabulary)
    different = {
        w: (p, j)
        for w, p, j in zip(vocabulary, map(normalize, vocabulary), javascript, strict=True)
        if p != j
    }
    assert not different


TEXTS = [
    "Stéthoscopes pédiatriques",
    "l’autoclave de 18 litres",
    "TB-500 / 2991000010077",
    "ŒUVRE « crédit-bail » à 3,5 %",
    "de",
    "électro",
    "défibrillat",
    "ab",
    "Defibrilateur semi-automatique",
    "  ",
]


def test_python_and_javascript_tokenize_and_plan_alike(node):
    script = """output(input.map((t) => [MediSearchFrench.tokenize(t),
      MediSearchFrench.plan(t).map((c) => [c.term, c.boost, Boolean(c.fuzzy),
        c.usePipeline === undefined ? null : c.usePipeline, c.wildcard || 0, c.word,
        c.fields || null])]));"""
    expected = [
        [
            tokenize(t),
            [
                [
                    c["term"],
                    c["boost"],
                    c.get("fuzzy", False),
                    c.get("use_pipeline"),
                    c.get("wildcard", 0),
                    c["word"],
                    c.get("fields"),
                ]
                for c in plan(t)
            ],
        ]
        for t in TEXTS
    ]
    assert node(script, TEXTS) == expected


def test_a_word_s_own_stem_is_looked_up_once(demo_index):
    found = clauses(demo_index, "tensiomètre")
    lookups = [normalize(c["term"]) if c["use_pipeline"] else c["term"] for c in found]
    assert lookups.count("tensiometr") == 1
    assert {c["word"] for c in found} == {0}


def test_a_word_without_digits_expands_to_words_only():
    from search.french import wordy

    terms = ["sterile", "ste00421", "stet", "sterim2000"]
    assert wordy("ste", terms) == ["sterile", "stet"]
    assert wordy("ste0", terms) == terms
