"""Running the real service in a subprocess, on a free port, against a real database.

Shared by the service tests, the browser tests of the forms and the load script.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text

from leads.schema import leads
from tests.support import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reset_database(url: str) -> None:
    """Drop what a previous run left in a shared PostgreSQL test database."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS leads, service_keys, alembic_version"))
    engine.dispose()


@dataclass
class Service:
    """`python -m leads` in a subprocess; start, kill and restart it on the same database."""

    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    site: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Service:
        env = {
            **os.environ,
            "LEADS_DATABASE_URL": self.database_url,
            "LEADS_RATE_LIMIT": "0",
            "LEADS_MIN_FILL_SECONDS": "0",
            **self.env,
        }
        command = [sys.executable, "-m", "leads", "--port", str(self.port)]
        if self.site:
            command[3:3] = ["serve-site", "--site", str(self.site)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the service stopped at start-up"
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError("the service did not answer /healthz within 20 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as in a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def rows(self, **where) -> list[dict]:
        engine = create_engine(self.database_url)
        query = select(leads).order_by(leads.c.created_at)
        for name, value in where.items():
            query = query.where(leads.c[name] == value)
        with engine.connect() as connection:
            found = [dict(row._mapping) for row in connection.execute(query)]
        engine.dispose()
        return found
