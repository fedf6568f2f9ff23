"""Every page of the inbox passes the Nu HTML Checker (HTML5, no warning)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import httpx
import pytest
from sqlalchemy import create_engine, update

from leads.schema import deliveries
from tests.service.support import Service, staff_logged_in
from tests.service.test_admin_inbox import OFFLINE_CRM, QUOTE, post
from tests.support import ROOT

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.slow
def test_every_inbox_page_is_valid_html(tmp_path):
    java = os.environ.get("JAVA", shutil.which("java"))
    assert java, "Java is needed for the Nu HTML Checker (.ci/run installs it)"
    assert VNU_JAR.exists(), "run `make setup` (npm ci) to get vnu-jar"
    # SQLite only: the markup does not depend on the database.
    service = Service(f"sqlite:///{tmp_path / 'leads.sqlite3'}", env=OFFLINE_CRM).start()
    try:
        check_pages(service, java, tmp_path)
    finally:
        service.stop()


def check_pages(service: Service, java: str, tmp_path) -> None:
    lead = post(service, **QUOTE)
    spam = post(service, **{**QUOTE, "name": "Robot", "website": "https://spam.example"})
    engine = create_engine(service.database_url)
    with engine.begin() as connection:
        connection.execute(update(deliveries).values(status="dead", last_error="HTTP 503"))
    engine.dispose()
    pages = {"login": httpx.get(service.url + "/admin/login")}
    browser = staff_logged_in(service)
    token = browser.csrf("/admin/")
    follow = {"csrf_token": token, "status": "won", "note": "Signé."}
    pages["follow-up"] = browser.post(f"/admin/leads/{lead}/follow-up", data=follow)
    for name, path in {
        "inbox": "/admin/?kind=fax",
        "lead": f"/admin/leads/{lead}?done=follow-up",
        "quarantined": f"/admin/leads/{spam}",
        "missing": "/admin/leads/inconnue",
        "failures": "/admin/failures",
        "audit": "/admin/audit",
    }.items():
        pages[name] = browser.get(path)
    pages["refused"] = browser.post(f"/admin/leads/{lead}/follow-up", data={"status": "won"})
    files = []
    for name, answer in pages.items():
        if answer.status_code in (301, 302, 303, 307, 308):
            continue
        assert answer.headers["content-type"].startswith("text/html"), name
        path = tmp_path / f"{name}.html"
        path.write_text(answer.text, encoding="utf-8")
        files.append(str(path))
    assert len(files) == 8, "every page but the redirect after the follow-up"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", *files], capture_output=True, text=True
    )
    messages = json.loads(result.stderr)["messages"]
    problems = [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
    assert result.returncode == 0, result.stderr
