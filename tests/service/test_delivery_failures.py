"""The outbox under failure: retries, dead letters and « Relancer », a killed worker, two workers."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
from sqlalchemy import create_engine, select

from leads.delivery import outbox
from leads.schema import audit_log
from tests.service.support import (
    FlakyReceiver,
    WorkerProcess,
    delivery_rows,
    wait_until,
)
from tests.service.test_delivery_channels import FAST, QUOTE, SECRET


def webhook_env(receiver: FlakyReceiver, secret: str = SECRET, **extra) -> dict:
    return {"LEADS_WEBHOOK_URL": receiver.url, "LEADS_WEBHOOK_SECRET": secret, **FAST, **extra}


def post(service, **changes) -> str:
    response = httpx.post(f"{service.url}/api/leads", json={**QUOTE, **changes})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def settled(database_url: str, count: int = 1) -> list[dict]:
    def done():
        rows = delivery_rows(database_url)
        finished = [row for row in rows if row["status"] in ("delivered", "dead")]
        return rows if len(finished) >= count else None

    return wait_until(done)


def test_a_quarantined_lead_has_no_delivery_and_a_lead_without_channels_neither(start_service):
    with FlakyReceiver(SECRET) as receiver:
        service = start_service(**webhook_env(receiver))
        post(service, website="http://spam.example")  # the honeypot field: quarantined
        [row] = service.rows()
        assert row["status"] == "quarantined"
        time.sleep(0.5)
        assert delivery_rows(service.database_url) == []
        assert receiver.requests == []
    bare = start_service()
    post(bare, email="autre@cabinet-exemple.fr")
    assert delivery_rows(bare.database_url) == []


def test_after_the_last_attempt_the_delivery_is_dead_then_relancer_delivers_it(start_service):
    with FlakyReceiver(SECRET, fail=3, status=500) as receiver:
        service = start_service(**webhook_env(receiver, LEADS_DELIVERY_MAX_ATTEMPTS="3"))
        lead_id = post(service)
        [dead] = settled(service.database_url)
        assert dead["status"] == "dead" and dead["attempts"] == 3
        assert [t["outcome"] for t in dead["tries"]] == ["retry", "retry", "dead"]
        assert dead["last_error"] == "Abandon après 3 tentatives : Refusé (HTTP 500)."
        assert receiver.store.leads == {}

        engine = create_engine(service.database_url)
        with engine.begin() as connection:
            [letter] = outbox.dead_letters(connection)
            assert (letter["lead_id"], letter["channel"]) == (lead_id, "webhook")
            audit = connection.execute(
                select(audit_log).where(audit_log.c.lead_id == lead_id)
            ).all()
            assert [(a.actor, a.action, a.detail) for a in audit] == [
                ("worker", "delivery_dead", "webhook:3")
            ]
            assert outbox.retry(connection, letter["id"], datetime.now(UTC))
            assert not outbox.retry(connection, "inconnu", datetime.now(UTC))
        [delivered] = wait_until(
            lambda: [r for r in delivery_rows(service.database_url) if r["status"] == "delivered"]
        )
        with engine.connect() as connection:
            [history] = outbox.history(connection, lead_id)
        engine.dispose()
    assert list(receiver.store.leads) == [lead_id]
    assert delivered["attempts"] == 1  # a fresh budget after « Relancer »
    assert [a["outcome"] for a in history["attempts"]] == ["retry", "retry", "dead", "delivered"]


def test_a_refusal_is_permanent_and_a_wrong_signature_is_refused_by_the_receiver(start_service):
    with FlakyReceiver(SECRET) as receiver:
        service = start_service(**webhook_env(receiver, secret="pas-le-bon-secret"))
        post(service)
        [dead] = settled(service.database_url)
    assert dead["status"] == "dead" and dead["attempts"] == 1  # 401: not retried
    assert dead["last_error"].startswith("Refusé (HTTP 401)")
    assert len(receiver.requests) == 1 and receiver.store.leads == {}


def test_retry_after_of_a_429_is_respected(start_service):
    with FlakyReceiver(SECRET, fail=1, status=429, retry_after=2) as receiver:
        service = start_service(**webhook_env(receiver))
        post(service)
        [row] = wait_until(
            lambda: [r for r in delivery_rows(service.database_url) if r["status"] == "delivered"]
        )
    first, second = (attempt["attempted_at"] for attempt in row["tries"])
    assert (second - first).total_seconds() >= 2  # not the 0.2 s backoff


def test_a_worker_killed_mid_delivery_loses_nothing_and_the_crm_gets_the_lead_once(
    start_service,
):
    with FlakyReceiver(SECRET) as receiver:
        env = webhook_env(
            receiver,
            LEADS_DELIVERY_TIMEOUT_SECONDS="1",
            LEADS_DELIVERY_LEASE_SECONDS="3",
        )
        service = start_service(LEADS_WORKER="off", **env)
        lead_id = post(service)
        time.sleep(0.3)
        assert delivery_rows(service.database_url)[0]["status"] == "pending"  # no worker yet

        receiver.hang.set()
        worker = WorkerProcess(service.database_url, env).start()
        assert receiver.hung.wait(20)
        worker.kill()  # mid-delivery: the request is out, no answer recorded
        receiver.hang.clear()  # the receiver finishes and stores the lead
        wait_until(lambda: receiver.store.leads)

        restarted = WorkerProcess(service.database_url, env).start()
        try:
            [row] = wait_until(
                lambda: [
                    r for r in delivery_rows(service.database_url) if r["status"] == "delivered"
                ]
            )
        finally:
            restarted.stop()
    assert list(receiver.store.leads) == [lead_id]  # exactly once after dedup
    assert len(receiver.requests) == 2  # sent again after the lease expired
    assert [t["outcome"] for t in row["tries"]] == ["delivered"]


def test_two_workers_never_send_the_same_delivery(start_service):
    with FlakyReceiver(SECRET) as receiver:
        env = webhook_env(receiver)
        service = start_service(LEADS_WORKER="off", **env)
        ids = {post(service, email=f"personne{n}@cabinet-exemple.fr") for n in range(20)}
        workers = [WorkerProcess(service.database_url, env).start() for _ in range(2)]
        try:
            settled(service.database_url, count=20)
        finally:
            for worker in workers:
                worker.stop()
    assert set(receiver.store.leads) == ids
    assert len(receiver.requests) == 20  # one request per lead: leases never overlapped
