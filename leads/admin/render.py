"""Rendering the inbox's pages: Jinja with autoescape and French formatting filters.

Dates are stored in UTC and shown in Paris time; amounts as « 1 234,50 € HT ».
The formatting mirrors `plugins/frenchformat` (Babel, CLDR data), which the
service cannot import: `leads` never imports Pelican.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .. import audit
from ..models import DELIVERY, FINANCING, LABELS, PROFESSIONS
from ..spam import REASONS
from . import csrf

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")
NO_STORE = {"Cache-Control": "no-store"}

# Stored status code -> French label.
STATUSES = {
    "new": "Nouveau",
    "contacted": "Contacté",
    "qualified": "Qualifié",
    "won": "Gagné",
    "lost": "Perdu",
    "quarantined": "En quarantaine",
}
KIND_LABELS = {
    "devis": "Devis",
    "financement": "Financement",
    "contact": "Contact",
    "newsletter": "Lettre d’information",
}
DELIVERY_STATUSES = {"pending": "En attente", "delivered": "Envoyé", "dead": "En échec"}
OUTCOMES = {"delivered": "Réussi", "retry": "Échec, nouvel essai prévu", "dead": "Échec définitif"}
CHANNELS = {"email": "Courriel aux commerciaux", "webhook": "CRM (webhook)", "hubspot": "HubSpot"}


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes: they were written in UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def french_datetime(value: datetime | None) -> str:
    if value is None:
        return "—"
    return format_datetime(as_utc(value), "d MMM y 'à' HH:mm", tzinfo=PARIS, locale=LOCALE)


def iso_datetime(value: datetime | None) -> str:
    return as_utc(value).isoformat(timespec="seconds") if value else ""


def french_price(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    return format_currency(value, "EUR", locale=LOCALE) + "\u00a0HT"


def french_number(value) -> str:
    return "—" if value is None else format_decimal(value, locale=LOCALE)


_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(
    french_datetime=french_datetime,
    iso_datetime=iso_datetime,
    french_price=french_price,
    french_number=french_number,
)
_env.globals.update(
    STATUSES=STATUSES,
    KIND_LABELS=KIND_LABELS,
    PROFESSIONS=PROFESSIONS,
    FINANCING=FINANCING,
    DELIVERY=DELIVERY,
    LABELS=LABELS,
    REASONS={**REASONS, "objection": "Adresse sur la liste d’opposition (lettre d’information)"},
    ACTIONS=audit.ACTIONS,
    DELIVERY_STATUSES=DELIVERY_STATUSES,
    OUTCOMES=OUTCOMES,
    CHANNELS=CHANNELS,
    CSRF_FIELD=csrf.FIELD,
)


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    staff = getattr(request.state, "staff", None)
    if staff is not None:
        context.setdefault("csrf_token", staff.csrf)
    site_url = request.app.state.settings.site_url
    page = _env.get_template(template).render(site_url=site_url, staff=staff, **context)
    return HTMLResponse(page, status_code=status_code, headers=page_headers(site_url))


def message_page(
    request: Request, status: int, title: str, message: str, back_url: str | None = None
) -> HTMLResponse:
    """A French page telling staff why an action did not happen."""
    return render(
        request,
        "admin/message.html",
        status_code=status,
        title=title,
        message=message,
        back_url=back_url,
    )


def page_headers(site_url: str) -> dict[str, str]:
    """No caching of personal data, no framing (clickjacking), no script at all.

    The pages need no JavaScript, so the policy allows none: an injected
    script could not run even if escaping ever failed.
    """
    site = f" {site_url}" if site_url else ""
    policy = (
        f"default-src 'none'; style-src 'self' 'unsafe-inline'{site}; "
        f"img-src 'self' data:{site}; font-src 'self'{site}; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    return {
        **NO_STORE,
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }
