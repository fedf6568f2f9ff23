"""The inbox's pages and its JSON API.

Pages (`/admin/...`) need a session and a CSRF token on every POST; the API
(`/api/admin/...`, `/api/leads/export.csv`) needs the Bearer token or, for GET,
a session. `ROUTES` is the one list `app.py` mounts, before the static site.
Every action writes an audit row in the same transaction.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..audit import record
from ..clients import client_ip
from ..rgpd import delivery_history, objected, plain
from . import csrf, queries
from .auth import (
    HOME_PATH,
    LOGIN_PATH,
    NO_STORE,
    admin_state,
    authenticate,
    csrf_refused,
    fingerprint,
    session_staff,
    staff_api,
    staff_page,
)
from .export import to_csv
from .french import say
from .queries import PER_PAGE, WORK_STATUSES, Filters
from .render import STATUSES, message_page, render

DONE = {
    "follow-up": "Suivi enregistré.",
    "release": "La demande est sortie de quarantaine et part vers les commerciaux.",
    "nothing": say("Rien n’a changé : choisissez un autre statut ou écrivez une note."),
    "retry": say("L’envoi est relancé : il repart au prochain passage de l’expéditeur."),
}


def _engine(request: Request):
    return request.app.state.engine


def _client(request: Request) -> str:
    """The client address behind `LEADS_TRUSTED_PROXIES`, as intake sees it.

    Behind a proxy the peer is the proxy: throttling on it would let one
    person's wrong passwords lock the whole team out.
    """
    peer = request.client.host if request.client else None
    found = client_ip(peer, request.headers.get("x-forwarded-for"), request.app.state.settings)
    return found or "inconnu"


async def login(request: Request) -> Response:
    """GET shows the form (and gives the browser its CSRF token); POST checks the password."""
    state = await admin_state(request)
    session = state.sessions.load(request) or {}
    target = _safe_next(request.query_params.get("next", ""))
    if request.method == "GET" or not session.get("csrf"):
        if request.method == "POST":
            return csrf_refused(request)
        if await session_staff(request):  # already logged in: straight to the inbox
            return RedirectResponse(target, status_code=303, headers=NO_STORE)
        fresh = {"csrf": session.get("csrf") or csrf.new_token()}
        response = render(
            request, "admin/login.html", title="Connexion", csrf_token=fresh["csrf"], next=target
        )
        if session != fresh:  # a new visitor, or an expired or revoked login
            state.sessions.save(response, fresh)
        return response

    form = await request.form()
    if not csrf.matches(session["csrf"], form.get(csrf.FIELD)):
        return csrf_refused(request)
    email = str(form.get("email", "")).strip()[:254]
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    keys = (f"ip:{_client(request)}", f"user:{email.lower()}")
    wait = state.throttle.wait(*keys)
    if wait:
        minutes = math.ceil(wait / 60)
        return render(
            request,
            "admin/login.html",
            status_code=429,
            title="Connexion",
            csrf_token=session["csrf"],
            next=target,
            email=email,
            error="Trop de tentatives de connexion. Réessayez dans "
            f"{minutes} minute{'s' if minutes > 1 else ''}.",
        )
    user = await run_in_threadpool(authenticate, _engine(request), email, password)

    def audit(actor: str, action: str) -> None:
        with _engine(request).begin() as connection:
            record(connection, actor, action, None, _client(request))

    if user is None:
        state.throttle.failed(*keys)
        await run_in_threadpool(audit, email or "(vide)", "login_failed")
        return render(
            request,
            "admin/login.html",
            status_code=401,
            title="Connexion",
            csrf_token=session["csrf"],
            next=target,
            email=email,
            error="Adresse électronique ou mot de passe incorrect.",
        )
    await run_in_threadpool(audit, user.email, "login")
    response = RedirectResponse(target, status_code=303, headers=NO_STORE)
    state.sessions.save(
        response,
        {"uid": user.id, "csrf": csrf.new_token(), "pw": fingerprint(user.password_hash)},
    )
    return response


def _safe_next(target: str) -> str:
    """Only a page of the inbox: never another site (open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/admin/") or "\\" in target:
        return HOME_PATH
    return target


@staff_page
async def logout(request: Request) -> Response:
    staff = request.state.staff

    def audit() -> None:
        with _engine(request).begin() as connection:
            record(connection, staff.actor, "logout")

    await run_in_threadpool(audit)
    response = RedirectResponse(LOGIN_PATH, status_code=303, headers=NO_STORE)
    (await admin_state(request)).sessions.clear(response)
    return response


@staff_page
async def inbox(request: Request) -> Response:
    filters = Filters.parse(request.query_params)

    def read():
        with _engine(request).connect() as connection:
            rows, total = queries.list_leads(connection, filters)
            return rows, total, queries.suppliers(connection)

    rows, total, supplier_list = await run_in_threadpool(read)
    pages = max(1, math.ceil(total / PER_PAGE))
    return render(
        request,
        "admin/inbox.html",
        title="Demandes",
        leads=rows,
        total=total,
        filters=filters,
        suppliers=supplier_list,
        spam_choices=queries.SPAM_CHOICES,
        page=filters.page,
        pages=pages,
        previous_url=_page_url(filters, filters.page - 1) if filters.page > 1 else None,
        next_url=_page_url(filters, filters.page + 1) if filters.page < pages else None,
        export_url="/api/leads/export.csv" + _query(filters.query()),
    )


def _page_url(filters: Filters, page: int) -> str:
    return HOME_PATH + _query(filters.query(page))


def _query(values: dict[str, str]) -> str:
    return "?" + urlencode(values) if values else ""


@staff_page
async def lead_page(request: Request) -> Response:
    lead_id = request.path_params["lead_id"]
    staff = request.state.staff
    configured_key = request.app.state.settings.suppression_key

    def read():
        with _engine(request).begin() as connection:
            lead = queries.get_lead(connection, lead_id)
            if lead is None:
                return None
            record(connection, staff.actor, "view_lead", lead_id)
            return {
                "lead": lead,
                "notes": queries.notes(connection, lead_id),
                "deliveries": queries.deliveries_of(connection, lead_id),
                "others": queries.same_person(connection, lead),
                "objected": objected(connection, lead.email_normalized, configured_key),
            }

    found = await run_in_threadpool(read)
    if found is None:
        return _not_found(request)
    lead = found["lead"]
    return render(
        request,
        "admin/lead.html",
        title=lead.name or lead.email,
        work_statuses=WORK_STATUSES,
        done=DONE.get(request.query_params.get("done", "")),
        error=None,
        **found,
    )


def _not_found(request: Request) -> Response:
    return message_page(
        request,
        404,
        "Demande introuvable",
        "Cette demande n’existe pas ou a été supprimée (durée de conservation écoulée "
        "ou demande d’effacement).",
    )


@staff_page
async def follow_up(request: Request) -> Response:
    lead_id = request.path_params["lead_id"]
    staff = request.state.staff
    form = await request.form()
    status = str(form.get("status", "")).strip()
    note = str(form.get("note", "")).strip()
    problem = None
    if status and status not in WORK_STATUSES:
        problem = say("Statut : « {status} » n’est pas un statut proposé.", status=status)
    elif len(note) > queries.NOTE_LIMIT:
        problem = say(
            "Note : {length} caractères, {limit} au plus.",
            length=len(note),
            limit=queries.NOTE_LIMIT,
        )

    def write():
        """The lead (None if unknown) and what was recorded."""
        with _engine(request).begin() as connection:
            lead = queries.get_lead(connection, lead_id)
            if lead is None or problem:
                return lead, []
            if lead.status == queries.QUARANTINED and status:
                return lead, []  # released first, so that it goes to sales
            now = datetime.now(UTC)
            return lead, queries.follow_up(connection, lead, status, note, staff.actor, now)

    lead, done = await run_in_threadpool(write)
    if lead is None:
        return _not_found(request)
    if lead.status == queries.QUARANTINED and status and not problem:
        problem = say("Statut : sortez d’abord la demande de quarantaine.")
    if problem:
        return message_page(
            request, 422, "Suivi non enregistré", problem, f"/admin/leads/{lead_id}"
        )
    outcome = "follow-up" if done else "nothing"
    return RedirectResponse(f"/admin/leads/{lead_id}?done={outcome}", status_code=303)


@staff_page
async def release(request: Request) -> Response:
    lead_id = request.path_params["lead_id"]
    staff = request.state.staff
    settings = request.app.state.settings

    def write():
        with _engine(request).begin() as connection:
            lead = queries.get_lead(connection, lead_id)
            if lead is None:
                return None
            if lead.status != queries.QUARANTINED:
                return False
            queries.release(connection, lead, settings, staff.actor)
            return True

    released = await run_in_threadpool(write)
    if released is None:
        return _not_found(request)
    if released is False:
        return message_page(
            request,
            409,
            "Demande déjà traitée",
            "Cette demande n’est pas en quarantaine.",
            f"/admin/leads/{lead_id}",
        )
    return RedirectResponse(f"/admin/leads/{lead_id}?done=release", status_code=303)


@staff_page
async def retry(request: Request) -> Response:
    lead_id = request.path_params["lead_id"]
    delivery_id = request.path_params["delivery_id"]
    staff = request.state.staff

    def write() -> bool:
        with _engine(request).begin() as connection:
            return queries.retry_delivery(connection, delivery_id, lead_id, staff.actor)

    if not await run_in_threadpool(write):
        return message_page(
            request,
            404,
            "Envoi introuvable",
            "Cet envoi n’existe pas ou ne peut pas être relancé.",
            f"/admin/leads/{lead_id}",
        )
    return RedirectResponse(f"/admin/leads/{lead_id}?done=retry", status_code=303)


@staff_page
async def failures(request: Request) -> Response:
    def read():
        with _engine(request).connect() as connection:
            return queries.dead_deliveries(connection)

    rows = await run_in_threadpool(read)
    return render(request, "admin/failures.html", title="Envois en échec", failures=rows)


@staff_page
async def audit_page(request: Request) -> Response:
    raw = request.query_params.get("page", "")
    page = int(raw) if raw.isdigit() and int(raw) > 0 else 1

    def read():
        with _engine(request).connect() as connection:
            return queries.audit_entries(connection, page)

    rows, total = await run_in_threadpool(read)
    pages = max(1, math.ceil(total / PER_PAGE))
    return render(
        request,
        "admin/audit.html",
        title="Journal des actions",
        entries=rows,
        page=page,
        pages=pages,
        previous_url=f"/admin/audit?page={page - 1}" if page > 1 else None,
        next_url=f"/admin/audit?page={page + 1}" if page < pages else None,
    )


@staff_api
async def export_csv(request: Request) -> Response:
    filters = Filters.parse(request.query_params)
    staff = request.state.staff

    def build() -> tuple[str, int]:
        with _engine(request).begin() as connection:
            rows = queries.all_leads(connection, filters).all()
            count = len(rows)
            record(connection, staff.actor, "export", None, f"{count} demande{'s' * (count > 1)}")
            return to_csv(rows), len(rows)

    body, _ = await run_in_threadpool(build)
    name = f"demandes-medimarche-{datetime.now(UTC):%Y-%m-%d}.csv"
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
    )


@staff_api
async def api_leads(request: Request) -> Response:
    filters = Filters.parse(request.query_params)
    if filters.errors:
        return JSONResponse({"message": " ".join(filters.errors)}, status_code=400)

    def read():
        with _engine(request).connect() as connection:
            return queries.list_leads(connection, filters)

    rows, total = await run_in_threadpool(read)
    return JSONResponse(
        {
            "total": total,
            "page": filters.page,
            "per_page": PER_PAGE,
            "leads": [_summary(row) for row in rows],
        },
        headers=NO_STORE,
    )


def _summary(row) -> dict:
    return {
        "id": row.id,
        "created_at": _iso(row.created_at),
        "kind": row.kind,
        "status": row.status,
        "status_label": STATUSES.get(row.status, row.status),
        "name": row.name,
        "email": row.email,
        "organization": row.organization,
        "product": row.product,
        "supplier": row.supplier,
    }


@staff_api
async def api_lead(request: Request) -> Response:
    lead_id = request.path_params["lead_id"]
    staff = request.state.staff

    def read():
        with _engine(request).begin() as connection:
            lead = queries.get_lead(connection, lead_id)
            if lead is None:
                return None
            record(connection, staff.actor, "view_lead", lead_id)
            return {
                **{name: plain(value) for name, value in lead._mapping.items()},
                "notes": [
                    {"at": _iso(n.created_at), "author": n.author, "body": n.body}
                    for n in queries.notes(connection, lead_id)
                ],
                "deliveries": delivery_history(connection, lead_id),
            }

    found = await run_in_threadpool(read)
    if found is None:
        return JSONResponse({"message": "Demande introuvable."}, status_code=404)
    return JSONResponse(found, headers=NO_STORE)


def _iso(value) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


async def admin_root(request: Request) -> Response:
    return RedirectResponse(HOME_PATH, status_code=308)


ROUTES = [
    Route("/admin", admin_root),
    Route(LOGIN_PATH, login, methods=["GET", "POST"]),
    Route("/admin/logout", logout, methods=["POST"]),
    Route(HOME_PATH, inbox),
    Route("/admin/leads/{lead_id}", lead_page),
    Route("/admin/leads/{lead_id}/follow-up", follow_up, methods=["POST"]),
    Route("/admin/leads/{lead_id}/release", release, methods=["POST"]),
    Route("/admin/leads/{lead_id}/deliveries/{delivery_id}/retry", retry, methods=["POST"]),
    Route("/admin/failures", failures),
    Route("/admin/audit", audit_page),
    Route("/api/leads/export.csv", export_csv),
    Route("/api/admin/leads", api_leads),
    Route("/api/admin/leads/{lead_id}", api_lead),
]
# Routes reachable without a session: the login form, and the bare /admin redirect.
PUBLIC = {"/admin", LOGIN_PATH}
