"""The delivery worker: sends due deliveries, runs the daily digest and purge.

It runs as a thread inside each service process (`LEADS_WORKER=on`, the
default) or alone with `python -m leads worker` (then set `LEADS_WORKER=off`
on the service). Any number of workers may run against one database: rows
are leased (`outbox.claim`), daily jobs claimed (`daily.claim`).

One row at a time: a lease covers one send (`LEADS_DELIVERY_LEASE_SECONDS`
must exceed twice `LEADS_DELIVERY_TIMEOUT_SECONDS`), so a slow receiver
never makes another worker send the same row.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from ..settings import Settings
from . import daily, digest, outbox
from .backoff import next_delay
from .channels import Channel, DeliveryError, configured

logger = logging.getLogger(__name__)
DAILY_RETRY = timedelta(minutes=10)
GIVEN_UP = "Abandon après {attempts} tentative{s} : {detail}"


def _now() -> datetime:
    return datetime.now(UTC)


class Worker:
    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        channels: dict[str, Channel] | None = None,
        clock: Callable[[], datetime] = _now,
    ):
        self.engine = engine
        self.settings = settings
        self.channels = configured(settings) if channels is None else channels
        self.clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._resting: dict[str, datetime] = {}  # daily job -> not before (after a failure)

    # Running -----------------------------------------------------------------

    def start(self) -> None:
        """Run in a daemon thread (inside the service)."""
        self._thread = threading.Thread(target=self.run, name="leads-delivery", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Finish the current send, then stop; its lease covers a send cut short anyway."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def run(self) -> None:
        logger.info(
            "leads: delivery worker started (%s)", ", ".join(self.channels) or "aucun canal"
        )
        while not self._stop.is_set():
            sent = 0
            try:
                self.run_daily()
                sent = self.deliver_due()
            except Exception:  # a database hiccup must not end the worker
                logger.exception("leads: delivery worker loop failed; trying again")
            if not sent:
                self._stop.wait(self.settings.worker_poll_seconds)

    def deliver_due(self, limit: int = 50) -> int:
        """Send up to `limit` due deliveries, one lease at a time; how many were tried."""
        done = 0
        while done < limit and not self._stop.is_set():
            if not self.deliver_one():
                break
            done += 1
        return done

    # One delivery ------------------------------------------------------------

    def deliver_one(self) -> bool:
        now = self.clock()
        with self.engine.begin() as connection:
            claimed = outbox.claim(connection, now, self.settings.delivery_lease_seconds)
            lead = outbox.lead_of(connection, claimed.lead_id) if claimed else None
        if claimed is None:
            return False
        if lead is None:
            with self.engine.begin() as connection:
                outbox.forget(connection, claimed.id)
            return True
        channel = self.channels.get(claimed.channel)
        started = time.monotonic()
        if channel is None:
            error: DeliveryError | None = DeliveryError(
                f"Le canal « {claimed.channel} » n’est plus configuré sur ce serveur."
            )
        else:
            try:
                detail = channel.send(lead, claimed.destination)
                error = None
            except DeliveryError as err:
                error = err
            except Exception as err:  # a bug in a channel: keep the row, say what happened
                logger.exception("leads: channel %s failed unexpectedly", claimed.channel)
                error = DeliveryError(f"Erreur inattendue : {type(err).__name__}: {err}")
        elapsed = int((time.monotonic() - started) * 1000)
        self._settle(claimed, error, detail if error is None else None, elapsed)
        return True

    def _settle(self, claimed, error, detail, elapsed_ms) -> None:
        now = self.clock()
        attempt = claimed.attempts + 1
        with self.engine.begin() as connection:
            if error is None:
                outcome, next_at = outbox.DELIVERED, None
            elif error.retryable and attempt < self.settings.delivery_max_attempts:
                outcome = outbox.RETRY
                delay = next_delay(
                    attempt,
                    self.settings.delivery_base_delay_seconds,
                    self.settings.delivery_max_delay_seconds,
                    error.retry_after,
                )
                next_at = now + timedelta(seconds=delay)
                detail = error.detail
            else:
                outcome, next_at = outbox.DEAD, None
                detail = (
                    GIVEN_UP.format(
                        attempts=attempt, s="s" if attempt > 1 else "", detail=error.detail
                    )
                    if error.retryable
                    else error.detail
                )
            held = outbox.settle(connection, claimed, now, outcome, detail, elapsed_ms, next_at)
            if held and outcome == outbox.DEAD:
                record_audit(connection, claimed, attempt)
        if not held:
            logger.warning("leads: lease of delivery %s expired during its send", claimed.id)
        log = logger.info if outcome == outbox.DELIVERED else logger.warning
        log("leads: %s of lead %s: %s (%s)", claimed.channel, claimed.lead_id, outcome, detail)

    # Daily jobs ----------------------------------------------------------------

    def run_daily(self) -> None:
        now = self.clock()
        if self.settings.smtp_host:
            self._daily("digest", now, lambda since: self._send_digest(since, now))
        self._daily("purge", now, lambda _since: run_purge(self.engine, self.settings, now))

    def _send_digest(self, since: datetime, now: datetime) -> None:
        with self.engine.connect() as connection:
            digest.send(connection, self.settings, since, now)

    def _daily(self, name: str, now: datetime, job: Callable[[datetime], object]) -> None:
        if self._resting.get(name, now) > now:
            return
        with self.engine.begin() as connection:
            previous = daily.claim(connection, name, now, self.settings.digest_hour)
        if previous is None:
            return
        try:
            job(previous)
            logger.info("leads: daily %s done", name)
        except Exception:
            logger.exception("leads: daily %s failed; it will be tried again", name)
            self._resting[name] = now + DAILY_RETRY
            with self.engine.begin() as connection:
                daily.give_back(connection, name, previous, now)


def record_audit(connection, claimed, attempts: int) -> None:
    """Audit the move to dead: channel and attempt count only (the log names no person)."""
    try:
        from .. import audit
    except ImportError:  # pragma: no cover - until leads/audit.py exists
        return
    audit.record(
        connection, "worker", "delivery_dead", claimed.lead_id, f"{claimed.channel}:{attempts}"
    )


def run_purge(engine: Engine, settings: Settings, now: datetime):
    """The RGPD purge (`leads.rgpd.purge`), skipped with a warning if the module is missing."""
    try:
        from ..rgpd import purge
    except ImportError:
        logger.warning("leads: leads.rgpd is missing; the daily purge is skipped")
        return None
    report = purge(engine, settings, now)
    logger.info("leads: daily purge: %s", report)
    return report


def run_alone(settings: Settings) -> int:
    """`python -m leads worker`: the worker in the foreground until SIGTERM or Ctrl+C."""
    import signal

    from ..migrations import migrate
    from ..store import make_engine

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise
    engine = make_engine(settings.database_url)
    migrate(engine)
    worker = Worker(engine, settings)

    def stop(_signum, _frame) -> None:
        worker._stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    channels = ", ".join(worker.channels) or "aucun canal configuré"
    print(f"Envoi des demandes aux commerciaux : {channels} (Ctrl+C pour arrêter)", flush=True)
    worker.run()
    engine.dispose()
    return 0
