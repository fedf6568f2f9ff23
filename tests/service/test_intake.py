"""A lead posted to the real service is stored once, whole, and acknowledged after its commit."""

from __future__ import annotations

import threading

import httpx
from bs4 import BeautifulSoup

CONTACT = {
    "kind": "contact",
    "name": "Claire Dumas",
    "email": "Claire.Dumas@Cabinet-Exemple.fr",
    "phone": "04 78 00 00 00",
    "organization": "Cabinet de kinésithérapie des Pentes",
    "profession": "kinesitherapeute",
    "message": "Bonjour,\nje cherche une table de massage électrique.",
    "consent_version": "information-2026-11",
    "page_url": "http://127.0.0.1/contact/",
    "page_title": "Contact — MédiMarché",
}


def test_health_and_schema_from_the_migrations(service):
    assert httpx.get(f"{service.url}/healthz").json() == {"status": "ok"}
    assert service.rows() == []


def test_json_post_is_stored_then_answered_201_with_its_id(service):
    response = httpx.post(f"{service.url}/api/leads", json=CONTACT)
    assert response.status_code == 201, response.text
    lead_id = response.json()["id"]
    [row] = service.rows()
    assert row["id"] == lead_id
    assert row["status"] == "new"
    assert row["name"] == "Claire Dumas"
    assert row["email_normalized"] == "claire.dumas@cabinet-exemple.fr"
    assert row["phone_e164"] == "+33478000000"
    assert row["message"] == CONTACT["message"]
    assert row["consent_version"] == "information-2026-11"
    assert row["ip"] == "127.0.0.1"


def test_form_post_redirects_to_the_thank_you_page_with_the_campaign_of_the_page(service):
    response = httpx.post(
        f"{service.url}/api/leads",
        data={**CONTACT, "page_url": ""},
        headers={"Referer": "http://127.0.0.1/contact/?utm_source=lettre&utm_campaign=automne"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/merci/"
    [row] = service.rows()
    assert row["page_url"] == "http://127.0.0.1/contact/?utm_source=lettre&utm_campaign=automne"
    assert (row["utm_source"], row["utm_campaign"], row["utm_medium"]) == (
        "lettre",
        "automne",
        None,
    )


def test_every_kind_of_request_is_accepted(service):
    posts = [
        {"kind": "devis", "name": "A. Martin", "email": "a@ex.fr", "product": "ECG 600",
         "offer": "alpha-medical", "quantity": "2", "delivery": "un-mois"},
        {"kind": "financement", "name": "B. Petit", "email": "b@ex.fr", "amount": "12 500",
         "duration": "48", "financing": "location-financiere"},
        {"kind": "newsletter", "email": "c@ex.fr", "consent": "oui"},
    ]  # fmt: skip
    for post in posts:
        assert httpx.post(f"{service.url}/api/leads", data=post).status_code == 303
    rows = {row["kind"]: row for row in service.rows()}
    assert rows["devis"]["quantity"] == 2 and rows["devis"]["offer"] == "alpha-medical"
    assert float(rows["financement"]["amount"]) == 12500
    assert rows["financement"]["duration"] == 48
    assert rows["newsletter"]["consent"] is True


def test_json_errors_are_per_field_and_in_french_and_nothing_is_stored(service):
    bad = {"kind": "devis", "name": "", "email": "pas-une-adresse", "quantity": "0",
           "phone": "12", "profession": "astronaute"}  # fmt: skip
    response = httpx.post(f"{service.url}/api/leads", json=bad)
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": "Indiquez votre nom.",
        "email": "Cette adresse électronique n’est pas valide (exemple : nom@cabinet.fr).",
        "phone": "Ce numéro de téléphone n’est pas valide (exemple : 04 78 00 00 00).",
        "profession": "Choisissez une profession dans la liste.",
        "product": "Indiquez l’équipement qui vous intéresse.",
        "quantity": "Indiquez une quantité entière entre 1 et 10 000.",
    }
    assert service.rows() == []


def test_newsletter_needs_the_ticked_box(service):
    response = httpx.post(
        f"{service.url}/api/leads", json={"kind": "newsletter", "email": "a@ex.fr"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "consent": "Cochez la case pour recevoir la lettre d’information."
    }


def test_line_breaks_and_control_characters_are_refused_in_names_and_emails(service):
    for field, value in [
        ("name", "Jean\r\nBcc: victime@ex.fr"),
        ("email", "a@ex.fr\r\nBcc: victime@ex.fr"),
        ("name", "Jean\x00"),
        ("organization", "Cabinet\u2028Bis"),
    ]:
        response = httpx.post(f"{service.url}/api/leads", json={**CONTACT, field: value})
        assert response.status_code == 422, (field, value)
        assert field in response.json()["errors"]
    assert service.rows() == []


def test_form_errors_come_back_as_a_french_page_with_the_form_refilled_and_escaped(service):
    hostile = '<script>alert("x")</script>'
    response = httpx.post(
        f"{service.url}/api/leads", data={**CONTACT, "email": "non", "organization": hostile}
    )
    assert response.status_code == 422
    assert hostile not in response.text
    soup = BeautifulSoup(response.text, "lxml")
    assert soup.html["lang"] == "fr"
    assert "Adresse électronique : Cette adresse" in soup.select_one("[role=alert]").get_text()
    assert soup.select_one("#champ-organization")["value"] == hostile
    assert soup.select_one("#champ-email")["aria-invalid"] == "true"
    assert soup.select_one('input[name="form_token"]')["value"]
    assert soup.select_one('input[name="kind"]')["value"] == "contact"
    assert service.rows() == []


def test_hostile_input_is_stored_verbatim(service):
    hostile = "<img src=x onerror=alert(1)> '; DROP TABLE leads; --"
    response = httpx.post(f"{service.url}/api/leads", json={**CONTACT, "message": hostile})
    assert response.status_code == 201
    assert service.rows()[0]["message"] == hostile


def test_a_double_click_without_javascript_stores_one_lead(service):
    answers = [httpx.post(f"{service.url}/api/leads", json=CONTACT) for _ in range(3)]
    assert len({answer.json()["id"] for answer in answers}) == 1
    assert len(service.rows()) == 1


def test_different_people_posting_the_same_text_are_two_leads(service):
    first = httpx.post(f"{service.url}/api/leads", json=CONTACT).json()["id"]
    second = httpx.post(
        f"{service.url}/api/leads", json={**CONTACT, "email": "autre@ex.fr"}
    ).json()["id"]
    assert first != second
    assert len(service.rows()) == 2


def test_one_form_token_is_one_lead_even_posted_concurrently(service):
    token = httpx.get(f"{service.url}/api/leads/token").json()["token"]
    ids, errors = [], []

    def post():
        try:
            answer = httpx.post(f"{service.url}/api/leads", json={**CONTACT, "form_token": token})
            ids.append(answer.json()["id"])
        except Exception as err:  # collected, asserted below
            errors.append(err)

    threads = [threading.Thread(target=post) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 1 and len(ids) == 8
    assert len(service.rows()) == 1


def test_a_second_request_typed_in_the_same_form_is_a_new_lead(service):
    token = httpx.get(f"{service.url}/api/leads/token").json()["token"]
    first = httpx.post(f"{service.url}/api/leads", json={**CONTACT, "form_token": token})
    second = httpx.post(
        f"{service.url}/api/leads",
        json={**CONTACT, "message": "Une autre demande", "form_token": token},
    )
    assert first.json()["id"] != second.json()["id"]
    assert len(service.rows()) == 2


def test_the_same_person_twice_is_linked_never_blocked(service):
    first = httpx.post(f"{service.url}/api/leads", json=CONTACT).json()["id"]
    again = {**CONTACT, "email": "claire.dumas@CABINET-exemple.fr", "message": "Autre demande"}
    assert httpx.post(f"{service.url}/api/leads", json=again).status_code == 201
    rows = service.rows()
    assert [row["duplicate_of"] for row in rows] == [None, first]


def test_foreign_origin_is_refused_ours_and_the_allowlist_are_accepted(start_service):
    service = start_service(LEADS_ALLOWED_ORIGINS="https://www.medimarche.example")
    url = f"{service.url}/api/leads"
    refused = httpx.post(url, json=CONTACT, headers={"Origin": "https://pirate.example"})
    assert refused.status_code == 403
    assert "autre site" in refused.json()["message"]
    ours = httpx.post(url, json=CONTACT, headers={"Origin": service.url})
    assert ours.status_code == 201
    allowed = httpx.post(
        url, json={**CONTACT, "name": "Autre"}, headers={"Origin": "https://www.medimarche.example"}
    )
    assert allowed.status_code == 201
    assert allowed.headers["access-control-allow-origin"] == "https://www.medimarche.example"
    preflight = httpx.options(
        url,
        headers={
            "Origin": "https://www.medimarche.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert len(service.rows()) == 2


def test_body_too_large_is_413_and_unknown_formats_415(service):
    big = httpx.post(f"{service.url}/api/leads", json={**CONTACT, "message": "x" * 20_000})
    assert big.status_code == 413
    assert "trop longue" in big.json()["message"]
    page = httpx.post(f"{service.url}/api/leads", data={**CONTACT, "message": "x" * 20_000})
    assert page.status_code == 413 and "trop longue" in page.text
    text = httpx.post(
        f"{service.url}/api/leads", content=b"x", headers={"Content-Type": "text/plain"}
    )
    assert text.status_code == 415
    assert service.rows() == []
