"""Who may use the inbox: staff accounts, sessions, login throttling, and the API token.

- Passwords are hashed with Argon2id (argon2-cffi), rehashed when its
  parameters change; an unknown address costs the same time as a wrong password.
- A session is a cookie signed with itsdangerous (`HttpOnly`, `SameSite=Strict`,
  `Secure` unless `LEADS_COOKIE_SECURE=0`), valid `LEADS_SESSION_HOURS` from
  login. It carries the user id, the CSRF token and a fingerprint of the
  password hash: changing a password or deactivating a user ends their sessions.
- Failed logins are counted per address and per account with `limits`
  (`LEADS_LOGIN_RATE_LIMIT`, in `LEADS_RATE_LIMIT_STORAGE`).
- Scripts use `Authorization: Bearer $LEADS_ADMIN_TOKEN` on `/api/...`,
  compared in constant time; no token configured means no token accepted.
"""

from __future__ import annotations

import functools
import hashlib
import math
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Engine, insert, select, update
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from ..audit import record
from ..schema import users
from ..settings import Settings
from ..store import signing_key
from . import csrf
from .french import say
from .render import message_page

COOKIE = "medimarche_admin"
LOGIN_PATH = "/admin/login"
HOME_PATH = "/admin/"
NO_STORE = {"Cache-Control": "no-store"}

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the account is unknown; made on first use (it costs ~0.3 s)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class UserExists(ValueError):
    """`add-user` for an address that already has an account."""


@dataclass(frozen=True)
class Staff:
    """The person (or script) behind a request: `actor` is what the audit log records."""

    actor: str
    user_id: int | None
    csrf: str | None
    via: str  # "session" or "token"


def normalize_login(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def create_user(engine: Engine, email: str, password: str, name: str | None = None) -> int:
    login = normalize_login(email)
    with engine.begin() as connection:
        if connection.execute(select(users.c.id).where(users.c.email == login)).first():
            raise UserExists(f"Un compte existe déjà pour {login}.")
        user_id = connection.execute(
            insert(users)
            .values(
                email=login,
                name=name,
                password_hash=hash_password(password),
                active=True,
                created_at=datetime.now(UTC),
            )
            .returning(users.c.id)
        ).scalar_one()
        record(connection, "cli", "add_user", None, login)
    return user_id


def authenticate(engine: Engine, email: str, password: str):
    """The active user with this address and password, or None (same cost either way)."""
    login = normalize_login(email)
    with engine.begin() as connection:
        user = connection.execute(
            select(users).where(users.c.email == login, users.c.active.is_(True))
        ).first()
        if user is None:
            _verify(_dummy_hash(), password)
            return None
        if not _verify(user.password_hash, password):
            return None
        values = {"last_login_at": datetime.now(UTC)}
        if _hasher.check_needs_rehash(user.password_hash):
            values["password_hash"] = hash_password(password)
        connection.execute(update(users).where(users.c.id == user.id).values(**values))
        return connection.execute(select(users).where(users.c.id == user.id)).first()


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


class Sessions:
    """Signed, timed cookies; the server keeps no session table."""

    def __init__(self, secret: str, settings: Settings):
        self._serializer = URLSafeTimedSerializer(secret, salt="leads-admin-session")
        self.max_age = max(1, int(settings.session_hours * 3600))
        self.secure = settings.cookie_secure

    def load(self, request: Request) -> dict | None:
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        return data if isinstance(data, dict) else None

    def save(self, response: Response, data: dict) -> None:
        response.set_cookie(
            COOKIE,
            self._serializer.dumps(data),
            max_age=self.max_age,
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="strict",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(
            COOKIE, path="/", secure=self.secure, httponly=True, samesite="strict"
        )


class LoginThrottle:
    """Failed logins per client address and per account; `0` turns it off."""

    def __init__(self, settings: Settings):
        limit = settings.login_rate_limit
        self._items = parse_many(limit) if limit not in ("", "0") else []
        self._limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))

    def wait(self, *keys: str) -> int:
        """Seconds before another attempt is allowed, 0 when it is."""
        for item in self._items:
            for key in keys:
                if not self._limiter.test(item, "login", key):
                    reset = self._limiter.get_window_stats(item, "login", key).reset_time
                    return max(1, math.ceil(reset - time.time()))
        return 0

    def failed(self, *keys: str) -> None:
        for item in self._items:
            for key in keys:
                self._limiter.hit(item, "login", key)


@dataclass
class AdminState:
    sessions: Sessions
    throttle: LoginThrottle


async def admin_state(request: Request) -> AdminState:
    """Built on first use: the session key is the service's key, read from the database."""
    app_state = request.app.state
    if getattr(app_state, "admin", None) is None:
        settings: Settings = app_state.settings
        secret = await run_in_threadpool(signing_key, app_state.engine, settings.secret_key)
        app_state.admin = AdminState(Sessions(secret, settings), LoginThrottle(settings))
    return app_state.admin


async def session_staff(request: Request) -> Staff | None:
    """The logged-in, still active user of this request's session cookie."""
    session = (await admin_state(request)).sessions.load(request)
    if not session or not isinstance(session.get("uid"), int):
        return None

    def load():
        with request.app.state.engine.connect() as connection:
            return connection.execute(select(users).where(users.c.id == session["uid"])).first()

    user = await run_in_threadpool(load)
    if user is None or not user.active or session.get("pw") != fingerprint(user.password_hash):
        return None
    return Staff(actor=user.email, user_id=user.id, csrf=session.get("csrf"), via="session")


def bearer_staff(request: Request) -> Staff | None:
    token = request.app.state.settings.admin_token
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return None
    if not secrets.compare_digest(value.strip().encode(), token.encode()):
        return None
    return Staff(actor="api", user_id=None, csrf=None, via="token")


def staff_page(handler):
    """Inbox pages: a session is required (else the login page), and a CSRF token on POST."""

    @functools.wraps(handler)
    async def guarded(request: Request) -> Response:
        staff = await session_staff(request)
        if staff is None:
            target = LOGIN_PATH + "?" + urlencode({"next": request.url.path})
            return RedirectResponse(target, status_code=303, headers=NO_STORE)
        if request.method == "POST":
            form = await request.form()
            if not csrf.matches(staff.csrf, form.get(csrf.FIELD)):
                return csrf_refused(request)
        request.state.staff = staff
        return await handler(request)

    guarded.staff_guard = "page"
    return guarded


def staff_api(handler):
    """API routes: the Bearer token, or a session for GET (the export link of the inbox)."""

    @functools.wraps(handler)
    async def guarded(request: Request) -> Response:
        staff = bearer_staff(request)
        if staff is None and request.method in ("GET", "HEAD"):
            staff = await session_staff(request)
        if staff is None:
            return JSONResponse(
                {
                    "message": say(
                        "Authentification requise : connectez-vous ou fournissez le jeton."
                    )
                },
                status_code=401,
                headers={**NO_STORE, "WWW-Authenticate": 'Bearer realm="medimarche"'},
            )
        request.state.staff = staff
        return await handler(request)

    guarded.staff_guard = "api"
    return guarded


def csrf_refused(request: Request) -> Response:
    return message_page(
        request,
        403,
        "Formulaire expiré",
        "Ce formulaire a expiré ou ne vient pas de la boîte de réception. "
        "Rechargez la page et recommencez.",
    )
