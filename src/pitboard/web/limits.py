"""Bounds on what one request may cost: its body (`BodyLimit`, 413) and a live batch's size.

`BodyLimit` wraps the whole ASGI app in `web.server`, so every route of `pitboard serve` and
`pitboard ingest` is bounded: a declared Content-Length over the limit is answered 413 before
the body is read; a body without one (chunked) is cut off with 413 when it passes the limit.
A 100 MB JSON array once held a server for 21.7 s and 918 MB.
"""

from __future__ import annotations

import json
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
