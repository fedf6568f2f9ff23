"""Our category tree (categories.yml): one taxonomy all suppliers map onto.

The file is a YAML list of `{slug, name, children}`; optional keys are
`description` (the category page's introduction) and `featured: true` (shown
on the home page). Slugs are unique across the whole tree because they are
URLs (`catalogue/<slug>/`) and what supplier.yml maps labels onto.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Category
from .problems import Problem, quote
from .sanitize import sanitize_description
from .yamlfile import LineDict, LineList, YamlError, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CATEGORY_KEYS = {"slug", "name", "children", "description", "featured"}


@dataclass
class Taxonomy:
    """Categories by slug, in file order (parents before their children)."""

    categories: dict[str, Category] = field(default_factory=dict)

    @property
    def roots(self) -> list[Category]:
        return [c for c in self.categories.values() if c.parent is None]

    @property
    def featured(self) -> list[Category]:
        return [c for c in self.categories.values() if c.featured]

    def __contains__(self, slug: object) -> bool:
        return slug in self.categories

    def __getitem__(self, slug: str) -> Category:
        return self.categories[slug]

    def ancestors(self, slug: str) -> list[Category]:
        """From the root down to the category itself: the breadcrumb."""
        return [self.categories[s] for s in self.categories[slug].path]

    def descendants(self, slug: str) -> list[str]:
        """The category and everything below it, depth first."""
        found = [slug]
        for child in self.categories[slug].children:
            found.extend(self.descendants(child))
        return found


def load_taxonomy(path: Path) -> tuple[Taxonomy, list[Problem]]:
    """Read categories.yml; problems name the line of the faulty entry."""
    taxonomy = Taxonomy()
    try:
        data = load_yaml(path)
    except YamlError as err:
        return taxonomy, [Problem(path, err.line, None, None, err.message)]
    if not isinstance(data, LineList) or not data:
        message = "une liste de catégories ({slug, name, children}) était attendue."
        return taxonomy, [Problem(path, 1, None, None, message)]
    problems: list[Problem] = []
    _add_level(path, data, None, (), taxonomy, problems)
    return taxonomy, problems


def _add_level(
    path: Path,
    items: LineList,
    parent: str | None,
    trail: tuple[str, ...],
    taxonomy: Taxonomy,
    problems: list[Problem],
) -> list[str]:
    slugs = []
    for line, item in zip(items.lines, items, strict=True):
        slug = _check_entry(path, line, item, taxonomy, problems)
        if slug is None:
            continue
        children = item.get("children") or LineList()
        if not isinstance(children, LineList):
            problems.append(
                Problem(path, item.line_of("children"), "children", None, _LIST_EXPECTED)
            )
            children = LineList()
        taxonomy.categories[slug] = Category(
            slug=slug,
            name=" ".join(str(item["name"]).split()),
            parent=parent,
            path=(*trail, slug),
            description=sanitize_description(str(item.get("description") or "")),
            featured=item.get("featured") is True,
            line=line,
        )
        child_slugs = _add_level(path, children, slug, (*trail, slug), taxonomy, problems)
        taxonomy.categories[slug] = taxonomy.categories[slug].model_copy(
            update={"children": tuple(child_slugs)}
        )
        slugs.append(slug)
    return slugs


_LIST_EXPECTED = "une liste de sous-catégories était attendue."


def _check_entry(
    path: Path, line: int, item: object, taxonomy: Taxonomy, problems: list[Problem]
) -> str | None:
    if not isinstance(item, LineDict):
        problems.append(
            Problem(
                path, line, None, None, "une catégorie ({slug, name, children}) était attendue."
            )
        )
        return None
    for key in item:
        if key not in CATEGORY_KEYS:
            problems.append(
                Problem(
                    path,
                    item.line_of(key),
                    str(key),
                    None,
                    f"clé inconnue (attendu : {', '.join(sorted(CATEGORY_KEYS))}).",
                )
            )
    slug, name = item.get("slug"), item.get("name")
    if not name or not str(name).strip():
        problems.append(Problem(path, line, "name", None, "nom de la catégorie manquant."))
        return None
    if slug is None:
        problems.append(Problem(path, line, "slug", None, "slug de la catégorie manquant."))
        return None
    if not isinstance(slug, str) or not SLUG.match(slug):
        problems.append(
            Problem(
                path,
                item.line_of("slug"),
                "slug",
                str(slug),
                f"{quote(slug)} : slug attendu en minuscules sans accents, "
                "chiffres et tirets (exemple : tables-d-examen).",
            )
        )
        return None
    if slug in taxonomy:
        first = taxonomy[slug].line
        problems.append(
            Problem(
                path,
                item.line_of("slug"),
                "slug",
                slug,
                f"{quote(slug)} est déjà utilisé ligne {first} ; chaque slug doit être unique.",
            )
        )
        return None
    return slug
