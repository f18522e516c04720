"""`create_app`: the results site, its JSON API and race control as one ASGI app (FastAPI).

    app = create_app("gt4-2023.db")           # or a PostgreSQL URL; PITBOARD_DB by default
    uvicorn.run(app)

Routers are listed in `ROUTERS` (the live timing API, `pitboard.web.live_api`, among them).
OpenAPI at `/openapi.json`, its pages at `/docs` and `/redoc`
(Swagger UI and ReDoc served from the fastapi-offline package, so they work without internet).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from pitboard.store import Store, open_store
from pitboard.web import (
    analysis_pages,
    control_pages,
    entry_pages,
    live_api,
    press_pages,
    season_pages,
    session_pages,
    sheet_pages,
)
from pitboard.web.head import HeadLikeGet
from pitboard.web.rendering import ERROR_HANDLERS, HERE
from pitboard.web.results import ResultCache
from pitboard.web.security import LoginLimiter, Signer, cookie_user

ROUTERS: list[APIRouter] = [
    season_pages.router,
    session_pages.router,
    analysis_pages.router,
    entry_pages.router,
    press_pages.router,
    sheet_pages.router,
    control_pages.router,
    live_api.router,
]

FAVICON = "/favicon.ico"
DESCRIPTION = """Results, standings and calendars of multi-class GT and endurance seasons.

Every page is HTML at `/x` and JSON at `/x.json`. Reads are public; writes (race control) need
a log-in (forms, with CSRF) or `Authorization: Bearer <token>` (API). Errors are
`{"error": {"status": ..., "message": ...}}`.
"""


def create_app(
    store_url: str | None = None,
    *,
    store: Store | None = None,
    secret: str | None = None,
    clock: Callable[[], datetime] | None = None,
    login_limiter: LoginLimiter | None = None,
) -> FastAPI:
    """The app over the store at `store_url` (else `PITBOARD_DB`, else `./pitboard.db`).

    `secret` signs log-in cookies and CSRF tokens (`PITBOARD_SECRET`, else random per process:
    log-ins then end with the process). `clock` gives the aware "now" of the calendar.
    """
    app = FastAPIOffline(  # /docs with Swagger UI from the package: no CDN at a track
        title="pitboard", description=DESCRIPTION, version="0.1.0", favicon_url=FAVICON
    )
    app.state.store = store or open_store(store_url)
    app.state.signer = Signer(secret or os.environ.get("PITBOARD_SECRET") or secrets.token_hex(32))
    app.state.clock = clock or (lambda: datetime.now(UTC))
    app.state.login_limiter = login_limiter or LoginLimiter()
    app.state.results = ResultCache()
    for router in ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_api_route(FAVICON, _favicon, methods=["GET"], include_in_schema=False)
    for error, handler in ERROR_HANDLERS.items():
        app.add_exception_handler(error, handler)
    app.middleware("http")(_who_is_asking)
    app.add_middleware(HeadLikeGet)
    return app


async def _favicon() -> FileResponse:
    return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon")


async def _who_is_asking(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """The logged-in user (None for the public), for the page header; security headers."""
    request.state.user = cookie_user(request) if request.cookies else None
    response = await call_next(request)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if not request.url.path.startswith(("/docs", "/redoc")):
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response
