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
        connection.execute(
            text(
                "DROP TABLE IF EXISTS delivery_attempts, deliveries, lead_notes, audit_log, "
                "suppression, users, task_runs, leads, service_keys, alembic_version CASCADE"
            )
        )
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


# --- Sales inbox (issue 6) -------------------------------------------------


def add_staff(service: Service, email: str, password: str) -> subprocess.CompletedProcess:
    """`python -m leads add-user EMAIL --password-stdin` on the service's database."""
    return subprocess.run(
        [sys.executable, "-m", "leads", "add-user", email, "--password-stdin"],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LEADS_DATABASE_URL": service.database_url, **service.env},
        timeout=60,
    )


class StaffBrowser:
    """A client that keeps the inbox's session cookie like a browser on localhost does.

    The cookie is `Secure`; browsers send it to http://127.0.0.1 (a secure
    context), httpx's cookie jar does not, so this client keeps it itself.
    """

    def __init__(self, service: Service):
        self.service = service
        self.client = httpx.Client(base_url=service.url, follow_redirects=False, timeout=10)
        self.cookies: dict[str, str] = {}
        self.set_cookies: list[str] = []

    def request(self, method: str, path: str, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.client.request(method, path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            self.set_cookies.append(header)
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value.strip('"') and "max-age=0" not in header.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def csrf(self, path: str = "/admin/login") -> str:
        from bs4 import BeautifulSoup

        page = self.get(path)
        field = BeautifulSoup(page.text, "html.parser").select_one("input[name=csrf_token]")
        assert field is not None, f"no CSRF field on {path} ({page.status_code})"
        return field["value"]

    def login(self, email: str, password: str) -> httpx.Response:
        token = self.csrf("/admin/login")
        return self.post(
            "/admin/login",
            data={"csrf_token": token, "email": email, "password": password, "next": "/admin/"},
        )


STAFF_EMAIL = "ventes@medimarche.example"
STAFF_PASSWORD = "un mot de passe très long"


def staff_logged_in(service: Service) -> StaffBrowser:
    """A staff account on the service's database, and a browser logged into it.

    The account is created in this process (the `add-user` command has its own
    tests): one Python start-up less per test.
    """
    from leads.admin.auth import create_user

    engine = create_engine(service.database_url)
    create_user(engine, STAFF_EMAIL, STAFF_PASSWORD)
    engine.dispose()
    browser = StaffBrowser(service)
    answer = browser.login(STAFF_EMAIL, STAFF_PASSWORD)
    assert answer.status_code == 303, answer.text
    return browser


# Delivery (issue 6, helper D): a real SMTP sink, a flaky HTTP receiver, a worker process.


class SmtpSink:
    """aiosmtpd on a free port, keeping every message; `refuse` answers the next N with 451."""

    def __init__(self, refuse: int = 0):
        from aiosmtpd.controller import Controller

        self.messages: list = []
        self.refuse = refuse
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Try again later"
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 20) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


class FlakyReceiver:
    """The example webhook receiver behind a fault injector, on a free port.

    The first `fail` calls get `status` (503 by default, with `Retry-After` if
    given); while `hang` is set, calls wait until it is cleared (or the client
    gives up). Then the example's handler verifies the HMAC and deduplicates
    on `Idempotency-Key`: `store.leads` holds what the CRM would keep.
    """

    def __init__(self, secret: str, fail: int = 0, status: int = 503, retry_after=None):
        import io
        import threading
        from http.server import ThreadingHTTPServer

        from examples.webhook_receiver import LeadStore, make_handler

        self.store = LeadStore()
        self.fail, self.status, self.retry_after = fail, status, retry_after
        self.requests: list[tuple[dict, bytes]] = []
        self.hang = threading.Event()
        self.hung = threading.Event()
        receiver = self
        example = make_handler(secret, self.store)

        class Handler(example):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.requests.append((dict(self.headers), body))
                while receiver.hang.is_set():
                    receiver.hung.set()
                    time.sleep(0.05)
                if receiver.fail:
                    receiver.fail -= 1
                    headers = (
                        {"Retry-After": str(receiver.retry_after)} if receiver.retry_after else {}
                    )
                    self.send_response(receiver.status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.rfile = io.BytesIO(body)  # the example reads the body itself
                super().do_POST()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/crm/leads"

    def __enter__(self) -> FlakyReceiver:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.hang.clear()
        self.server.shutdown()
        self.server.server_close()


@dataclass
class WorkerProcess:
    """`python -m leads worker` in a subprocess, on the service's database."""

    database_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        env = {**os.environ, "LEADS_DATABASE_URL": self.database_url, **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "leads", "worker"], cwd=ROOT, env=env
        )
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)


def delivery_rows(database_url: str) -> list[dict]:
    """Every delivery with its attempts, oldest first."""
    from leads.schema import deliveries, delivery_attempts

    engine = create_engine(database_url)
    with engine.connect() as connection:
        found = [
            dict(row._mapping)
            for row in connection.execute(select(deliveries).order_by(deliveries.c.created_at))
        ]
        for row in found:
            row["tries"] = [
                dict(attempt._mapping)
                for attempt in connection.execute(
                    select(delivery_attempts)
                    .where(delivery_attempts.c.delivery_id == row["id"])
                    .order_by(delivery_attempts.c.id)
                )
            ]
    engine.dispose()
    return found


def wait_until(predicate, timeout: float = 20, interval: float = 0.1):
    """Poll `predicate` until it returns something truthy; that value, or AssertionError."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
