"""Small catalogs written on the fly, so each test shows the data it is about."""

import textwrap
from pathlib import Path

import pytest

CATEGORIES = """\
- slug: diagnostic
  name: Diagnostic
  featured: true
  children:
    - slug: tensiometres
      name: Tensiomètres
    - slug: stethoscopes
      name: Stéthoscopes
- slug: sterilisation
  name: Stérilisation
  children:
    - slug: autoclaves
      name: Autoclaves
"""

SUPPLIER_YML = """\
name: {name}
feed:
  file: {feed}
columns:
  sku: Réf.
  title: Désignation
  brand: Marque
  category: Famille
  description: Descriptif
categories:
  Tensiomètres: tensiometres
  Stéthos: stethoscopes
"""


class CatalogDir:
    """A catalog directory under construction: categories plus suppliers."""

    def __init__(self, root: Path):
        self.root = root
        self.write("categories.yml", CATEGORIES)

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    @staticmethod
    def default_yml(slug: str, feed_name: str = "catalogue.csv") -> str:
        return SUPPLIER_YML.format(name=slug.title(), feed=feed_name)

    def supplier(
        self,
        slug: str,
        feed: str | bytes,
        *,
        feed_name: str = "catalogue.csv",
        yml: str | None = None,
        extra_yml: str = "",
    ) -> Path:
        """Write suppliers/<slug>/ with a feed and a supplier.yml (the default maps French headers)."""
        text = yml if yml is not None else self.default_yml(slug, feed_name)
        self.write(
            f"suppliers/{slug}/supplier.yml", textwrap.dedent(text) + textwrap.dedent(extra_yml)
        )
        return self.write(f"suppliers/{slug}/{feed_name}", feed)


@pytest.fixture
def catalog_dir(tmp_path: Path) -> CatalogDir:
    return CatalogDir(tmp_path / "catalog")
