"""Sales work the leads in the inbox: log in, filter, follow up, release spam, relaunch.

Every check reads what a staff member sees (the pages, parsed with
BeautifulSoup) and what the database keeps (statuses, notes, audit rows).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx
from bs4 import BeautifulSoup
from sqlalchemy import create_engine, select, update

from leads.admin.auth import hash_password
from leads.admin.french import say
from leads.schema import audit_log, deliveries, lead_notes, leads, users
from tests.service.support import (
    STAFF_EMAIL,
    STAFF_PASSWORD,
    StaffBrowser,
    add_staff,
    staff_logged_in,
)
from tests.service.test_intake import CONTACT

QUOTE = {
    "kind": "devis",
    "name": "Marc Lefèvre",
    "email": "marc.lefevre@clinique-exemple.fr",
    "organization": "Clinique du Parc",
    "profession": "etablissement",
    "product": "Échographe portable",
    "offer": "medequip:echographe-portable",
    "quantity": "2",
    "message": "Livraison à Lyon.",
    "page_url": "http://127.0.0.1/produits/echographe-portable/?utm_source=lettre",
    "utm_source": "lettre",
    "utm_campaign": "rentree",
    "consent_version": "information-2026-11",
}
OFFLINE_CRM = {
    "LEADS_WEBHOOK_URL": "http://127.0.0.1:9/crm",
    "LEADS_WEBHOOK_SECRET": "secret-de-test",
    "LEADS_WORKER": "off",
}


def post(service, **fields) -> str:
    answer = httpx.post(f"{service.url}/api/leads", json=fields)
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def audit_rows(service) -> list[dict]:
    engine = create_engine(service.database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(audit_log).order_by(audit_log.c.id)).mappings().all()
    engine.dispose()
    return [dict(row) for row in rows]


def test_wrong_password_is_refused_then_throttled_and_logged(start_service):
    service = start_service(LEADS_LOGIN_RATE_LIMIT="3/minute")
    assert add_staff(service, STAFF_EMAIL, STAFF_PASSWORD).returncode == 0
    browser = StaffBrowser(service)
    for _ in range(3):
        refused = browser.login(STAFF_EMAIL, "pas le bon mot de passe")
        assert refused.status_code == 401
        assert soup(refused).select_one("[role=alert]").text == (
            "Adresse électronique ou mot de passe incorrect."
        )
        assert "uid" not in " ".join(browser.set_cookies)
    throttled = browser.login(STAFF_EMAIL, STAFF_PASSWORD)
    assert throttled.status_code == 429, "even the right password waits once throttled"
    assert "Trop de tentatives de connexion. Réessayez dans 1 minute." in throttled.text
    assert browser.get("/admin/").status_code == 303
    failed = [row for row in audit_rows(service) if row["action"] == "login_failed"]
    assert len(failed) == 3 and failed[0]["actor"] == STAFF_EMAIL


def test_unknown_account_and_short_passwords(service):
    short = add_staff(service, "court@medimarche.example", "court")
    assert short.returncode == 2 and "Mot de passe trop court" in short.stdout
    assert add_staff(service, STAFF_EMAIL, STAFF_PASSWORD).returncode == 0
    again = add_staff(service, STAFF_EMAIL.upper(), STAFF_PASSWORD)
    assert again.returncode == 2 and "Un compte existe déjà" in again.stdout
    assert StaffBrowser(service).login("personne@ailleurs.fr", STAFF_PASSWORD).status_code == 401


def test_session_cookie_is_secure_httponly_strict_and_ends_at_logout(service):
    browser = staff_logged_in(service)
    [session] = [c for c in browser.set_cookies if "medimarche_admin" in c][-1:]
    flags = {part.strip().lower() for part in session.split(";")[1:]}
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= flags, flags
    assert "max-age=28800" in flags, "8 hours by default"
    page = browser.get("/admin/")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src" not in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    again = browser.get("/admin/login")
    assert (again.status_code, again.headers["location"]) == (303, "/admin/"), "still logged in"
    token = browser.csrf("/admin/")
    assert browser.post("/admin/logout", data={"csrf_token": token}).status_code == 303
    assert browser.get("/admin/").status_code == 303
    assert any("medimarche_admin" in c and "max-age=0" in c.lower() for c in browser.set_cookies)
    actions = [row["action"] for row in audit_rows(service)]
    assert actions[-2:] == ["login", "logout"]


def test_inbox_lists_newest_first_with_filters(service):
    first = post(service, **CONTACT)
    time.sleep(0.01)
    second = post(service, **QUOTE)
    time.sleep(0.01)
    spam = post(service, **{**CONTACT, "name": "Robot", "website": "https://spam.example"})
    browser = staff_logged_in(service)

    def listed(query: str = "") -> list[str]:
        page = browser.get("/admin/" + query)
        assert page.status_code == 200
        return [item["data-lead"] for item in soup(page).select("[data-lead]")]

    assert listed() == [second, first], "newest first, spam kept apart"
    assert listed("?spam=only") == [spam]
    assert listed("?spam=all") == [spam, second, first]
    assert listed("?kind=devis") == [second]
    assert listed("?status=quarantined") == [spam]
    assert listed("?product=ECHOGRAPHE") == [second], "case and accents do not matter"
    assert listed("?supplier=medequip") == [second]
    today = datetime.now(UTC).date()
    assert listed(f"?from={today + timedelta(days=2)}") == []
    assert listed(f"?from={today - timedelta(days=1)}&to={today + timedelta(days=1)}") == [
        second,
        first,
    ]
    page = soup(browser.get("/admin/?kind=fax&from=2026-13-01"))
    problems = [p.text for p in page.select("[role=alert]")]
    assert (
        say("Type de demande : « fax » n’est pas une valeur proposée ; filtre ignoré.") in problems
    )
    assert any(
        p.startswith(say("Reçue depuis le : « 2026-13-01 » n’est pas une date")) for p in problems
    )
    assert len(page.select("[data-lead]")) == 2
    for field in page.select("form.filters select, form.filters input"):
        assert page.select_one(f"label[for={field['id']}]"), field


def test_lead_page_shows_context_and_follow_up_is_audited(service):
    lead_id = post(service, **QUOTE)
    browser = staff_logged_in(service)
    page = soup(browser.get(f"/admin/leads/{lead_id}"))
    facts = {dt.text: dt.find_next_sibling("dd").text for dt in page.select("dl.facts dt")}
    assert facts["Nom"] == "Marc Lefèvre"
    assert facts["Équipement"] == "Échographe portable"
    assert facts["Fournisseur"] == "medequip"
    assert facts["Profession"] == "Établissement de santé"
    assert facts["Source"] == "lettre" and facts["Campagne"] == "rentree"
    assert facts["Texte d’information accepté"] == "information-2026-11"
    assert page.select_one("#statut").text == "Nouveau"

    engine = create_engine(service.database_url)
    with engine.begin() as connection:  # as if it came in long ago
        connection.execute(
            update(leads)
            .where(leads.c.id == lead_id)
            .values(last_contact_at=datetime(2024, 1, 1, tzinfo=UTC))
        )
    token = browser.csrf(f"/admin/leads/{lead_id}")
    answer = browser.post(
        f"/admin/leads/{lead_id}/follow-up",
        data={"csrf_token": token, "status": "contacted", "note": "Appelé, rappel <b>lundi</b>."},
    )
    assert answer.status_code == 303
    page = soup(browser.get(answer.headers["location"]))
    assert page.select_one("[role=status]").text == "Suivi enregistré."
    assert page.select_one("#statut").text == "Contacté"
    assert page.select_one("#notes .message-text").text == "Appelé, rappel <b>lundi</b>."
    same = browser.post(
        f"/admin/leads/{lead_id}/follow-up", data={"csrf_token": token, "status": "contacted"}
    )
    assert soup(browser.get(same.headers["location"])).select_one("[role=status]").text == (
        say("Rien n’a changé : choisissez un autre statut ou écrivez une note.")
    )
    bad = browser.post(
        f"/admin/leads/{lead_id}/follow-up", data={"csrf_token": token, "status": "vendu"}
    )
    assert bad.status_code == 422
    assert say("Statut : « vendu » n’est pas un statut proposé.") in soup(bad).text

    with engine.connect() as connection:
        row = connection.execute(select(leads).where(leads.c.id == lead_id)).one()
        notes = connection.execute(select(lead_notes)).all()
    engine.dispose()
    assert row.status == "contacted"
    assert row.last_contact_at.year == datetime.now(UTC).year, "a follow-up is a contact"
    assert [(n.author, n.body) for n in notes] == [(STAFF_EMAIL, "Appelé, rappel <b>lundi</b>.")]
    trail = [(r["actor"], r["action"], r["lead_id"], r["detail"]) for r in audit_rows(service)]
    assert (STAFF_EMAIL, "view_lead", lead_id, None) in trail
    assert (STAFF_EMAIL, "status_change", lead_id, "Nouveau → Contacté") in trail
    assert (STAFF_EMAIL, "note", lead_id, None) in trail
    journal = soup(browser.get("/admin/audit"))
    actions = [li["data-action"] for li in journal.select("[data-action]")]
    assert actions[0] == "view_lead", "newest first"
    assert [action for action in actions if action != "view_lead"][:3] == [
        "note",
        "status_change",
        "login",
    ]
    assert "Changement de statut" in journal.text


def test_releasing_a_quarantined_lead_enqueues_its_deliveries(start_service):
    service = start_service(**OFFLINE_CRM)
    spam = post(service, **{**QUOTE, "website": "https://spam.example"})
    browser = staff_logged_in(service)
    page = soup(browser.get(f"/admin/leads/{spam}"))
    assert "Champ piège rempli" in page.select_one("section[aria-labelledby=quarantaine]").text
    engine = create_engine(service.database_url)
    with engine.connect() as connection:
        assert connection.execute(select(deliveries)).all() == []
    token = browser.csrf(f"/admin/leads/{spam}")
    answer = browser.post(f"/admin/leads/{spam}/release", data={"csrf_token": token})
    assert answer.status_code == 303
    page = soup(browser.get(answer.headers["location"]))
    assert page.select_one("#statut").text == "Nouveau"
    with engine.connect() as connection:
        rows = connection.execute(select(deliveries)).all()
    assert [(r.lead_id, r.channel, r.status) for r in rows] == [(spam, "webhook", "pending")]
    again = browser.post(f"/admin/leads/{spam}/release", data={"csrf_token": token})
    assert again.status_code == 409
    assert "release" in [row["action"] for row in audit_rows(service)]

    with engine.begin() as connection:  # the CRM stayed down: the outbox gave up
        connection.execute(
            update(deliveries).values(status="dead", attempts=10, last_error="HTTP 503")
        )
    failures = soup(browser.get("/admin/failures"))
    assert say("dernière erreur : HTTP 503") in failures.text
    page = soup(browser.get(f"/admin/leads/{spam}"))
    [relaunch] = page.select("[data-delivery] form")
    assert relaunch.button.text == "Relancer"
    answer = browser.post(relaunch["action"], data={"csrf_token": token})
    assert answer.status_code == 303
    with engine.connect() as connection:
        [row] = connection.execute(select(deliveries)).all()
    engine.dispose()
    assert (row.status, row.attempts) == ("pending", 0)
    assert ("retry", spam) in [(r["action"], r["lead_id"]) for r in audit_rows(service)]


def test_unknown_lead_is_a_french_404(service):
    browser = staff_logged_in(service)
    answer = browser.get("/admin/leads/" + "0" * 32)
    assert answer.status_code == 404 and "Demande introuvable" in answer.text


def test_pages_of_fifty_keep_the_filters(service):
    with httpx.Client(base_url=service.url) as client:
        for number in range(51):
            fields = {**QUOTE, "name": f"Client {number:02d}"}
            assert client.post("/api/leads", json=fields).status_code == 201
    browser = staff_logged_in(service)
    first = soup(browser.get("/admin/?kind=devis"))
    assert first.select_one("#total").text.startswith("51 demandes — page 1 sur 2.")
    names = [a.text for a in first.select("[data-lead] a")]
    assert len(names) == 50 and names[0].startswith("Client 50")
    following = first.select_one("a[rel=next]")["href"]
    assert following == "/admin/?kind=devis&page=2"
    second = soup(browser.get(following))
    assert [a.text.split(" — ")[0] for a in second.select("[data-lead] a")] == ["Client 00"]
    assert second.select_one("a[rel=prev]")["href"] == "/admin/?kind=devis"


def test_a_new_password_or_a_disabled_account_ends_open_sessions(service):
    browser = staff_logged_in(service)
    other = StaffBrowser(service)
    assert other.login(STAFF_EMAIL, STAFF_PASSWORD).status_code == 303
    engine = create_engine(service.database_url)
    with engine.begin() as connection:
        connection.execute(update(users).values(password_hash=hash_password("nouveau secret 2026")))
    assert browser.get("/admin/").status_code == 303, "the old password's session is over"
    assert other.login(STAFF_EMAIL, "nouveau secret 2026").status_code == 303
    assert other.get("/admin/").status_code == 200
    with engine.begin() as connection:
        connection.execute(update(users).values(active=False))
    engine.dispose()
    assert other.get("/admin/").status_code == 303, "a disabled account is logged out"
    assert StaffBrowser(service).login(STAFF_EMAIL, "nouveau secret 2026").status_code == 401
