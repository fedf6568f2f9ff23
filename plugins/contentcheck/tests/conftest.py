"""A small site written into tmp_path for each test: settings with the site's URL
patterns and Pelican's default theme, one clean article, one page, one image.

Tests break it one way at a time and read the report as a writer would, with
French no-break spaces shown as ordinary spaces.
"""

from pathlib import Path

import pytest
from contentcheck.check import run

SETTINGS = """
PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
TIMEZONE = "Europe/Paris"
WITH_FUTURE_DATES = False
ARTICLE_URL = "blog/{slug}/"
ARTICLE_SAVE_AS = "blog/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "blog/categorie/{slug}/"
CATEGORY_SAVE_AS = "blog/categorie/{slug}/index.html"
TAG_URL = "blog/etiquette/{slug}/"
TAG_SAVE_AS = "blog/etiquette/{slug}/index.html"
AUTHOR_URL = "blog/auteur/{slug}/"
AUTHOR_SAVE_AS = "blog/auteur/{slug}/index.html"
INDEX_SAVE_AS = "blog/index.html"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
"""

ARTICLE = """\
Title: Coopétition : pourquoi des concurrents partagent une vitrine
Date: 2025-09-14 09:00
Modified: 2025-10-02 11:30
Category: Coopétition
Tags: coopétition, marketplace
Authors: Claire Dumas
Summary: Des fournisseurs concurrents côte à côte, et ce qu’y gagne l’acheteur.
Cover: images/articles/coopetition.svg
Cover_alt: Deux formes qui se rejoignent au centre.

Le schéma ![Vitrine partagée par trois fournisseurs]({static}/images/articles/coopetition.svg)
montre la vitrine. Écrivez-nous par la page [contact](/contact/) ou lisez la
[catégorie]({category}Coopétition), l’étiquette [marketplace]({tag}marketplace),
les articles de [Claire Dumas]({author}Claire Dumas) et [nos coordonnées]({filename}/pages/contact.md).
"""

PAGE = """\
Title: Contact
Slug: contact
Summary: Comment joindre l’équipe.

Écrivez-nous.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>\n'


def plain(text: str) -> str:
    """The report as read on screen: no-break spaces look like spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class SmallSite:
    """A content folder and its settings file, with helpers to break and check them."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.settings = root / "settings.py"
        self.settings.write_text(SETTINGS, encoding="utf-8")
        self.write("articles/coopetition.md", ARTICLE)
        self.write("pages/contact.md", PAGE)
        self.write("images/articles/coopetition.svg", SVG)

    def write(self, relative: str, text: str) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def article(self, old: str, new: str) -> None:
        """Replace one piece of the article, keeping earlier changes."""
        path = self.content / "articles" / "coopetition.md"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def report(self) -> list[str]:
        """Each problem as `path:line: message`, as `invoke check` prints it."""
        return [plain(str(problem)) for problem in run(self.content, self.settings)]


@pytest.fixture
def site(tmp_path) -> SmallSite:
    return SmallSite(tmp_path)


@pytest.fixture(name="plain")
def plain_fixture():
    """`plain()` for tests that read printed or logged text themselves."""
    return plain
