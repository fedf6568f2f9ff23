"""Session cookies expire, refuse tampering; login only sends people back inside the inbox."""

from __future__ import annotations

import time

import pytest
from starlette.requests import Request
from starlette.responses import Response

from leads.admin.auth import COOKIE, Sessions
from leads.admin.views import _safe_next
from leads.settings import Settings


def request_with(cookie: str | None) -> Request:
    headers = [(b"cookie", f"{COOKIE}={cookie}".encode())] if cookie else []
    return Request({"type": "http", "method": "GET", "path": "/admin/", "headers": headers})


def issued(sessions: Sessions, data: dict) -> str:
    response = Response()
    sessions.save(response, data)
    header = response.headers["set-cookie"]
    return header.split(";", 1)[0].split("=", 1)[1]


def test_a_session_expires_after_its_lifetime(monkeypatch):
    sessions = Sessions("clé", Settings(session_hours=1))
    cookie = issued(sessions, {"uid": 1, "csrf": "t"})
    assert sessions.load(request_with(cookie)) == {"uid": 1, "csrf": "t"}
    later = time.time() + 3600 + 2
    monkeypatch.setattr(time, "time", lambda: later)
    assert sessions.load(request_with(cookie)) is None


@pytest.mark.parametrize("change", ["key", "payload"])
def test_a_tampered_or_foreign_cookie_is_ignored(change):
    sessions = Sessions("clé", Settings())
    cookie = issued(sessions, {"uid": 1, "csrf": "t"})
    if change == "key":
        assert Sessions("autre clé", Settings()).load(request_with(cookie)) is None
    else:
        payload, _, signature = cookie.partition(".")
        forged = payload[:-2] + ("AA" if not payload.endswith("AA") else "BB") + "." + signature
        assert sessions.load(request_with(forged)) is None
    assert sessions.load(request_with(None)) is None


def test_cookie_flags_follow_the_settings():
    response = Response()
    Sessions("clé", Settings(cookie_secure=False, session_hours=2)).save(response, {"csrf": "t"})
    flags = response.headers["set-cookie"].lower()
    assert "secure" not in flags and "httponly" in flags and "samesite=strict" in flags
    assert "max-age=7200" in flags


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/admin/leads/abc", "/admin/leads/abc"),
        ("/admin/?kind=devis", "/admin/?kind=devis"),
        ("https://evil.example/admin/", "/admin/"),
        ("//evil.example/admin/", "/admin/"),
        ("/\\evil.example", "/admin/"),
        ("/admin/\\..\\x", "/admin/"),
        ("/confidentialite/", "/admin/"),
        ("", "/admin/"),
    ],
)
def test_login_sends_back_only_inside_the_inbox(target, expected):
    assert _safe_next(target) == expected
