"""The live financing simulator in Chromium: the shared cases to the cent, French
messages, progressive enhancement, and a simulation that becomes a stored lead.

The demo site is served with the lead service (`shop`, tests/browser/conftest.py).
"""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from financing.formula import compare
from financing.settings import read_settings
from financing.validation import parse_amount, parse_duration, parse_residual

import pelicanconf
from tests.browser.axe import axe_violations
from tests.browser.test_forms_submit import PERSON, fill_person, stored, wait_for_token
from tests.support import ROOT

pytestmark = pytest.mark.browser

CASES = json.loads((ROOT / "plugins" / "financing" / "cases.json").read_text("utf-8"))["cases"]
SETTINGS = read_settings({"FINANCING": pelicanconf.FINANCING})
FIGURES = ("monthly_ht", "monthly_ttc", "option_ht", "total_ht", "total_ttc", "cost_ht", "cost_ttc")


@pytest.fixture(scope="module")
def product_path(shop):
    """A product page with the simulator and at least two offers to choose from."""
    for path in sorted((shop.output / "catalogue" / "produits").glob("*/index.html")):
        html = path.read_text("utf-8")
        if "data-financing=" in html and 'name="offre"' in html and "<select" in html:
            return "/" + str(path.parent.relative_to(shop.output)) + "/"
    pytest.fail("no product page with a simulator and several eligible offers")


def test_every_shared_case_to_the_cent_in_the_browser(shop, page):
    page.goto(f"{shop.url}/financement/")
    results = page.evaluate(
        """async (cases) => {
          const src = document.querySelector('script[src$="/js/financing.js"]').src;
          const m = await import(src);
          return cases.map((c) => m.compareAsText({amount: c.amount, basis: c.basis,
            vatRate: c.vat_rate, months: c.months, timing: c.timing,
            residualPercent: c.residual_percent, rates: c.rates}));
        }""",
        CASES,
    )
    assert len(results) == len(CASES) >= 15
    for case, got in zip(CASES, results, strict=True):
        expected = case["expected"]
        assert got["amount_ht"] == expected["amount_ht"], case["name"]
        assert got["amount_ttc"] == expected["amount_ttc"], case["name"]
        for formula in ("comptant", "credit-bail", "location-financiere"):
            for name, value in expected[formula].items():
                assert got[formula][name] == value, (case["name"], formula, name)


def simulate(page, amount, basis, months, timing, residual):
    section = page.locator("#simulateur")
    section.locator(f"#simulateur-base-{basis}").check()
    section.locator("#simulateur-montant").fill(amount.replace(".", ","))
    section.locator("#simulateur-duree").fill(str(months))
    section.locator(
        "#simulateur-echeance-avance" if timing == "a-echoir" else "#simulateur-echeance-terme"
    ).check()
    section.locator("#simulateur-vr").fill(residual.replace(".", ","))
    return section


def test_live_simulator_shows_the_shared_cases_with_the_site_rates(shop, page):
    """Typed in the form as a person would: every case priced at the site's own rates."""
    page.goto(f"{shop.url}/financement/")
    driven = 0
    for case in CASES:
        rates = {k: Decimal(v) for k, v in case["rates"].items()}
        if rates != SETTINGS.rates_for(case["months"]) or Decimal(case["vat_rate"]) != (
            SETTINGS.vat_rate
        ):
            continue
        section = simulate(
            page,
            case["amount"],
            case["basis"],
            case["months"],
            case["timing"],
            case["residual_percent"],
        )
        expected = case["expected"]
        for formula in ("credit-bail", "location-financiere"):
            for name in FIGURES:
                if (formula, name) == ("location-financiere", "option_ht"):
                    continue  # « Aucune »: no purchase option
                output = section.locator(f'output[data-out="{formula}.{name}"]')
                assert output.get_attribute("data-value") == expected[formula][name], (
                    case["name"],
                    formula,
                    name,
                )
        driven += 1
    assert driven >= 8
    # The figures are written in French, and the summary is announced.
    reference = next(c for c in CASES if c["name"].startswith("4 000"))
    section = simulate(page, "4000.00", "ht", 60, "a-echoir", "1")
    rent = reference["expected"]["credit-bail"]["monthly_ht"].replace(".", ",")
    assert section.locator('output[data-out="credit-bail.monthly_ht"]').inner_text() == (
        f"{rent}\xa0€"
    )
    summary = section.locator("[data-financing-summary]")
    assert summary.get_attribute("aria-live") == "polite"
    assert f"Crédit-bail : {rent}\xa0€ HT par mois" in summary.inner_text()


@pytest.mark.parametrize(
    "field, text, basis",
    [
        ("montant", "", "ht"),
        ("montant", "douze mille", "ht"),
        ("montant", "499,99", "ht"),
        ("montant", "5000000,01", "ht"),
        ("montant", "599", "ttc"),
        ("duree", "", "ht"),
        ("duree", "23", "ht"),
        ("duree", "85", "ht"),
        ("vr", "31", "ht"),
        ("vr", "", "ht"),
    ],
)
def test_validation_messages_in_french_match_python(shop, page, field, text, basis):
    page.goto(f"{shop.url}/financement/")
    section = page.locator("#simulateur")
    if basis == "ttc":
        section.locator("#simulateur-base-ttc").check()
    section.locator(f"#simulateur-{field}").fill(text)
    parse = {"montant": parse_amount, "duree": parse_duration, "vr": parse_residual}[field]
    with pytest.raises(ValueError) as err:
        parse(text, SETTINGS, basis) if field == "montant" else parse(text, SETTINGS)
    error = section.locator(f"#simulateur-{field}-erreur")
    assert error.inner_text() == str(err.value)
    assert section.locator(f"#simulateur-{field}").get_attribute("aria-invalid") == "true"
    assert f"simulateur-{field}-erreur" in section.locator(f"#simulateur-{field}").get_attribute(
        "aria-describedby"
    )
    assert section.locator("[data-financing-results]").get_attribute("data-state") == "invalid"
    # Fixing the field clears the message.
    section.locator(f"#simulateur-{field}").fill(
        {"montant": "12500", "duree": "48", "vr": "1"}[field]
    )
    assert error.is_hidden()


def test_without_javascript_the_precomputed_table_shows_and_the_form_stays_hidden(
    shop, browser, product_path
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{shop.url}{product_path}")
    assert page.locator(".financing__table").is_visible()
    assert page.locator("[data-financing-form]").is_hidden()
    link = page.locator(".financing__table a.financing__ask").first
    link.click()
    assert "formule=credit-bail" in page.url and page.url.endswith("#financement")
    assert page.locator("#financement-amount").input_value() != ""
    context.close()


def test_a_simulation_becomes_a_lead_that_carries_it(shop, page, product_path):
    page.goto(f"{shop.url}{product_path}")
    section = page.locator("#simulateur")
    assert page.locator(".financing__table").is_hidden(), "the live simulator replaces the table"
    offers = section.locator("#simulateur-offre option")
    offers.nth(1).wait_for(state="attached")
    second = offers.nth(1)
    section.locator("#simulateur-offre").select_option(second.get_attribute("value"))
    price = Decimal(second.get_attribute("data-price"))
    vat = Decimal(second.get_attribute("data-vat"))
    offer_key = second.get_attribute("data-offer")
    typed = section.locator("#simulateur-montant").input_value()
    assert typed.replace("\u202f", "") == f"{price:.2f}".replace(".", ",")
    section.locator("#simulateur-base-ttc").check()
    section.locator("#simulateur-duree").fill("42")
    section.locator("#simulateur-echeance-terme").check()
    section.locator("#simulateur-vr").fill("2,5")
    expected = compare(
        (price * (100 + vat) / 100).quantize(Decimal("0.01")),
        "ttc",
        vat,
        42,
        "a-terme-echu",
        Decimal("2.5"),
        SETTINGS.rates_for(42),
    )
    rent_ttc = expected.outcomes["credit-bail"].monthly_ttc
    button = section.locator('a[data-financing-request="credit-bail"]')
    query = {k: v[0] for k, v in parse_qs(urlsplit(button.get_attribute("href")).query).items()}
    assert query == {
        "formule": "credit-bail",
        "duree": "42",
        "echeance": "a-terme-echu",
        "vr": "2.50",
        "base": "ttc",
        "montant": str(expected.amount_ttc),
        "mensualite": str(rent_ttc),
        "offre": offer_key,
    }
    button.click()
    page.wait_for_url("**#financement")
    form = page.locator("#financement form[data-lead-form]")
    summary = form.locator("[data-financing-summary]")
    assert summary.is_visible()
    assert "crédit-bail sur 42\xa0mois, loyers à terme échu, valeur résiduelle de 2,50\xa0%" in (
        summary.inner_text()
    )
    assert form.locator("#financement-duration").input_value() == "42"
    assert form.get_by_label("Crédit-bail").is_checked()
    # The simulator shows the same simulation after the page reloaded.
    assert section.locator("#simulateur-duree").input_value() == "42"
    assert section.locator('output[data-out="credit-bail.monthly_ttc"]').get_attribute(
        "data-value"
    ) == str(rent_ttc)
    fill_person(form, "financement")
    form.locator("#financement-email").fill("simulation@cabinet-exemple.fr")
    wait_for_token(form)
    form.locator("button[type=submit]").click()
    form.locator(".form__status", has_text="Merci").wait_for()
    row = stored(shop, kind="financement", email="simulation@cabinet-exemple.fr")
    assert row["financing"] == "credit-bail" and row["duration"] == 42
    assert row["amount"] == expected.amount_ttc and row["amount_basis"] == "TTC"
    assert row["monthly_payment"] == rent_ttc
    assert row["payment_timing"] == "arrears" and row["residual_percent"] == Decimal("2.50")
    assert row["offer"] == offer_key and row["product"]
    assert row["name"] == PERSON["name"]


def test_simulator_is_accessible_and_fits_320_pixels(shop, browser, product_path):
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(f"{shop.url}{product_path}")
    page.locator("#simulateur [data-financing-results]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []
    # Keyboard: Tab reaches the amount field and typing updates the result.
    page.locator("#simulateur-montant").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("20000")
    assert page.locator('output[data-out="credit-bail.monthly_ht"]').inner_text().endswith("€")
    context.close()


def test_a_single_offer_product_simulates_and_links_its_offer(shop, page):
    for path in sorted((shop.output / "catalogue" / "produits").glob("*/index.html")):
        html = path.read_text("utf-8")
        if "data-financing=" in html and 'type="hidden" name="offre"' in html:
            break
    else:
        pytest.fail("no product page whose only eligible offer is alone")
    page.goto(f"{shop.url}/{path.parent.relative_to(shop.output)}/")
    section = page.locator("#simulateur")
    hidden = section.locator('input[name="offre"]')
    assert section.locator("[data-financing-results]").get_attribute("data-state") == "ok"
    link = section.locator('a[data-financing-request="location-financiere"]').get_attribute("href")
    query = parse_qs(urlsplit(link).query)
    assert query["offre"] == [hidden.get_attribute("data-offer")]
    assert query["montant"] == [hidden.get_attribute("data-price")]


def test_without_javascript_a_table_link_still_brings_the_simulation_to_sales(
    shop, browser, product_path
):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.set_default_timeout(5000)
    page = context.new_page()
    page.goto(f"{shop.url}{product_path}")
    cell = page.locator(
        '.financing__table tr[data-months="48"] td[data-formula="location-financiere"]'
    )
    rent = cell.get_attribute("data-monthly-ht")
    cell.locator("a.financing__ask").click()
    form = page.locator("#financement form[data-lead-form]")
    # The browser asks for the required choices; the person picks those of the link.
    form.locator("#financement-duration").select_option("48")
    form.get_by_label("Location financière").check()
    fill_person(form, "financement")
    form.locator("#financement-email").fill("sans-script@cabinet-exemple.fr")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/merci/")
    row = stored(shop, kind="financement", email="sans-script@cabinet-exemple.fr")
    assert row["financing"] == "location-financiere" and row["duration"] == 48
    assert row["monthly_payment"] == Decimal(rent)
    assert row["payment_timing"] == "advance" and row["amount_basis"] == "HT"
    assert row["residual_percent"] == Decimal("0.00")
    assert row["offer"] and row["product"]
    context.close()
