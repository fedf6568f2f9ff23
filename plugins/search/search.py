"""Pelican plugin `search`: index articles and the catalog at build time for lunr.js.

Runs on `all_generators_finalized`, when the articles are read and the
catalog plugin has put `catalog` and `catalog_index` in the context (without
them only articles are indexed). Writes `output/<SEARCH_OUTPUT>/`: the
manifest, term shards, result chunks and facets (see `wire.py`), plus the
lunr.js files copied from `node_modules` (nothing comes from a CDN).
"""

import logging
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from pelican import signals

from .cache import Stored, fingerprint
from .documents import article_documents, product_documents
from .indexer import score
from .wire import TermFiles, bundle, term_files

logger = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_OUTPUT": "search",
    "SEARCH_NODE_MODULES": "node_modules",
    # Few, larger files: a keystroke that must download waits for its slowest
    # file, and a prefix such as « sté » spans many 48 kB shards at 50,000
    # products. Rows compress well (1,024 rows: about 15 kB gzipped), and
    # with more rows a chunk more often holds the next keystroke's results.
    "SEARCH_SHARD_BYTES": 128_000,
    "SEARCH_CHUNK_SIZE": 1024,
    "SEARCH_BODY_WORDS": 400,
    "SEARCH_PRODUCT_WORDS": 25,
}

# Copied as they are into `<SEARCH_OUTPUT>/vendor/`, in loading order.
VENDOR = (
    "lunr/lunr.min.js",
    "lunr-languages/min/lunr.stemmer.support.min.js",
    "lunr-languages/min/lunr.fr.min.js",
)


class SearchError(Exception):
    """The search data cannot be built (a setting is wrong, lunr.js is missing)."""


def setting(settings: dict, name: str):
    return settings.get(name, DEFAULTS[name])


def _check_config(settings: dict) -> None:
    for name in (
        "SEARCH_SHARD_BYTES",
        "SEARCH_CHUNK_SIZE",
        "SEARCH_BODY_WORDS",
        "SEARCH_PRODUCT_WORDS",
    ):
        value = setting(settings, name)
        if not isinstance(value, int) or value < 1:
            raise SearchError(f"search: {name} doit être un entier positif (reçu : {value!r}).")
    modules = Path(setting(settings, "SEARCH_NODE_MODULES"))
    missing = [name for name in VENDOR if not (modules / name).is_file()]
    if missing:
        raise SearchError(
            f"search: {', '.join(missing)} introuvable(s) dans {modules} ; "
            "installez les paquets npm du projet (npm ci)."
        )


def _smallest(thumbnails):
    """image → URL of its smallest thumbnail (or the remote image itself), "" if unreadable."""

    def thumbnail(image: str) -> str:
        picture = thumbnails.picture(image)
        if picture is None:
            return ""
        return picture.sources[0][0] if picture.sources else picture.src

    return thumbnail


def _thumbnailer(generators, catalog):
    """The catalog generator's thumbnail maker, or no thumbnails at all."""
    for generator in generators:
        if getattr(generator, "catalog", None) is catalog and hasattr(generator, "thumbnails"):
            return _smallest(generator.thumbnails)
    return lambda image: ""


def _financing_text(settings: dict) -> Callable[[object], str]:
    """« à partir de 79 €/mois HT » for a product, when the financing plugin is on."""
    if "financing" not in settings["PLUGINS"]:
        return lambda product: ""
    from financing import Financing, as_financing_settings

    return Financing(as_financing_settings(settings)).from_text


def collect_documents(generators, settings: dict) -> list:
    """Products first (the facet table is indexed by their numbers), then articles.

    Product documents are kept between builds (`cache.py`), under a key that
    covers what every document depends on: the code and the settings."""
    context = generators[0].context
    documents = []
    catalog, index = context.get("catalog"), context.get("catalog_index")
    if catalog is not None and index is not None:
        stored = Stored(Path(settings["CACHE_PATH"]), "documents")
        words = setting(settings, "SEARCH_PRODUCT_WORDS")
        key = fingerprint(words, "financing" in settings["PLUGINS"], settings.get("FINANCING"))
        known = stored.get(key) or {}
        products = product_documents(
            catalog,
            index,
            _thumbnailer(generators, catalog),
            words,
            _financing_text(settings),
            known,
        )
        if len(products) != len(known) or any(d is not known.get(d.source) for d in products):
            stored.put(key, {document.source: document for document in products})
        documents += products
    documents += article_documents(
        context.get("articles", []), setting(settings, "SEARCH_BODY_WORDS")
    )
    return documents


def build_search(generators) -> None:
    """Collect the documents, index them, write the search files."""
    settings = generators[0].settings
    if "search" not in settings["PLUGINS"]:  # see catalog.generator.get_generators
        return
    started = time.perf_counter()
    _check_config(settings)
    documents = collect_documents(generators, settings)
    target = Path(settings["OUTPUT_PATH"]) / setting(settings, "SEARCH_OUTPUT")
    terms, reused = cached_terms(documents, settings)
    vendor = _copy_vendor(Path(setting(settings, "SEARCH_NODE_MODULES")), target / "vendor")
    files = bundle(documents, terms, setting(settings, "SEARCH_CHUNK_SIZE"), vendor)
    packed = files.write(target, keep=vendor)
    logger.info(
        "search: %s documents, %s fichiers, %s octets compressés%s, en %.1f s",
        len(documents),
        len(files.files),
        packed,
        " (termes inchangés)" if reused else "",
        time.perf_counter() - started,
    )


def cached_terms(documents: list, settings: dict) -> tuple[TermFiles, bool]:
    """The term shards, from the cache when the indexed words did not change;
    and whether they came from it."""
    shard_bytes = setting(settings, "SEARCH_SHARD_BYTES")
    stored = Stored(Path(settings["CACHE_PATH"]), "terms")
    key = fingerprint(shard_bytes, documents=documents)
    terms = stored.get(key)
    if terms is not None:
        return terms, True
    terms = term_files(score(documents), shard_bytes)
    stored.put(key, terms)
    return terms, False


def _copy_vendor(modules: Path, target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for name in VENDOR:
        shutil.copyfile(modules / name, target / Path(name).name)
        names.append(f"vendor/{Path(name).name}")
    return names


def register() -> None:
    signals.all_generators_finalized.connect(build_search)
