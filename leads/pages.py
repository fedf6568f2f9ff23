"""The few HTML pages the service renders itself, for browsers without JavaScript.

A static page cannot show what the server found wrong, so an HTML post with
errors gets, with status 422, a page of the service: the list of problems,
then the same form refilled (and a fresh form token) to correct and resend.
Every value is escaped by Jinja's autoescape: hostile input stays inert.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from .models import DELIVERY, DURATIONS, FINANCING, LABELS, PROFESSIONS, REQUIRED, UTM

FIELDS = {
    "devis": ("product", "quantity", "delivery", "name", "email", "phone", "organization",
              "profession", "message"),
    "financement": ("product", "amount", "duration", "financing", "name", "email", "phone",
                    "organization", "profession", "message"),
    "contact": ("name", "email", "phone", "organization", "profession", "message"),
    "newsletter": ("email", "consent"),
}  # fmt: skip
HIDDEN = ("kind", "offer", "consent_version", "page_url", "page_title", "referrer", *UTM)
CHOICES = {
    "profession": PROFESSIONS,
    "financing": FINANCING,
    "delivery": DELIVERY,
    "duration": {str(months): f"{months} mois" for months in DURATIONS},
}
INPUT_TYPES = {"email": "email", "phone": "tel", "quantity": "number"}

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def error_page(values: dict, errors: dict[str, str], token: str, action: str, settings) -> str:
    kind = values.get("kind")
    return _env.get_template("errors.html").render(
        title="Votre demande est à compléter",
        errors=errors,
        values={name: value for name, value in values.items() if isinstance(value, str)},
        fields=FIELDS.get(kind, ()),
        required=REQUIRED.get(kind, ()),
        hidden=HIDDEN,
        labels=LABELS,
        choices=CHOICES,
        input_types=INPUT_TYPES,
        token=token,
        action=action,
        site_url=settings.site_url,
        privacy_url=settings.site_url + settings.privacy_url,
    )


def message_page(title: str, message: str, back_url: str, settings) -> str:
    return _env.get_template("message.html").render(
        title=title, message=message, back_url=back_url, site_url=settings.site_url
    )
