"""Settings fail at start-up with the variable's name; forwarded addresses are read safely."""

from __future__ import annotations

import pytest

from leads.clients import client_ip
from leads.settings import Settings, SettingsError


def test_defaults_need_no_variable():
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///var/leads.sqlite3"
    assert settings.rate_limit == "20/minute" and settings.rate_limit_enabled
    assert settings.trusted_proxies == () and settings.allowed_origins == ()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LEADS_RATE_LIMIT", "vingt", "LEADS_RATE_LIMIT : « vingt » n’est pas une limite"),
        ("LEADS_TRUSTED_PROXIES", "proxy.local", "n’est ni une adresse IP ni un réseau"),
        ("LEADS_MAX_BODY_BYTES", "16k", "LEADS_MAX_BODY_BYTES : « 16k » n’est pas un nombre."),
        ("LEADS_MIN_FILL_SECONDS", "-1", "ne peut pas être négatif"),
    ],
)
def test_bad_values_are_refused_in_french_with_the_variable_name(name, value, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({name: value})


def test_zero_turns_the_rate_limit_off_and_origins_are_a_list():
    settings = Settings.from_env(
        {"LEADS_RATE_LIMIT": "0", "LEADS_ALLOWED_ORIGINS": "https://a.example/, https://b.example"}
    )
    assert not settings.rate_limit_enabled
    assert settings.allowed_origins == ("https://a.example", "https://b.example")


def test_forwarded_for_is_read_from_the_right_and_only_behind_a_trusted_proxy():
    trusting = Settings.from_env({"LEADS_TRUSTED_PROXIES": "10.0.0.0/8, ::1"})
    chain = "6.6.6.6, 203.0.113.5, 10.0.0.7"
    assert client_ip("10.0.0.1", chain, trusting) == "203.0.113.5"
    assert client_ip("::1", "203.0.113.5", trusting) == "203.0.113.5"
    assert client_ip("192.0.2.1", chain, trusting) == "192.0.2.1", "an untrusted peer is the client"
    assert client_ip("10.0.0.1", chain, Settings.from_env({})) == "10.0.0.1"
