"""Bounds on what one request may cost: its body (`BodyLimit`, 413) and a live batch's size.

`BodyLimit` wraps the whole ASGI app in `web.server`, so every route of `pitboard serve` and
`pitboard ingest` is bounded: a declared Content-Length over the limit is answered 413 before
the body is read; a body without one (chunked) is cut off with 413 when it passes the limit.
A 100 MB JSON array once held a server for 21.7 s and 918 MB.

`guarded_http` is the HTTP protocol the server runs: a time limit on request headers and a cap
on open connections.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
from typing import Any

from starlette.exceptions import HTTPException

MAX_BODY = 4 * 1024 * 1024  # bytes: 10,000 passings are about 1.3 MB of JSON
MAX_BATCH = 10_000  # live inputs in one POST

Scope = dict[str, Any]


class BodyLimit:
    """ASGI middleware: HTTP request bodies of at most `limit` bytes."""

    def __init__(self, app: Any, limit: int = MAX_BODY) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.strip().isdigit() and int(declared) > self.limit:
            await too_large(send, self.limit)
            return
        received = 0

        async def bounded() -> Any:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413, _message(self.limit))
            return message

        await self.app(scope, bounded, send)


def _message(limit: int) -> str:
    return f"the request body is over {limit // (1024 * 1024)} MB"


async def too_large(send: Any, limit: int) -> None:
    body = json.dumps({"error": {"status": 413, "message": _message(limit)}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


# -- connections: a time limit on headers, a cap on how many (web.server) --------------------

HEADER_SECONDS = 10.0  # PITBOARD_HEADER_TIMEOUT
MAX_CONNECTIONS = 10_000  # PITBOARD_MAX_CONNECTIONS; never past the open-files limit


def connection_cap(wanted: int | None = None) -> int:
    """At most `wanted` connections, and 100 file handles short of the process's limit."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    cap = wanted or int(os.environ.get("PITBOARD_MAX_CONNECTIONS") or MAX_CONNECTIONS)
    return cap if soft == resource.RLIM_INFINITY else max(1, min(cap, soft - 100))


def guarded_http(header_seconds: float | None = None, max_connections: int | None = None) -> type:
    """uvicorn's HTTP protocol, closing a connection whose request headers have not arrived
    `header_seconds` after it opened (or after its last response), and any connection past
    `max_connections` (20,200 half-open sockets once used up every file handle)."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    seconds = header_seconds or float(os.environ.get("PITBOARD_HEADER_TIMEOUT") or HEADER_SECONDS)
    cap = connection_cap(max_connections)

    class GuardedHttp(HttpToolsProtocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            if len(self.connections) > cap:
                transport.abort()
                return
            self._arm()

        def on_headers_complete(self) -> None:
            self._disarm()
            super().on_headers_complete()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if self.timeout_keep_alive_task is not None:  # idle: no pipelined request runs
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(seconds, self.transport.close)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

    return GuardedHttp
