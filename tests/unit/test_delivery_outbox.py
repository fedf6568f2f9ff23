"""The outbox on a real SQLite database: written with the lead, leased, settled, reported."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from leads.delivery import daily, outbox
from leads.delivery.worker import Worker
from leads.migrations import migrate
from leads.models import parse_lead
from leads.schema import deliveries, leads, task_runs
from leads.settings import Settings
from leads.store import Submission, Writer, make_engine
from tests.service.support import SmtpSink, free_port

LEAD = {
    "kind": "devis",
    "name": "Paul Girard",
    "email": "paul.girard@kine-exemple.fr",
    "organization": "Cabinet Girard",
    "product": "Table de massage Kiné Pro",
    "quantity": "1",
}


def settings_for(**env) -> Settings:
    return Settings.from_env(
        {
            "LEADS_WEBHOOK_URL": f"http://127.0.0.1:{free_port()}/nobody-listens",
            "LEADS_WEBHOOK_SECRET": "s",
            "LEADS_DELIVERY_TIMEOUT_SECONDS": "1",
            "LEADS_DELIVERY_LEASE_SECONDS": "5",
            **env,
        }
    )


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'leads.sqlite3'}")
    migrate(engine)
    yield engine
    engine.dispose()


def store(engine, settings, **changes) -> str:
    writer = Writer(engine, settings)
    writer.start()
    try:
        lead = parse_lead({**LEAD, **changes})
        submission = Submission(lead, f"k:{lead.email}", None, (), 5.0, "127.0.0.1", "test")
        # In a thread: the session's Playwright browser keeps an event loop running here.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, writer.save(submission)).result()
    finally:
        writer.stop()


def test_the_lead_and_its_deliveries_commit_together_and_enqueue_is_idempotent(engine, tmp_path):
    with SmtpSink() as sink:
        settings = settings_for(
            LEADS_SMTP_HOST="127.0.0.1",
            LEADS_SMTP_PORT=str(sink.port),
            LEADS_SMTP_TLS="off",
            LEADS_SALES_EMAIL="ventes@medimarche.example",
        )
        lead_id = store(engine, settings)
    with engine.begin() as connection:
        rows = connection.execute(select(deliveries).order_by(deliveries.c.channel)).all()
        assert [(r.lead_id, r.channel, r.status) for r in rows] == [
            (lead_id, "email", "pending"),
            (lead_id, "webhook", "pending"),
        ]
        assert rows[0].destination == "ventes@medimarche.example"
        lead = connection.execute(select(leads).where(leads.c.id == lead_id)).first()._mapping
        assert outbox.enqueue(connection, lead, settings) == []
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.execute(leads.insert().values({**lead, "id": "x" * 32, "idempotency_key": "k2"}))
        assert len(outbox.enqueue(connection, {**lead, "id": "x" * 32}, settings)) == 2
        raise RuntimeError("the lead's transaction fails")
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(deliveries)).scalar() == 2


def test_a_lease_is_exclusive_until_it_expires_and_a_lost_lease_cannot_settle(engine):
    settings = settings_for()
    store(engine, settings)
    now = datetime.now(UTC) + timedelta(seconds=1)
    with engine.begin() as connection:
        first = outbox.claim(connection, now, 5)
        assert first is not None
        assert outbox.claim(connection, now + timedelta(seconds=4), 5) is None
        second = outbox.claim(connection, now + timedelta(seconds=6), 5)
        assert second is not None and second.id == first.id
        later = now + timedelta(seconds=7)
        assert not outbox.settle(connection, first, later, outbox.DELIVERED, "ok", 10)
        assert outbox.settle(connection, second, later, outbox.DELIVERED, "ok", 10)
        [history] = outbox.history(connection, second.lead_id)
    assert history["status"] == "delivered"
    assert [a["detail"] for a in history["attempts"]] == ["ok", "ok"]  # both attempts recorded


def test_a_network_error_is_retried_later_then_dead_after_the_last_attempt(engine):
    settings = settings_for(LEADS_DELIVERY_MAX_ATTEMPTS="2", LEADS_DELIVERY_BASE_DELAY_SECONDS="60")
    lead_id = store(engine, settings)
    clock = [datetime.now(UTC) + timedelta(seconds=1)]
    worker = Worker(engine, settings, clock=lambda: clock[0])
    assert worker.deliver_one()
    assert not worker.deliver_one()  # not due before its backoff
    with engine.connect() as connection:
        [delivery] = outbox.history(connection, lead_id)
    assert delivery["status"] == "pending"
    assert delivery["attempts"][0]["detail"].startswith("Erreur réseau")
    wait = (delivery["next_attempt_at"] - clock[0]).total_seconds()
    assert 30 <= wait <= 60
    clock[0] += timedelta(seconds=61)
    assert worker.deliver_one()
    with engine.connect() as connection:
        [dead] = outbox.dead_letters(connection)
    assert (dead["lead_id"], dead["channel"], dead["attempt_count"]) == (lead_id, "webhook", 2)
    assert dead["last_error"].startswith("Abandon après 2 tentatives : Erreur réseau")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 1, 15, 6, 30, tzinfo=UTC), datetime(2026, 1, 15, 6, 0, tzinfo=UTC)),
        (datetime(2026, 1, 15, 5, 59, tzinfo=UTC), datetime(2026, 1, 14, 6, 0, tzinfo=UTC)),
        (datetime(2026, 7, 15, 5, 0, tzinfo=UTC), datetime(2026, 7, 15, 5, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 4, 0, tzinfo=UTC), datetime(2026, 3, 28, 6, 0, tzinfo=UTC)),
        (datetime(2026, 3, 29, 5, 0, tzinfo=UTC), datetime(2026, 3, 29, 5, 0, tzinfo=UTC)),
    ],
)
def test_daily_jobs_are_due_at_the_hour_in_paris_winter_and_summer(now, expected):
    assert daily.scheduled(now, 7) == expected


def test_a_daily_job_runs_once_a_day_across_workers(engine):
    day = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    with engine.begin() as connection:
        assert daily.claim(connection, "digest", day, 7) is None  # first start: next 7 o'clock
    with engine.begin() as connection:
        assert daily.claim(connection, "digest", day + timedelta(hours=3), 7) is None
    tomorrow = day + timedelta(days=1)
    with engine.begin() as connection:
        previous = daily.claim(connection, "digest", tomorrow, 7)
    with engine.begin() as connection:
        assert daily.claim(connection, "digest", tomorrow + timedelta(minutes=1), 7) is None
    assert previous == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def test_the_digest_lists_the_days_leads_and_the_stuck_deliveries_once(engine):
    with SmtpSink() as sink:
        settings = settings_for(
            LEADS_SMTP_HOST="127.0.0.1",
            LEADS_SMTP_PORT=str(sink.port),
            LEADS_SMTP_TLS="off",
            LEADS_SALES_EMAIL="ventes@medimarche.example",
            LEADS_DIGEST_EMAIL="direction@medimarche.example",
            LEADS_DELIVERY_MAX_ATTEMPTS="1",
        )
        store(engine, settings)
        store(engine, settings, email="anne.roux@ehpad-exemple.fr", name="Anne Roux")
        now = datetime.now(UTC)
        with engine.begin() as connection:  # the digest last ran a day ago
            connection.execute(
                task_runs.insert().values(name="digest", last_run_at=now - timedelta(days=1))
            )
        clock = [now + timedelta(seconds=1)]
        worker = Worker(engine, settings, clock=lambda: clock[0])
        worker.deliver_due()  # e-mails go out, the webhook dies (nobody listens)
        sink.wait_for(2)
        clock[0] = now + timedelta(days=1, seconds=1)
        worker.run_daily()
        worker.run_daily()  # a second worker loop (or worker) does not send it again
        messages = sink.wait_for(3)
        [(to, digest)] = [m for m in messages if m[1]["Subject"].startswith("Demandes du")]
    assert to == ["direction@medimarche.example"]
    assert digest["Subject"].endswith(": 2 demandes, 2 envois bloqués")
    text = digest.get_body(("plain",)).get_content()
    assert "Paul Girard (Cabinet Girard) · paul.girard@kine-exemple.fr" in text
    assert "Anne Roux" in text
    assert text.count("Webhook CRM vers http://127.0.0.1:") == 2
    assert "abandonné depuis le" in text


def test_the_worker_runs_the_rgpd_purge_once_a_day(engine):
    settings = settings_for()
    old, recent = (
        store(engine, settings),
        store(engine, settings, email="anne.roux@ehpad-exemple.fr"),
    )
    now = datetime.now(UTC)
    with engine.begin() as connection:
        connection.execute(
            leads.update()
            .where(leads.c.id == old)
            .values(last_contact_at=now - timedelta(days=4 * 365))
        )
        connection.execute(
            task_runs.insert().values(name="purge", last_run_at=now - timedelta(days=1))
        )
    worker = Worker(engine, settings, clock=lambda: now + timedelta(days=1))
    worker.run_daily()
    with engine.connect() as connection:
        left = connection.execute(select(leads.c.id)).scalars().all()
        ran = connection.execute(
            select(task_runs.c.last_run_at).where(task_runs.c.name == "purge")
        ).scalar_one()
    assert left == [recent]
    assert ran.replace(tzinfo=UTC) == now + timedelta(days=1)
