"""No inbox or export route answers without a login, a token or a CSRF token.

The routes are read from the app itself, so a route added later is checked
without editing this file.
"""

from __future__ import annotations

import httpx
from starlette.routing import Route

from leads.admin.views import PUBLIC
from leads.app import create_app
from leads.settings import Settings
from tests.service.support import staff_logged_in

TOKEN = "jeton-de-test-assez-long-pour-un-script"


def staff_routes() -> list[tuple[str, str]]:
    """(method, path with placeholders filled) of every inbox and API route."""
    found = []
    for route in create_app(Settings()).routes:
        if not isinstance(route, Route):
            continue
        path = route.path
        if not path.startswith(("/admin", "/api/admin", "/api/leads/export")):
            continue
        if path in PUBLIC:
            continue
        concrete = path.replace("{lead_id}", "0" * 32).replace("{delivery_id}", "1" * 32)
        for method in sorted(route.methods - {"HEAD"}):
            found.append((method, concrete))
    return found


ROUTES = staff_routes()
PAGES = [(m, p) for m, p in ROUTES if p.startswith("/admin")]
APIS = [(m, p) for m, p in ROUTES if not p.startswith("/admin")]
POSTS = [p for m, p in PAGES if m == "POST"]


def test_the_route_list_covers_the_inbox():
    paths = {path for _, path in ROUTES}
    assert {"/admin/", "/admin/audit", "/api/leads/export.csv", "/api/admin/leads"} <= paths
    assert len(POSTS) >= 4, POSTS


def test_pages_redirect_to_login_and_api_answers_401_without_credentials(start_service):
    service = start_service(LEADS_ADMIN_TOKEN=TOKEN)
    for method, path in PAGES:
        answer = httpx.request(method, service.url + path, data={"csrf_token": "x"})
        assert answer.status_code == 303, (method, path, answer.status_code)
        assert answer.headers["location"].startswith("/admin/login?next="), (method, path)
    for method, path in APIS:
        answer = httpx.request(method, service.url + path)
        assert answer.status_code == 401, (method, path, answer.status_code)
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert "Authentification requise" in answer.json()["message"]


def test_only_the_right_bearer_token_opens_the_api(start_service):
    service = start_service(LEADS_ADMIN_TOKEN=TOKEN)
    wrong = [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", f"Basic {TOKEN}", TOKEN]
    for authorization in wrong:
        for method, path in APIS:
            answer = httpx.request(
                method, service.url + path, headers={"Authorization": authorization}
            )
            assert answer.status_code == 401, (authorization, path)
    good = {"Authorization": f"Bearer {TOKEN}"}
    assert httpx.get(service.url + "/api/admin/leads", headers=good).json()["total"] == 0
    assert httpx.get(service.url + "/api/leads/export.csv", headers=good).status_code == 200
    assert httpx.get(service.url + "/admin/", headers=good).status_code == 303, (
        "the token is for scripts, not for the pages"
    )


def test_every_post_refuses_a_missing_or_wrong_csrf_token(service):
    bare = httpx.get(service.url + "/api/admin/leads", headers={"Authorization": "Bearer"})
    assert bare.status_code == 401, "no LEADS_ADMIN_TOKEN: no token is accepted"
    staff = staff_logged_in(service)
    assert staff.get("/admin/").status_code == 200
    good = staff.csrf("/admin/")
    for path in POSTS:
        for data in ({}, {"csrf_token": ""}, {"csrf_token": good[:-2] + "xy"}):
            answer = staff.post(path, data=data)
            assert answer.status_code == 403, (path, data, answer.status_code)
            assert "Formulaire expiré" in answer.text
    assert staff.get("/admin/").status_code == 200, "still logged in: nothing was done"


def test_login_itself_needs_the_csrf_token_of_the_login_page(service):
    staff_logged_in(service)  # the account exists
    fresh = httpx.post(
        service.url + "/admin/login",
        data={"email": "ventes@medimarche.example", "password": "un mot de passe très long"},
    )
    assert fresh.status_code == 403
    assert "set-cookie" not in fresh.headers or "uid" not in fresh.headers["set-cookie"]
