"""Templates (Jinja2, shipped in the package), the one JSON error shape, and the time words.

Every page comes in two forms at two addresses: `/seasons/gt4-2023` (HTML) and
`/seasons/gt4-2023.json` (the same data as JSON). Errors are JSON — `{"error": {"status": 404,
"message": "..."}}` — for `.json`, `.csv`, `.ics` and `/api/` addresses, an HTML page elsewhere.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from pitboard.formats.results_json import local_stamp
from pitboard.model import PitboardError
from pitboard.store import NotFound, Store
from pitboard.web.accounts import User
from pitboard.web.security import CSRF_COOKIE, new_csrf_cookie

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

# The OpenAPI tags of the two forms of every page (`tags=JSON` on `….json`, `tags=HTML` on `…`)
JSON: list[str | Enum] = ["pages as JSON"]
HTML: list[str | Enum] = ["pages as HTML"]


def store_of(request: Request) -> Store:
    """The store the app serves (set by `create_app`)."""
    store: Store = request.app.state.store
    return store


def local_time(moment: datetime | None) -> str:
    """`Sat 22 Apr 2023, 14:35 CEST` (in the moment's own time zone)."""
    if moment is None:
        return "time to be confirmed"
    return moment.strftime("%a %d %b %Y, %H:%M %Z").strip()


def short_time(moment: datetime | None) -> str:
    return moment.strftime("%a %H:%M") if moment else "TBC"


def stamp(moment: datetime | str | None, zone: str = "UTC") -> str:
    """A decision's or a publication's time in the event's zone: `2023-09-24 16:05 CEST`
    (`moment`: aware, or its ISO text)."""
    if moment is None or moment == "":
        return ""
    when = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return local_stamp(when, zone)


templates.env.filters["local_time"] = local_time
templates.env.filters["stamp"] = stamp
templates.env.filters["short_time"] = short_time


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render a page; every page knows its user and carries a CSRF token for its forms."""
    cookie = request.cookies.get(CSRF_COOKIE) or new_csrf_cookie()
    user: User | None = getattr(request.state, "user", None)
    full = {
        "request": request,
        "user": user,
        "csrf": request.app.state.signer.csrf_field(cookie),
        "json_url": _json_url(request),
        **context,
    }
    response = templates.TemplateResponse(request, name, full, status_code=status_code)
    if request.cookies.get(CSRF_COOKIE) != cookie:
        response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict")
    return response


def _json_url(request: Request) -> str | None:
    path = request.url.path
    if path.endswith((".json", ".csv", ".ics")) or path.startswith(("/control", "/login")):
        return None
    path = path.rstrip("/") or "/index"
    query = f"?{request.url.query}" if request.url.query else ""
    return f"{path}.json{query}"


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith((".json", ".csv", ".ics"))


def error_response(request: Request, status: int, message: str, headers: Any = None) -> Response:
    if wants_json(request):
        body = {"error": {"status": status, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)
    context = {"status": status, "message": message, "title": f"{status}"}
    response = render(request, "error.html", context, status_code=status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


async def on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    return error_response(request, error.status_code, str(error.detail), error.headers)


async def on_not_found(request: Request, error: Exception) -> Response:
    return error_response(request, 404, str(error))


async def on_pitboard_error(request: Request, error: Exception) -> Response:
    return error_response(request, 409, str(error))


async def on_validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in error.errors()
    )
    return error_response(request, 422, problems or "bad request")


ERROR_HANDLERS: dict[Any, Any] = {
    StarletteHTTPException: on_http_error,
    NotFound: on_not_found,
    PitboardError: on_pitboard_error,
    RequestValidationError: on_validation_error,
}
