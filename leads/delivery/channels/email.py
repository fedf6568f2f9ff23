"""E-mail to sales: a French plain-text and HTML message per lead, `Reply-To` the prospect.

Recipients are chosen when the lead is stored (`recipients.py`) and kept in
the delivery row, so a « Relancer » reaches the same people. The
`Message-ID` is derived from the lead id: that is the idempotency key of
e-mail, a repeat after a crash threads with the first copy.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from ...settings import Settings
from .. import mailer
from ..recipients import SupplierDirectory, recipients
from ..render import KIND_LABELS, inbox_url, lead_sections, subject, supplier_label, templates
from .base import Channel


class EmailChannel(Channel):
    name = "email"

    def __init__(self, settings: Settings, directory: SupplierDirectory):
        self.settings = settings
        self.directory = directory

    @classmethod
    def from_settings(cls, settings: Settings) -> EmailChannel | None:
        if not settings.smtp_host:
            return None
        return cls(settings, SupplierDirectory(settings.catalog_data))

    def destination(self, lead: Mapping) -> str:
        supplier = self.directory.get(lead.get("supplier"))
        return ", ".join(recipients(self.settings, lead["kind"], supplier))

    def send(self, lead: Mapping, destination: str) -> str:
        to = tuple(part.strip() for part in destination.split(",") if part.strip())
        return mailer.send(self.settings, self.message(lead, to), to)

    def message(self, lead: Mapping, to: tuple[str, ...]) -> EmailMessage:
        names = self.directory.names()
        context = {
            "lead": lead,
            "sections": lead_sections(lead, names),
            "supplier": supplier_label(lead, names),
            "message": lead.get("message"),
            "kind_label": KIND_LABELS.get(lead["kind"], "Demande"),
            "inbox_url": inbox_url(self.settings, lead["id"]),
        }
        message = EmailMessage()
        message["Subject"] = subject(lead)
        message["From"] = self.settings.mail_from
        message["To"] = ", ".join(to)
        message["Reply-To"] = reply_to(lead)
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = mailer.message_id(lead["id"], self.settings)
        message["X-MediMarche-Lead-Id"] = lead["id"]
        message.set_content(templates.get_template("lead.txt").render(context))
        message.add_alternative(templates.get_template("lead.html").render(context), subtype="html")
        return message


def reply_to(lead: Mapping) -> Address | str:
    """The prospect, with their name when it makes a valid header."""
    try:
        return Address(display_name=lead.get("name") or "", addr_spec=lead["email"])
    except (ValueError, IndexError):
        return lead["email"]
