"""The daily digest to sales: the day's leads, and every delivery that is stuck.

Stuck means dead (attempts exhausted or refused: it waits for « Relancer »)
or still pending after `LEADS_DELIVERY_STUCK_MINUTES`. Sent to
`LEADS_DIGEST_EMAIL`, else `LEADS_SALES_EMAIL`, through the same SMTP
settings, even on a day without leads: silence would look like an outage.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from babel.dates import format_date
from sqlalchemy import Connection, select

from ..schema import leads
from ..settings import Settings
from . import mailer
from .outbox import DEAD, stuck
from .payload import as_utc
from .recipients import SupplierDirectory
from .render import KIND_LABELS, LOCALE, PARIS, inbox_url, supplier_label, templates, when

CHANNEL_LABELS = {"email": "E-mail", "webhook": "Webhook CRM", "hubspot": "HubSpot"}
STATUS_LABELS = {"new": "nouvelle", "quarantined": "en quarantaine"}


def build(
    connection: Connection, settings: Settings, since: datetime, now: datetime
) -> EmailMessage:
    names = SupplierDirectory(settings.catalog_data).names()
    day_leads = [
        {
            "when": when(row.created_at),
            "kind": KIND_LABELS.get(row.kind, row.kind),
            "who": row.name or row.email,
            "email": row.email,
            "organization": row.organization,
            "product": row.product,
            "supplier": supplier_label(row._mapping, names),
            "status": STATUS_LABELS.get(row.status, row.status),
            "url": inbox_url(settings, row.id),
        }
        for row in connection.execute(
            select(leads)
            .where(leads.c.created_at >= since, leads.c.created_at < now)
            .order_by(leads.c.created_at)
        )
    ]
    blocked = [
        {
            **delivery,
            "channel_label": CHANNEL_LABELS.get(delivery["channel"], delivery["channel"]),
            "state": "abandonné" if delivery["status"] == DEAD else "en attente",
            "since": when(delivery["created_at"]),
            "url": inbox_url(settings, delivery["lead_id"]),
        }
        for delivery in stuck(connection, now, timedelta(minutes=settings.delivery_stuck_minutes))
    ]
    day = format_date(as_utc(now).astimezone(PARIS).date(), "EEEE d MMMM y", locale=LOCALE)
    context = {"day": day, "leads": day_leads, "stuck": blocked, "since": when(since)}
    count = len(day_leads)
    title = f"Demandes du {day} : {count} demande{'s' if count > 1 else ''}"
    if blocked:
        title += f", {len(blocked)} envoi{'s' if len(blocked) > 1 else ''} bloqué" + (
            "s" if len(blocked) > 1 else ""
        )
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = settings.mail_from
    message["To"] = ", ".join(recipients(settings))
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(
        "digest", parseaddr(settings.mail_from)[1].rpartition("@")[2] or None
    )
    message.set_content(templates.get_template("digest.txt").render(context))
    message.add_alternative(templates.get_template("digest.html").render(context), subtype="html")
    return message


def recipients(settings: Settings) -> tuple[str, ...]:
    return settings.digest_email or settings.sales_email


def send(connection: Connection, settings: Settings, since: datetime, now: datetime) -> str:
    return mailer.send(settings, build(connection, settings, since, now), recipients(settings))
