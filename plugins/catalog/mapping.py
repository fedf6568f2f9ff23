"""A supplier's raw rows to validated offers, or to precise reasons for refusing them.

This is where the supplier's vocabulary (their headers, their category
labels, their decimal mark) meets ours. A row is accepted whole or refused
whole: every problem of a refused row is reported at once, so that a supplier
fixes a line in one pass.
"""

import os
from dataclasses import dataclass, field
from hashlib import blake2b
from pathlib import Path

from pydantic import ValidationError

from .feeds import Feed
from .model import FieldSets, Offer, OfferContext
from .parsing import InvalidValue, fold, guess_decimal_mark, is_blank, quote
from .problems import Problem, display_path
from .supplier import SupplierConfig
from .taxonomy import Taxonomy


@dataclass
class MappedFeed:
    """What one supplier's feed gave: offers, problems, and row counts."""

    offers: list[Offer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0
    rejected: int = 0


def map_feed(
    config: SupplierConfig,
    feed: Feed,
    columns: dict[str, str],
    taxonomy: Taxonomy,
    data_dir: Path,
) -> MappedFeed:
    """Validate every row of `feed` with the supplier's column and category mapping."""
    result = MappedFeed(problems=list(feed.problems))
    result.read = len(feed.rows) + len(feed.problems)
    result.rejected = len(feed.problems)
    decimal_mark = config.decimal_mark or guess_decimal_mark(
        [
            row.values.get(columns[name])
            for row in feed.rows
            for name in ("price", "vat_rate")
            if name in columns
        ]
    )
    context = {
        "offer": OfferContext(
            supplier=config.slug,
            data_dir=data_dir,
            supplier_dir=config.directory,
            resolve_category=_category_resolver(config, taxonomy),
            decimal_mark=decimal_mark,
            existing_files=_files_in(config.directory)
            if "image" in columns or "image" in config.defaults
            else frozenset(),
        )
    }
    source = display_path(feed.path)
    first_line_of_sku: dict[str, int] = {}
    field_sets = FieldSets()
    for row in feed.rows:
        raw = _raw_offer(config, columns, row.values)
        digest = blake2b(
            repr((config.digest, sorted(raw.items()))).encode(), digest_size=12
        ).hexdigest()
        raw.update(supplier=config.slug, source=source, line=row.line, digest=digest)
        try:
            offer, problems = Offer.model_validate(raw, context=context), []
        except ValidationError as err:
            offer, problems = None, _explain(err, raw, columns, feed.path, row.line)
        if duplicate := _duplicate_sku(raw.get("sku"), row.line, first_line_of_sku, feed.path):
            problems.append(duplicate)
        if problems:
            result.problems.extend(problems)
            result.rejected += 1
        else:
            field_sets.share(offer)
            result.offers.append(offer)
    return result


def _raw_offer(
    config: SupplierConfig, columns: dict[str, str], values: dict[str, object]
) -> dict[str, object]:
    """Canonical field to raw cell; blank cells left out so that defaults apply."""
    raw = {}
    for canonical, header in columns.items():
        value = values.get(header)
        if value is not None and (value.__class__ is not str or value.strip()):
            raw[canonical] = value
    for canonical, value in config.defaults.items():
        raw.setdefault(canonical, value)
    return raw


def _duplicate_sku(
    sku: object, line: int, first_line_of_sku: dict[str, int], path: Path
) -> Problem | None:
    """A problem when this reference was already used higher up in the same feed."""
    if is_blank(sku):
        return None
    key = " ".join(str(sku).split()).casefold()
    first = first_line_of_sku.setdefault(key, line)
    if first == line:
        return None
    return Problem(
        path,
        line,
        "sku",
        str(sku),
        f"{quote(sku)} : référence déjà utilisée ligne {first} ; "
        "chaque référence doit être unique chez un fournisseur.",
    )


def _category_resolver(config: SupplierConfig, taxonomy: Taxonomy):
    """Supplier label to our slug: their mapping first, then one of our slugs as is."""
    cache: dict[str, str] = {}

    def resolve(label: str) -> str:
        if label in cache:
            return cache[label]
        slug = config.categories.get(fold(label))
        if slug is None and label in taxonomy:
            slug = label
        if slug is None:
            raise InvalidValue(
                f"{quote(label)} : catégorie inconnue ; associez ce libellé à une catégorie "
                "de categories.yml sous categories: dans supplier.yml."
            )
        cache[label] = slug
        return slug

    return resolve


def _files_in(directory: Path) -> frozenset[str]:
    """Every file under the supplier's folder, listed once, so images are checked without a stat each."""
    found = set()
    for root, _dirs, files in os.walk(directory):
        relative = Path(root).relative_to(directory)
        found.update((relative / name).as_posix() for name in files)
    return frozenset(found)


def _explain(
    err: ValidationError, raw: dict[str, object], columns: dict[str, str], path: Path, line: int
) -> list[Problem]:
    problems = []
    for error in err.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else None
        value = raw.get(name) if name else None
        if error["type"] == "missing":
            column = columns.get(name)
            message = (
                f"champ obligatoire vide (colonne {quote(column)})."
                if column
                else "champ obligatoire vide."
            )
        elif isinstance(error.get("ctx", {}).get("error"), InvalidValue):
            message = str(error["ctx"]["error"])  # the parser's French explanation
        else:
            message = f"{quote(value)} : valeur invalide."
        problems.append(Problem(path, line, name, None if value is None else str(value), message))
    return problems
