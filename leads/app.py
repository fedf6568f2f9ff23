"""The HTTP service (Starlette on uvicorn).

Routes:

- `POST /api/leads` — a form post (urlencoded: answers `303` to the thank-you
  page, or `422` with a French page listing the errors and the form refilled)
  or a JSON post (answers `201 {"id": ...}`, or `422` with one French message
  per field). `403` for a foreign origin, `413` for a body over
  `LEADS_MAX_BODY_BYTES`, `415` for another content type, `429` over the rate
  limit, `503` when the lead could not be committed — never a success then.
- `GET /api/leads/token` — a fresh signed form token (see `spam.py`).
- `GET /healthz` — the database answers.
- `/admin/...` — the sales inbox, behind a login; `/api/admin/...` and
  `GET /api/leads/export.csv` — its API, behind `LEADS_ADMIN_TOKEN` or a
  session (see `admin/views.py`).
- With `LEADS_SITE_DIR` (`python -m leads serve-site`), everything else is
  served from the built site: `/blog/x/` from `blog/x/index.html`, unknown
  paths get `404.html` with status 404.

Starlette rather than FastAPI: the one write route negotiates between HTML and
JSON and writes its own French errors, which is what FastAPI would have to be
talked out of.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from json import JSONDecodeError
from time import time
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

from sqlalchemy import text
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .admin.views import ROUTES as admin_routes
from .clients import RateLimit, client_ip
from .delivery.worker import Worker as DeliveryWorker
from .migrations import migrate
from .models import UTM, InvalidLead, parse_lead
from .pages import error_page, message_page
from .settings import Settings
from .spam import HONEYPOT, TOKEN, FormTokens
from .store import StoreUnavailable, Submission, Writer, idempotency_key, make_engine, signing_key

ENDPOINT = "/api/leads"
NO_STORE = {"Cache-Control": "no-store"}


class Refusal(Exception):
    """A request refused before validation: status, French title and message."""

    def __init__(self, status: int, title: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.title, self.message, self.headers = status, title, message, headers


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette):
        engine = make_engine(settings.database_url)
        migrate(engine)
        app.state.engine = engine
        app.state.tokens = FormTokens(
            signing_key(engine, settings.secret_key), settings.min_fill_seconds
        )
        app.state.writer = Writer(engine, settings)
        app.state.writer.start()
        # The delivery worker runs here unless LEADS_WORKER=off (`python -m leads worker` apart).
        worker = DeliveryWorker(engine, settings) if settings.worker else None
        if worker:
            worker.start()
        try:
            yield
        finally:
            if worker:
                worker.stop(timeout=5)  # a send cut short is redone when its lease expires
            app.state.writer.stop()
            engine.dispose()

    routes = [
        Route("/healthz", healthz),
        Route(ENDPOINT + "/token", token),
        Route(ENDPOINT, submit, methods=["POST"]),
        *admin_routes,  # the sales inbox and its API (before the site's catch-all mount)
    ]
    if settings.site_dir:
        routes.append(Mount("/", StaticFiles(directory=settings.site_dir, html=True)))
    middleware = []
    if settings.allowed_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.allowed_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                max_age=600,
            )
        )
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.settings = settings
    app.state.rate_limit = RateLimit(settings)
    return app


async def healthz(request: Request) -> Response:
    def ping() -> None:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except Exception:
        return JSONResponse({"status": "indisponible"}, status_code=503, headers=NO_STORE)
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


async def token(request: Request) -> Response:
    return JSONResponse({"token": request.app.state.tokens.issue()}, headers=NO_STORE)


async def submit(request: Request) -> Response:
    state = request.app.state
    settings: Settings = state.settings
    wants_json = request.headers.get("content-type", "").startswith("application/json")
    ip = client_ip(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        settings,
    )
    try:
        check_origin(request, settings)
        wait = state.rate_limit.retry_after(ip or "inconnu")
        if wait:
            raise Refusal(
                429,
                "Trop de demandes",
                "Trop de demandes envoyées depuis votre connexion. "
                f"Merci de réessayer dans {wait} seconde{'s' if wait > 1 else ''}.",
                {"Retry-After": str(wait)},
            )
        data = await read_form(request, settings.max_body_bytes, wants_json)
    except Refusal as refusal:
        return refused(refusal, wants_json, request, settings)

    add_context(data, request.headers.get("referer"))
    try:
        lead = parse_lead(data)
    except InvalidLead as invalid:
        if wants_json:
            return JSONResponse(
                {"message": "Certains champs sont à corriger.", "errors": invalid.errors},
                status_code=422,
            )
        page = error_page(data, invalid.errors, state.tokens.issue(), ENDPOINT, settings)
        return HTMLResponse(page, status_code=422, headers=NO_STORE)

    verdict = state.tokens.judge(data.get(HONEYPOT), data.get(TOKEN))
    key, previous = idempotency_key(verdict.nonce, lead, time(), settings.dedup_window_seconds)
    submission = Submission(
        lead=lead,
        idempotency_key=key,
        previous_key=previous,
        reasons=verdict.reasons,
        fill_seconds=verdict.fill_seconds,
        ip=ip,
        user_agent=request.headers.get("user-agent"),
    )
    try:
        lead_id = await state.writer.save(submission)
    except StoreUnavailable:
        return refused(
            Refusal(
                503,
                "Service momentanément indisponible",
                "Votre demande n’a pas pu être enregistrée. "
                "Réessayez dans quelques minutes, ou écrivez-nous à contact@medimarche.example.",
            ),
            wants_json,
            request,
            settings,
        )
    if wants_json:
        return JSONResponse(
            {"id": lead_id, "message": "Merci, votre demande est bien enregistrée."},
            status_code=201,
        )
    return RedirectResponse(settings.site_url + settings.thank_you_url, status_code=303)


def check_origin(request: Request, settings: Settings) -> None:
    """Browsers send `Origin` on every POST: accept ours and the allowlist only."""
    origin = request.headers.get("origin")
    if origin is None or origin.rstrip("/") in settings.allowed_origins:
        return
    if urlsplit(origin).netloc == request.headers.get("host"):
        return
    raise Refusal(
        403,
        "Origine refusée",
        "Ce formulaire ne peut pas être envoyé depuis un autre site que MédiMarché.",
    )


async def read_form(request: Request, limit: int, wants_json: bool) -> dict[str, Any]:
    """The posted fields, reading no more than `limit` bytes of body."""
    too_big = Refusal(
        413,
        "Demande trop volumineuse",
        "Votre demande est trop longue pour être envoyée : raccourcissez le message.",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_big
    content_type = request.headers.get("content-type", "")
    try:
        if wants_json:
            data = json.loads(body)
        elif content_type.startswith("application/x-www-form-urlencoded"):
            data = dict(parse_qsl(body.decode(), keep_blank_values=True, strict_parsing=False))
        else:
            raise Refusal(
                415,
                "Format non pris en charge",
                "Envoyez le formulaire depuis le site MédiMarché.",
            )
    except (JSONDecodeError, UnicodeDecodeError) as err:
        raise Refusal(400, "Demande illisible", "La demande envoyée est illisible.") from err
    if not isinstance(data, dict):
        raise Refusal(400, "Demande illisible", "La demande envoyée est illisible.")
    return data


def add_context(data: dict[str, Any], referer: str | None) -> None:
    """Without JavaScript, the page URL and its campaign parameters come from `Referer`.

    Browsers send the full address of the page, query included, with a
    same-origin form post: the UTM parameters of a landing page survive
    without any script. The script fills them from the landing URL when on.
    """
    if not referer:
        return
    if not data.get("page_url"):
        data["page_url"] = referer
    query = parse_qs(urlsplit(referer).query)
    for name in UTM:
        if not data.get(name) and query.get(name):
            data[name] = query[name][0]


def refused(refusal: Refusal, wants_json: bool, request: Request, settings: Settings) -> Response:
    headers = {**NO_STORE, **(refusal.headers or {})}
    if wants_json:
        return JSONResponse(
            {"message": refusal.message}, status_code=refusal.status, headers=headers
        )
    back = request.headers.get("referer") or settings.site_url + "/"
    if not back.startswith(("http://", "https://", "/")):
        back = settings.site_url + "/"
    page = message_page(refusal.title, refusal.message, back, settings)
    return HTMLResponse(page, status_code=refusal.status, headers=headers)
