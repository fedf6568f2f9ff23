"""RGPD duties: retention (purge), access (export a person), erasure, objection.

- **Retention.** A lead is kept `LEADS_RETENTION_DAYS` (1095, three years)
  after its last contact: `last_contact_at`, moved forward by every status
  change or note in the inbox (the CNIL's reference for prospects). A lead
  whose last contact is exactly at the limit is kept; one second older goes.
- **Erasure** deletes every lead of the person with its notes and deliveries.
  The audit log keeps lead ids and action codes only, never who the person was.
- **Objection.** `erase-person --objection` also keeps a keyed hash (HMAC-SHA256)
  of the normalised e-mail in `suppression`, so nobody ever writes to that
  person again without keeping the address. The key is `LEADS_SUPPRESSION_KEY`
  or one generated once and kept in the database; it is distinct from the
  form-token key so that rotating `LEADS_SECRET_KEY` cannot silently empty the
  list. A plain SHA-256 of an e-mail is reversed by hashing a list of
  addresses; a keyed hash is not, as long as the key does not leak with it.
  The generated key lives in the database: set `LEADS_SUPPRESSION_KEY` in
  production so that a database dump alone reveals nobody.

A careful reading of the suppression list at intake: a person who objected
and later writes to us (quote, financing, contact) makes a new, explicit
request that must be answered, so it is processed and the inbox shows the
objection beside it (no prospecting); a newsletter sign-up from a suppressed
address is not enough to subscribe again, because anyone can type someone
else's address: `objection_hold` gives intake the reason to quarantine it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError
from sqlalchemy import Connection, Engine, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from .admin.french import say
from .audit import record
from .models import _normalized_email
from .schema import deliveries, delivery_attempts, lead_notes, leads, service_keys, suppression
from .settings import Settings

BATCH = 500
SUPPRESSION_KEY_NAME = "suppression"


class InvalidEmail(ValueError):
    """The address given on the command line is not an e-mail address."""


@dataclass(frozen=True)
class PurgeReport:
    cutoff: datetime
    deleted: int


@dataclass(frozen=True)
class ErasureReport:
    deleted: int
    suppressed: bool


def normalize(email: str) -> str:
    """The same key intake stores in `email_normalized`."""
    try:
        return _normalized_email(email.strip())
    except EmailNotValidError as err:
        message = say("« {email} » n’est pas une adresse électronique valide.", email=email)
        raise InvalidEmail(message) from err


def purge(
    engine: Engine, settings: Settings, now: datetime | None = None, actor: str = "worker"
) -> PurgeReport:
    """Delete the leads whose last contact is older than the retention period."""
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=settings.retention_days)
    last_contact = func.coalesce(leads.c.last_contact_at, leads.c.created_at)
    deleted = 0
    days = settings.retention_days
    while True:
        with engine.begin() as connection:
            ids = list(
                connection.execute(
                    select(leads.c.id).where(last_contact < cutoff).limit(BATCH)
                ).scalars()
            )
            if not ids:
                return PurgeReport(cutoff=cutoff, deleted=deleted)
            _delete_leads(connection, ids)
            for lead_id in ids:
                record(connection, actor, "purge", lead_id, say("conservation : {d} jours", d=days))
        deleted += len(ids)


def export_person(
    engine: Engine, email: str, settings: Settings, actor: str = "cli"
) -> dict[str, Any]:
    """Every datum stored about the person, as JSON-ready data (right of access)."""
    person = normalize(email)
    with engine.begin() as connection:
        rows = connection.execute(
            select(leads).where(leads.c.email_normalized == person).order_by(leads.c.created_at)
        ).mappings()
        found = []
        for row in rows:
            lead = {name: plain(value) for name, value in row.items()}
            lead["notes"] = [
                {name: plain(value) for name, value in note.items() if name != "lead_id"}
                for note in connection.execute(
                    select(lead_notes)
                    .where(lead_notes.c.lead_id == row["id"])
                    .order_by(lead_notes.c.created_at)
                ).mappings()
            ]
            lead["deliveries"] = delivery_history(connection, row["id"])
            found.append(lead)
        suppressed = is_suppressed(connection, person, _key(connection, settings.suppression_key))
        for lead in found:
            record(connection, actor, "export_person", lead["id"])
        if not found:
            record(connection, actor, "export_person", None, "aucune donnée")
    return {
        "email": person,
        "exported_at": datetime.now(UTC).isoformat(),
        "leads": found,
        "objection_recorded": suppressed,
    }


def erase_person(
    engine: Engine, email: str, settings: Settings, objection: bool = False, actor: str = "cli"
) -> ErasureReport:
    """Delete every lead of the person; on objection, remember a keyed hash of the address."""
    person = normalize(email)
    with engine.begin() as connection:
        ids = list(
            connection.execute(
                select(leads.c.id).where(leads.c.email_normalized == person)
            ).scalars()
        )
        _delete_leads(connection, ids)
        for lead_id in ids:
            record(
                connection, actor, "erase_person", lead_id, "avec opposition" if objection else None
            )
        if not ids:
            record(connection, actor, "erase_person", None, "aucune donnée")
        if objection:
            key = _key(connection, settings.suppression_key)
            connection.execute(
                _insert(connection)(suppression)
                .values(
                    email_hash=email_hash(person, key),
                    created_at=datetime.now(UTC),
                    reason="objection",
                )
                .on_conflict_do_nothing(index_elements=["email_hash"])
            )
    return ErasureReport(deleted=len(ids), suppressed=objection)


def email_hash(email_normalized: str, key: str) -> str:
    return hmac.new(key.encode(), email_normalized.encode(), hashlib.sha256).hexdigest()


def is_suppressed(connection: Connection, email_normalized: str, key: str) -> bool:
    """Whether this person objected (intake and the inbox ask)."""
    found = connection.execute(
        select(suppression.c.email_hash).where(
            suppression.c.email_hash == email_hash(email_normalized, key)
        )
    ).first()
    return found is not None


def objection_hold(
    connection: Connection, kind: str, email_normalized: str, configured_key: str = ""
) -> tuple[str, ...]:
    """Quarantine reasons intake adds for a person on the suppression list.

    Only a newsletter sign-up is held (reason `objection`): a request for a
    quote, financing or contact is the person's own new request and goes to
    sales, where the inbox shows the objection beside it.
    """
    if kind != "newsletter":
        return ()
    return ("objection",) if objected(connection, email_normalized, configured_key) else ()


def objected(connection: Connection, email_normalized: str, configured_key: str = "") -> bool:
    """Whether this person is on the suppression list (the inbox shows it on each lead)."""
    return is_suppressed(connection, email_normalized, _key(connection, configured_key))


def _key(connection: Connection, configured: str) -> str:
    """`LEADS_SUPPRESSION_KEY`, or the key generated once and kept in the database."""
    if configured:
        return configured
    stored = select(service_keys.c.value).where(service_keys.c.name == SUPPRESSION_KEY_NAME)
    found = connection.execute(stored).scalar()
    if found:
        return found
    connection.execute(
        _insert(connection)(service_keys)
        .values(name=SUPPRESSION_KEY_NAME, value=secrets.token_urlsafe(32))
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return connection.execute(stored).scalar_one()


def _delete_leads(connection: Connection, ids: list[str]) -> None:
    """Children first: SQLite does not enforce the foreign keys' cascades."""
    if not ids:
        return
    own_deliveries = select(deliveries.c.id).where(deliveries.c.lead_id.in_(ids))
    connection.execute(
        delete(delivery_attempts).where(delivery_attempts.c.delivery_id.in_(own_deliveries))
    )
    connection.execute(delete(deliveries).where(deliveries.c.lead_id.in_(ids)))
    connection.execute(delete(lead_notes).where(lead_notes.c.lead_id.in_(ids)))
    connection.execute(delete(leads).where(leads.c.id.in_(ids)))


def delivery_history(connection: Connection, lead_id: str) -> list[dict[str, Any]]:
    """The lead's deliveries, oldest first, each with its attempts (JSON-ready)."""
    found = []
    for row in connection.execute(
        select(deliveries).where(deliveries.c.lead_id == lead_id).order_by(deliveries.c.created_at)
    ).mappings():
        delivery = {name: plain(value) for name, value in row.items() if name != "lead_id"}
        delivery["attempts"] = [
            {name: plain(value) for name, value in attempt.items() if name != "delivery_id"}
            for attempt in connection.execute(
                select(delivery_attempts)
                .where(delivery_attempts.c.delivery_id == row["id"])
                .order_by(delivery_attempts.c.attempted_at, delivery_attempts.c.id)
            ).mappings()
        ]
        found.append(delivery)
    return found


def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _insert(connection: Connection):
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
