"""Rule 7: internal links lead somewhere on the built site.

File links ({filename}, {static}, {attach}) are checked against the sources,
listing links ({category}, {tag}, {author}) and root-relative links against the
built site (`build.py`), because only the build knows what is published.
A published document linking with {filename} to a draft is reported too: the
production build writes no drafts, so that link would lead nowhere.
External links are not fetched.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pelican.readers import ensure_metadata_list
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import get_date, set_date_tzinfo

from .build import Site
from .french import say
from .markup import links
from .problem import Problem
from .sources import Document
from .suggest import closest
from .targets import FILE_KINDS, PATH_CUTOFF, missing_file, parse_target, source_file

LISTINGS = {
    "category": (Category, "la catégorie", "category"),
    "tag": (Tag, "l’étiquette", "tags"),
    "author": (Author, "l’auteur", "authors"),
}
KNOWN_KINDS = FILE_KINDS | set(LISTINGS) | {"index", "root", "relative", "external", "anchor"}
NOT_PUBLISHED = {
    "article": "un article qui n’est pas encore publié",
    "page": "une page qui n’est pas encore publiée",
}


@dataclass(frozen=True)
class _Known:
    """What links are judged against: the sources, the built site, the listing names."""

    content_dir: Path
    settings: dict
    site: Site
    names: dict[str, set[str]]
    held_back: dict[Path, str]


def link_problems(
    documents: list[Document], content_dir: Path, settings: dict, site: Site
) -> list[Problem]:
    """Every internal link of every document, checked against the sources and the site."""
    names = {kind: _names(documents, key) for kind, (_, _, key) in LISTINGS.items()}
    held_back = {d.path: d.kind for d in documents if _held_back(d, settings)}
    published = _Known(content_dir, settings, site, names, held_back)
    # A draft may link to another draft: neither is on the site yet.
    among_drafts = _Known(content_dir, settings, site, names, {})
    problems = []
    for document in documents:
        known = among_drafts if document.path in held_back else published
        for link in links(document):
            message = _check(link.target, document, known)
            if message:
                problems.append(Problem(document.shown, link.line, message))
    return problems


def _check(raw: str, document: Document, known: _Known) -> str | None:
    target = parse_target(raw)
    if target.kind in FILE_KINDS:
        path = source_file(target, document.path, known.content_dir)
        if not path.is_file():
            return missing_file("le lien", raw, path, known.content_dir)
        if path in known.held_back:
            return say(
                "le lien « {raw} » mène à {what} (brouillon ou date à venir), absent du site "
                "en ligne : retirez le lien ou attendez sa publication.",
                raw=raw,
                what=NOT_PUBLISHED[known.held_back[path]],
            )
        return None
    if target.kind in LISTINGS:
        return _listing(target.kind, target.value, known)
    if target.kind == "root":
        return None if known.site.publishes(target.value) else _no_page(raw, known.site)
    if target.kind not in KNOWN_KINDS:
        return say(
            "le lien « {raw} » commence par {{{kind}}}, que Pelican ne connaît pas : utilisez "
            "{{filename}}, {{static}}, {{category}}, {{tag}} ou {{author}}.",
            raw=raw,
            kind=target.kind,
        )
    return None


def _listing(kind: str, name: str, known: _Known) -> str | None:
    """A {category}, {tag} or {author} link: its listing page must have been written."""
    wrapper_class, noun, _ = LISTINGS[kind]
    wrapper = wrapper_class(name, known.settings)
    if known.site.publishes("/" + wrapper.url):
        return None
    others = [
        other
        for other in known.names[kind]
        if wrapper_class(other, known.settings).slug != wrapper.slug
    ]
    guess = closest(wrapper.name, others)
    message = say(
        "{noun} « {name} » n’a pas de page sur le site : aucun article publié n’y est rattaché",
        noun=noun,
        name=wrapper.name,
    )
    return message + (say(" ; vouliez-vous dire « {guess} » ?", guess=guess) if guess else ".")


def _no_page(raw: str, site: Site) -> str:
    path = raw.split("#")[0].split("?")[0]
    guess = closest(path, site.urls, cutoff=PATH_CUTOFF)
    if guess:
        return say(
            "le lien « {raw} » ne mène à aucune page du site : vouliez-vous dire « {guess} » ?",
            raw=raw,
            guess=guess,
        )
    return say(
        "le lien « {raw} » ne mène à aucune page du site : vérifiez l’adresse (un brouillon ou "
        "un article daté dans le futur n’est pas encore publié).",
        raw=raw,
    )


def _names(documents: list[Document], key: str) -> set[str]:
    """Categories, tags or authors as the articles' headers spell them."""
    found = set()
    for document in documents:
        field = document.header.fields.get(key)
        if document.kind == "article" and field and field.value:
            found.update(ensure_metadata_list(field.value))
    return found


def _held_back(document: Document, settings: dict) -> bool:
    """Whether Pelican keeps the document off the site (`Article.__init__`): Status: draft,
    or an article dated in the future while WITH_FUTURE_DATES is off."""
    fields = document.header.fields
    if "status" in fields and fields["status"].value == "draft":
        return True
    date = fields.get("date")
    if document.kind != "article" or settings["WITH_FUTURE_DATES"] or not date:
        return False
    try:
        when = get_date(date.value.replace("_", " "))
    except ValueError:
        return False
    return set_date_tzinfo(when, settings.get("TIMEZONE", "UTC")) > datetime.now(UTC)
