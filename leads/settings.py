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
from pathlib import Path

from limits import parse_many

DEFAULT_DATABASE = Path("var") / "leads.sqlite3"


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
        )

    @property
    def rate_limit_enabled(self) -> bool:
        return self.rate_limit not in ("", "0")


def _rate(value: str) -> str:
    """`20/minute`, `5/second;100/hour`... as `limits` reads them; empty or `0` is off.

    Messages are in French, like every message of the command line."""
    value = value.strip() or "0"
    if value != "0":
        try:
            parse_many(value)
        except ValueError as err:
            raise SettingsError(
                f"LEADS_RATE_LIMIT : « {value} » n’est pas une limite comme 20/minute (0 la désactive)."
            ) from err
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
