"""Load and crash test of the lead service (`invoke leads-load`).

Starts `python -m leads` on a free loopback port with a fresh SQLite file (or
`--database-url`), sends thousands of JSON leads over many keep-alive
connections, kills the server with SIGKILL halfway, restarts it on the same
database while the clients reconnect, then reads the database and checks that
every lead that got a `201` is stored. Prints sent, acknowledged, stored,
lost (must be 0), throughput and p50/p99 latency; exits 1 if a lead is lost.

The client is a bare asyncio HTTP/1.1 client, so that on a small machine the
numbers measure the service rather than a client library. Only loopback
addresses are used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leads.schema import leads  # noqa: E402

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "LEADS_DATABASE_URL": database_url,
        "LEADS_RATE_LIMIT": "0",
        "LEADS_MIN_FILL_SECONDS": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "leads", "--host", HOST, "--port", str(port)], cwd=ROOT, env=env
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("le service n’a pas démarré en 30 s")


def lead_body(number: int) -> bytes:
    return json.dumps(
        {
            "kind": "devis",
            "name": f"Charge {number}",
            "email": f"charge{number}@exemple.fr",
            "product": "Électrocardiographe ECG 600",
            "quantity": 1 + number % 5,
            "message": "Demande de charge : merci de ne pas traiter.",
            "utm_source": "leads-load",
        }
    ).encode()


@dataclass
class Run:
    total: int
    port: int
    kill_after: int
    next_number: int = 0
    sent: int = 0
    acknowledged: dict[int, str] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    up: asyncio.Event = field(default_factory=asyncio.Event)
    killed: asyncio.Event = field(default_factory=asyncio.Event)

    def take(self) -> int | None:
        if self.next_number >= self.total:
            return None
        self.next_number += 1
        return self.next_number


async def post(reader, writer, port: int, body: bytes) -> tuple[int, bytes]:
    writer.write(
        b"POST /api/leads HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (HOST.encode(), port, len(body), body)
    )
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    return status, await reader.readexactly(length)


async def client(run: Run) -> None:
    number = None
    while True:
        await run.up.wait()
        try:
            reader, writer = await asyncio.open_connection(HOST, run.port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        try:
            while True:
                number = run.take()
                if number is None:
                    return
                run.sent += 1
                started = time.perf_counter()
                status, payload = await post(reader, writer, run.port, lead_body(number))
                if status == 201:
                    run.latencies.append(time.perf_counter() - started)
                    run.acknowledged[number] = json.loads(payload)["id"]
                else:
                    run.refused += 1
                if len(run.acknowledged) >= run.kill_after and not run.killed.is_set():
                    run.killed.set()
        except (OSError, asyncio.IncompleteReadError):
            pass  # the server was killed: this lead was sent but not acknowledged
        finally:
            writer.close()


async def crash_and_restart(run: Run, process: subprocess.Popen, database_url: str):
    await run.killed.wait()
    run.up.clear()
    process.send_signal(signal.SIGKILL)
    process.wait()
    print(f"… SIGKILL du service après {len(run.acknowledged)} accusés de réception")
    started = time.perf_counter()
    process = await asyncio.to_thread(start_server, run.port, database_url)
    downtime = time.perf_counter() - started
    print(f"… service redémarré en {downtime:.2f} s")
    run.up.set()
    return process, downtime


async def main_async(args) -> int:
    port = free_port()
    process = start_server(port, args.database_url)
    run = Run(total=args.leads, port=port, kill_after=args.leads // 2)
    run.up.set()
    started = time.perf_counter()
    restart = asyncio.create_task(crash_and_restart(run, process, args.database_url))
    await asyncio.gather(*(client(run) for _ in range(args.connections)))
    elapsed = time.perf_counter() - started
    process, downtime = await restart
    process.terminate()
    process.wait()

    engine = create_engine(args.database_url)
    with engine.connect() as connection:
        stored_ids = set(connection.execute(select(leads.c.id)).scalars())
    engine.dispose()
    acknowledged = set(run.acknowledged.values())
    lost = acknowledged - stored_ids
    latencies = sorted(run.latencies)
    throughput = len(acknowledged) / (elapsed - downtime)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(f"envoyés           : {run.sent}")
    print(f"acquittés (201)   : {len(acknowledged)}")
    print(f"refusés (non 201) : {run.refused}")
    unacknowledged = len(stored_ids - acknowledged)
    print(
        f"enregistrés       : {len(stored_ids)} (dont {unacknowledged} sans accusé, coupés par le SIGKILL)"
    )
    print(f"perdus            : {len(lost)}")
    print(f"débit             : {throughput:.0f} demandes/s, {args.connections} connexions")
    print(f"latence           : p50 {p50:.1f} ms, p99 {p99:.1f} ms")
    goal = throughput >= 500 and p99 < 100
    print(f"objectif ≥ 500/s et p99 < 100 ms : {'atteint' if goal else 'non atteint'}")
    return 1 if lost else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--database-url", help="défaut : un fichier SQLite temporaire")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leads-load-") as folder:
        args.database_url = args.database_url or f"sqlite:///{folder}/leads.sqlite3"
        return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
