"""supplier.yml: who the supplier is and how to read their feed.

```yaml
name: Alpha Médical              # required
website: https://alpha-medical.example
city: Lyon
description: Distributeur de matériel de diagnostic depuis 1998.
feed:
  file: catalogue.csv            # required: .csv, .tsv, .txt or .json
  encoding: cp1252               # optional, detected otherwise
  delimiter: ";"                 # optional: ";", ",", "tab" or "|", detected otherwise
  decimal: ","                   # optional: "," or ".", detected otherwise
columns:                         # canonical field: the supplier's header (CSV) or key (JSON)
  sku: Réf.
categories:                      # the supplier's category label: our slug
  Tensiomètres: tensiometres
defaults:                        # canonical field: value used when the cell is empty
  condition: reconditionné
sales:                           # optional: who also receives the leads about these offers
  - ventes@alpha-medical.example
```

A canonical field not listed under `columns` is read from a column of the
same name when there is one. Header names and category labels are compared
without case, accents or extra spaces, the way people retype them. Any
problem here keeps the whole supplier out of the catalog: half a mapping
would put wrong data on pages.
"""

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from email_validator import EmailNotValidError, validate_email

from . import parsing
from .cache import file_digest
from .feeds import FEED_SUFFIXES, Feed
from .model import Supplier
from .parsing import InvalidValue, fold, quote
from .problems import Problem
from .sanitize import sanitize_description
from .taxonomy import Taxonomy
from .yamlfile import LineDict, YamlError, load_yaml

REQUIRED_FIELDS = ("sku", "title", "brand", "category", "description")
OPTIONAL_FIELDS = (
    "gtin", "mpn", "price", "vat_rate", "condition", "availability", "lead_time_days",
    "mdr_class", "lpp_code", "warranty_months", "image", "financing", "url",
    "min_order_quantity",
)  # fmt: skip
CANONICAL_FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
TOP_KEYS = (
    "name", "website", "city", "description", "feed", "columns", "categories", "defaults", "sales",
)  # fmt: skip
FEED_KEYS = ("file", "encoding", "delimiter", "decimal")
DELIMITER_WORDS = {";": ";", ",": ",", "|": "|", "\t": "\t", "tab": "\t", "tabulation": "\t"}


@dataclass
class SupplierConfig:
    """A supplier's settings, checked; `columns` maps canonical fields to headers.

    `digest` fingerprints supplier.yml, for the caches of incremental builds.
    """

    slug: str
    directory: Path
    path: Path
    supplier: Supplier
    feed_file: Path | None
    encoding: str | None = None
    delimiter: str | None = None
    decimal_mark: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""


def load_supplier(
    directory: Path, taxonomy: Taxonomy
) -> tuple[SupplierConfig | None, list[Problem]]:
    """Read and check `<directory>/supplier.yml`; None when it cannot be used at all."""
    path = directory / "supplier.yml"
    slug = parsing.slugify(directory.name)
    if not path.is_file():
        message = (
            "fichier introuvable : chaque dossier de suppliers/ décrit son fournisseur "
            "dans un supplier.yml."
        )
        return None, [Problem(path, None, None, None, message)]
    try:
        data = load_yaml(path)
    except YamlError as err:
        return None, [Problem(path, err.line, None, None, err.message)]
    if not isinstance(data, LineDict):
        return None, [Problem(path, 1, None, None, "un dictionnaire de réglages était attendu.")]
    problems: list[Problem] = []
    _unknown_keys(path, data, TOP_KEYS, "", problems)
    name = parsing.text(data.get("name") or "")
    if not name:
        problems.append(Problem(path, data.line, "name", None, "nom du fournisseur manquant."))
    website = _website(path, data, problems)
    _sales(path, data, problems)
    supplier = Supplier(
        slug=slug,
        name=name or slug,
        website=website,
        city=parsing.text(data["city"]) if data.get("city") else None,
        description=sanitize_description(str(data.get("description") or "")),
    )
    feed = _mapping(path, data, "feed", problems)
    _unknown_keys(path, feed, FEED_KEYS, "feed.", problems)
    config = SupplierConfig(
        slug=slug,
        directory=directory,
        path=path,
        supplier=supplier,
        feed_file=_feed_file(path, directory, feed, data, problems),
        encoding=_encoding(path, feed, problems),
        delimiter=_choice(
            path, feed, "delimiter", DELIMITER_WORDS, "« ; », « , », « tab » ou « | »", problems
        ),
        decimal_mark=_choice(
            path, feed, "decimal", {",": ",", ".": "."}, "« , » ou « . »", problems
        ),
    )
    config.digest = file_digest(path)
    config.columns = _columns(path, data, problems, config.lines)
    config.categories = _categories(path, data, taxonomy, problems)
    config.defaults = _defaults(path, data, problems, config.lines)
    config.lines["columns"] = data.line_of("columns") if "columns" in data else data.line
    return config, problems


def _unknown_keys(
    path: Path, data: LineDict, known: tuple[str, ...], prefix: str, problems: list[Problem]
) -> None:
    for key in data:
        if key not in known:
            problems.append(
                Problem(
                    path,
                    data.line_of(key),
                    f"{prefix}{key}",
                    str(key),
                    f"clé inconnue (clés possibles : {', '.join(known)}).",
                )
            )


def _mapping(path: Path, data: LineDict, key: str, problems: list[Problem]) -> LineDict:
    """The sub-dictionary under `key`, or an empty one (after a problem if it is not one)."""
    value = data.get(key)
    if isinstance(value, LineDict):
        return value
    if value is not None:
        problems.append(
            Problem(
                path, data.line_of(key), key, None, "un dictionnaire (clé: valeur) était attendu."
            )
        )
    empty = LineDict()
    empty.line = data.line_of(key)
    return empty


def _sales(path: Path, data: LineDict, problems: list[Problem]) -> None:
    """`sales`: the supplier's sales contacts, read by the lead service (leads/delivery).

    Checked here so that a typo fails the catalog check, where supplier data
    people look, instead of an e-mail bouncing later.
    """
    value = data.get("sales")
    if value is None:
        return
    addresses = [value] if isinstance(value, str) else value
    line = data.line_of("sales")
    if not isinstance(addresses, list) or not addresses:
        problems.append(
            Problem(path, line, "sales", None, "une liste d’adresses électroniques était attendue.")
        )
        return
    for address in addresses:
        try:
            validate_email(str(address), check_deliverability=False)
        except EmailNotValidError:
            problems.append(
                Problem(
                    path,
                    line,
                    "sales",
                    str(address),
                    f"{quote(str(address))} n’est pas une adresse électronique "
                    "(exemple : ventes@fournisseur.fr).",
                )
            )


def _website(path: Path, data: LineDict, problems: list[Problem]) -> str | None:
    if not data.get("website"):
        return None
    try:
        return parsing.parse_url(data["website"])
    except InvalidValue as err:
        problems.append(
            Problem(path, data.line_of("website"), "website", str(data["website"]), str(err))
        )
        return None


def _feed_file(
    path: Path, directory: Path, feed: LineDict, data: LineDict, problems: list[Problem]
) -> Path | None:
    name = feed.get("file")
    if not name:
        problems.append(
            Problem(
                path,
                data.line_of("feed"),
                "feed.file",
                None,
                "fichier du catalogue non indiqué (feed: file: catalogue.csv).",
            )
        )
        return None
    feed_file = directory / str(name)
    line = feed.line_of("file")
    if feed_file.suffix.lower() not in FEED_SUFFIXES:
        problems.append(
            Problem(
                path,
                line,
                "feed.file",
                str(name),
                f"{quote(name)} : fichier .csv, .tsv, .txt ou .json attendu.",
            )
        )
    elif not feed_file.is_file():
        problems.append(
            Problem(
                path,
                line,
                "feed.file",
                str(name),
                f"{quote(name)} : fichier introuvable dans {directory.name}/.",
            )
        )
    return feed_file


def _encoding(path: Path, feed: LineDict, problems: list[Problem]) -> str | None:
    name = feed.get("encoding")
    if not name:
        return None
    try:
        codecs.lookup(str(name))
    except LookupError:
        problems.append(
            Problem(
                path,
                feed.line_of("encoding"),
                "feed.encoding",
                str(name),
                f"{quote(name)} : encodage inconnu (exemples : utf-8, cp1252).",
            )
        )
        return None
    return str(name)


def _choice(
    path: Path,
    feed: LineDict,
    key: str,
    words: dict[str, str],
    expected: str,
    problems: list[Problem],
) -> str | None:
    value = feed.get(key)
    if value is None:
        return None
    found = words.get(str(value).strip().lower() or str(value))
    if found is None:
        problems.append(
            Problem(
                path,
                feed.line_of(key),
                f"feed.{key}",
                str(value),
                f"{quote(value)} : valeur inconnue (attendu : {expected}).",
            )
        )
    return found


def _columns(
    path: Path, data: LineDict, problems: list[Problem], lines: dict[str, int]
) -> dict[str, str]:
    columns = {}
    for canonical, header in _mapping(path, data, "columns", problems).items():
        line = data["columns"].line_of(canonical)
        if canonical not in CANONICAL_FIELDS:
            problems.append(
                Problem(
                    path, line, f"columns.{canonical}", str(canonical), _unknown_field(canonical)
                )
            )
        elif not isinstance(header, str | int) or not str(header).strip():
            problems.append(
                Problem(
                    path,
                    line,
                    f"columns.{canonical}",
                    None,
                    "nom de colonne attendu après les deux-points.",
                )
            )
        else:
            columns[canonical] = " ".join(str(header).split())
            lines[f"columns.{canonical}"] = line
    return columns


def _unknown_field(name: object) -> str:
    return (
        f"{quote(name)} n’est pas un champ du catalogue "
        f"(champs possibles : {', '.join(CANONICAL_FIELDS)})."
    )


def _categories(
    path: Path, data: LineDict, taxonomy: Taxonomy, problems: list[Problem]
) -> dict[str, str]:
    mapping = {}
    for label, slug in _mapping(path, data, "categories", problems).items():
        line = data["categories"].line_of(label)
        if slug not in taxonomy:
            problems.append(
                Problem(
                    path,
                    line,
                    f"categories.{label}",
                    str(slug),
                    f"{quote(slug)} n’est pas un slug de categories.yml.",
                )
            )
            continue
        mapping[fold(str(label))] = slug
    return mapping


def _defaults(
    path: Path, data: LineDict, problems: list[Problem], lines: dict[str, int]
) -> dict[str, object]:
    defaults = {}
    for canonical, value in _mapping(path, data, "defaults", problems).items():
        line = data["defaults"].line_of(canonical)
        if canonical not in CANONICAL_FIELDS:
            problems.append(
                Problem(
                    path, line, f"defaults.{canonical}", str(canonical), _unknown_field(canonical)
                )
            )
            continue
        defaults[canonical] = value
        lines[f"defaults.{canonical}"] = line
    return defaults


def resolve_columns(config: SupplierConfig, feed: Feed) -> tuple[dict[str, str], list[Problem]]:
    """Canonical field to the feed's actual header, checking that every mapped column exists.

    A required field needs a column (mapped, or named like the field) or a
    default; otherwise no row could ever be valid.
    """
    by_fold = {fold(name): name for name in feed.header if name}
    resolved, problems = {}, []
    found = ", ".join(f"« {name} »" for name in feed.header if name) or "aucune"
    for canonical in CANONICAL_FIELDS:
        if canonical in config.columns:
            header = config.columns[canonical]
            if fold(header) in by_fold:
                resolved[canonical] = by_fold[fold(header)]
            else:
                problems.append(
                    Problem(
                        config.path,
                        config.lines[f"columns.{canonical}"],
                        f"columns.{canonical}",
                        header,
                        f"colonne {quote(header)} absente de {feed.path.name} "
                        f"(colonnes trouvées : {found}).",
                    )
                )
        elif canonical in by_fold:
            resolved[canonical] = by_fold[canonical]
        elif canonical in REQUIRED_FIELDS and canonical not in config.defaults:
            problems.append(
                Problem(
                    config.path,
                    config.lines["columns"],
                    f"columns.{canonical}",
                    None,
                    f"champ obligatoire sans colonne : ajoutez « {canonical}: <nom de la colonne> » "
                    "sous columns.",
                )
            )
    return resolved, problems
