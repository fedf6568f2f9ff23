"""What sales read about a lead: French labels and values, shared by e-mails and CRMs.

`lead_sections` turns a `leads` row into titled lists of (label, value)
pairs, leaving out what the person did not give; the e-mail templates, the
digest and the HubSpot note all read it, so a lead says the same thing
everywhere. Prices come out as « 12 500,00 € HT » through Babel, times in
Paris time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from babel.dates import format_datetime
from babel.numbers import format_currency, format_decimal
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..models import DELIVERY, FINANCING, PROFESSIONS
from .payload import as_utc

LOCALE = "fr_FR"
PARIS = ZoneInfo("Europe/Paris")
KIND_LABELS = {
    "devis": "Demande de devis",
    "financement": "Demande de financement",
    "contact": "Message",
    "newsletter": "Inscription à la lettre d’information",
}
INBOX_LEAD_PATH = "/admin/leads/{id}"
try:  # the financing simulation's labels (issue 7), when its model is there
    from ..models import PAYMENT_TIMINGS as PAYMENT_TIMING
except ImportError:  # pragma: no cover
    PAYMENT_TIMING = {"advance": "À échoir", "arrears": "À terme échu"}

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "templates" / "email"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[tuple[str, str]]


def price(value, suffix: str = "HT") -> str:
    """« 1 234,50 € HT », with the no-break spaces French typography wants."""
    text = format_currency(Decimal(value), "EUR", locale=LOCALE)
    return f"{text}\u00a0{suffix}" if suffix else text


def seconds(value: float) -> str:
    """« 0,5 » or « 15 »: a number of seconds as French writes it."""
    return format_decimal(value, locale=LOCALE)


def phone(e164: str | None) -> str | None:
    """« 04 78 00 00 00 » for a French number, « +32 2 123 45 67 » for another."""
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    style = phonenumbers.PhoneNumberFormat
    fmt = style.NATIONAL if number.country_code == 33 else style.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def when(value: datetime) -> str:
    """« 26 novembre 2026 à 18:03 », Paris time."""
    local = as_utc(value).astimezone(PARIS)
    return format_datetime(local, "d MMMM y 'à' HH:mm", tzinfo=PARIS, locale=LOCALE)


def supplier_label(lead: Mapping, supplier_names: Mapping[str, str]) -> str | None:
    slug = lead.get("supplier")
    if not slug:
        return None
    return supplier_names.get(slug, slug)


def lead_sections(lead: Mapping, supplier_names: Mapping[str, str]) -> list[Section]:
    """Who, what, financing, message and origin of a lead, empty rows left out."""
    get = lead.get
    basis = get("amount_basis") or "HT"
    utm = ", ".join(
        f"{name.removeprefix('utm_')} = {get(name)}"
        for name in ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
        if get(name)
    )
    sections = [
        Section(
            "Contact",
            [
                ("Nom", get("name")),
                ("Adresse électronique", get("email")),
                ("Téléphone", phone(get("phone_e164")) or get("phone")),
                ("Organisation", get("organization")),
                ("Profession", PROFESSIONS.get(get("profession") or "", get("profession"))),
            ],
        ),
        Section(
            "Demande",
            [
                ("Type", KIND_LABELS.get(get("kind"), get("kind"))),
                ("Équipement", get("product")),
                ("Fournisseur", supplier_label(lead, supplier_names)),
                ("Offre", get("offer")),
                ("Quantité", format_decimal(get("quantity"), locale=LOCALE)
                 if get("quantity") else None),
                ("Livraison souhaitée", DELIVERY.get(get("delivery") or "", get("delivery"))),
            ],
        ),
        Section(
            "Financement",
            [
                ("Montant à financer", price(get("amount"), basis) if get("amount") else None),
                ("Durée", f"{get('duration')}\u00a0mois" if get("duration") else None),
                ("Formule", FINANCING.get(get("financing") or "", get("financing"))),
                ("Mensualité simulée", price(get("monthly_payment"), basis)
                 if get("monthly_payment") is not None else None),
                ("Paiement des loyers", PAYMENT_TIMING.get(get("payment_timing") or "",
                                                 get("payment_timing"))),
                ("Valeur résiduelle", format_decimal(get("residual_percent"), locale=LOCALE)
                 + "\u00a0%" if get("residual_percent") is not None else None),
            ],
        ),
        Section(
            "Origine",
            [
                ("Reçue le", when(get("created_at")) if get("created_at") else None),
                ("Page", get("page_title")),
                ("Adresse de la page", get("page_url")),
                ("Site précédent", get("referrer")),
                ("Campagne (UTM)", utm or None),
                ("Information acceptée", f"version {get('consent_version')}"
                 if get("consent_version") else None),
                ("Lettre d’information", "oui" if get("consent") else None),
                ("Numéro de la demande", get("id")),
            ],
        ),
    ]  # fmt: skip
    kept = [Section(s.title, [(k, str(v)) for k, v in s.rows if v]) for s in sections]
    return [section for section in kept if section.rows]


def inbox_url(settings, lead_id: str) -> str | None:
    """The lead's page in the sales inbox; only with `LEADS_SITE_URL`, a mail needs a full URL."""
    return f"{settings.site_url}{INBOX_LEAD_PATH.format(id=lead_id)}" if settings.site_url else None


def subject(lead: Mapping) -> str:
    """« Demande de devis — Dr Marie Martin (Cabinet Martin) — Autoclave Vaporis 18 L »."""
    who = lead.get("name") or lead["email"]
    if lead.get("organization"):
        who += f" ({lead['organization']})"
    parts = [KIND_LABELS.get(lead["kind"], lead["kind"]), who]
    if lead.get("product"):
        parts.append(lead["product"])
    return " — ".join(parts)
