"""Jobs run once a day across every worker (digest, purge), through the `task_runs` table.

A job is due once the day's hour (`LEADS_DIGEST_HOUR`, Paris time) has passed
and its last run is older than that moment; a new database first runs them
at the next such hour. Workers claim it with a
compare-and-set on `last_run_at` (or the first insert), so exactly one of
them runs it; a failed run gives the claim back to be tried again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..schema import task_runs
from .payload import as_utc
from .render import PARIS


def scheduled(now: datetime, hour: int) -> datetime:
    """The latest moment at `hour` o'clock, Paris time, at or before `now` (in UTC)."""
    local = as_utc(now).astimezone(PARIS)
    moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if moment > local:
        moment = (moment - timedelta(days=1)).replace(hour=hour)
    return as_utc(moment)


def claim(connection: Connection, name: str, now: datetime, hour: int) -> datetime | None:
    """Claim today's run of `name`: the previous run's time, or None when not due or taken."""
    due = scheduled(now, hour)
    last = connection.execute(
        select(task_runs.c.last_run_at).where(task_runs.c.name == name)
    ).scalar()
    if last is None:  # first start: the first run is at the next `hour` o'clock
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        connection.execute(
            insert(task_runs)
            .values(name=name, last_run_at=due)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return None
    if as_utc(last) >= due:
        return None
    taken = connection.execute(
        update(task_runs)
        .where(task_runs.c.name == name, task_runs.c.last_run_at == last)
        .values(last_run_at=now)
    ).rowcount
    return as_utc(last) if taken == 1 else None


def give_back(connection: Connection, name: str, previous: datetime, claimed_at: datetime) -> None:
    """Undo a claim after a failed run, so the next loop tries again."""
    connection.execute(
        update(task_runs)
        .where(task_runs.c.name == name, task_runs.c.last_run_at == claimed_at)
        .values(last_run_at=previous)
    )
