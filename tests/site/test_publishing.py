"""Feeds, sitemap, robots.txt, drafts and scheduled publishing."""

from datetime import datetime, timedelta
from xml.etree import ElementTree

import feedparser

from tests.support import ROOT, build_site

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(site) -> list[str]:
    tree = ElementTree.parse(site.root / "sitemap.xml")
    return [loc.text for loc in tree.findall("s:url/s:loc", SITEMAP_NS)]


def test_sitemap_lists_every_published_page_and_nothing_else(site):
    urls = sitemap_urls(site)
    assert len(urls) == len(set(urls))
    listed = {site.path_for(url) for url in urls}
    assert None not in listed, "every sitemap URL is served"
    pages = {p for p in site.html_files() if p.name != "404.html"}
    assert listed == pages


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.root / "robots.txt").read_text()
    assert f"Sitemap: {site.url}/sitemap.xml" in robots


def test_main_feed_parses_and_lists_published_articles(site, published_articles):
    feed = feedparser.parse((site.root / "feeds" / "tous.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "MédiMarché"
    assert len(feed.entries) == len(published_articles)
    for entry in feed.entries:
        assert site.path_for(entry.link), entry.link
        assert entry.summary and entry.published


def test_each_category_has_a_feed(site):
    for link in site.soup("blog/categories/").select(".term-list a"):
        slug = link["href"].rstrip("/").rsplit("/", 1)[-1]
        feed = feedparser.parse((site.root / "feeds" / f"{slug}.atom.xml").read_bytes())
        assert not feed.bozo and feed.entries, slug


def test_drafts_are_never_published(site):
    drafts = [
        p
        for p in (ROOT / "content" / "articles").glob("*.md")
        if "status: draft" in p.read_text(encoding="utf-8").split("\n\n", 1)[0].lower()
    ]
    assert drafts, "the demo content keeps one draft to show the feature"
    everything = "\n".join(p.read_text(encoding="utf-8") for p in site.root.rglob("*.*ml"))
    for draft in drafts:
        title = draft.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Title:").strip()
        assert title not in everything, f"{draft.name} leaked"
    assert not (site.root / "brouillons").exists()


def test_future_article_waits_for_its_date(tmp_path):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    header = "Category: Financement\nAuthors: Test\nSummary: Résumé.\n"
    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    (content / "articles" / "demain.md").write_text(
        f"Title: Article programmé\nDate: {tomorrow}\n{header}\nTexte.\n", encoding="utf-8"
    )
    (content / "articles" / "hier.md").write_text(
        f"Title: Article publié\nDate: 2026-01-05 09:00\n{header}\nTexte.\n", encoding="utf-8"
    )
    result = build_site(content, tmp_path / "out", "https://www.medimarche.example")
    assert result.returncode == 0, result.stderr
    built = "\n".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.*ml"))
    assert "Article publié" in built
    assert "Article programmé" not in built
