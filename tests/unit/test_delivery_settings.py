"""Delivery settings: read once at start-up, a mistake named in French with its variable."""

import pytest

from leads.settings import Settings, SettingsError


def test_defaults_send_nothing_and_run_the_worker_with_the_service():
    settings = Settings.from_env({})
    assert (settings.smtp_host, settings.webhook_url, settings.hubspot_portal_id) == ("", "", "")
    assert settings.worker is True
    assert settings.delivery_max_attempts == 10
    assert settings.delivery_lease_seconds > 2 * settings.delivery_timeout_seconds


def test_recipients_by_kind_and_digest_are_read():
    settings = Settings.from_env(
        {
            "LEADS_SMTP_HOST": "smtp.example",
            "LEADS_SMTP_TLS": "ssl",
            "LEADS_SALES_EMAIL": "ventes@medimarche.example, Équipe <equipe@medimarche.example>",
            "LEADS_SALES_EMAIL_FINANCEMENT": "financement@medimarche.example",
            "LEADS_WORKER": "off",
        }
    )
    assert settings.smtp_port == 465  # implicit TLS's port when none is given
    assert settings.sales_email == (
        "ventes@medimarche.example",
        "Équipe <equipe@medimarche.example>",
    )
    assert dict(settings.sales_email_by_kind) == {
        "financement": ("financement@medimarche.example",)
    }
    assert settings.worker is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"LEADS_SMTP_TLS": "oui"},
            "LEADS_SMTP_TLS : « oui » n’est pas reconnu (starttls, ssl ou off).",
        ),
        (
            {"LEADS_SMTP_HOST": "smtp.example"},
            "LEADS_SALES_EMAIL : indiquez au moins un destinataire des demandes "
            "(LEADS_SMTP_HOST est réglé).",
        ),
        (
            {"LEADS_SALES_EMAIL": "ventes.medimarche.example"},
            "LEADS_SALES_EMAIL : « ventes.medimarche.example » n’est pas une adresse électronique.",
        ),
        (
            {"LEADS_WEBHOOK_URL": "https://crm.example/hook"},
            "LEADS_WEBHOOK_SECRET : indiquez le secret qui signe les envois à LEADS_WEBHOOK_URL.",
        ),
        (
            {"LEADS_WEBHOOK_URL": "crm.example/hook", "LEADS_WEBHOOK_SECRET": "s"},
            "LEADS_WEBHOOK_URL : « crm.example/hook » n’est pas une adresse http:// ou https://.",
        ),
        (
            {"LEADS_HUBSPOT_PORTAL_ID": "123"},
            "LEADS_HUBSPOT_PORTAL_ID et LEADS_HUBSPOT_FORM_ID : indiquez les deux, ou aucun.",
        ),
        (
            {"LEADS_DELIVERY_LEASE_SECONDS": "20"},
            "LEADS_DELIVERY_LEASE_SECONDS : « 20 » doit dépasser le double de "
            "LEADS_DELIVERY_TIMEOUT_SECONDS (15), sinon un envoi lent serait fait deux fois.",
        ),
        (
            {"LEADS_DELIVERY_MAX_ATTEMPTS": "0"},
            "LEADS_DELIVERY_MAX_ATTEMPTS : il faut au moins une tentative.",
        ),
        ({"LEADS_DIGEST_HOUR": "25"}, "LEADS_DIGEST_HOUR : « 25 » n’est pas une heure de 0 à 23."),
        ({"LEADS_WORKER": "parfois"}, "LEADS_WORKER : « parfois » n’est pas reconnu (on ou off)."),
        (
            {"LEADS_DELIVERY_BASE_DELAY_SECONDS": "vite"},
            "LEADS_DELIVERY_BASE_DELAY_SECONDS : « vite » n’est pas un nombre.",
        ),
    ],
)
def test_a_wrong_value_is_named_in_french(env, message):
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(env)
    assert str(raised.value) == message
