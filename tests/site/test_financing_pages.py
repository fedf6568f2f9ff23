"""Financing on the built demo site: what a person sees without JavaScript.

The precomputed table of a product page must give exactly what the reference
formula gives for the offer's price; cards say « à partir de … €/mois »; the
« Financement » page and the comparison article lead to the simulator.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from financing import monthly_from, per_month_text
from financing.formula import monthly_payment, with_vat
from financing.settings import read_settings
from frenchformat import french_price

import pelicanconf

SETTINGS = read_settings({"FINANCING": pelicanconf.FINANCING})
NOTICE = "Simulation indicative, non contractuelle ; ne constitue pas une offre de financement."


def product_pages(site):
    return sorted((site.root / "catalogue" / "produits").glob("*/index.html"))


def eligible_offer(soup):
    """(price HT, VAT rate, anchor) of the cheapest offer from the threshold, or None."""
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    offers = data["offers"].get("offers", [data["offers"]])
    priced = sorted(
        (Decimal(o["price"]), o["url"].rsplit("#", 1)[1]) for o in offers if o.get("price")
    )
    for price, anchor in priced:
        if SETTINGS.threshold <= price <= SETTINGS.max_amount:
            vat_text = soup.select_one(f"tr#{anchor}").select("td")[3].get_text(strip=True)
            vat = Decimal(vat_text.replace("\xa0%", "").replace(",", "."))
            return price, vat, anchor
    return None


def anchor_supplier(soup, price) -> str:
    """The supplier slug of the cheapest eligible offer, from its row's link."""
    _, _, anchor = eligible_offer(soup)
    href = soup.select_one(f"tr#{anchor} th a")["href"]
    return href.rstrip("/").rsplit("/", 1)[1] + ":"


def test_simulator_on_every_product_page_from_the_threshold_and_only_there(site):
    pages = product_pages(site)
    with_simulator = 0
    for path in pages:
        soup = site.soup(str(path.parent.relative_to(site.root)) + "/")
        offer = eligible_offer(soup)
        simulator = soup.select_one("section.financing#simulateur")
        assert (simulator is not None) == (offer is not None), path
        if offer:
            with_simulator += 1
            assert (
                simulator.select_one(".financing__notice")
                .get_text(" ", strip=True)
                .startswith(NOTICE)
            )
            assert soup.select_one("#financement form[data-lead-form] input[name=kind]")[
                "value"
            ] == ("financement")
    assert 0 < with_simulator < len(pages), "the demo catalog has products on both sides"


def test_no_js_table_matches_the_reference_formula(site):
    checked = 0
    for path in product_pages(site):
        soup = site.soup(str(path.parent.relative_to(site.root)) + "/")
        offer = eligible_offer(soup)
        if not offer:
            continue
        price, vat, _ = offer
        rows = soup.select(".financing__table tbody tr")
        assert [int(r["data-months"]) for r in rows] == list(SETTINGS.durations)
        for row in rows:
            months = int(row["data-months"])
            assert row.th.get_text(strip=True) == f"{months}\xa0mois"
            for cell in row.select("td[data-formula]"):
                formula = cell["data-formula"]
                residual = SETTINGS.residual_percent if formula == "credit-bail" else Decimal(0)
                rent = monthly_payment(
                    price, SETTINGS.rate(formula, months), months, SETTINGS.timing, residual
                )
                assert cell.select_one(".financing__rent").get_text() == french_price(rent, "HT")
                assert cell.select_one(".financing__rent-ttc").get_text() == french_price(
                    with_vat(rent, vat), "TTC"
                )
                checked += 1
    assert checked >= 12


def test_no_js_request_links_carry_the_simulation(site):
    path = next(
        p
        for p in product_pages(site)
        if eligible_offer(site.soup(str(p.parent.relative_to(site.root)) + "/"))
    )
    soup = site.soup(str(path.parent.relative_to(site.root)) + "/")
    price, _, _ = eligible_offer(soup)
    offer_value = soup.select_one("#financement input[name=offer]")["value"]
    for cell in soup.select(".financing__table td[data-formula]"):
        link = urlsplit(cell.select_one("a.financing__ask")["href"])
        assert link.fragment == "financement" and link.path == ""
        query = {k: v[0] for k, v in parse_qs(link.query).items()}
        months = cell.find_parent("tr")["data-months"]
        assert query == {
            "formule": cell["data-formula"],
            "duree": months,
            "echeance": "a-echoir",
            "vr": "1" if cell["data-formula"] == "credit-bail" else "0",
            "base": "ht",
            "montant": str(price),
            "mensualite": cell["data-monthly-ht"],
            "offre": offer_value,
        }
    # The financing form is pre-filled with the offer's price even without JavaScript.
    amount = soup.select_one("#financement-amount")["value"]
    assert Decimal(amount.replace(",", ".")) == price
    # …and names the product of the page (the form is copied from one rendering).
    title = soup.select_one("h1").get_text()
    slug = path.parent.name
    form = soup.select_one("#financement form")
    assert form.select_one("input[name=product]")["value"] == f"{title} ({slug})"
    assert form.select_one(".form__product strong").get_text() == title
    assert offer_value.startswith(anchor_supplier(soup, price))
    assert "\ue000" not in str(form) and "9876543210" not in str(form)


def test_cards_and_product_header_say_from_how_much_per_month(site):
    soup = site.soup("catalogue/")
    seen = 0
    for path in product_pages(site):
        page = site.soup(str(path.parent.relative_to(site.root)) + "/")
        offer = eligible_offer(page)
        header = page.select_one(".product__financing")
        if offer is None:
            assert header is None
            continue
        text = per_month_text(monthly_from(offer[0], {"FINANCING": pelicanconf.FINANCING}))
        assert header.get_text() == f"Financement {text}"
        assert re.fullmatch(r"à partir de [\d\u202f]+\xa0€/mois\xa0HT", text)
        seen += 1
    assert seen
    listings = sorted((site.root / "catalogue").glob("*/index.html"))
    cards = [
        c
        for p in listings
        for c in site.soup(f"catalogue/{p.parent.name}/").select(".product-card")
    ]
    with_financing = 0
    for card in soup.select(".product-card") + cards:
        financing = card.select_one(".product-card__financing")
        link = card.select_one(".product-card__title a")["href"]
        product = site.soup(urlsplit(link).path.lstrip("/"))
        offer = eligible_offer(product)
        if offer is None:
            assert financing is None
        else:
            assert financing.get_text() == product.select_one(".product__financing").get_text()
            with_financing += 1
    assert with_financing


def test_financing_page_has_the_simulator_leading_to_the_request_form(site):
    soup = site.soup("financement/")
    simulator = soup.select_one("section.financing#simulateur")
    assert simulator is not None
    assert NOTICE in simulator.get_text(" ")
    link = urlsplit(simulator.select_one("a.financing__ask")["href"])
    assert link.path == "/demande-de-financement/" and link.fragment == "financement"
    amount = SETTINGS.example_amount
    first = simulator.select_one(".financing__table td[data-formula=credit-bail]")
    months = SETTINGS.durations[0]
    assert Decimal(first["data-monthly-ht"]) == monthly_payment(
        amount,
        SETTINGS.rate("credit-bail", months),
        months,
        SETTINGS.timing,
        SETTINGS.residual_percent,
    )
    form_page = site.soup("demande-de-financement/")
    for name in ("monthly_payment", "payment_timing", "residual_percent", "amount_basis"):
        assert form_page.select_one(f"#financement input[type=hidden][name={name}]")


@pytest.mark.parametrize("page", ["blog/credit-bail-ou-location-financiere/"])
def test_comparison_article_links_to_the_simulator(site, page):
    links = [urlsplit(a["href"]) for a in site.soup(page).select(".post__content a[href]")]
    assert any(u.path == "/financement/" and u.fragment == "simulateur" for u in links)


def test_reference_accounting_notes_are_shown_without_javascript(site):
    soup = site.soup("financement/")
    notes = soup.select(".financing__notes > div")
    assert [n.dt.get_text() for n in notes] == [
        "Achat comptant",
        "Crédit-bail",
        "Location financière",
    ]
    assert "option d’achat" in notes[1].dd.get_text()
    assert "restituez" in notes[2].dd.get_text()
