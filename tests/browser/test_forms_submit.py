"""People fill each lead form in Chromium, with and without JavaScript, and the lead is stored.

The demo site is served with the lead service (`shop`, tests/browser/conftest.py).
"""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations

pytestmark = pytest.mark.browser

PERSON = {
    "name": "Claire Dumas",
    "email": "claire.dumas@cabinet-exemple.fr",
    "phone": "04 78 00 00 00",
    "organization": "Cabinet des Pentes",
}


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    context.set_default_timeout(5000)
    yield context.new_page()
    context.close()


def fill_person(form, prefix):
    for name, value in PERSON.items():
        form.locator(f"#{prefix}-{name}").fill(value)
    form.locator(f"#{prefix}-profession").select_option("kinesitherapeute")


def wait_for_token(form):
    form.locator('input[name="form_token"]').evaluate(
        "el => new Promise(ok => { const t = setInterval(() => el.value && (clearInterval(t), ok()), 20); })"
    )


def stored(shop, **where):
    rows = shop.rows(**where)
    assert len(rows) == 1, rows
    return rows[0]


def test_contact_with_javascript_stays_on_the_page_and_keeps_the_campaign(shop, page):
    page.goto(f"{shop.url}/contact/?utm_source=salon&utm_medium=qr&utm_campaign=lyon-2026")
    form = page.locator("form[data-lead-form]", has=page.locator("#contact-message"))
    fill_person(form, "contact")
    form.locator("#contact-message").fill("Bonjour,\n<b>une table</b> électrique, SVP.")
    wait_for_token(form)
    form.locator("button[type=submit]").click()
    status = form.locator(".form__status")
    status.filter(has_text="Merci").wait_for()
    assert page.url.startswith(f"{shop.url}/contact/")
    row = stored(shop, kind="contact", email=PERSON["email"])
    assert row["message"] == "Bonjour,\n<b>une table</b> électrique, SVP."
    assert (row["utm_source"], row["utm_medium"], row["utm_campaign"]) == (
        "salon",
        "qr",
        "lyon-2026",
    )
    assert row["page_title"] == "Contact — MédiMarché"
    assert row["idempotency_key"].startswith("t:") and row["status"] == "new"
    assert row["consent_version"] == "information-2026-11"
    assert form.locator("#contact-name").input_value() == "", "the form is ready for a new request"


def test_campaign_of_the_landing_page_follows_the_visitor_with_javascript(shop, page):
    page.goto(f"{shop.url}/blog/?utm_source=lettre&utm_campaign=novembre")
    page.goto(f"{shop.url}/demande-de-financement/")
    form = page.locator("form", has=page.locator("#financement-amount"))
    form.locator("#financement-product").fill("Échographe portable")
    form.locator("#financement-amount").fill("18 400")
    form.locator("#financement-duration").select_option("60")
    form.get_by_label("Location financière").check()
    fill_person(form, "financement")
    form.locator("#financement-email").fill("financement.js@ex.fr")
    form.locator("button[type=submit]").click()
    form.locator(".form__status", has_text="Merci").wait_for()
    row = stored(shop, kind="financement", email="financement.js@ex.fr")
    assert (row["utm_source"], row["utm_campaign"]) == ("lettre", "novembre")
    assert float(row["amount"]) == 18400 and row["duration"] == 60
    assert row["financing"] == "location-financiere"


def test_inline_errors_in_french_then_the_server_s_own_errors(shop, page):
    page.goto(f"{shop.url}/contact/")
    form = page.locator("form", has=page.locator("#contact-message"))
    form.locator("button[type=submit]").click()
    assert form.locator("#contact-name-erreur").inner_text() == "Indiquez votre nom."
    assert form.locator("#contact-name").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "contact-name"
    fill_person(form, "contact")
    # The browser accepts this address; the service does not.
    form.locator("#contact-email").fill("claire@cabinet")
    form.locator("#contact-message").fill("Bonjour")
    form.locator("button[type=submit]").click()
    error = form.locator("#contact-email-erreur")
    error.filter(has_text="n’est pas valide").wait_for()
    assert "contact-email-erreur" in form.locator("#contact-email").get_attribute(
        "aria-describedby"
    )
    assert axe_violations(page) == []
    assert shop.rows(email="claire@cabinet") == []


def test_a_double_click_stores_one_quote_request(shop, page):
    page.goto(f"{shop.url}/demande-de-devis/?produit=Autoclave%20SV-B18&offre=sterimed")
    form = page.locator("form", has=page.locator("#devis-quantity"))
    assert form.locator("#devis-product").input_value() == "Autoclave SV-B18"
    fill_person(form, "devis")
    form.locator("#devis-email").fill("devis.js@ex.fr")
    form.locator("#devis-quantity").fill("2")
    form.locator("#devis-delivery").select_option("trois-mois")
    wait_for_token(form)
    form.locator("button[type=submit]").dblclick()
    form.locator(".form__status", has_text="Merci").wait_for()
    row = stored(shop, kind="devis", email="devis.js@ex.fr")
    assert (row["product"], row["offer"], row["quantity"]) == ("Autoclave SV-B18", "sterimed", 2)


def test_newsletter_in_the_footer_with_javascript(shop, page):
    page.goto(f"{shop.url}/blog/")
    form = page.locator("#lettre-pied-titre ~ form")
    form.locator("#lettre-pied-email").fill("lettre.js@ex.fr")
    form.locator("button[type=submit]").click()
    assert form.locator("#lettre-pied-consent-erreur").inner_text().startswith("Cochez la case")
    form.locator("#lettre-pied-consent").check()
    form.locator("button[type=submit]").click()
    form.locator(".form__status", has_text="inscription est enregistrée").wait_for()
    row = stored(shop, kind="newsletter", email="lettre.js@ex.fr")
    assert row["consent"] is True and row["consent_version"] == "lettre-2026-11"


def test_contact_without_javascript_lands_on_the_thank_you_page(shop, no_js_page):
    page = no_js_page
    page.goto(f"{shop.url}/contact/?utm_source=sans-script&utm_campaign=essai")
    form = page.locator("form", has=page.locator("#contact-message"))
    fill_person(form, "contact")
    form.locator("#contact-email").fill("contact.nojs@ex.fr")
    form.locator("#contact-message").fill("Message envoyé sans JavaScript")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{shop.url}/merci/")
    assert page.locator("h1").inner_text() == "Merci, votre demande est enregistrée"
    row = stored(shop, kind="contact", email="contact.nojs@ex.fr")
    assert (row["utm_source"], row["utm_campaign"]) == ("sans-script", "essai")
    assert row["page_url"].startswith(f"{shop.url}/contact/?utm_source=sans-script")
    assert row["idempotency_key"].startswith("c:") and row["fill_seconds"] is None


def test_errors_without_javascript_come_back_on_a_page_of_the_service(shop, no_js_page):
    page = no_js_page
    page.goto(f"{shop.url}/demande-de-devis/")
    form = page.locator("form", has=page.locator("#devis-quantity"))
    form.locator("#devis-product").fill("Table de massage <électrique>")
    fill_person(form, "devis")
    form.locator("#devis-email").fill("devis@cabinet")
    form.locator("button[type=submit]").click()
    assert page.url == f"{shop.url}/api/leads"
    alert = page.locator("[role=alert]")
    assert (
        "Adresse électronique : Cette adresse électronique n’est pas valide" in alert.inner_text()
    )
    assert page.locator("#champ-product").input_value() == "Table de massage <électrique>"
    page.locator("#champ-email").fill("devis.nojs@ex.fr")
    page.locator("button[type=submit]").click()
    page.wait_for_url(f"{shop.url}/merci/")
    row = stored(shop, kind="devis", email="devis.nojs@ex.fr")
    assert row["product"] == "Table de massage <électrique>"
    assert row["idempotency_key"].startswith("t:"), "the service's page carries a fresh token"


def test_newsletter_after_an_article_and_financing_without_javascript(shop, no_js_page):
    page = no_js_page
    page.goto(f"{shop.url}/blog/credit-bail-ou-location-financiere/")
    form = page.locator("#lettre-article-titre ~ form")
    form.locator("#lettre-article-email").fill("lettre.nojs@ex.fr")
    form.locator("#lettre-article-consent").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{shop.url}/merci/")
    assert stored(shop, kind="newsletter", email="lettre.nojs@ex.fr")["consent"] is True

    page.goto(f"{shop.url}/demande-de-financement/")
    form = page.locator("form", has=page.locator("#financement-amount"))
    form.locator("#financement-amount").fill("9 900")
    form.locator("#financement-duration").select_option("36")
    form.get_by_label("Crédit-bail").check()
    fill_person(form, "financement")
    form.locator("#financement-email").fill("financement.nojs@ex.fr")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{shop.url}/merci/")
    assert (
        stored(shop, kind="financement", email="financement.nojs@ex.fr")["financing"]
        == "credit-bail"
    )


@pytest.mark.parametrize(
    "path", ["contact/", "demande-de-devis/", "demande-de-financement/", "merci/"]
)
def test_axe_finds_no_serious_problem_on_the_form_pages(shop, page, path):
    page.goto(f"{shop.url}/{path}")
    assert axe_violations(page) == []


def test_axe_finds_no_serious_problem_on_the_service_s_error_page(shop, page):
    page.goto(f"{shop.url}/contact/")
    page.evaluate(
        """() => {
            const form = document.querySelector('form:has(#contact-message)');
            form.replaceWith(form.cloneNode(true));  // drop the script's listeners
            const plain = document.querySelector('form:has(#contact-message)');
            plain.querySelector('#contact-email').value = 'pas-une-adresse';
            plain.noValidate = true;
            plain.submit();
        }"""
    )
    page.wait_for_url(f"{shop.url}/api/leads")
    assert page.locator("[role=alert]").count() == 1
    assert axe_violations(page) == []
