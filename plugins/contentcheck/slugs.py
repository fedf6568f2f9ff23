"""Rule 5: every article, and every page, gets an address of its own.

The slug is computed exactly as Pelican computes it (`Content.__init__`): the
`Slug` field when given, else the title (or the file name, with
SLUGIFY_SOURCE = "basename") through `slugify` and the site's substitutions.
Two articles with one slug would overwrite each other's page without a word.
"""

from collections import defaultdict

from pelican.utils import slugify

from .french import say
from .problem import Problem
from .sources import Document

KIND_WORDS = {"article": ("ces articles", "l’un d’eux"), "page": ("ces pages", "l’une d’elles")}


def slug_problems(documents: list[Document], settings: dict) -> list[Problem]:
    """Explicit slugs that make a poor address, and slugs shared by two documents."""
    problems = []
    owners = defaultdict(list)
    for document in documents:
        fields = document.header.fields
        explicit = fields.get("slug")
        if explicit and explicit.value:
            clean = _slugify(explicit.value, settings)
            if clean != explicit.value:
                problems.append(
                    Problem(
                        document.shown,
                        explicit.line,
                        say(
                            "le slug « {slug} » ne convient pas à une adresse web : écrivez "
                            "« {clean} ».",
                            slug=explicit.value,
                            clean=clean,
                        ),
                    )
                )
        # A page saved under its own Save_as does not take its address from the slug.
        if document.kind == "page" and "save_as" in fields:
            continue
        slug, line = _slug_and_line(document, settings)
        if slug:
            owners[document.kind, slug].append((document, line))
    for (kind, slug), sharing in owners.items():
        if len(sharing) < 2:
            continue
        these, one_of_them = KIND_WORDS[kind]
        for document, line in sharing:
            others = ", ".join(other.shown for other, _ in sharing if other is not document)
            message = say(
                "le slug « {slug} » est aussi celui de {others} : {these} auraient la même "
                "adresse ; donnez à {one} une ligne « Slug: … » différente.",
                slug=slug,
                others=others,
                these=these,
                one=one_of_them,
            )
            problems.append(Problem(document.shown, line, message))
    return problems


def _slug_and_line(document: Document, settings: dict) -> tuple[str, int]:
    """The slug Pelican gives the document, and the header line it comes from."""
    fields = document.header.fields
    if "slug" in fields and fields["slug"].value:
        return fields["slug"].value, fields["slug"].line
    if settings["SLUGIFY_SOURCE"] == "basename":
        return _slugify(document.path.stem, settings), 1
    title = fields.get("title")
    if title is None or not title.value:
        return "", 1
    return _slugify(title.value, settings), title.line


def _slugify(value: str, settings: dict) -> str:
    return slugify(
        value,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
