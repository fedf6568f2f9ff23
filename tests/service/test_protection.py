"""Spam is quarantined (stored, never dropped), abuse is refused in French, crashes lose nothing."""

from __future__ import annotations

import time

import httpx
from sqlalchemy import create_engine, text

from tests.service.test_intake import CONTACT


def post(service, **fields):
    return httpx.post(f"{service.url}/api/leads", json={**CONTACT, **fields})


def test_filled_honeypot_is_accepted_but_quarantined(service):
    response = post(service, website="https://spam.example")
    assert response.status_code == 201, "a robot is not told it was caught"
    [row] = service.rows()
    assert (row["status"], row["spam_reasons"]) == ("quarantined", "honeypot")


def test_fill_time_comes_from_the_signed_form_token(start_service):
    service = start_service(LEADS_MIN_FILL_SECONDS=2)
    token = httpx.get(f"{service.url}/api/leads/token").json()["token"]
    assert post(service, form_token=token).status_code == 201
    patient = httpx.get(f"{service.url}/api/leads/token").json()["token"]
    time.sleep(2.2)
    assert post(service, form_token=patient, name="Patiente").status_code == 201
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert post(service, form_token=forged, name="Faussaire").status_code == 201
    assert post(service, name="Sans script").status_code == 201
    rows = {row["name"]: row for row in service.rows()}
    assert rows["Claire Dumas"]["spam_reasons"] == "too_fast"
    assert rows["Patiente"]["status"] == "new" and rows["Patiente"]["fill_seconds"] >= 2
    assert rows["Faussaire"]["spam_reasons"] == "forged_token"
    assert rows["Sans script"]["status"] == "new" and rows["Sans script"]["fill_seconds"] is None


def test_rate_limit_answers_429_in_french_per_address(start_service):
    service = start_service(LEADS_RATE_LIMIT="3/minute")
    answers = [post(service, name=f"Personne {n}") for n in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    refused = post(service, name="Encore")
    assert refused.status_code == 429
    assert refused.json()["message"].startswith("Trop de demandes envoyées depuis votre connexion.")
    assert int(refused.headers["retry-after"]) > 0
    page = httpx.post(
        f"{service.url}/api/leads",
        data=CONTACT,
        headers={"X-Forwarded-For": "203.0.113.9"},  # not believed by default
    )
    assert page.status_code == 429 and "Trop de demandes" in page.text
    assert len(service.rows()) == 3


def test_forwarded_address_is_believed_only_from_a_trusted_proxy(start_service):
    service = start_service(LEADS_RATE_LIMIT="1/minute", LEADS_TRUSTED_PROXIES="127.0.0.1")
    for number, client in enumerate(["203.0.113.1", "203.0.113.2"]):
        response = httpx.post(
            f"{service.url}/api/leads",
            json={**CONTACT, "name": f"Client {number}"},
            headers={"X-Forwarded-For": f"198.51.100.7, {client}"},
        )
        assert response.status_code == 201
    assert [row["ip"] for row in service.rows()] == ["203.0.113.1", "203.0.113.2"]


def test_rate_limit_zero_turns_it_off(start_service):
    service = start_service(LEADS_RATE_LIMIT="0")
    assert all(post(service, name=f"P{n}").status_code == 201 for n in range(30))


def test_acknowledged_leads_survive_sigkill_and_restart(service):
    ids = [post(service, name=f"Personne {n}").json()["id"] for n in range(20)]
    service.kill()
    service.start()
    assert {row["id"] for row in service.rows()} == set(ids)
    assert post(service, name="Après redémarrage").status_code == 201


def test_no_success_when_the_commit_fails(service):
    engine = create_engine(service.database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "DROP TABLE leads CASCADE"
                if engine.dialect.name == "postgresql"
                else "DROP TABLE leads"
            )
        )
    engine.dispose()
    response = post(service)
    assert response.status_code == 503
    assert "n’a pas pu être enregistrée" in response.json()["message"]
    page = httpx.post(f"{service.url}/api/leads", data=CONTACT)
    assert page.status_code == 503 and "Réessayez" in page.text
