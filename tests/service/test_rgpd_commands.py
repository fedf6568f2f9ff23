"""RGPD duties from the command line: purge at the retention limit, access, erasure, objection."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import pty
import select as io_select
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, insert, select, update

from leads.admin.french import say
from leads.rgpd import objection_hold, purge
from leads.schema import (
    audit_log,
    deliveries,
    delivery_attempts,
    lead_notes,
    leads,
    service_keys,
    suppression,
)
from leads.settings import Settings
from tests.service.support import StaffBrowser, staff_logged_in
from tests.service.test_admin_inbox import QUOTE, post
from tests.service.test_intake import CONTACT
from tests.support import ROOT

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


def leads_command(service, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "leads", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LEADS_DATABASE_URL": service.database_url, **service.env},
        timeout=60,
    )


def add_history(engine, lead_id: str, last_contact: datetime) -> None:
    """A note, a delivery and its attempt, and the date of the last contact."""
    with engine.begin() as connection:
        connection.execute(
            update(leads).where(leads.c.id == lead_id).values(last_contact_at=last_contact)
        )
        connection.execute(
            insert(lead_notes).values(
                lead_id=lead_id, created_at=last_contact, author="ventes", body="Rappelé."
            )
        )
        connection.execute(
            insert(deliveries).values(
                id="d" + lead_id[1:],
                lead_id=lead_id,
                channel="archive",
                destination="ventes@medimarche.example",
                status="delivered",
                attempts=1,
                next_attempt_at=last_contact,
                created_at=last_contact,
            )
        )
        connection.execute(
            insert(delivery_attempts).values(
                delivery_id="d" + lead_id[1:], attempted_at=last_contact, outcome="delivered"
            )
        )


def test_purge_keeps_a_lead_exactly_at_the_limit_and_deletes_one_second_older(service):
    at_limit = post(service, **CONTACT)
    older = post(service, **{**CONTACT, "email": "ancien@cabinet-exemple.fr", "name": "Ancien"})
    recent = post(service, **QUOTE)
    engine = create_engine(service.database_url)
    limit = NOW - timedelta(days=1095)
    add_history(engine, at_limit, limit)
    add_history(engine, older, limit - timedelta(seconds=1))

    report = purge(engine, Settings(database_url=service.database_url), now=NOW)

    assert report.deleted == 1 and report.cutoff == limit
    with engine.connect() as connection:
        assert set(connection.execute(select(leads.c.id)).scalars()) == {at_limit, recent}
        assert list(connection.execute(select(lead_notes.c.lead_id)).scalars()) == [at_limit]
        assert list(connection.execute(select(deliveries.c.lead_id)).scalars()) == [at_limit]
        assert len(connection.execute(select(delivery_attempts)).all()) == 1
        trail = connection.execute(select(audit_log)).mappings().all()
    engine.dispose()
    [row] = [row for row in trail if row["action"] == "purge"]
    assert (row["actor"], row["lead_id"], row["detail"]) == (
        "worker",
        older,
        say("conservation : 1095 jours"),
    )
    assert not any("ancien" in str(value).lower() for row in trail for value in row.values())


def test_purge_command_uses_the_retention_setting(start_service):
    service = start_service(LEADS_RETENTION_DAYS="30")
    old = post(service, **CONTACT)
    kept = post(service, **QUOTE)
    engine = create_engine(service.database_url)
    add_history(engine, old, datetime.now(UTC) - timedelta(days=31))
    done = leads_command(service, "purge")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 demande supprimée (dernier contact avant le ")
    assert "conservation 30 jours" in done.stdout
    assert [row["id"] for row in service.rows()] == [kept]
    engine.dispose()


def test_export_person_prints_every_stored_datum_as_json(service):
    first = post(service, **CONTACT)
    second = post(service, **{**QUOTE, "email": "CLAIRE.DUMAS@cabinet-exemple.fr"})
    post(service, **QUOTE)  # someone else
    engine = create_engine(service.database_url)
    add_history(engine, first, datetime.now(UTC))
    engine.dispose()

    done = leads_command(service, "export-person", " claire.dumas@CABINET-exemple.fr ")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["email"] == "claire.dumas@cabinet-exemple.fr"
    assert [lead["id"] for lead in data["leads"]] == [first, second]
    lead = data["leads"][0]
    assert lead["message"] == CONTACT["message"] and lead["phone"] == CONTACT["phone"]
    assert lead["consent_version"] == "information-2026-11" and lead["consent_at"]
    assert lead["ip"] == "127.0.0.1", "technical data are personal data too"
    assert [note["body"] for note in lead["notes"]] == ["Rappelé."]
    [delivery] = lead["deliveries"]
    assert delivery["status"] == "delivered" and delivery["attempts"][0]["outcome"] == "delivered"
    assert data["objection_recorded"] is False
    rows = [row for row in audit_rows(service) if row["action"] == "export_person"]
    assert [(row["actor"], row["lead_id"]) for row in rows] == [("cli", first), ("cli", second)]


def test_erase_person_with_objection_keeps_only_a_keyed_hash(service):
    first = post(service, **CONTACT)
    post(service, **{**QUOTE, "email": CONTACT["email"]})
    other = post(service, **QUOTE)
    engine = create_engine(service.database_url)
    add_history(engine, first, datetime.now(UTC))

    done = leads_command(service, "erase-person", CONTACT["email"], "--objection")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "2 demandes effacées.",
        say("Opposition enregistrée : l’adresse est ajoutée, hachée, à la liste d’opposition."),
    ]
    assert [row["id"] for row in service.rows()] == [other]
    with engine.connect() as connection:
        assert connection.execute(select(lead_notes)).all() == []
        assert connection.execute(select(deliveries)).all() == []
        [entry] = connection.execute(select(suppression)).all()
        key = connection.execute(
            select(service_keys.c.value).where(service_keys.c.name == "suppression")
        ).scalar_one()
    person = "claire.dumas@cabinet-exemple.fr"
    assert entry.email_hash == hmac.new(key.encode(), person.encode(), hashlib.sha256).hexdigest()
    assert entry.reason == "objection"
    trail = audit_rows(service)
    assert not any(
        "claire" in str(value).lower() or "dumas" in str(value).lower()
        for row in trail
        for value in row.values()
    ), "the audit log names no erased person"
    assert sum(row["action"] == "erase_person" for row in trail) == 2

    # She writes again: a new, explicit request, answered, with the objection shown.
    again = post(service, **{**CONTACT, "message": "Finalement, rappelez-moi."})
    browser = staff_logged_in(service)
    page = BeautifulSoup(browser.get(f"/admin/leads/{again}").text, "html.parser")
    assert "opposée à toute sollicitation" in page.select_one("#opposition").text
    exported = json.loads(leads_command(service, "export-person", person).stdout)
    assert exported["objection_recorded"] is True
    with engine.connect() as connection:  # what intake asks before storing a lead
        assert objection_hold(connection, "newsletter", person) == ("objection",)
        assert objection_hold(connection, "contact", person) == ()
        assert objection_hold(connection, "newsletter", "autre@exemple.fr") == ()
    engine.dispose()


def test_erase_without_objection_and_bad_addresses(service):
    post(service, **CONTACT)
    done = leads_command(service, "erase-person", CONTACT["email"])
    assert done.returncode == 0 and done.stdout.splitlines() == ["1 demande effacée."]
    assert service.rows() == []
    engine = create_engine(service.database_url)
    with engine.connect() as connection:
        assert connection.execute(select(suppression)).all() == []
    engine.dispose()
    nobody = leads_command(service, "erase-person", "personne@exemple.fr")
    assert nobody.returncode == 0 and nobody.stdout.startswith("0 demande effacée.")
    bad = leads_command(service, "export-person", "pas-une-adresse")
    assert bad.returncode == 2
    assert bad.stdout.strip() == say(
        "« pas-une-adresse » n’est pas une adresse électronique valide."
    )
    missing = leads_command(service, "erase-person")
    assert missing.returncode == 2 and "Indiquez l’adresse électronique" in missing.stdout
    assert httpx.get(service.url + "/healthz").status_code == 200


def audit_rows(service) -> list[dict]:
    engine = create_engine(service.database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log).order_by(audit_log.c.id)).mappings().all()
    engine.dispose()
    return [dict(row) for row in rows]


def in_terminal(service, *args: str, answers: list[str]) -> tuple[int, str]:
    """Run `python -m leads` on a pseudo-terminal, typing an answer at each password prompt."""
    env = {**os.environ, "LEADS_DATABASE_URL": service.database_url, **service.env}
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the command, with the terminal as its controlling tty
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "leads", *args], env)
    output, answered = b"", 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ready, _, _ = io_select.select([terminal], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(terminal, 1024)
            except OSError:  # the command ended and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        prompts = output.count(b"mot de passe") + output.count(b"Mot de passe")
        if answered < min(prompts, len(answers)):
            os.write(terminal, answers[answered].encode() + b"\n")
            answered += 1
    os.close(terminal)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), output.decode()


def test_add_user_asks_the_password_twice_without_echo(service):
    code, text = in_terminal(
        service, "add-user", "lea@medimarche.example", answers=["premier essai!", "second essai!"]
    )
    assert code == 2 and say("Les deux mots de passe diffèrent : compte non créé.") in text
    secret = "un mot de passe vraiment long"
    code, text = in_terminal(service, "add-user", "lea@medimarche.example", answers=[secret] * 2)
    assert code == 0 and "Compte créé pour lea@medimarche.example" in text
    assert secret not in text, "the password is never echoed"
    assert StaffBrowser(service).login("lea@medimarche.example", secret).status_code == 303


def test_intake_holds_a_newsletter_sign_up_from_a_person_who_objected(service):
    post(service, **CONTACT)
    done = leads_command(service, "erase-person", CONTACT["email"], "--objection")
    assert done.returncode == 0, done.stderr
    newsletter = {"kind": "newsletter", "email": CONTACT["email"], "consent": "on"}
    held = post(service, **newsletter)
    answered = post(service, **{**CONTACT, "message": "Finalement, rappelez-moi."})
    other = post(service, **{**newsletter, "email": "nouvelle@cabinet-exemple.fr"})
    rows = {row["id"]: row for row in service.rows()}
    assert (rows[held]["status"], rows[held]["spam_reasons"]) == ("quarantined", "objection")
    assert rows[answered]["status"] == "new", "her own new request goes to sales"
    assert rows[other]["status"] == "new"
    browser = staff_logged_in(service)
    page = BeautifulSoup(browser.get(f"/admin/leads/{held}").text, "html.parser")
    assert "Adresse sur la liste d’opposition" in page.select_one("#quarantaine").parent.text
