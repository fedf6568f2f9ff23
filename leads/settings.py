"""Settings from environment variables, all prefixed `LEADS_`.

The names are a contract (DESIGN.md, README): deployment tools and the tests
set them. Values are parsed once, at start-up, so a typo fails the start
with a clear message rather than the first lead.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse_many

DEFAULT_DATABASE = Path("var") / "leads.sqlite3"
SMTP_TLS = ("starttls", "ssl", "off")
LEAD_KINDS = ("devis", "financement", "contact", "newsletter")


class SettingsError(ValueError):
    """A `LEADS_*` variable holds a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    secret_key: str = ""
    allowed_origins: tuple[str, ...] = ()
    rate_limit: str = "20/minute"
    rate_limit_storage: str = "memory://"
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    max_body_bytes: int = 16_384
    min_fill_seconds: float = 3.0
    thank_you_url: str = "/merci/"
    privacy_url: str = "/confidentialite/"
    dedup_window_seconds: int = 600
    site_url: str = ""
    site_dir: str = ""
    # Delivery to sales (issue 6, helper D; leads/delivery/).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_tls: str = "starttls"
    mail_from: str = "MédiMarché <demandes@medimarche.example>"
    sales_email: tuple[str, ...] = ()
    sales_email_by_kind: tuple[tuple[str, tuple[str, ...]], ...] = ()
    digest_email: tuple[str, ...] = ()
    digest_hour: int = 7
    catalog_data: str = "catalog_data"
    webhook_url: str = ""
    webhook_secret: str = ""
    hubspot_portal_id: str = ""
    hubspot_form_id: str = ""
    hubspot_token: str = ""
    hubspot_base_url: str = "https://api.hsforms.com"
    hubspot_subscription_id: str = ""
    worker: bool = True
    worker_poll_seconds: float = 5.0
    delivery_max_attempts: int = 10
    delivery_base_delay_seconds: float = 30.0
    delivery_max_delay_seconds: float = 3600.0
    delivery_timeout_seconds: float = 15.0
    delivery_lease_seconds: float = 120.0
    delivery_stuck_minutes: int = 60
    # Sales inbox and RGPD (issue 6, helper I).
    admin_token: str = ""
    retention_days: int = 1095
    session_hours: float = 8.0
    login_rate_limit: str = "5/15minute"
    cookie_secure: bool = True
    suppression_key: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        get = env.get
        return cls(
            database_url=get("LEADS_DATABASE_URL") or cls.database_url,
            secret_key=get("LEADS_SECRET_KEY", ""),
            allowed_origins=_split(get("LEADS_ALLOWED_ORIGINS", "")),
            rate_limit=_rate(get("LEADS_RATE_LIMIT", cls.rate_limit)),
            rate_limit_storage=get("LEADS_RATE_LIMIT_STORAGE", cls.rate_limit_storage),
            trusted_proxies=tuple(_network(v) for v in _split(get("LEADS_TRUSTED_PROXIES", ""))),
            max_body_bytes=_number(env, "LEADS_MAX_BODY_BYTES", cls.max_body_bytes, int),
            min_fill_seconds=_number(env, "LEADS_MIN_FILL_SECONDS", cls.min_fill_seconds, float),
            thank_you_url=get("LEADS_THANK_YOU_URL", cls.thank_you_url),
            privacy_url=get("LEADS_PRIVACY_URL", cls.privacy_url),
            dedup_window_seconds=_number(
                env, "LEADS_DEDUP_WINDOW_SECONDS", cls.dedup_window_seconds, int
            ),
            site_url=get("LEADS_SITE_URL", "").rstrip("/"),
            site_dir=get("LEADS_SITE_DIR", ""),
            **_delivery(env),
            admin_token=get("LEADS_ADMIN_TOKEN", "").strip(),
            retention_days=_number(env, "LEADS_RETENTION_DAYS", cls.retention_days, int),
            session_hours=_number(env, "LEADS_SESSION_HOURS", cls.session_hours, float),
            login_rate_limit=_rate(
                get("LEADS_LOGIN_RATE_LIMIT", cls.login_rate_limit), "LEADS_LOGIN_RATE_LIMIT"
            ),
            cookie_secure=_flag(env, "LEADS_COOKIE_SECURE", cls.cookie_secure),
            suppression_key=get("LEADS_SUPPRESSION_KEY", "").strip(),
        )

    @property
    def rate_limit_enabled(self) -> bool:
        return self.rate_limit not in ("", "0")


def _rate(value: str, name: str = "LEADS_RATE_LIMIT") -> str:
    """`20/minute`, `5/second;100/hour`... as `limits` reads them; empty or `0` is off.

    Messages are in French, like every message of the command line."""
    value = value.strip() or "0"
    if value != "0":
        try:
            parse_many(value)
        except ValueError as err:
            raise SettingsError(
                f"{name} : « {value} » n’est pas une limite comme 20/minute (0 la désactive)."
            ) from err
    return value


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "oui", "on"):
        return True
    if raw in ("0", "false", "no", "non", "off"):
        return False
    raise SettingsError(f"{name} : « {raw} » n’est ni 1 (oui) ni 0 (non).")


def _delivery(env: Mapping[str, str]) -> dict:
    """Delivery settings (helper D), checked together: a lease shorter than a send doubles it."""
    get = env.get
    tls = get("LEADS_SMTP_TLS", "").strip().lower() or Settings.smtp_tls
    if tls not in SMTP_TLS:
        raise SettingsError(f"LEADS_SMTP_TLS : « {tls} » n’est pas reconnu (starttls, ssl ou off).")
    worker = get("LEADS_WORKER", "").strip().lower() or "on"
    if worker not in ("on", "off"):
        raise SettingsError(f"LEADS_WORKER : « {worker} » n’est pas reconnu (on ou off).")
    values = {
        "smtp_host": get("LEADS_SMTP_HOST", "").strip(),
        "smtp_port": _number(env, "LEADS_SMTP_PORT", 465 if tls == "ssl" else 587, int),
        "smtp_user": get("LEADS_SMTP_USER", ""),
        "smtp_password": get("LEADS_SMTP_PASSWORD", ""),
        "smtp_tls": tls,
        "mail_from": _address(
            get("LEADS_MAIL_FROM", "").strip() or Settings.mail_from, "LEADS_MAIL_FROM"
        ),
        "sales_email": _addresses(env, "LEADS_SALES_EMAIL"),
        "sales_email_by_kind": tuple(
            (kind, found)
            for kind in LEAD_KINDS
            if (found := _addresses(env, f"LEADS_SALES_EMAIL_{kind.upper()}"))
        ),
        "digest_email": _addresses(env, "LEADS_DIGEST_EMAIL"),
        "digest_hour": _number(env, "LEADS_DIGEST_HOUR", Settings.digest_hour, int),
        "catalog_data": get("LEADS_CATALOG_DATA") or get("CATALOG_DATA") or Settings.catalog_data,
        "webhook_url": _url(get("LEADS_WEBHOOK_URL", "").strip(), "LEADS_WEBHOOK_URL"),
        "webhook_secret": get("LEADS_WEBHOOK_SECRET", ""),
        "hubspot_portal_id": get("LEADS_HUBSPOT_PORTAL_ID", "").strip(),
        "hubspot_form_id": get("LEADS_HUBSPOT_FORM_ID", "").strip(),
        "hubspot_token": get("LEADS_HUBSPOT_TOKEN", ""),
        "hubspot_base_url": _url(
            get("LEADS_HUBSPOT_BASE_URL", "").strip() or Settings.hubspot_base_url,
            "LEADS_HUBSPOT_BASE_URL",
        ).rstrip("/"),
        "hubspot_subscription_id": get("LEADS_HUBSPOT_SUBSCRIPTION_ID", "").strip(),
        "worker": worker == "on",
    }
    for name, default, kind in (
        ("worker_poll_seconds", Settings.worker_poll_seconds, float),
        ("delivery_max_attempts", Settings.delivery_max_attempts, int),
        ("delivery_base_delay_seconds", Settings.delivery_base_delay_seconds, float),
        ("delivery_max_delay_seconds", Settings.delivery_max_delay_seconds, float),
        ("delivery_timeout_seconds", Settings.delivery_timeout_seconds, float),
        ("delivery_lease_seconds", Settings.delivery_lease_seconds, float),
        ("delivery_stuck_minutes", Settings.delivery_stuck_minutes, int),
    ):
        values[name] = _number(env, f"LEADS_{name.upper()}", default, kind)
    if values["digest_hour"] > 23:
        raise SettingsError(
            f"LEADS_DIGEST_HOUR : « {values['digest_hour']} » n’est pas une heure de 0 à 23."
        )
    if values["delivery_max_attempts"] < 1:
        raise SettingsError("LEADS_DELIVERY_MAX_ATTEMPTS : il faut au moins une tentative.")
    if values["smtp_host"] and not values["sales_email"]:
        raise SettingsError(
            "LEADS_SALES_EMAIL : indiquez au moins un destinataire des demandes "
            "(LEADS_SMTP_HOST est réglé)."
        )
    if values["webhook_url"] and not values["webhook_secret"]:
        raise SettingsError(
            "LEADS_WEBHOOK_SECRET : indiquez le secret qui signe les envois à LEADS_WEBHOOK_URL."
        )
    if bool(values["hubspot_portal_id"]) != bool(values["hubspot_form_id"]):
        raise SettingsError(
            "LEADS_HUBSPOT_PORTAL_ID et LEADS_HUBSPOT_FORM_ID : indiquez les deux, ou aucun."
        )
    lease, timeout = values["delivery_lease_seconds"], values["delivery_timeout_seconds"]
    if lease <= 2 * timeout:
        raise SettingsError(
            f"LEADS_DELIVERY_LEASE_SECONDS : « {lease:g} » doit dépasser le double de "
            f"LEADS_DELIVERY_TIMEOUT_SECONDS ({timeout:g}), sinon un envoi lent serait fait "
            "deux fois."
        )
    return values


def _addresses(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated e-mail addresses, each checked so a typo fails the start."""
    return tuple(_address(part, name) for part in _split(env.get(name, "")))


def _address(value: str, name: str) -> str:
    _display, address = parseaddr(value)
    if "@" not in address or any(char in value for char in "\r\n"):
        raise SettingsError(f"{name} : « {value} » n’est pas une adresse électronique.")
    return value


def _url(value: str, name: str) -> str:
    if value and urlsplit(value).scheme not in ("http", "https"):
        raise SettingsError(f"{name} : « {value} » n’est pas une adresse http:// ou https://.")
    return value


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip().rstrip("/") for part in value.split(",") if part.strip())


def _network(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    try:
        return ipaddress.ip_network(value, strict=False)
    except ValueError as err:
        raise SettingsError(
            f"LEADS_TRUSTED_PROXIES : « {value} » n’est ni une adresse IP ni un réseau."
        ) from err


def _number(env: Mapping[str, str], name: str, default, kind):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError as err:
        raise SettingsError(f"{name} : « {raw} » n’est pas un nombre.") from err
    if value < 0:
        raise SettingsError(f"{name} : « {raw} » ne peut pas être négatif.")
    return value
