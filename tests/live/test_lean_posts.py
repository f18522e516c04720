"""The lean write path (`LivePosts`, what `pitboard ingest` serves) answers as the FastAPI routes
do: two real servers (uvicorn, `web.server`) of the same `pitboard ingest` app over two copies
of the same session, one with `LivePosts` in front and one without, get the same requests; every
answer (status, JSON body, the headers a client acts on) must be the same, and the lean path must
have been the one writing."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from tests.live.test_crash import TOKEN, free_port
from tests.live.test_one_writer import prepare

from pitboard.cli.live import Outputs, _ingest_app
from pitboard.live.inputs import input_to_json
from pitboard.model.passing import Passing, SessionStart
from pitboard.sim import RaceSettings, simulate_race
from pitboard.web.limits import MAX_BATCH, MAX_BODY
from pitboard.web.live_api import LivePosts, write_records
from pitboard.web.server import server_config

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
PASSINGS = "/api/v1/sessions/r1/passings"
INPUTS = "/api/v1/sessions/r1/inputs"
RACE = simulate_race(RaceSettings(seed=5, cars=4, minutes=5))  # what `prepare` simulates


class Served:
    """An app on a real uvicorn server in a thread, until `stop`."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(server_config(app, "127.0.0.1", self.port))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started and self.thread.is_alive():  # start-up, not a timing
            self.thread.join(0.02)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=30)

    def stop(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[Served, Served, list[str]]]:
    """The lean server, the FastAPI one, and the writes the lean path's `write` was given."""
    written: list[str] = []

    async def counted(app: Any, session: str, body: bytes, name: str, kind: str | None) -> Any:
        written.append(name)
        return await write_records(app, session, body, name, kind)

    apps = []
    for name in ("lean", "fastapi"):
        db = str(tmp_path / f"{name}.db")
        prepare(db)
        app = _ingest_app(db, "r1", TOKEN, Outputs())
        assert isinstance(app, LivePosts)  # what `pitboard ingest` serves
        apps.append(LivePosts(app.app, counted) if name == "lean" else app.app)
    lean, fastapi = Served(apps[0]), Served(apps[1])
    try:
        yield lean, fastapi, written
    finally:
        lean.stop()
        fastapi.stop()


def answer(response: httpx.Response) -> tuple[int, Any, str, str]:
    try:
        body: Any = response.json()
    except json.JSONDecodeError:
        body = response.text
    headers = response.headers
    return (
        response.status_code,
        body,
        headers.get("content-type", ""),
        headers.get("www-authenticate", ""),
    )


def both(lean: Served, fastapi: Served, method: str, url: str, **options: Any) -> Any:
    """The same request to both; their answers must be the same; returns the answer."""
    got = [answer(served.client.request(method, url, **options)) for served in (lean, fastapi)]
    assert got[0] == got[1], f"{method} {url}: lean {got[0]} ≠ FastAPI {got[1]}"
    return got[0]


def setup_and_passings() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The inputs up to the start (transponders, the start), and the passings of its first lap."""
    start = next(i for i, item in enumerate(RACE.inputs) if isinstance(item, SessionStart))
    passings = [item for item in RACE.inputs[start:] if isinstance(item, Passing)]
    return [input_to_json(item) for item in RACE.inputs[: start + 1]], [
        input_to_json(item) for item in passings[:40]
    ]


def test_good_and_bad_writes_get_the_same_answers(
    servers: tuple[Served, Served, list[str]],
) -> None:
    lean, fastapi, written = servers
    setup, good = setup_and_passings()
    no_auth = {"Content-Type": "application/json"}
    cases: list[tuple[str, str, dict[str, Any], int, str]] = [  # ..., status, a text in it
        ("POST", PASSINGS, {"json": setup, "headers": AUTH}, 422, "passings[0].timestamp_us"),
        ("POST", INPUTS, {"json": setup, "headers": AUTH}, 200, "accepted"),
        ("POST", PASSINGS, {"json": good[:1]}, 401, "Bearer"),  # no token
        ("POST", PASSINGS, {"json": good[:1], "headers": {"Authorization": "Bearer no"}}, 401, ""),
        ("POST", PASSINGS, {"json": good[:1], "headers": {"Authorization": "Basic x"}}, 401, ""),
        ("POST", PASSINGS, {"json": [], "headers": {"Authorization": b"Bearer \xe9"}}, 401, ""),
        ("POST", PASSINGS, {"content": b"[{", "headers": AUTH}, 422, "not JSON"),
        ("POST", PASSINGS, {"content": b"\xff", "headers": AUTH}, 422, "not JSON"),
        ("POST", PASSINGS, {"content": b"[" * 100_000, "headers": AUTH}, 422, "too deep"),
        ("POST", PASSINGS, {"json": {"a": 1}, "headers": AUTH}, 422, "got dict"),
        ("POST", PASSINGS, {"json": [0] * (MAX_BATCH + 1), "headers": AUTH}, 413, "at most"),
        (
            "POST",
            PASSINGS,
            {"content": b"[" + b"0," * (MAX_BODY // 2) + b"0]", "headers": AUTH},
            413,
            "MB",
        ),
        ("POST", "/api/v1/sessions/nope/passings", {"json": good, "headers": AUTH}, 404, "nope"),
        (
            "POST",
            PASSINGS,
            {"json": [{**good[0], "loop": "pitlane"}], "headers": AUTH},
            422,
            "passings[0].loop",
        ),
        (
            "POST",
            PASSINGS,
            {"json": [good[0], {**good[1], "timestamp_us": "x"}], "headers": AUTH},
            422,
            "passings[1].timestamp_us",
        ),
        (
            "POST",
            PASSINGS,
            {"json": [{"kind": "flag", "flag": "fcy"}], "headers": AUTH},
            422,
            "passings[0]",
        ),
        (
            "POST",
            PASSINGS,
            {"json": [{**good[2], "id": ""}], "headers": AUTH},
            422,
            "passings[0].id",
        ),
        ("POST", PASSINGS, {"json": good[:2], "headers": AUTH}, 200, "accepted"),
        ("POST", PASSINGS, {"json": good[:2], "headers": AUTH}, 200, "accepted"),  # again
        ("POST", PASSINGS, {"json": [{**good[2], "id": "p-3"}], "headers": AUTH}, 200, ""),
        ("POST", PASSINGS, {"json": [{**good[3], "id": "p-3"}], "headers": AUTH}, 200, ""),
        ("POST", INPUTS, {"json": setup, "headers": no_auth}, 401, ""),
        ("POST", INPUTS, {"json": setup, "headers": AUTH}, 200, "accepted"),
        ("POST", INPUTS, {"json": good[4:], "headers": AUTH}, 200, "accepted"),
        ("POST", INPUTS, {"json": [{"kind": "nope"}], "headers": AUTH}, 422, "inputs[0].kind"),
        ("POST", PASSINGS + "/", {"json": good[:1], "headers": AUTH}, 0, ""),  # FastAPI's
        ("GET", PASSINGS, {}, 405, ""),
        ("PUT", PASSINGS, {"json": good[:1], "headers": AUTH}, 405, ""),
    ]
    for method, url, options, status, text in cases:
        got = both(lean, fastapi, method, url, **options)
        assert status == 0 or got[0] == status, (url, got)
        assert text in json.dumps(got[1]), (url, got)
    # the lean path wrote every authorized write of records with a body within the limit
    assert len(written) == 19, written
    towers = [served.client.get("/api/v1/sessions/r1/live").json() for served in (lean, fastapi)]
    assert towers[0] == towers[1]
    assert sum(row["laps"] for row in towers[0]["rows"]) > 0  # the passings made laps


def test_a_chunked_body_over_the_limit_gets_the_same_413(
    servers: tuple[Served, Served, list[str]],
) -> None:
    lean, fastapi, written = servers

    def chunks() -> Iterator[bytes]:
        yield b"["
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"0," * 32768
        yield b"0]"

    got = [answer(s.client.post(PASSINGS, content=chunks(), headers=AUTH)) for s in (lean, fastapi)]
    assert got[0] == got[1] and got[0][0] == 413
    assert written == []  # refused while the body was read, before the write


def test_only_the_writes_of_records_take_the_lean_path(tmp_path: Path) -> None:
    """Flags, reads and a process without a live token (a user's token, `pitboard serve`) go
    through FastAPI."""
    written: list[str] = []

    async def counted(app: Any, session: str, body: bytes, name: str, kind: str | None) -> Any:
        written.append(name)
        return await write_records(app, session, body, name, kind)

    db = str(tmp_path / "live.db")
    prepare(db)
    app = _ingest_app(db, "r1", TOKEN, Outputs())
    lean = Served(LivePosts(app.app, counted))
    try:
        flag = lean.client.post("/api/v1/sessions/r1/flags", json={"flag": "fcy"}, headers=AUTH)
        assert flag.status_code == 200 and written == []
        assert lean.client.get("/api/v1/sessions/r1/live").status_code == 200
        assert lean.client.post(INPUTS, json=[], headers=AUTH).json() == {"accepted": 0}
        assert written == ["inputs"]
        app.app.state.live_token = None  # writes then need a user's token, on FastAPI's path
        refused = lean.client.post(INPUTS, json=[], headers=AUTH)
        assert refused.status_code in (401, 403) and written == ["inputs"]
    finally:
        lean.stop()


def test_a_client_that_goes_before_its_body_is_not_written(
    servers: tuple[Served, Served, list[str]],
) -> None:
    """A client that disconnects before its body has come: nothing written, the server serves on."""
    lean, _, written = servers

    async def half_a_request() -> None:
        _, writer = await asyncio.open_connection("127.0.0.1", lean.port)
        head = f"POST {PASSINGS} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
        writer.write(head.encode() + b"Content-Length: 100\r\n\r\n[")
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    asyncio.run(half_a_request())
    assert lean.client.post(PASSINGS, json=[], headers=AUTH).json() == {"accepted": 0}
    assert written == ["passings"]
