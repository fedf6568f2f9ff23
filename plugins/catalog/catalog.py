"""Load the whole catalog: taxonomy, every supplier, their rows, merged products, problems.

This is the one entry point the build, the check command and the benchmark
share, so they all accept and refuse exactly the same rows.
"""

import logging
import os
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

from .cache import FeedCache, file_digest
from .feeds import FeedError, read_feed
from .mapping import MappedFeed, map_feed
from .merge import merge_offers
from .model import Product, Supplier
from .parallel import map_forked
from .problems import Problem
from .supplier import load_supplier, resolve_columns
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

DEFAULT_DATA_DIR = "catalog_data"
ENV_VAR = "CATALOG_DATA"


def resolve_data_dir(settings_value: str | os.PathLike | None = None) -> Path:
    """Where the catalog lives: `$CATALOG_DATA`, else the setting, else `catalog_data/`.

    The environment variable wins so that any build or check can be pointed
    at another catalog (a benchmark, a broken test catalog) without editing
    settings. Relative paths are relative to the current directory.
    """
    return Path(os.environ.get(ENV_VAR) or settings_value or DEFAULT_DATA_DIR)


@dataclass
class CatalogResult:
    """Everything loaded, with the problems found and the row counts of the summary.

    `broken_files` counts files that kept a whole supplier (or the taxonomy)
    out: a broken supplier.yml, an unreadable feed.
    """

    data_dir: Path
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    products: list[Product] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    accepted: int = 0
    rejected: int = 0
    broken_files: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing was refused: what production builds and CI require."""
        return not self.rejected and not self.broken_files

    @property
    def categories(self):
        return self.taxonomy.categories

    @cached_property
    def product_by_slug(self) -> dict[str, Product]:
        return {p.slug: p for p in self.products}

    @cached_property
    def product_by_gtin(self) -> dict[str, Product]:
        """Products by every GTIN their offers carry, in 13-digit form when one exists."""
        index = {}
        for product in self.products:
            for offer in product.offers:
                if offer.gtin:
                    index[offer.gtin13 or offer.gtin] = product
        return index


def load_catalog(
    data_dir: str | os.PathLike, cache_dir: str | os.PathLike | None = None
) -> CatalogResult:
    """Read `data_dir` (categories.yml and suppliers/<slug>/) into a `CatalogResult`.

    With `cache_dir`, a supplier whose files did not change since the last
    load is not parsed again (see `cache.FeedCache`).
    """
    data_dir = Path(data_dir)
    result = CatalogResult(data_dir)
    cache = FeedCache(cache_dir) if cache_dir is not None else None
    if not data_dir.is_dir():
        result.problems.append(
            Problem(data_dir, None, None, None, "dossier du catalogue introuvable.")
        )
        result.broken_files += 1
        return result
    result.taxonomy, problems = load_taxonomy(data_dir / "categories.yml")
    _add_file_problems(result, problems)
    if not result.taxonomy.categories:
        return result  # every mapping and row would fail: the taxonomy problem says it all
    suppliers_dir = data_dir / "suppliers"
    directories = (
        sorted(
            d for d in suppliers_dir.iterdir() if d.is_dir() and not d.name.startswith((".", "_"))
        )
        if suppliers_dir.is_dir()
        else []
    )
    if not directories:
        result.problems.append(
            Problem(
                suppliers_dir,
                None,
                None,
                None,
                "aucun dossier fournisseur (suppliers/<slug>/supplier.yml).",
            )
        )
        result.broken_files += 1
    taxonomy_digest = file_digest(data_dir / "categories.yml")
    configs = [_configure(result, directory, cache, taxonomy_digest) for directory in directories]
    # Parsing and validating is most of a load: the feeds the cache cannot give
    # are read side by side, one per core.
    todo = [config for config, _, mapped, _ in configs if config and mapped is None]
    parsed = iter(map_forked(partial(_read_and_map, result), todo))
    offers = []
    for order, (config, key, mapped, problems) in enumerate(configs):
        if config is None:
            _add_file_problems(result, problems)
            continue
        if mapped is None:
            mapped, problems = next(parsed)
            if problems:
                _add_file_problems(result, problems)
                continue
            if cache:
                cache.put(config.slug, key, mapped)
        offers.extend(_accept(result, config, order, mapped))
    result.products = merge_offers(offers, {slug: s.order for slug, s in result.suppliers.items()})
    logger.debug(
        "catalog: %s suppliers, %s rows, %s products",
        len(result.suppliers),
        result.rows_read,
        len(result.products),
    )
    return result


def _add_file_problems(result: CatalogResult, problems: list[Problem]) -> None:
    """Problems that keep a file out, in reading order (file, then line)."""
    if problems:
        result.problems.extend(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
        result.broken_files += 1


def _configure(result: CatalogResult, directory: Path, cache: FeedCache | None, digest: str):
    """(config, cache key, rows from the cache or None, []), or (None, None, None,
    the problems that keep the supplier out)."""
    config, problems = load_supplier(directory, result.taxonomy)
    if config is None or problems:
        if config is not None and config.feed_file is not None and config.feed_file.is_file():
            problems.extend(_read_and_map(result, config, validate=False)[1])
        return None, None, None, problems
    key = cache.key(config, digest) if cache else ""
    return config, key, cache.get(config.slug, key) if cache else None, []


def _accept(result: CatalogResult, config, order: int, mapped: MappedFeed) -> list:
    """Count a supplier's rows and problems in; returns its accepted offers."""
    result.suppliers[config.slug] = config.supplier.model_copy(update={"order": order})
    result.problems.extend(sorted(mapped.problems, key=lambda p: p.line or 0))
    result.rows_read += mapped.read
    result.rejected += mapped.rejected
    result.accepted += len(mapped.offers)
    return mapped.offers


def _read_and_map(
    result: CatalogResult, config, validate: bool = True
) -> tuple[MappedFeed | None, list[Problem]]:
    """The supplier's rows validated, or the problems that keep the whole file out.

    With `validate` false, only the file and its header are checked: a broken
    supplier.yml still gets every problem of its feed's header reported.
    """
    try:
        feed = read_feed(config.feed_file, config.encoding, config.delimiter)
    except FeedError as err:
        return None, [err.problem()]
    columns, problems = resolve_columns(config, feed)
    if problems or not validate:
        return None, problems
    return map_feed(config, feed, columns, result.taxonomy, result.data_dir), []
