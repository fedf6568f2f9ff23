"""`/api/leads/export.csv`: what sales open in Excel, from the inbox link or a script."""

from __future__ import annotations

import csv
import io

import httpx
from bs4 import BeautifulSoup

from tests.service.support import staff_logged_in
from tests.service.test_admin_inbox import QUOTE, audit_rows, post
from tests.service.test_intake import CONTACT

TOKEN = "jeton-export-assez-long-pour-un-script"


def rows_of(answer: httpx.Response) -> list[dict[str, str]]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"].startswith('attachment; filename="demandes-')
    assert answer.content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))


def test_the_inbox_link_exports_the_filtered_leads(start_service):
    service = start_service(LEADS_ADMIN_TOKEN=TOKEN)
    post(service, **{**CONTACT, "organization": '=HYPERLINK("http://x";"clic")'})
    post(service, **QUOTE)
    browser = staff_logged_in(service)
    page = BeautifulSoup(browser.get("/admin/?kind=contact").text, "html.parser")
    link = page.find("a", string="Exporter ces demandes (CSV pour Excel)")
    assert link["href"] == "/api/leads/export.csv?kind=contact"
    [row] = rows_of(browser.get(link["href"]))
    assert row["Nom"] == "Claire Dumas"
    assert row["Organisation"] == '\'=HYPERLINK("http://x";"clic")', "formula neutralised"
    assert row["Téléphone"] == "04 78 00 00 00"
    assert row["Adresse électronique"] == CONTACT["email"]

    by_script = rows_of(
        httpx.get(
            service.url + "/api/leads/export.csv", headers={"Authorization": f"Bearer {TOKEN}"}
        )
    )
    assert [r["Type"] for r in by_script] == ["Devis", "Contact"], "newest first"
    assert by_script[0]["Quantité"] == "2" and by_script[0]["Fournisseur"] == "medequip"
    exports = [(r["actor"], r["detail"]) for r in audit_rows(service) if r["action"] == "export"]
    assert exports == [("ventes@medimarche.example", "1 demande"), ("api", "2 demandes")]


def test_the_json_api_lists_and_shows_leads_to_a_script(start_service):
    service = start_service(LEADS_ADMIN_TOKEN=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    post(service, **CONTACT)
    quote = post(service, **QUOTE)
    listed = httpx.get(service.url + "/api/admin/leads?kind=devis", headers=auth).json()
    assert listed["total"] == 1
    [summary] = listed["leads"]
    assert (summary["id"], summary["status_label"], summary["supplier"]) == (
        quote,
        "Nouveau",
        "medequip",
    )
    detail = httpx.get(f"{service.url}/api/admin/leads/{quote}", headers=auth).json()
    assert detail["product"] == "Échographe portable" and detail["notes"] == []
    assert isinstance(detail["deliveries"], list)
    bad = httpx.get(service.url + "/api/admin/leads?from=hier", headers=auth)
    assert bad.status_code == 400 and "n’est pas une date" in bad.json()["message"]
    missing = httpx.get(f"{service.url}/api/admin/leads/{'0' * 32}", headers=auth)
    assert missing.status_code == 404 and missing.json()["message"] == "Demande introuvable."
    views = [r for r in audit_rows(service) if r["action"] == "view_lead"]
    assert [(r["actor"], r["lead_id"]) for r in views] == [("api", quote)]
