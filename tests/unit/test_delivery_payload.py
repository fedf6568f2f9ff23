"""The webhook payload (version 1) keeps its shape; HTTP and SMTP failures are sorted."""

import threading
from datetime import datetime
from decimal import Decimal
from email.message import EmailMessage

import pytest

from leads.delivery import mailer
from leads.delivery.channels import http
from leads.delivery.channels.base import PermanentError, RetryableError
from leads.delivery.payload import encode, lead_payload
from leads.settings import Settings
from tests.service.support import FlakyReceiver, SmtpSink, free_port
from tests.support import ROOT

DOCUMENTED = {
    "version", "event", "id", "created_at", "kind", "duplicate_of",
    "contact.name", "contact.email", "contact.phone", "contact.organization", "contact.profession",
    "request.product", "request.offer", "request.supplier", "request.quantity", "request.delivery",
    "request.message",
    "financing.amount", "financing.amount_basis", "financing.duration_months", "financing.formula",
    "financing.monthly_payment", "financing.payment_timing", "financing.residual_percent",
    "consent.newsletter", "consent.text_version", "consent.at",
    "source.page_url", "source.page_title", "source.referrer", "source.utm_source",
    "source.utm_medium", "source.utm_campaign", "source.utm_term", "source.utm_content",
}  # fmt: skip
LEAD = {
    "id": "0123456789abcdef0123456789abcdef",
    "created_at": datetime(2026, 11, 26, 17, 3, 51, 123456),  # naive, as SQLite gives it back
    "kind": "financement",
    "email": "marie.martin@cabinet-exemple.fr",
    "phone": "04 78 00 00 00",
    "phone_e164": "+33478000000",
    "amount": Decimal("12500"),
    "monthly_payment": Decimal("281.4"),
    "duration": 48,
    "financing": "credit-bail",
    "consent": False,
    "message": "« Guillemets » et accents : é à ç",
}


def flatten(data, prefix=""):
    for key, value in data.items():
        if isinstance(value, dict):
            yield from flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


def test_the_payload_has_exactly_the_documented_fields_with_exact_values():
    payload = lead_payload(LEAD)
    assert set(flatten(payload)) == DOCUMENTED
    assert payload["created_at"] == "2026-11-26T17:03:51.123456Z"
    assert payload["financing"]["amount"] == "12500.00"
    assert payload["financing"]["monthly_payment"] == "281.40"
    assert payload["contact"]["phone"] == "+33478000000"
    assert payload["consent"] == {"newsletter": False, "text_version": None, "at": None}
    assert "« Guillemets » et accents : é à ç".encode() in encode(payload)  # UTF-8, not \\u


def test_the_readme_documents_every_field():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in DOCUMENTED if f"`{name}`" not in text]
    assert not missing


@pytest.mark.parametrize(
    ("status", "error", "retry_after"),
    [(500, RetryableError, None), (503, RetryableError, 7.0), (429, RetryableError, 7.0),
     (408, RetryableError, None), (400, PermanentError, None), (404, PermanentError, None)],
)  # fmt: skip
def test_http_answers_are_sorted_into_retryable_and_permanent(status, error, retry_after):
    with (
        FlakyReceiver("s", fail=1, status=status, retry_after=7) as receiver,
        pytest.raises(error) as raised,
    ):
        http.post(receiver.url, b"{}", {}, timeout=2)
    assert type(raised.value) is error
    if error is RetryableError:
        assert raised.value.retry_after == 7.0
    assert raised.value.detail == f"Refusé (HTTP {status})."


def test_a_timeout_and_a_closed_port_are_retryable():
    with FlakyReceiver("s") as receiver:
        receiver.hang.set()
        with pytest.raises(
            RetryableError, match=r"^Délai dépassé \(0,3 s\) en attendant la réponse\.$"
        ):
            http.post(receiver.url, b"{}", {}, timeout=0.3)
        threading.Timer(0, receiver.hang.clear).start()
    with pytest.raises(RetryableError, match=r"^Erreur réseau"):
        http.post(receiver.url, b"{}", {}, timeout=0.3)


class RefusingSink(SmtpSink):
    """Refuses one recipient for good (550), as a server does for an unknown mailbox."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("inconnu@"):
            return "550 5.1.1 Mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def smtp_settings(port: int) -> Settings:
    return Settings.from_env(
        {
            "LEADS_SMTP_HOST": "127.0.0.1",
            "LEADS_SMTP_PORT": str(port),
            "LEADS_SMTP_TLS": "off",
            "LEADS_SALES_EMAIL": "ventes@medimarche.example",
        }
    )


def test_smtp_failures_are_sorted_too():
    message = EmailMessage()
    message["Subject"] = "Essai"
    message.set_content("Bonjour")
    with pytest.raises(RetryableError, match=r"^Serveur SMTP injoignable"):
        mailer.send(smtp_settings(free_port()), message, ("ventes@medimarche.example",))
    with RefusingSink() as sink:
        settings = smtp_settings(sink.port)
        with pytest.raises(
            PermanentError, match=r"^Destinataires refusés : inconnu@x\.example \(550\)"
        ):
            mailer.send(settings, message, ("inconnu@x.example",))
        detail = mailer.send(settings, message, ("ventes@medimarche.example", "inconnu@x.example"))
        sink.wait_for(1)
    assert detail == (
        "Accepté par le serveur SMTP pour ventes@medimarche.example. Refusé pour inconnu@x.example."
    )
    assert [to for to, _ in sink.messages] == [["ventes@medimarche.example"]]
