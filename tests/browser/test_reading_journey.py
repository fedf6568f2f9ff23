"""A reader walks the site with a real browser: home → article → category → tag."""

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


def test_reader_goes_from_home_to_an_article_then_its_category_and_a_tag(site, page):
    page.goto(f"{site.url}/")
    first = page.locator(".latest .card__title a").first
    title = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("section.recent h2").inner_text() == "Articles récents"

    category = page.locator(".post__kicker a")
    category_name = category.text_content()  # inner_text() would give the CSS upper case
    category.click()
    assert page.locator("h1").inner_text().startswith(category_name)
    assert page.locator(".card__title a", has_text=title).count() == 1

    page.go_back()
    tag = page.locator(".tag-list a").first
    tag_name = tag.inner_text()
    tag.click()
    assert page.url.startswith(f"{site.url}/blog/etiquette/")
    assert page.locator("h1").inner_text().startswith(tag_name)
    assert page.locator(".card__title a", has_text=title).count() == 1


def test_keyboard_user_can_skip_to_the_content_and_search(site, page):
    page.goto(f"{site.url}/blog/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"

    page.locator("#site-search-q").focus()
    page.keyboard.type("crédit-bail")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=*")
    assert page.locator("#search-page-q").count() == 1


@pytest.mark.parametrize("width", [320, 768, 1440])
def test_pages_fit_the_screen_from_320px(site, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("", "blog/", "blog/archives/", "confidentialite/"):
        page.goto(f"{site.url}/{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at {width}px"
    page.goto(f"{site.url}/blog/")
    page.goto(page.locator(".card__title a").first.get_attribute("href"))
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_unknown_address_shows_the_french_404_page(site, page):
    response = page.goto(f"{site.url}/cette-page-n-existe-pas/")
    assert response.status == 404
    assert "introuvable" in page.locator("h1").inner_text()


@pytest.mark.parametrize(
    "path",
    ["", "blog/", "blog/categories/", "blog/archives/", "contact/", "404.html", "recherche/"],
)
def test_axe_finds_no_serious_accessibility_problem(site, page, path):
    page.goto(f"{site.url}/{path}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_axe_finds_no_serious_problem_on_articles_and_term_pages(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.url}/blog/archives/")
    links = page.locator(".archive__list a").evaluate_all("els => els.map(e => e.href)")
    page.goto(links[0])
    term_pages = page.locator(".tag-list a, .post__kicker a, .post__meta a").evaluate_all(
        "els => els.map(e => e.href)"
    )
    for url in [*links, *term_pages]:
        page.goto(url)
        assert axe_violations(page) == [], url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
