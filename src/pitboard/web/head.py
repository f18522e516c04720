"""HEAD answers like GET on every page (HTML, JSON, CSV, ICS, PDF): the same status and headers,
no body. FastAPI routes declare GET only, so without this a HEAD gets 405; link checkers,
calendar clients and caches ask HEAD first."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadLikeGet:
    """ASGI middleware: a HEAD request runs as GET and its response body is dropped (the
    Content-Length stays that of the GET)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)
