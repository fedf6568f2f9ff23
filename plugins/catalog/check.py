"""The catalog report for catalog staff: every problem, then a summary, and an exit code.

Run it as `invoke catalog-check [--data DIR]` or, from the project root,
`PYTHONPATH=plugins python -m catalog.check [--data DIR]`. It exits with 1
when a row was refused or a supplier file is broken, so CI can stop there.
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from babel.numbers import format_decimal

from .catalog import CatalogResult, load_catalog, resolve_data_dir


def main(data_dir: str | Path | None = None) -> int:
    """Print the report for `data_dir` (default: `$CATALOG_DATA` or catalog_data/)."""
    result = load_catalog(Path(data_dir) if data_dir else resolve_data_dir())
    for problem in result.problems:
        print(problem.format())
    print(summary(result))
    return 0 if result.ok else 1


def summary(result: CatalogResult) -> str:
    """« 5 fournisseurs, 312 lignes lues, 305 acceptées, 7 rejetées. » and what follows."""
    offers = sum(len(p.offers) for p in result.products)
    lines = [
        f"{_count(len(result.suppliers), 'fournisseur', 'fournisseurs')}, "
        f"{_count(result.rows_read, 'ligne lue', 'lignes lues')}, "
        f"{_count(result.accepted, 'acceptée', 'acceptées')}, "
        f"{_count(result.rejected, 'rejetée', 'rejetées')}."
    ]
    if result.broken_files:
        lines.append(
            _count(result.broken_files, "fichier en erreur", "fichiers en erreur")
            + " (fournisseur ou catégories ignorés)."
        )
    lines.append(
        f"{_count(len(result.products), 'produit', 'produits')} après fusion, "
        f"{_count(offers, 'offre', 'offres')}."
    )
    return "\n".join(lines)


def _count(number: int, singular: str, plural: str) -> str:
    """French agreement: 0 and 1 take the singular."""
    return f"{format_decimal(number, locale='fr_FR')} {singular if number < 2 else plural}"


def run(argv: Sequence[str] | None = None) -> int:
    """Command-line entry: `--data DIR` chooses the catalog directory."""
    parser = argparse.ArgumentParser(
        prog="catalog-check",
        description="Vérifie les flux des fournisseurs et liste chaque ligne refusée.",
    )
    parser.add_argument(
        "--data",
        metavar="DOSSIER",
        help="dossier du catalogue (par défaut : $CATALOG_DATA ou catalog_data)",
    )
    args = parser.parse_args(argv)
    return main(args.data)


if __name__ == "__main__":
    sys.exit(run())
