"""What readers see on the demo site, checked with selectors on the built pages."""

import json
import re
from datetime import date

import pytest

FRENCH_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
FRENCH_DATE = re.compile(rf"^\d{{1,2}} ({FRENCH_MONTHS}) \d{{4}}$")


def article_paths(site) -> list[str]:
    """Relative URLs of every article, from the blog's archive page."""
    archive = site.soup("blog/archives/")
    return [a["href"].removeprefix(site.url + "/") for a in archive.select(".archive__list a")]


def test_every_page_is_french_and_has_the_site_header_and_footer(site):
    for path in site.html_files():
        soup = site.soup(str(path.relative_to(site.root)))
        assert soup.html["lang"] == "fr", path
        search = soup.select_one('body > header form[role="search"]')
        assert search is not None, path
        assert search["method"] == "get" and search["action"] == f"{site.url}/recherche/"
        assert search.select_one('input[name="q"]')["id"] == search.select_one("label")["for"]
        nav = [a.get_text(strip=True) for a in soup.select("body > header nav a")]
        assert nav == ["Blog", "Catalogue", "Financement", "Contact"], path
        footer = soup.select_one("body > footer").get_text(" ", strip=True)
        for label in ("Mentions légales", "Confidentialité", "Contact"):
            assert label in footer, path


def test_every_page_has_a_title_description_and_absolute_canonical_url(site):
    canonicals = {}
    for path in site.html_files():
        soup = site.soup(str(path.relative_to(site.root)))
        assert soup.title.get_text(strip=True), path
        assert soup.select_one('meta[name="description"]')["content"].strip(), path
        canonical = soup.select_one('link[rel="canonical"]')["href"]
        assert canonical.startswith(site.url + "/"), path
        if path.name != "404.html":
            assert site.path_for(canonical) == path, f"{path}: canonical {canonical}"
            assert canonical not in canonicals, f"{path} and {canonicals.get(canonical)}"
            canonicals[canonical] = path


def test_there_are_enough_articles_to_read(site, published_articles):
    assert len(published_articles) >= 8
    assert len(article_paths(site)) == len(published_articles)


def test_article_page_shows_its_metadata_in_french(site):
    for path in article_paths(site):
        soup = site.soup(path)
        post = soup.select_one("article.post")
        assert post.select_one("h1").get_text(strip=True)
        published = post.select_one(".post__meta time")
        assert FRENCH_DATE.match(published.get_text(strip=True)), published
        date.fromisoformat(published["datetime"][:10])
        meta = post.select_one(".post__meta").get_text(" ", strip=True)
        assert re.search(r"\d+ min de lecture", meta), meta
        assert post.select_one('.post__meta a[href*="/blog/auteur/"]')
        assert post.select_one('.post__kicker a[href*="/blog/categorie/"]')
        assert post.select('.tag-list a[href*="/blog/etiquette/"]')
        assert post.select_one(".post__summary").get_text(strip=True)
        cover = post.select_one("img.post__cover")
        assert cover and cover["alt"].strip()
        assert len(post.select_one(".post__content").get_text(" ").split()) >= 600


def test_article_page_ends_with_recent_articles_that_say_lire_l_article(site):
    paths = article_paths(site)
    soup = site.soup(paths[0])
    block = soup.select_one("section.recent")
    assert block.select_one("h2").get_text(strip=True) == "Articles récents"
    cards = block.select("article.card")
    assert len(cards) == 3
    titles = [card.select_one(".card__title a")["href"] for card in cards]
    assert f"{site.url}/{paths[0]}" not in titles, "an article does not recommend itself"
    assert titles == [f"{site.url}/{p}" for p in paths[1:4]], "newest first"
    for card in cards:
        last_link = card.select("a")[-1]
        assert last_link.get_text(" ", strip=True).startswith("Lire l'article")
        assert FRENCH_DATE.match(card.select_one("time").get_text(strip=True))


def test_article_carries_open_graph_and_blogposting_json_ld(site):
    path = article_paths(site)[0]
    soup = site.soup(path)
    og = {m["property"]: m["content"] for m in soup.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:url"] == f"{site.url}/{path}"
    assert og["og:locale"] == "fr_FR"
    assert og["og:title"] == soup.select_one("h1").get_text(strip=True)
    assert site.path_for(og["og:image"]), og["og:image"]
    posting = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == og["og:title"]
    assert posting["mainEntityOfPage"] == og["og:url"]
    assert posting["inLanguage"] == "fr-FR"
    assert posting["author"][0]["@type"] == "Person" and posting["author"][0]["name"]
    assert posting["datePublished"] <= posting["dateModified"]
    assert posting["publisher"]["name"] == "MédiMarché"
    assert site.path_for(posting["image"])


def test_home_lists_the_latest_articles_and_leads_to_the_catalog(site):
    home = site.soup("")
    assert home.select_one("h1").get_text(strip=True)
    cards = home.select(".latest article.card")
    newest = article_paths(site)[: len(cards)]
    assert [c.select_one(".card__title a")["href"] for c in cards] == [
        f"{site.url}/{p}" for p in newest
    ]
    assert home.select_one(f'a[href="{site.url}/catalogue/"]')
    website = json.loads(home.select_one('script[type="application/ld+json"]').string)
    assert website["@type"] == "WebSite" and website["url"] == f"{site.url}/"
    search_url = website["potentialAction"]["target"].replace("{search_term_string}", "ecg")
    assert site.path_for(search_url) == site.root / "recherche" / "index.html"


def test_blog_index_is_paginated(site, published_articles):
    first = site.soup("blog/")
    per_page = len(first.select("article.card"))
    assert 0 < per_page < len(published_articles)
    next_link = first.select_one('.pagination a[rel="next"]')
    assert next_link["href"] == f"{site.url}/blog/page/2/"
    second = site.soup("blog/page/2/")
    assert second.select_one('.pagination a[rel="prev"]')["href"] == f"{site.url}/blog/"
    assert "page 2" in second.title.get_text()
    seen = {a["href"] for page in (first, second) for a in page.select(".card__title a")}
    assert len(seen) == per_page + len(second.select("article.card"))


@pytest.mark.parametrize("listing", ["blog/categories/", "blog/etiquettes/", "blog/auteurs/"])
def test_listing_pages_link_to_non_empty_term_pages(site, listing):
    links = site.soup(listing).select(".term-list a")
    assert links
    for link in links:
        page = site.soup(link["href"].removeprefix(site.url + "/"))
        assert page.select("article.card"), link["href"]


def test_category_page_lists_only_its_articles_and_offers_its_feed(site):
    link = site.soup("blog/categories/").select_one(".term-list a")
    page = site.soup(link["href"].removeprefix(site.url + "/"))
    name = page.select_one("h1").get_text(strip=True)
    assert name == link.get_text(strip=True)
    for card in page.select("article.card"):
        assert card.select_one(".card__kicker").get_text(strip=True) == name
    feed = page.select_one('link[rel="alternate"][type="application/atom+xml"]')["href"]
    assert site.path_for(feed)


def test_archives_group_every_article_by_french_month(site, published_articles):
    archive = site.soup("blog/archives/")
    months = [h.get_text(strip=True) for h in archive.select(".archive h2")]
    assert months and all(re.match(rf"^({FRENCH_MONTHS.title()}) \d{{4}}$", m) for m in months)
    assert len(archive.select(".archive__list li")) == len(published_articles)


def test_required_pages_exist(site):
    titles = {
        "a-propos/": "À propos",
        "mentions-legales/": "Mentions légales",
        "confidentialite/": "Politique de confidentialité",
        "contact/": "Contact",
        "catalogue/": "Catalogue",
        "financement/": "Financement",
    }
    for path, title in titles.items():
        assert site.soup(path).select_one("h1").get_text(strip=True) == title


def test_privacy_page_states_retention_and_rights(site):
    text = site.soup("confidentialite/").select_one("main").get_text(" ", strip=True)
    assert "3 ans" in text or "trois ans" in text
    for word in ("accès", "rectification", "effacement", "opposition", "CNIL"):
        assert word in text, word


def test_not_found_page(site):
    soup = site.soup("404.html")
    assert "introuvable" in soup.select_one("h1").get_text()
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex"
    assert soup.select_one(f'main a[href="{site.url}/"], main a[href="/"]')
