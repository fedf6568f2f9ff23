"""Storage with SQLAlchemy Core: SQLite by default, PostgreSQL by URL, same code.

A lead is acknowledged only after its transaction is committed. SQLite runs in
WAL mode with `synchronous=FULL` (each commit is on disk before it returns)
and `BEGIN IMMEDIATE`, so several processes write one after the other
instead of failing. Commits go through one `Writer` thread per process, which
commits every lead waiting at that moment in one transaction (group commit):
under load the cost of a durable commit is shared by many leads, and a quiet
service still answers each lead after its own commit.

Issue 6 adds its delivery rows (transactional outbox) inside
`Writer._insert`, in the same transaction as the lead.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import queue
import secrets
import threading
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Engine,
    bindparam,
    create_engine,
    event,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

from .delivery import outbox
from .models import Lead
from .rgpd import objection_hold
from .schema import leads, service_keys
from .settings import Settings

logger = logging.getLogger(__name__)
STATUS_NEW = "new"
STATUS_QUARANTINED = "quarantined"
BATCH = 256


class StoreUnavailable(RuntimeError):
    """The lead could not be committed: the caller must not answer with a success."""


@dataclass(frozen=True)
class Submission:
    """A validated lead with what the request told us about it."""

    lead: Lead
    idempotency_key: str
    previous_key: str | None  # the same content in the previous dedup window
    reasons: tuple[str, ...]
    fill_seconds: float | None
    ip: str | None
    user_agent: str | None


def idempotency_key(
    nonce: str | None, lead: Lead, now: float, window: int
) -> tuple[str, str | None]:
    """The key that makes a retried post store one lead, and the previous window's key.

    Both kinds of key contain a digest of everything the person typed, so two
    posts are merged only when their content is identical: a double click, a
    retry after a lost answer, a reloaded POST. Different content is always a
    new lead, even from one form (a second request typed after the first).

    - With a verified form token (JavaScript on), the digest is scoped by the
      token's random nonce: one rendering of the form, with the same content,
      is one lead however late it is posted again.
    - Without one (JavaScript off), by a time window: the same person sending
      the same text twice within `LEADS_DEDUP_WINDOW_SECONDS` is one lead.
      Two different people never share a digest (their e-mail differs). The
      caller also looks up the previous window, so a double click across a
      window boundary still stores one lead.
    """
    digest = hashlib.sha256(
        json.dumps(lead.model_dump(mode="json"), sort_keys=True).encode()
    ).hexdigest()
    if nonce:
        return f"t:{nonce}:{digest}", None
    slot = int(now // max(window, 1))
    return f"c:{digest}:{slot}", f"c:{digest}:{slot - 1}"


def make_engine(url: str) -> Engine:
    """An engine with the durability settings described in the module docstring."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def signing_key(engine: Engine, configured: str) -> str:
    """`LEADS_SECRET_KEY`, or a random key kept in the database.

    Every worker and every restart must accept the form tokens the others
    issued, so a generated key is stored once and then read back.
    """
    if configured:
        return configured
    with engine.begin() as connection:
        connection.execute(
            _insert(engine)(service_keys)
            .values(name="form-token", value=secrets.token_urlsafe(32))
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return connection.execute(
            select(service_keys.c.value).where(service_keys.c.name == "form-token")
        ).scalar_one()


def _insert(engine: Engine):
    return postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert


class Writer:
    """One thread that commits leads in groups; `await writer.save(s)` gives the lead's id.

    Statements are built once and executed with plain parameters: building a
    SQLAlchemy statement per lead cost more than the commit itself.
    """

    def __init__(self, engine: Engine, settings: Settings | None = None):
        self._engine = engine
        self._settings = settings  # with settings, each new lead gets its deliveries
        self._add = (
            _insert(engine)(leads)
            .on_conflict_do_nothing(index_elements=["idempotency_key"])
            .returning(leads.c.id)
        )
        self._by_key = select(leads.c.id).where(leads.c.idempotency_key == bindparam("key"))
        self._first_of_person = (
            select(leads.c.id)
            .where(leads.c.email_normalized == bindparam("person"))
            .order_by(leads.c.created_at)
            .limit(1)
        )
        self._queue: queue.Queue[tuple[Submission, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="leads-writer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Commit what is queued, then stop."""
        self._queue.put(None)
        self._thread.join()

    async def save(self, submission: Submission) -> str:
        future: Future[str] = Future()
        self._queue.put((submission, future))
        return await asyncio.wrap_future(future)

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            while len(batch) < BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._queue.put(None)
                    break
                batch.append(item)
            self._commit(batch)

    def _commit(self, batch: list[tuple[Submission, Future]]) -> None:
        try:
            with self._engine.begin() as connection:
                ids = [self._insert(connection, submission) for submission, _ in batch]
        except Exception:
            if len(batch) > 1:  # find the one that fails; commit the others alone
                for item in batch:
                    self._commit([item])
                return
            logger.exception("leads: could not store a lead")
            batch[0][1].set_exception(StoreUnavailable("commit failed"))
            return
        for (_, future), lead_id in zip(batch, ids, strict=True):
            future.set_result(lead_id)

    def _insert(self, connection, submission: Submission) -> str:
        key = submission.idempotency_key
        if submission.previous_key:
            earlier = connection.execute(self._by_key, {"key": submission.previous_key}).scalar()
            if earlier:
                return earlier
        lead = submission.lead
        person = lead.email_normalized
        now = datetime.now(UTC)
        # RGPD: a newsletter sign-up from an address on the suppression list waits in
        # quarantine; any other request is the person's own and goes to sales (rgpd.py).
        suppression_key = self._settings.suppression_key if self._settings else ""
        reasons = submission.reasons + objection_hold(
            connection, lead.kind, person, suppression_key
        )
        row = {
            **lead.model_dump(),
            "id": uuid.uuid4().hex,
            "created_at": now,
            "last_contact_at": now,
            "consent_at": now if lead.consent_version else None,
            "supplier": lead.offer.split(":", 1)[0] if lead.offer else None,
            "status": STATUS_QUARANTINED if reasons else STATUS_NEW,
            "spam_reasons": ",".join(reasons) or None,
            "idempotency_key": key,
            "duplicate_of": connection.execute(self._first_of_person, {"person": person}).scalar(),
            "email_normalized": person,
            "phone_e164": lead.phone_e164,
            "ip": submission.ip,
            "user_agent": (submission.user_agent or "")[:500] or None,
            "fill_seconds": submission.fill_seconds,
        }
        inserted = connection.execute(self._add, row).scalar()
        if inserted and self._settings is not None and row["status"] == STATUS_NEW:
            outbox.enqueue(connection, row, self._settings)  # same transaction: outbox
        return inserted or connection.execute(self._by_key, {"key": key}).scalar_one()
