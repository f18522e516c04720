"""Run the web app under uvicorn, as `pitboard serve` and `pitboard ingest` do (and the tests)."""

from __future__ import annotations

import os
import socket
from typing import Any

import uvicorn

from pitboard.web.frames import FramesWebSocketProtocol
from pitboard.web.limits import BodyLimit, guarded_http


def server_config(
    app: Any, host: str, port: int, frames: bool = True, **options: Any
) -> uvicorn.Config:
    """uvloop and httptools when installed (uvicorn picks them), live viewers on the
    prepared-frame path (`web.frames`; `frames=False`: through ASGI, for comparison), and no
    per-message compression: uvicorn would deflate every live message once per viewer (~0.5 ms
    a viewer for a full tower).

    `X-Forwarded-For`/`-Proto` are believed only from the addresses in PITBOARD_TRUSTED_PROXIES
    (comma-separated; none by default: uvicorn would believe any local peer). Bodies, header
    time and connections are bounded (`web.limits`). No access log: at log level warning it
    never printed, but uvicorn still formatted each request's line (the client's address, the
    quoted path) before the logger dropped it."""
    proxies = os.environ.get("PITBOARD_TRUSTED_PROXIES", "").strip()
    settings: dict[str, Any] = {
        "log_level": "warning",
        "access_log": False,
        "ws_per_message_deflate": False,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        "http": guarded_http(),
    }
    if frames:
        settings["ws"] = FramesWebSocketProtocol
    return uvicorn.Config(BodyLimit(app), host=host, port=port, **{**settings, **options})


def run(
    app: Any, host: str, port: int, frames: bool = True, sockets: list[socket.socket] | None = None
) -> None:
    """Serve until Ctrl-C (on `sockets` when the caller bound them already)."""
    uvicorn.Server(server_config(app, host, port, frames)).run(sockets=sockets)
