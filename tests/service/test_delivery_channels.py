"""A lead posted to the real service reaches sales by e-mail and the CRM webhook, once each."""

from __future__ import annotations

import json

import httpx
import pytest
from bs4 import BeautifulSoup

from tests.service.support import FlakyReceiver, SmtpSink, delivery_rows, wait_until

SECRET = "un-secret-partagé-de-test"
QUOTE = {
    "kind": "devis",
    "name": "Dr Marie Martin",
    "email": "marie.martin@cabinet-exemple.fr",
    "phone": "04 78 00 00 00",
    "organization": "Cabinet médical des Pentes",
    "profession": "medecin",
    "product": "Autoclave Vaporis 18 L",
    "offer": "sterimed:VAP-18",
    "quantity": "2",
    "delivery": "un-mois",
    "message": "Bonjour,\nest-il livré avec <b>l’imprimante</b> ?",
    "consent_version": "information-2026-11",
    "page_url": "https://www.medimarche.example/catalogue/autoclave/?utm_source=lettre&utm_campaign=automne",
    "page_title": "Autoclave Vaporis 18 L — MédiMarché",
    "utm_source": "lettre",
    "utm_campaign": "automne",
}
FAST = {
    "LEADS_WORKER_POLL_SECONDS": "0.1",
    "LEADS_DELIVERY_BASE_DELAY_SECONDS": "0.2",
    "LEADS_DELIVERY_MAX_DELAY_SECONDS": "1",
    "LEADS_DELIVERY_TIMEOUT_SECONDS": "2",
    "LEADS_DELIVERY_LEASE_SECONDS": "5",
}


@pytest.fixture
def catalog(tmp_path):
    """A catalog folder whose supplier lists a sales contact in supplier.yml."""
    folder = tmp_path / "catalog" / "suppliers" / "sterimed"
    folder.mkdir(parents=True)
    (folder / "supplier.yml").write_text(
        "name: Stérimed Services\nsales:\n  - Ventes Stérimed <commercial@sterimed.example>\n",
        encoding="utf-8",
    )
    return tmp_path / "catalog"


def smtp_env(sink: SmtpSink, catalog=None, **extra) -> dict:
    return {
        "LEADS_CATALOG_DATA": str(catalog or "/nonexistent"),
        "LEADS_SMTP_HOST": "127.0.0.1",
        "LEADS_SMTP_PORT": sink.port,
        "LEADS_SMTP_TLS": "off",
        "LEADS_MAIL_FROM": "MédiMarché <demandes@medimarche.example>",
        "LEADS_SALES_EMAIL": "ventes@medimarche.example",
        "LEADS_SITE_URL": "https://www.medimarche.example",
        **FAST,
        **extra,
    }


def test_the_sales_email_carries_the_whole_lead_and_replies_to_the_prospect(start_service, catalog):
    with SmtpSink() as sink:
        service = start_service(**smtp_env(sink, catalog))
        lead_id = httpx.post(f"{service.url}/api/leads", json=QUOTE).json()["id"]
        [(recipients, message)] = sink.wait_for(1)

    assert recipients == ["ventes@medimarche.example", "commercial@sterimed.example"]
    assert message["Reply-To"].addresses[0].addr_spec == "marie.martin@cabinet-exemple.fr"
    assert message["Reply-To"].addresses[0].display_name == "Dr Marie Martin"
    assert message["Message-ID"] == f"<lead-{lead_id}@medimarche.example>"
    assert message["Subject"] == (
        "Demande de devis — Dr Marie Martin (Cabinet médical des Pentes) — Autoclave Vaporis 18 L"
    )
    text = message.get_body(("plain",)).get_content()
    for line in (
        "Nom : Dr Marie Martin",
        "Organisation : Cabinet médical des Pentes",
        "Profession : Médecin",
        "Équipement : Autoclave Vaporis 18 L",
        "Fournisseur : Stérimed Services",
        "Offre : sterimed:VAP-18",
        "Quantité : 2",
        "Livraison souhaitée : Dans le mois",
        "Campagne (UTM) : source = lettre, campaign = automne",
        f"Numéro de la demande : {lead_id}",
        "est-il livré avec <b>l’imprimante</b> ?",
        f"https://www.medimarche.example/admin/leads/{lead_id}",
    ):
        assert line in text, line
    html = BeautifulSoup(message.get_body(("html",)).get_content(), "html.parser")
    rows = {th.get_text(): th.find_next_sibling("td").get_text() for th in html.select("th")}
    assert rows["Fournisseur"] == "Stérimed Services"
    assert rows["Profession"] == "Médecin"
    assert html.find("b") is None  # the prospect's markup is escaped, not rendered
    assert "<b>l’imprimante</b>" in html.get_text()
    assert html.select_one("a[href^='mailto:']")["href"] == "mailto:marie.martin@cabinet-exemple.fr"
    [delivery] = delivery_rows(service.database_url)
    assert (delivery["channel"], delivery["status"], delivery["attempts"]) == (
        "email",
        "delivered",
        1,
    )


def test_financing_figures_are_french_in_the_email(start_service):
    lead = {
        **QUOTE,
        "kind": "financement",
        "amount": "12500",
        "duration": "48",
        "financing": "credit-bail",
        "monthly_payment": "281.40",
        "payment_timing": "advance",
        "residual_percent": "1.5",
        "amount_basis": "HT",
        "quantity": "",
    }
    with SmtpSink() as sink:
        service = start_service(
            **smtp_env(sink, LEADS_SALES_EMAIL_FINANCEMENT="financement@medimarche.example")
        )
        httpx.post(f"{service.url}/api/leads", json=lead)
        [(recipients, message)] = sink.wait_for(1)
    assert recipients[0] == "financement@medimarche.example"
    text = message.get_body(("plain",)).get_content()
    assert "Montant à financer : 12\u202f500,00\u00a0€\u00a0HT" in text
    assert "Durée : 48\u00a0mois" in text
    assert "Formule : Crédit-bail" in text
    assert "Mensualité simulée : 281,40\u00a0€\u00a0HT" in text
    assert "Paiement des loyers : À échoir" in text
    assert "Valeur résiduelle : 1,5\u00a0%" in text


def test_the_webhook_arrives_once_signed_after_failures(start_service):
    with FlakyReceiver(SECRET, fail=3) as receiver:
        service = start_service(LEADS_WEBHOOK_URL=receiver.url, LEADS_WEBHOOK_SECRET=SECRET, **FAST)
        lead_id = httpx.post(f"{service.url}/api/leads", json=QUOTE).json()["id"]
        wait_until(lambda: receiver.store.leads)
        [delivery] = wait_until(
            lambda: [d for d in delivery_rows(service.database_url) if d["status"] == "delivered"]
        )
    assert list(receiver.store.leads) == [lead_id]
    assert len(receiver.requests) == 4
    assert {headers["Idempotency-Key"] for headers, _ in receiver.requests} == {lead_id}
    assert [attempt["outcome"] for attempt in delivery["tries"]] == ["retry"] * 3 + ["delivered"]
    assert delivery["tries"][0]["detail"] == "Refusé (HTTP 503)."
    payload = receiver.store.leads[lead_id]
    assert payload["version"] == 1 and payload["event"] == "lead.created"
    assert payload["contact"]["phone"] == "+33478000000"
    assert payload["request"]["supplier"] == "sterimed"
    assert payload["source"]["utm_campaign"] == "automne"
    # the signed bytes are the bytes sent: compact JSON, UTF-8
    _, body = receiver.requests[-1]
    assert json.loads(body) == payload and "Cabinet médical".encode() in body


def test_a_temporary_smtp_refusal_is_retried_with_the_same_message_id(start_service):
    with SmtpSink(refuse=1) as sink:
        service = start_service(**smtp_env(sink))
        lead_id = httpx.post(f"{service.url}/api/leads", json=QUOTE).json()["id"]
        [(_, message)] = sink.wait_for(1)
        [row] = wait_until(
            lambda: [r for r in delivery_rows(service.database_url) if r["status"] == "delivered"]
        )
    assert message["Message-ID"] == f"<lead-{lead_id}@medimarche.example>"
    assert [t["outcome"] for t in row["tries"]] == ["retry", "delivered"]
    assert row["tries"][0]["detail"].startswith("Refusé par le serveur SMTP (451)")


class HubSpotStandIn:
    """A local HTTP server answering like HubSpot's Forms v3 endpoint, recording each body."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"inlineMessage":"Merci"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_hubspot_gets_a_forms_v3_submission_with_context_and_consent(start_service, catalog):
    hubspot = HubSpotStandIn()
    try:
        service = start_service(
            LEADS_HUBSPOT_BASE_URL=hubspot.url,
            LEADS_HUBSPOT_PORTAL_ID="1234567",
            LEADS_HUBSPOT_FORM_ID="0a1b2c3d-form",
            LEADS_HUBSPOT_SUBSCRIPTION_ID="999",
            LEADS_CATALOG_DATA=str(catalog),
            **FAST,
        )
        lead_id = httpx.post(f"{service.url}/api/leads", json={**QUOTE, "consent": "on"}).json()[
            "id"
        ]
        [(path, headers, body)] = wait_until(lambda: hubspot.received)
    finally:
        hubspot.close()
    assert path == "/submissions/v3/integration/submit/1234567/0a1b2c3d-form"
    assert headers["Idempotency-Key"] == lead_id
    fields = {field["name"]: field["value"] for field in body["fields"]}
    assert {field["objectTypeId"] for field in body["fields"]} == {"0-1"}
    assert fields["email"] == "marie.martin@cabinet-exemple.fr"
    assert fields["lastname"] == "Dr Marie Martin"
    assert fields["company"] == "Cabinet médical des Pentes"
    assert fields["jobtitle"] == "Médecin"
    assert "Fournisseur : Stérimed Services" in fields["message"]
    assert "Équipement : Autoclave Vaporis 18 L" in fields["message"]
    assert body["context"] == {"pageUri": QUOTE["page_url"], "pageName": QUOTE["page_title"]}
    consent = body["legalConsentOptions"]["consent"]
    assert consent["consentToProcess"] is True
    assert "version information-2026-11" in consent["text"]
    assert consent["communications"][0]["value"] is True
    assert consent["communications"][0]["subscriptionTypeId"] == 999
