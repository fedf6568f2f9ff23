"""Rule 8: every product card `[[produit:GTIN-or-slug]]` names a product of the catalog.

The catalog plugin turns markers into cards during the build and only warns
about unknown ones; here the writer learns which file and line to fix.
Checked only when the site uses the catalog plugin.
"""

from .french import say
from .problem import Problem


def product_problems(documents, settings) -> list[Problem]:
    if "catalog" not in (settings.get("PLUGINS") or []):
        return []
    from catalog.cards import unknown_markers
    from catalog.catalog import load_catalog, resolve_data_dir

    catalog = load_catalog(resolve_data_dir(settings.get("CATALOG_DATA")))
    return [
        Problem(
            document.shown,
            line,
            say(
                "la fiche produit « {reference} » n’existe pas dans le catalogue : "
                "indiquez le GTIN ou la fin de l’adresse d’un produit publié "
                "(catalogue/produits/<adresse>/).",
                reference=reference,
            ),
        )
        for document in documents
        for line, reference in unknown_markers("\n".join(document.lines), catalog)
    ]
