"""Service fixtures: one real service process per test module and database.

Every test runs against SQLite (a real file in a temporary folder) and, when
`LEADS_TEST_DATABASE_URL` points to a PostgreSQL database, against it too.
"""

from __future__ import annotations

import os

import pytest

from tests.service.support import Service, reset_database

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("LEADS_TEST_DATABASE_URL") else [])


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'leads.sqlite3'}"
    url = os.environ["LEADS_TEST_DATABASE_URL"]
    reset_database(url)
    return url


@pytest.fixture
def start_service(database_url):
    """Start the service with extra `LEADS_*` variables; every started one is stopped."""
    started = []

    def start(**env) -> Service:
        service = Service(database_url, env={k: str(v) for k, v in env.items()}).start()
        started.append(service)
        return service

    yield start
    for service in started:
        service.stop()


@pytest.fixture
def service(start_service) -> Service:
    return start_service()
