"""The transactional outbox: delivery rows written with the lead, leased and settled by workers.

- `enqueue` runs inside the transaction that stores the lead (or releases it
  from quarantine): the lead and its deliveries commit together or not at all.
- `claim` leases one due row for `LEADS_DELIVERY_LEASE_SECONDS` with a
  compare-and-set update, so two workers never send the same row at once; a
  killed worker's lease simply expires and another worker takes the row.
  The lease's end time doubles as its token: `settle` only writes when the
  row still carries it.
- `settle` records the attempt and moves the row to delivered, back to
  pending (with a backoff) or to dead, in one transaction.
- `history`, `retry` and `dead_letters` serve the sales inbox.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Connection, and_, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..schema import deliveries, delivery_attempts, leads
from ..settings import Settings
from .payload import as_utc

logger = logging.getLogger(__name__)

PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"
RETRY = "retry"  # outcome of an attempt that will be tried again


@dataclass(frozen=True)
class Claim:
    """A leased delivery: the row as it was when leased, and the lease's end (its token)."""

    id: str
    lead_id: str
    channel: str
    destination: str
    attempts: int
    lease: datetime


def enqueue(connection: Connection, lead: Mapping, settings: Settings) -> list[str]:
    """Write one pending delivery per configured channel for a stored lead; their ids.

    Idempotent: a (lead, channel) pair that already has a row keeps it.
    Call it inside the transaction that stores or releases the lead.
    """
    from .channels import configured  # channels import settings-heavy modules; keep this light

    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4().hex,
            "lead_id": lead["id"],
            "channel": name,
            "destination": channel.destination(lead)[:500],
            "status": PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for name, channel in _channels(settings, configured).items()
    ]
    statement = _add_statement(connection.dialect.name)
    return [row["id"] for row in rows if connection.execute(statement, row).rowcount]


@cache
def _add_statement(dialect: str):
    """Built once: building a statement per lead cost more than executing it."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(deliveries).on_conflict_do_nothing(index_elements=["lead_id", "channel"])


_configured_cache: dict[int, tuple[Settings, dict]] = {}


def _channels(settings: Settings, configured) -> dict:
    """Channels are built once per settings object (the writer calls enqueue per lead)."""
    cached = _configured_cache.get(id(settings))
    if cached is None or cached[0] is not settings:
        cached = (settings, configured(settings))
        _configured_cache[id(settings)] = cached
    return cached[1]


def claim(connection: Connection, now: datetime, lease_seconds: float) -> Claim | None:
    """Lease the most overdue pending delivery nobody holds, or None."""
    free = or_(deliveries.c.locked_until.is_(None), deliveries.c.locked_until < now)
    due = and_(deliveries.c.status == PENDING, deliveries.c.next_attempt_at <= now, free)
    for row in connection.execute(
        select(deliveries).where(due).order_by(deliveries.c.next_attempt_at).limit(5)
    ):
        lease = now + timedelta(seconds=lease_seconds)
        taken = connection.execute(
            update(deliveries).where(deliveries.c.id == row.id, due).values(locked_until=lease)
        ).rowcount
        if taken == 1:
            return Claim(row.id, row.lead_id, row.channel, row.destination, row.attempts, lease)
    return None


def lead_of(connection: Connection, lead_id: str) -> dict | None:
    row = connection.execute(select(leads).where(leads.c.id == lead_id)).first()
    return dict(row._mapping) if row else None


def settle(
    connection: Connection,
    claimed: Claim,
    now: datetime,
    outcome: str,
    detail: str,
    duration_ms: int,
    next_attempt_at: datetime | None = None,
) -> bool:
    """Record the attempt and move the row on; False when the lease was lost meanwhile.

    `outcome` is delivered, retry (then `next_attempt_at` is required) or dead.
    """
    connection.execute(
        delivery_attempts.insert().values(
            delivery_id=claimed.id,
            attempted_at=now,
            outcome=outcome,
            detail=detail[:2000],
            duration_ms=duration_ms,
        )
    )
    values: dict = {"attempts": deliveries.c.attempts + 1, "locked_until": None}
    if outcome == DELIVERED:
        values |= {"status": DELIVERED, "delivered_at": now, "last_error": None}
    elif outcome == RETRY:
        values |= {"status": PENDING, "next_attempt_at": next_attempt_at, "last_error": detail}
    else:
        values |= {"status": DEAD, "last_error": detail}
    held = connection.execute(
        update(deliveries)
        .where(deliveries.c.id == claimed.id, deliveries.c.locked_until == claimed.lease)
        .values(**values)
    ).rowcount
    return held == 1


def forget(connection: Connection, delivery_id: str) -> None:
    """Drop the delivery of a lead erased meanwhile (SQLite does not cascade by default)."""
    connection.execute(
        delete(delivery_attempts).where(delivery_attempts.c.delivery_id == delivery_id)
    )
    connection.execute(delete(deliveries).where(deliveries.c.id == delivery_id))


def history(connection: Connection, lead_id: str) -> list[dict]:
    """The lead's deliveries, oldest first, each with its attempts (oldest first)."""
    rows = connection.execute(
        select(deliveries)
        .where(deliveries.c.lead_id == lead_id)
        .order_by(deliveries.c.created_at, deliveries.c.channel)
    ).all()
    attempts: dict[str, list[dict]] = {row.id: [] for row in rows}
    if rows:
        for attempt in connection.execute(
            select(delivery_attempts)
            .where(delivery_attempts.c.delivery_id.in_(list(attempts)))
            .order_by(delivery_attempts.c.attempted_at, delivery_attempts.c.id)
        ):
            attempts[attempt.delivery_id].append(
                {
                    "at": as_utc(attempt.attempted_at),
                    "outcome": attempt.outcome,
                    "detail": attempt.detail,
                    "duration_ms": attempt.duration_ms,
                }
            )
    return [{**_delivery(row), "attempts": attempts[row.id]} for row in rows]


def retry(connection: Connection, delivery_id: str, now: datetime) -> bool:
    """« Relancer »: a dead or pending delivery is due now with a fresh attempt budget.

    False when there is no such delivery (or it was already delivered).
    """
    return (
        connection.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id, deliveries.c.status.in_([DEAD, PENDING]))
            .values(status=PENDING, attempts=0, next_attempt_at=now)
        ).rowcount
        == 1
    )


def dead_letters(connection: Connection) -> list[dict]:
    """Deliveries given up on, newest first, with lead id, channel and last error."""
    last_attempt = (
        select(func.max(delivery_attempts.c.attempted_at))
        .where(delivery_attempts.c.delivery_id == deliveries.c.id)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(deliveries, last_attempt.label("died_at"))
        .where(deliveries.c.status == DEAD)
        .order_by(last_attempt.desc(), deliveries.c.created_at.desc())
    ).all()
    return [
        {**_delivery(row), "died_at": as_utc(row.died_at) if row.died_at else None} for row in rows
    ]


def stuck(connection: Connection, now: datetime, pending_for: timedelta) -> list[dict]:
    """Dead deliveries, and pending ones older than `pending_for`: what the digest reports."""
    rows = connection.execute(
        select(deliveries)
        .where(
            or_(
                deliveries.c.status == DEAD,
                and_(deliveries.c.status == PENDING, deliveries.c.created_at < now - pending_for),
            )
        )
        .order_by(deliveries.c.created_at)
    ).all()
    return [_delivery(row) for row in rows]


def _delivery(row) -> dict:
    def utc(value):
        return as_utc(value) if value else None

    return {
        "id": row.id,
        "lead_id": row.lead_id,
        "channel": row.channel,
        "destination": row.destination,
        "status": row.status,
        "attempt_count": row.attempts,
        "next_attempt_at": utc(row.next_attempt_at),
        "last_error": row.last_error,
        "created_at": utc(row.created_at),
        "delivered_at": utc(row.delivered_at),
    }
