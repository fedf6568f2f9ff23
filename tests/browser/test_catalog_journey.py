"""A professional browses the catalog in a real browser and reaches the quote form."""

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser


def test_from_catalog_home_to_a_product_and_its_quote_form(site, page):
    page.goto(f"{site.url}/catalogue/")
    page.locator(".category-tree a", has_text="Tensiomètres").first.click()
    product = page.locator("main a[href*='/catalogue/produits/']").first
    title = product.text_content().strip()
    product.click()
    assert page.locator("h1").text_content().strip() == title
    rows = page.locator("table tbody tr")
    assert rows.count() >= 1
    rows.first.locator("a", has_text="Demander un devis").click()
    assert page.url.endswith("#devis")
    assert page.locator("section#devis form").is_visible()


@pytest.mark.parametrize("width", [320, 1280])
def test_catalog_pages_are_accessible_and_fit_the_screen(site, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.url}/catalogue/")
    category = page.locator(".category-tree a").first.get_attribute("href")
    page.goto(category)
    product = page.locator("main a[href*='/catalogue/produits/']").first.get_attribute("href")
    for url in (f"{site.url}/catalogue/", category, product, f"{site.url}/catalogue/fournisseurs/"):
        page.goto(url)
        assert axe_violations(page) == [], url
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
