"""Scale-out through the real Redis and NATS servers: the writer publishes, separate viewer apps
(served by uvicorn) follow, and their WebSocket clients see the writer's messages in order; a
viewer that joins late starts from a snapshot equal to the writer's tower. Channel names are
unique per run. Unreachable servers skip the tests, except under CI=true where they fail."""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect

from conftest import unavailable
from pitboard.live.fanout import Message
from pitboard.live.ingest import Ingest
from pitboard.live.relay import FollowedSession, Publisher, follow, open_bus
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.outputs import batches
from pitboard.store import open_store
from pitboard.web.live_api import router
from pitboard.web.server import server_config

RACE = simulate_race(RaceSettings(seed=8, cars=10, minutes=10, noise=True))
BATCHES = [batch for _, batch in batches(RACE.inputs)]
SERVERS = {"redis": ("redis://127.0.0.1:6379/0", 6379), "nats": ("nats://127.0.0.1:4222", 4222)}


def server_url(name: str) -> str:
    url, port = SERVERS[name]
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError as error:
        message = f"{name} is not reachable at 127.0.0.1:{port} ({error})"
        unavailable(message)
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@asynccontextmanager
async def viewer_app(url: str, prefix: str, tmp_path: Path) -> AsyncIterator[str]:
    """A separate web app following the writer; yields its WebSocket address."""
    store = open_store(str(tmp_path / f"viewer-{uuid.uuid4().hex}.db"))
    save_session(store)
    app = FastAPI()
    app.state.store = store
    follower = follow(app, url, prefix)
    app.include_router(router)
    port = free_port()
    server = uvicorn.Server(server_config(app, "127.0.0.1", port))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # start-up, not a timing
        await asyncio.sleep(0.02)
    try:
        yield f"ws://127.0.0.1:{port}/api/v1/sessions/r1/live"
    finally:
        server.should_exit = True
        await serving
        await follower.close()
        store.close()


def save_session(store: Any) -> None:
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))


def plain(message: Message) -> Message:
    return {k: v for k, v in json.loads(json.dumps(message)).items() if k not in ("seq", "epoch")}


def apply(tower: Message, message: Message) -> Message:
    """What a browser does: a snapshot replaces, changes replace header and rows by number."""
    if message["type"] == "snapshot":
        return {k: v for k, v in message.items() if k != "type"}
    if message["type"] != "changes":
        return tower
    rows = {row["number"]: row for row in tower["rows"]} | {r["number"]: r for r in message["rows"]}
    header = {k: v for k, v in message.items() if k not in ("type", "rows")}
    return {**header, "rows": sorted(rows.values(), key=lambda row: row["position"])}


async def receive(client: ClientConnection, count: int) -> list[Message]:
    return [json.loads(await asyncio.wait_for(client.recv(), 30)) for _ in range(count)]


async def fan_out(url: str, tmp_path: Path) -> None:
    prefix = f"pitboard.test.{uuid.uuid4().hex}"
    store = open_store(str(tmp_path / "writer.db"))
    save_session(store)
    ingest = Ingest.open(store, "r1")
    bus = await open_bus(url)
    publisher = await Publisher(bus, "r1", ingest, prefix).start()
    sent: list[Message] = []
    ingest.broadcast.listeners.append(lambda message: sent.append(plain(message)))
    try:
        async with viewer_app(url, prefix, tmp_path) as first_url, connect(first_url) as first:
            [snapshot] = await receive(first, 1)
            assert snapshot["type"] == "snapshot" and snapshot["rows"]
            for batch in BATCHES[:60]:
                ingest.submit(batch)
            seen = await receive(first, len(sent))
            assert seen == sent  # every message, in the writer's order
            tower = snapshot
            for message in seen:
                tower = apply(tower, message)
            assert tower == ingest.tower_json()
            await late_joiner(url, prefix, tmp_path, ingest, first, tower, sent)
    finally:
        await publisher.close()
        await bus.close()
        ingest.close()
        store.close()


async def late_joiner(
    url: str,
    prefix: str,
    tmp_path: Path,
    ingest: Ingest,
    first: ClientConnection,
    first_tower: Message,
    sent: list[Message],
) -> None:
    async with viewer_app(url, prefix, tmp_path) as late_url, connect(late_url) as late:
        [snapshot] = await receive(late, 1)
        assert snapshot == {"type": "snapshot", **ingest.tower_json()}
        before = len(sent)
        for batch in BATCHES[60:90]:
            ingest.submit(batch)
        towers = {"first": first_tower, "late": snapshot}
        for name, client in (("first", first), ("late", late)):
            for message in await receive(client, len(sent) - before):
                towers[name] = apply(towers[name], message)
        assert towers["first"] == towers["late"] == ingest.tower_json()
        assert towers["late"]["rows"] != snapshot["rows"]  # the race went on meanwhile


@pytest.mark.parametrize("bus", ["redis", "nats"])
def test_writer_changes_reach_viewer_apps_in_order_and_late_joiners_get_the_snapshot(
    bus: str, tmp_path: Path
) -> None:
    asyncio.run(fan_out(server_url(bus), tmp_path))


def numbered(seq: int, kind: str = "changes", epoch: str = "e1", **fields: Any) -> Message:
    return {"seq": seq, "epoch": epoch, "type": kind, "flag": "green", "rows": [], **fields}


def test_a_viewer_missing_a_message_asks_for_a_snapshot_and_applies_nothing_until_then() -> None:
    followed = FollowedSession()
    assert followed.wanted.is_set() and followed.tower_json() is None
    followed.receive(numbered(3, "snapshot"))
    assert not followed.wanted.is_set()
    followed.receive(numbered(4, flag="fcy"))
    assert followed.tower_json() == {"flag": "fcy", "rows": []}
    followed.receive(numbered(6, flag="red"))  # 5 was lost
    followed.receive(numbered(7, flag="green"))
    assert followed.wanted.is_set()
    assert followed.tower_json() == {"flag": "fcy", "rows": []}
    followed.receive(numbered(7, "snapshot", flag="green"))
    assert not followed.wanted.is_set() and followed.tower_json() == {"flag": "green", "rows": []}


def test_a_restarted_writer_numbering_from_zero_again_is_followed_after_a_snapshot() -> None:
    followed = FollowedSession()
    followed.receive(numbered(40, "snapshot"))
    followed.receive(numbered(1, epoch="e2", flag="fcy"))
    assert followed.wanted.is_set() and followed.tower_json() == {"flag": "green", "rows": []}
    followed.receive(numbered(1, "snapshot", epoch="e2", flag="fcy"))
    followed.receive(numbered(2, epoch="e2", flag="red"))
    assert followed.tower_json() == {"flag": "red", "rows": []}


class RecordingBus:
    """A bus that keeps what is published and never delivers anything."""

    def __init__(self) -> None:
        self.sent: list[Any] = []

    async def publish(self, channel: str, data: bytes) -> None:
        self.sent.append(json.loads(data))

    async def subscribe(self, channel: str) -> AsyncIterator[bytes]:
        return self._nothing()

    async def _nothing(self) -> AsyncIterator[bytes]:
        await asyncio.Event().wait()
        yield b""

    async def close(self) -> None:
        pass


def test_messages_published_together_go_out_as_one_bus_message_in_order(tmp_path: Path) -> None:
    async def run() -> list[Any]:
        store = open_store(str(tmp_path / "writer.db"))
        save_session(store)
        ingest = Ingest.open(store, "r1")
        bus = RecordingBus()
        publisher = await Publisher(bus, "r1", ingest, "p").start()
        await asyncio.sleep(0.01)  # the first snapshot goes out alone
        for kind in ("issue", "issue", "changes"):
            ingest.broadcast.publish({"type": kind, "rows": []})
        await asyncio.sleep(0.01)
        await publisher.close()
        ingest.close()
        store.close()
        return bus.sent

    snapshot, batch = asyncio.run(run())
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 0
    assert [(m["seq"], m["type"]) for m in batch] == [(1, "issue"), (2, "issue"), (3, "changes")]


def test_the_writer_puts_an_update_on_the_bus_before_it_answers_the_post(tmp_path: Path) -> None:
    """The relay's publisher is a task: the route lets it run (one loop turn) before FastAPI
    builds and sends the answer, so viewer processes do not wait for the POST's response."""
    import httpx

    from pitboard.live.ingest import LiveHub
    from pitboard.live.inputs import input_to_json

    events: list[str] = []

    class Bus(RecordingBus):
        async def publish(self, channel: str, data: bytes) -> None:
            events.append(f"bus {json.loads(data)['type']}")

    async def run() -> None:
        store = open_store(str(tmp_path / "writer.db"))
        save_session(store)
        app = FastAPI()
        app.state.store, app.state.live, app.state.live_token = store, LiveHub(store), "t"
        app.include_router(router)
        publisher = await Publisher(Bus(), "r1", app.state.live.writer("r1"), "p").start()
        await asyncio.sleep(0.01)  # the first snapshot
        events.clear()

        async def answering(scope: Any, receive: Any, send: Any) -> None:
            async def sending(message: Any) -> None:
                if message["type"] == "http.response.start":
                    events.append(f"answer {message['status']}")
                await send(message)

            await app(scope, receive, sending)

        transport = httpx.ASGITransport(app=answering)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            body = [input_to_json(item) for item in BATCHES[0]]
            headers = {"Authorization": "Bearer t"}
            response = await client.post("/api/v1/sessions/r1/inputs", json=body, headers=headers)
            assert response.status_code == 200
        await publisher.close()
        app.state.live.close()
        store.close()

    asyncio.run(run())
    assert events[:2] == ["bus snapshot", "answer 200"]  # the writer's first update: a snapshot
