"""The search page and the header suggestions, driven like a user would."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

RESULTS = "[data-search-results] > li"
SUGGESTIONS = "#site-search-q-suggestions"


def wait_status(page, text: str) -> None:
    """Wait for the status to say `text` and for the facets that follow the results."""
    page.wait_for_function(
        "t => document.querySelector('#search-page-status').textContent.includes(t)"
        " && !document.querySelector('[data-search-facets][aria-busy]')",
        arg=text,
    )


def test_typing_shows_results_best_first_with_type_category_price_and_highlights(site, page):
    page.goto(f"{site.url}/recherche/")
    page.locator("#search-page-q").press_sequentially("tensiomètre", delay=20)
    wait_status(page, "« tensiomètre »")
    first = page.locator(RESULTS).first
    assert first.locator(".search-result__type").text_content() == "Produit"
    assert "Tensiomètres" in first.locator(".search-result__kicker").inner_text()
    assert re.search(
        r"\d,\d\d\s€\sHT|Prix sur devis", first.locator(".search-result__meta").inner_text()
    )
    assert first.locator("mark").first.inner_text().lower() == "tensiomètre"
    assert page.url.endswith("/recherche/?q=tensiom%C3%A8tre")


def spaced(text: str) -> str:
    """Text with its no-break spaces as plain spaces (innerText may turn them either way)."""
    return re.sub(r"[\xa0\u202f ]+", " ", text)


def test_results_say_from_how_much_per_month_as_the_product_page_does(site, page):
    page.goto(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    results = page.locator(RESULTS)
    checked = 0
    for n in range(min(results.count(), 5)):
        result = results.nth(n)
        link = result.locator("a").first.get_attribute("href")
        product = site.soup(link.replace(site.url, "").lstrip("/"))
        header = product.select_one(".product__financing")
        meta = result.locator(".search-result__meta").inner_text()
        if header is None:
            assert "€/mois" not in meta
            continue
        per_month = header.get_text().removeprefix("Financement ")
        assert spaced(meta).endswith(" · " + spaced(per_month))
        checked += 1
    assert checked, "an autoclave can be financed: its result says from how much a month"


def test_article_results_show_their_date(site, page):
    page.goto(f"{site.url}/recherche/?q=cr%C3%A9dit-bail")
    wait_status(page, "« crédit-bail »")
    first = page.locator(RESULTS).first
    assert first.locator(".search-result__type").text_content() == "Article"
    assert first.locator(".search-result__meta").inner_text().startswith("Publié le ")
    assert (
        first.locator("a")
        .get_attribute("href")
        .endswith("/blog/credit-bail-ou-location-financiere/")
    )


def facet(page, name: str, value: str):
    return page.locator(f"[data-search-facets] input[name={name}][value='{value}']")


def count_of(page, name: str, value: str) -> int:
    label = facet(page, name, value).locator("xpath=..")
    return int(re.search(r"\((\d+)\)", label.inner_text()).group(1))


def test_facets_filter_and_their_counts_follow_the_other_filters(site, page):
    page.goto(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    total = page.locator(RESULTS).count()
    vaporis = count_of(page, "marque", "vaporis")
    neuf_before = count_of(page, "etat", "neuf")
    facet(page, "marque", "vaporis").check()
    wait_status(page, f"{vaporis} résultat")
    assert page.locator(RESULTS).count() == vaporis < total
    assert "marque=vaporis" in page.url
    assert count_of(page, "etat", "neuf") <= min(neuf_before, vaporis)
    assert count_of(page, "marque", "vaporis") == vaporis, "a facet does not filter its own counts"
    assert facet(page, "marque", "vaporis").evaluate("el => el === document.activeElement")


def test_the_address_restores_a_shared_search(site, page):
    page.goto(f"{site.url}/recherche/?q=autoclave&marque=vaporis&etat=neuf")
    wait_status(page, "« autoclave »")
    assert page.locator("#search-page-q").input_value() == "autoclave"
    assert facet(page, "marque", "vaporis").is_checked()
    assert facet(page, "etat", "neuf").is_checked()
    shown = page.locator(RESULTS).count()
    assert shown == count_of(page, "marque", "vaporis") > 0
    assert count_of(page, "marque", "steriva") > 0, "other brands keep their counts"


def test_filters_alone_list_the_matching_products(site, page):
    page.goto(f"{site.url}/recherche/?financement=oui")
    wait_status(page, "pour ces filtres")
    assert page.locator(RESULTS).count() > 0
    assert page.locator(".search-result--article").count() == 0


def test_the_back_button_returns_to_the_previous_search(site, page):
    page.goto(f"{site.url}/recherche/?q=gants")
    wait_status(page, "« gants »")
    before = page.locator(RESULTS).count()
    facet(page, "marque", "protecta").check()
    page.wait_for_url(re.compile(r"marque=protecta"))
    wait_status(page, "« gants »")
    page.locator("#search-page-q").fill("autoclave")
    page.locator("#search-page-q").press("Enter")
    wait_status(page, "« autoclave »")
    page.go_back()
    wait_status(page, "« gants »")
    assert page.locator("#search-page-q").input_value() == "gants"
    assert facet(page, "marque", "protecta").is_checked()
    page.go_back()
    page.wait_for_url(f"{site.url}/recherche/?q=gants")
    page.wait_for_function("() => !document.querySelector(\"input[value='protecta']\")?.checked")
    assert page.locator(RESULTS).count() == before


def test_an_unknown_word_gets_a_helpful_empty_state(site, page):
    page.goto(f"{site.url}/recherche/?q=zzzzqx")
    wait_status(page, "Aucun résultat pour « zzzzqx »")
    empty = page.locator("[data-search-empty]")
    assert empty.is_visible()
    assert empty.locator("a").count() >= 4
    assert page.locator("#browse-catalogue").is_visible()


def test_header_suggestions_follow_the_combobox_pattern(site, page):
    page.goto(f"{site.url}/blog/")
    field = page.locator("#site-search-q")
    field.press_sequentially("stetho", delay=20)
    options = page.locator(f"{SUGGESTIONS} [role=option]")
    # The suggestions of « stet » may show first: wait for those of the whole word.
    expect(options.last).to_have_text("Tous les résultats pour « stetho »")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "true"
    assert options.count() >= 3
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    assert options.nth(0).get_attribute("aria-selected") == "true"
    field.press("ArrowDown")
    field.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == options.nth(0).get_attribute("id")
    field.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") is None, "back in the field"
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"
    assert page.locator(SUGGESTIONS).is_hidden()
    field.press("ArrowDown")
    field.press("ArrowDown")
    chosen = options.nth(0).inner_text().split("\n")[0]
    field.press("Enter")
    page.wait_for_url(re.compile(r"/catalogue/produits/stetho"))
    assert page.locator("h1").inner_text() == chosen


def test_enter_without_a_chosen_suggestion_opens_the_search_page(site, page):
    page.goto(f"{site.url}/")
    field = page.locator("#site-search-q")
    field.press_sequentially("autoclave", delay=20)
    page.locator(f"{SUGGESTIONS} [role=option]").first.wait_for()
    field.press("Enter")
    page.wait_for_url(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    assert page.locator(RESULTS).count() > 0


def test_without_javascript_the_form_lands_on_links_to_browse(site, browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{site.url}/")
    page.locator("#site-search-q").fill("tensiomètre")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/recherche/\?q="))
    assert page.locator("#search-page-q").is_visible()
    assert page.locator("[data-search-area]").is_hidden()
    catalogue = page.locator("#browse-catalogue ~ ul a, #browse-catalogue ~ p a")
    assert catalogue.count() >= 2
    assert all("/catalogue/" in h for h in catalogue.evaluate_all("ls => ls.map((a) => a.href)"))
    assert page.locator("#browse-categories ~ ul a").count() >= 2
    assert "bientôt" not in page.locator("main").inner_text()
    context.close()


def test_no_request_leaves_the_site(site, browser):
    context = browser.new_context(locale="fr-FR")
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(f"{site.url}/")
    page.locator("#site-search-q").press_sequentially("echog", delay=20)
    page.locator(f"{SUGGESTIONS} [role=option]").first.wait_for()
    page.goto(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    context.close()
    assert any("/search/t/" in url for url in requested), "the worker's requests are seen"
    strangers = [url for url in requested if not url.startswith(f"{site.url}/")]
    assert not strangers


def test_search_page_and_suggestions_are_accessible(site, page):
    page.goto(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    page.locator("#site-search-q").press_sequentially("gants", delay=20)
    page.locator(f"{SUGGESTIONS} [role=option]").first.wait_for()
    page.locator("#site-search-q").press("ArrowDown")
    assert axe_violations(page) == []


def test_the_search_page_fits_a_320_pixel_screen(site, page):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{site.url}/recherche/?q=autoclave")
    wait_status(page, "« autoclave »")
    page.locator(".search-facets > summary").click()
    assert page.locator("[data-search-facets] fieldset").first.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
