"""What the inbox reads and writes, in SQLAlchemy Core; each write audits itself.

Functions take a connection inside the caller's transaction, so an action
and its audit row commit together or not at all.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, update

from ..audit import record
from ..models import KINDS
from ..schema import audit_log, deliveries, delivery_attempts, lead_notes, leads
from ..settings import Settings
from .french import say
from .render import PARIS, STATUSES

logger = logging.getLogger(__name__)
WORK_STATUSES = ("new", "contacted", "qualified", "won", "lost")
QUARANTINED = "quarantined"
SPAM_CHOICES = {"": "Sans les indésirables", "only": "Indésirables seulement", "all": "Tout"}
PER_PAGE = 50
NOTE_LIMIT = 5000


@dataclass
class Filters:
    """The list's filters from the query string; a bad value is reported, then ignored."""

    kind: str = ""
    status: str = ""
    product: str = ""
    supplier: str = ""
    date_from: date | None = None
    date_to: date | None = None
    spam: str = ""
    page: int = 1
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Filters:
        found = cls()
        get = lambda name: (params.get(name) or "").strip()  # noqa: E731
        found.kind = _choice(get("kind"), KINDS, "Type de demande", found.errors)
        found.status = _choice(get("status"), STATUSES, "Statut", found.errors)
        found.spam = _choice(get("spam"), SPAM_CHOICES, "Indésirables", found.errors)
        found.product = get("product")[:200]
        found.supplier = get("supplier")[:120]
        found.date_from = _date(get("from"), "Reçue depuis le", found.errors)
        found.date_to = _date(get("to"), "Reçue jusqu’au", found.errors)
        page = get("page")
        found.page = int(page) if page.isdigit() and int(page) > 0 else 1
        return found

    def query(self, page: int | None = None) -> dict[str, str]:
        """The query string that shows the same selection (for links and the export)."""
        values = {
            "kind": self.kind,
            "status": self.status,
            "product": self.product,
            "supplier": self.supplier,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "spam": self.spam,
        }
        if page and page > 1:
            values["page"] = str(page)
        return {name: value for name, value in values.items() if value}

    def conditions(self, connection: Connection) -> list:
        found = []
        if self.kind:
            found.append(leads.c.kind == self.kind)
        if self.status:
            found.append(leads.c.status == self.status)
        elif self.spam == "":
            found.append(leads.c.status != QUARANTINED)
        if self.spam == "only":
            found.append(leads.c.status == QUARANTINED)
        if self.product:
            pattern = "%" + _escape_like(fold(self.product)) + "%"
            found.append(_folded(connection, leads.c.product).like(pattern, escape="\\"))
        if self.supplier:
            found.append(leads.c.supplier == self.supplier)
        if self.date_from:
            found.append(leads.c.created_at >= _paris_midnight(self.date_from))
        if self.date_to:
            found.append(leads.c.created_at < _paris_midnight(self.date_to + timedelta(days=1)))
        return found


def _choice(value: str, allowed, label: str, errors: list[str]) -> str:
    if value and value not in allowed:
        errors.append(
            say(
                "{label} : « {value} » n’est pas une valeur proposée ; filtre ignoré.",
                label=label,
                value=value,
            )
        )
        return ""
    return value


def _date(value: str, label: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(
            say(
                "{label} : « {value} » n’est pas une date (AAAA-MM-JJ) ; filtre ignoré.",
                label=label,
                value=value,
            )
        )
        return None


def _paris_midnight(day: date) -> datetime:
    """Staff think in Paris days; the database holds UTC."""
    return datetime.combine(day, time(), tzinfo=PARIS).astimezone(UTC)


def fold(text: str) -> str:
    """Lower case without accents: « echo » finds « Échographe »."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


_ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖòóôõöÙÚÛÜùúûüÝýÿ"
_PLAIN = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUUuuuuYyy"


def _folded(connection: Connection, column):
    """`fold` in SQL: SQLite gets the Python function, PostgreSQL `translate` then `lower`.

    SQLite's own `lower` only knows ASCII, and PostgreSQL's `unaccent` is an
    extension a database may not have.
    """
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        raw.create_function("leads_fold", 1, _fold_or_none, deterministic=True)
        return func.leads_fold(column)
    return func.lower(func.translate(column, _ACCENTED, _PLAIN))


def _fold_or_none(value: str | None) -> str | None:
    return None if value is None else fold(value)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_leads(connection: Connection, filters: Filters, limit: int = PER_PAGE):
    """One page of leads, newest first, and how many match in all."""
    where = and_(True, *filters.conditions(connection))
    total = connection.execute(select(func.count()).select_from(leads).where(where)).scalar_one()
    rows = connection.execute(
        select(leads)
        .where(where)
        .order_by(leads.c.created_at.desc(), leads.c.id.desc())
        .limit(limit)
        .offset((filters.page - 1) * limit)
    ).all()
    return rows, total


def all_leads(connection: Connection, filters: Filters):
    """Every matching lead, newest first (the export), streamed from the database."""
    where = and_(True, *filters.conditions(connection))
    return connection.execute(
        select(leads).where(where).order_by(leads.c.created_at.desc(), leads.c.id.desc())
    )


def suppliers(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            select(leads.c.supplier).where(leads.c.supplier.is_not(None)).distinct()
            .order_by(leads.c.supplier)
        ).scalars()
    )  # fmt: skip


def get_lead(connection: Connection, lead_id: str):
    return connection.execute(select(leads).where(leads.c.id == lead_id)).first()


def notes(connection: Connection, lead_id: str):
    return connection.execute(
        select(lead_notes)
        .where(lead_notes.c.lead_id == lead_id)
        .order_by(lead_notes.c.created_at, lead_notes.c.id)
    ).all()


def same_person(connection: Connection, lead) -> list:
    """The person's other requests, newest first: context for the call."""
    return connection.execute(
        select(leads.c.id, leads.c.created_at, leads.c.kind, leads.c.status, leads.c.product)
        .where(leads.c.email_normalized == lead.email_normalized, leads.c.id != lead.id)
        .order_by(leads.c.created_at.desc())
        .limit(20)
    ).all()


def follow_up(
    connection: Connection, lead, status: str, note: str, actor: str, now: datetime
) -> list[str]:
    """Change the status and/or add a note; both count as a contact (retention restarts)."""
    done = []
    changes: dict[str, Any] = {}
    if status and status != lead.status:
        changes["status"] = status
        change = f"{STATUSES.get(lead.status, lead.status)} → {STATUSES[status]}"
        record(connection, actor, "status_change", lead.id, change)
        done.append("status")
    if note:
        connection.execute(
            insert(lead_notes).values(lead_id=lead.id, created_at=now, author=actor, body=note)
        )
        record(connection, actor, "note", lead.id)
        done.append("note")
    if done:
        changes["last_contact_at"] = now
        connection.execute(update(leads).where(leads.c.id == lead.id).values(**changes))
    return done


def release(connection: Connection, lead, settings: Settings, actor: str) -> list[str]:
    """A quarantined lead was a real one: it becomes new and goes to sales like any other."""
    connection.execute(update(leads).where(leads.c.id == lead.id).values(status="new"))
    record(connection, actor, "release", lead.id)
    fresh = get_lead(connection, lead.id)
    return enqueue(connection, dict(fresh._mapping), settings)


def enqueue(connection: Connection, lead: Mapping, settings: Settings) -> list[str]:
    """The delivery rows of a released lead (the outbox), in this transaction.

    Imported here, not at the top: the outbox is written beside the inbox and
    the inbox must start without it; then the lead is released undelivered
    and the log says so.
    """
    try:
        from ..delivery.outbox import enqueue as outbox_enqueue
    except ImportError:
        logger.warning("leads: no outbox yet, lead %s released without deliveries", lead["id"])
        return []
    return outbox_enqueue(connection, lead, settings)


def audit_entries(connection: Connection, page: int, limit: int = PER_PAGE):
    total = connection.execute(select(func.count()).select_from(audit_log)).scalar_one()
    rows = connection.execute(
        select(audit_log)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        .limit(limit)
        .offset((page - 1) * limit)
    ).all()
    return rows, total


def deliveries_of(connection: Connection, lead_id: str) -> list[dict[str, Any]]:
    """The lead's deliveries with their attempts, oldest first, for the lead's page."""
    found = []
    for row in connection.execute(
        select(deliveries).where(deliveries.c.lead_id == lead_id).order_by(deliveries.c.created_at)
    ).mappings():
        attempts = connection.execute(
            select(delivery_attempts)
            .where(delivery_attempts.c.delivery_id == row["id"])
            .order_by(delivery_attempts.c.attempted_at, delivery_attempts.c.id)
        ).mappings()
        found.append({**row, "tries": [dict(attempt) for attempt in attempts]})
    return found


def dead_deliveries(connection: Connection) -> list:
    """Deliveries that gave up, newest first, with their lead's name: what to « Relancer »."""
    return connection.execute(
        select(
            deliveries.c.id,
            deliveries.c.lead_id,
            deliveries.c.channel,
            deliveries.c.last_error,
            deliveries.c.attempts,
            deliveries.c.created_at,
            leads.c.name,
            leads.c.organization,
        )
        .join(leads, leads.c.id == deliveries.c.lead_id)
        .where(deliveries.c.status == "dead")
        .order_by(deliveries.c.created_at.desc())
        .limit(200)
    ).all()


def retry_delivery(connection: Connection, delivery_id: str, lead_id: str, actor: str) -> bool:
    """« Relancer »: the outbox puts the delivery back in line with a fresh budget."""
    belongs = connection.execute(
        select(deliveries.c.id).where(
            deliveries.c.id == delivery_id, deliveries.c.lead_id == lead_id
        )
    ).first()
    if belongs is None:
        return False
    try:
        from ..delivery.outbox import retry
    except ImportError:
        logger.warning("leads: no outbox yet, delivery %s not retried", delivery_id)
        return False
    if not retry(connection, delivery_id, datetime.now(UTC)):
        return False
    record(connection, actor, "retry", lead_id, delivery_id)
    return True
