"""Race control: log-in, the forms to add decisions, publish results and correct entries, the
audit log, and the same writes as a JSON API with bearer tokens.

Order of checks on every write: who (401 without a user, 403 for a read-only team user), then
the CSRF token (forms), then the input (a message on the form or a 422, nothing written).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from pitboard.formats.results_json import decision_to_dict
from pitboard.rules.entry_fields import LIMITS, MAX_DRIVERS
from pitboard.web.accounts import (
    User,
    check_password,
    end_log_in,
    load_audit,
    start_log_in,
    user_by_token,
)
from pitboard.web.calendar import event_zone
from pitboard.web.race_control import FormProblem, add_decision, correct_entry, publish
from pitboard.web.rendering import render, store_of
from pitboard.web.results import load_result, version_json
from pitboard.web.security import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    check_csrf,
    cookie_user,
    require_writer,
)

router = APIRouter()
API: list[str | Enum] = ["race control API (bearer token)"]
HTML: list[str | Enum] = ["race control pages"]


@router.get("/login", response_class=HTMLResponse, tags=HTML)
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html", {"title": "Race control log-in"})


@router.post("/login", response_class=HTMLResponse, tags=HTML)
def login(
    request: Request,
    name: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    check_csrf(request, csrf)
    limiter = request.app.state.login_limiter
    keys = (f"ip:{request.client.host if request.client else '?'}", f"user:{name}")
    wait = limiter.attempt(*keys)
    if wait:
        raise HTTPException(
            429, f"too many failed log-ins: try again in {wait} s", {"Retry-After": str(wait)}
        )
    user = check_password(store_of(request).engine, name, password)
    if user is None:
        context = {
            "title": "Race control log-in",
            "problem": "wrong name or password",
            "name": name,
        }
        return render(request, "login.html", context, status_code=401)
    limiter.succeeded(*keys)
    response = RedirectResponse("/control", status_code=303)
    token = start_log_in(store_of(request).engine, user, SESSION_SECONDS)
    secure = request.url.scheme == "https"  # behind a TLS proxy: see docs/security.md
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    return response


@router.post("/logout", tags=HTML)
def logout(request: Request, csrf: str = Form("")) -> Response:
    check_csrf(request, csrf)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_log_in(store_of(request).engine, token)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _viewer(request: Request) -> User:
    user = cookie_user(request)
    if user is None:
        raise HTTPException(401, "log in to see race control")
    return user


@router.get("/control", response_class=HTMLResponse, tags=HTML)
def control_page(request: Request) -> HTMLResponse:
    user = _viewer(request)
    store = store_of(request)
    context = {
        "title": "Race control",
        "viewer": user,
        "sessions": store.load_sessions(),
        "audit": load_audit(store.engine, limit=100),
    }
    return render(request, "control.html", context)


def _control_session(
    request: Request,
    session: str,
    status: int = 200,
    problem: FormProblem | None = None,
    form: dict[str, str] | None = None,
    done: str = "",
) -> HTMLResponse:
    user = _viewer(request)
    store = store_of(request)
    result = load_result(store, session, cache=request.app.state.results)
    event = store.load_event(result.info.event) if result.info.event else None
    context = {
        "title": f"Race control: {result.info.name or session}",
        "viewer": user,
        "session": session,
        "info": result.info,
        "entries": list(result.session.entries.values()),
        "decisions": [decision_to_dict(d) for d in store.load_penalties(session)],
        "history": [version_json(v) for v in result.history],
        "audit": load_audit(store.engine, session=session),
        "time_zone": event_zone(store, event).key,
        "problem": problem,
        "form": form or {},
        "done": done,
    }
    return render(request, "control_session.html", context, status_code=status)


@router.get("/control/sessions/{session}", response_class=HTMLResponse, tags=HTML)
def control_session_page(session: str, request: Request) -> HTMLResponse:
    return _control_session(request, session)


async def _form_write(request: Request, session: str, action: str) -> HTMLResponse:
    user = require_writer(cookie_user(request), api=False)
    fields = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, fields.get("csrf"))
    store = store_of(request)
    try:
        if action == "decision":
            done = f"decision #{add_decision(store, user, session, fields)} added"
        elif action == "publish":
            version = publish(store, user, session, fields)
            done = f"version {version.number} published: {version.state.value}"
        else:
            correct_entry(store, user, session, fields.get("number", ""), fields)
            done = f"entry {fields.get('number', '')} corrected"
    except FormProblem as problem:
        form = {**fields, "action": action}
        return _control_session(request, session, 400, problem, form)
    return _control_session(request, session, done=done)


@router.post("/control/sessions/{session}/decisions", response_class=HTMLResponse, tags=HTML)
async def decision_form(session: str, request: Request) -> HTMLResponse:
    return await _form_write(request, session, "decision")


@router.post("/control/sessions/{session}/publish", response_class=HTMLResponse, tags=HTML)
async def publish_form(session: str, request: Request) -> HTMLResponse:
    return await _form_write(request, session, "publish")


@router.post("/control/sessions/{session}/entries", response_class=HTMLResponse, tags=HTML)
async def entry_form(session: str, request: Request) -> HTMLResponse:
    return await _form_write(request, session, "entry")


class DecisionIn(BaseModel):
    car: str = Field(min_length=1, max_length=LIMITS["number"], examples=["21"])
    kind: Literal["time", "laps", "positions", "dsq", "delete_lap"]
    seconds: Decimal | None = Field(None, examples=[5])
    laps: int | None = None
    positions: int | None = None
    lap: int | None = None
    reason: str = Field(min_length=1, max_length=500)


class PublishIn(BaseModel):
    state: Literal["provisional", "official", "revised"]
    reason: str = Field(min_length=1, max_length=500)


class EntryIn(BaseModel):  # the limits of `rules.entry_fields`, shown in the OpenAPI schema
    car_class: str = Field("", max_length=LIMITS["car_class"])
    team: str = Field("", max_length=LIMITS["team"])
    vehicle: str = Field("", max_length=LIMITS["vehicle"])
    drivers: list[Annotated[str, Field(max_length=LIMITS["driver"])]] = Field(
        default_factory=list, max_length=MAX_DRIVERS
    )
    reason: str = Field(min_length=1, max_length=500)


def _fields(model: BaseModel) -> dict[str, str]:
    values = model.model_dump()
    return {
        k: ", ".join(v) if isinstance(v, list) else ("" if v is None else str(v))
        for k, v in values.items()
    }


bearer = HTTPBearer(auto_error=False, description="a race control user's API token")


def api_writer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> User:
    """Checked before the body is read: no token 401, a team user's token 403."""
    token = credentials.credentials if credentials else ""
    user = user_by_token(store_of(request).engine, token) if token else None
    return require_writer(user, api=True)


Writer = Annotated[User, Depends(api_writer)]


@contextmanager
def _refused_as_422() -> Iterator[None]:
    """A problem with what the API was sent: 422, in the words the forms show."""
    try:
        yield
    except FormProblem as problem:
        raise HTTPException(422, str(problem)) from None


@router.post("/api/v1/sessions/{session}/decisions", status_code=201, tags=API)
def api_decision(session: str, body: DecisionIn, request: Request, user: Writer) -> dict[str, Any]:
    with _refused_as_422():
        decision_id = add_decision(store_of(request), user, session, _fields(body))
    return {"id": decision_id, "session": session}


@router.post("/api/v1/sessions/{session}/publish", status_code=201, tags=API)
def api_publish(session: str, body: PublishIn, request: Request, user: Writer) -> dict[str, Any]:
    with _refused_as_422():
        version = publish(store_of(request), user, session, _fields(body))
    return version_json(version)


@router.put("/api/v1/sessions/{session}/entries/{number}", tags=API)
def api_entry(
    session: str,
    number: str,
    body: EntryIn,
    request: Request,
    user: Writer,
) -> dict[str, Any]:
    with _refused_as_422():
        correct_entry(store_of(request), user, session, number, _fields(body))
    return {"session": session, "number": number, "corrected": True}


@router.get("/api/v1/audit", tags=API, summary="The audit log, newest first (public)")
def api_audit(request: Request, session: str | None = None) -> dict[str, Any]:
    records = load_audit(store_of(request).engine, session=session)
    return {
        "audit": [
            {
                "at": r.at.isoformat(),
                "who": r.who,
                "action": r.action,
                "session": r.session,
                "what": r.what,
                "why": r.why,
            }
            for r in records
        ]
    }
