"""The WebSocket stream on a real uvicorn server: it ends when the viewer leaves, and a graceful
shutdown with viewers still connected finishes (it used to wait for ever for the next message).
Both ways a viewer is served: prepared frames (`pitboard serve`'s protocol) and plain ASGI."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from pitboard.live.ingest import LiveHub
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.store import open_store
from pitboard.web.live_api import router
from pitboard.web.server import server_config

RACE = simulate_race(RaceSettings(seed=4, cars=6, minutes=5, noise=False))
PATIENCE_S = 20.0  # how long a hang may look like one before the test gives up (not a timing)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.port = free_port()
        # No timeout_graceful_shutdown: uvicorn waits for every handler to end by itself.
        if app.state.frames:
            config = server_config(app, "127.0.0.1", self.port)
        else:
            config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Served:
        self.thread.start()
        while not self.server.started:  # start-up, not a timing
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(PATIENCE_S)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/api/v1/sessions/r1/live"


@pytest.fixture(params=["frames", "asgi"])
def app(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[FastAPI]:
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))
    app = FastAPI()
    app.state.store, app.state.live, app.state.live_token = store, LiveHub(store), "t"
    app.state.frames = request.param == "frames"
    app.include_router(router)
    yield app
    app.state.live.close()
    store.close()


def subscribers(app: Any) -> int:
    count: int = app.state.live.get("r1").broadcast.subscribers
    return count


def wait_for(condition: Any) -> bool:
    deadline = time.monotonic() + PATIENCE_S
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_closed_viewer_is_let_go_without_another_message(app: FastAPI) -> None:
    with Served(app) as served:
        with connect(served.url) as viewer:
            assert json.loads(viewer.recv())["type"] == "snapshot"
            assert subscribers(app) == 1
        # nothing is published after the close: only watching the socket can notice it
        assert wait_for(lambda: subscribers(app) == 0)


def test_graceful_shutdown_with_viewers_connected_finishes(app: FastAPI) -> None:
    served = Served(app).__enter__()
    with ExitStack() as stack:
        viewers = [stack.enter_context(connect(served.url)) for _ in range(3)]
        for viewer in viewers:
            assert json.loads(viewer.recv())["type"] == "snapshot"
        served.server.should_exit = True
        served.thread.join(PATIENCE_S)
        assert not served.thread.is_alive(), "uvicorn's graceful shutdown hangs on the streams"
        for viewer in viewers:
            with pytest.raises(ConnectionClosed) as closed:
                viewer.recv(timeout=PATIENCE_S)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012  # going away
    assert subscribers(app) == 0
