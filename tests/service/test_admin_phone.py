"""The inbox on a phone (375 px wide, JavaScript off): log in, read a lead, follow it up."""

from __future__ import annotations

import pytest

from tests.service.support import STAFF_EMAIL, STAFF_PASSWORD, Service, add_staff
from tests.service.test_admin_inbox import QUOTE, post


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    context.set_default_timeout(5000)
    yield context.new_page()
    context.close()


@pytest.fixture
def service(tmp_path):
    """SQLite only: what a phone shows does not depend on the database."""
    started = Service(f"sqlite:///{tmp_path / 'leads.sqlite3'}").start()
    yield started
    started.stop()


def fits(page) -> None:
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{page.url} scrolls sideways: {width} px"


def test_a_sales_person_works_a_lead_on_a_phone(service, phone):
    lead_id = post(service, **{**QUOTE, "message": "Un message très long " * 30})
    assert add_staff(service, STAFF_EMAIL, STAFF_PASSWORD).returncode == 0

    phone.goto(f"{service.url}/admin/")
    assert phone.url.startswith(f"{service.url}/admin/login")
    fits(phone)
    phone.get_by_label("Adresse électronique").fill(STAFF_EMAIL)
    phone.get_by_label("Mot de passe").fill(STAFF_PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()

    assert phone.url == f"{service.url}/admin/"
    fits(phone)
    phone.get_by_label("Type").select_option("devis")
    phone.get_by_role("button", name="Filtrer").click()
    assert "kind=devis" in phone.url
    phone.get_by_role("link", name="Marc Lefèvre — Clinique du Parc").click()

    assert phone.url == f"{service.url}/admin/leads/{lead_id}"
    fits(phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "Marc Lefèvre"
    phone.get_by_label("Statut").select_option(label="Qualifié")
    phone.get_by_label("Note (appel, rendez-vous, suite donnée…)").fill("Devis envoyé.")
    button = phone.get_by_role("button", name="Enregistrer le suivi")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 375, "a thumb-sized button"
    button.click()

    assert phone.get_by_role("status").inner_text() == "Suivi enregistré."
    assert phone.locator("#statut").inner_text() == "Qualifié"
    assert phone.locator("#notes").inner_text().startswith("Devis envoyé.")
    fits(phone)
    phone.get_by_role("link", name="Journal").click()
    fits(phone)
    assert phone.get_by_text("Note ajoutée").count() == 1
