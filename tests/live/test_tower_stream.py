"""`TowerStream`, the dedicated WebSocket server (`pitboard ingest --ws-port`), with real clients
over TCP: the snapshot then the changes in order; a stalled or closed viewer holds nobody back."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from pitboard.live.fanout import Broadcast
from pitboard.live.ingest import LiveHub
from pitboard.live.tower_stream import TowerStream
from pitboard.model import Flag, Session, SessionKind
from pitboard.model.passing import FlagChange
from pitboard.sim import RaceSettings, simulate_race
from pitboard.store import NotFound, open_store

RACE = simulate_race(RaceSettings(seed=3, cars=10, minutes=10, noise=False))
FLAGS = [Flag.FCY, Flag.GREEN, Flag.YELLOW, Flag.GREEN, Flag.RED]


def test_a_viewer_gets_the_snapshot_then_each_change_in_order(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))
    hub = LiveHub(store)
    hub.get("r1").submit(RACE.inputs[:12])  # transponders and the start: a green race
    try:
        seen, refused = asyncio.run(_watch_flags(hub))
    finally:
        hub.close()
        store.close()
    assert seen[0]["type"] == "snapshot" and seen[0]["flag"] == "green"
    assert seen[1]["type"] in ("snapshot", "changes")  # all anew after a quiet spell
    assert [message["type"] for message in seen[2:]] == ["changes"] * (len(FLAGS) - 1)
    assert [message["flag"] for message in seen[1:]] == [flag.value for flag in FLAGS]
    assert refused == 4404


async def _watch_flags(hub: LiveHub) -> tuple[list[Any], int | None]:
    server = await TowerStream(hub.get).serve("127.0.0.1", 0)
    url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/v1/sessions/"
    async with server, connect(url + "r1/live") as viewer:
        seen = [json.loads(await viewer.recv())]
        ingest = hub.get("r1")
        for at, flag in enumerate(FLAGS, 1):
            ingest.submit([FlagChange(flag, ingest.live.now + at)])
        seen += [json.loads(await viewer.recv()) for _ in FLAGS]
        async with connect(url + "nope/live") as stranger:
            with pytest.raises(ConnectionClosed):
                await stranger.recv()
        return seen, stranger.close_code


class Source:
    def __init__(self) -> None:
        self.broadcast = Broadcast(lambda: {"type": "snapshot", "n": 0})

    def tower_json(self) -> dict[str, Any]:
        return {"n": 0}


def test_a_stalled_or_closed_viewer_does_not_hold_the_others(tmp_path: Path) -> None:
    got, left = asyncio.run(_stalled_and_closed())
    assert got == list(range(1, 401))  # every message, in order
    assert left == 1  # the stalled viewer was let go, the closed one left: one is still served


async def _stalled_and_closed() -> tuple[list[int], int]:
    source = Source()

    def lookup(session: str) -> Source:
        if session != "r1":
            raise NotFound(session)
        return source

    stream = TowerStream(lookup, behind_bytes=64 * 1024)
    server = await stream.serve("127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    url = f"ws://127.0.0.1:{port}/api/v1/sessions/r1/live"
    async with server, connect(url) as viewer:
        stalled = await _stalled_viewer(port)  # upgraded, then never reads again
        async with connect(url) as leaving:
            await leaving.recv()
        await viewer.recv()  # the snapshot
        got: list[int] = []
        for number in range(1, 401):
            source.broadcast.publish({"type": "changes", "n": number, "pad": "x" * 16000})
            got.append(json.loads(await viewer.recv())["n"])
        left = len(stream.viewers["r1"])
        stalled.close()
        return got, left


async def _stalled_viewer(port: int) -> socket.socket:
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.connect(("127.0.0.1", port))
    raw.sendall(
        b"GET /api/v1/sessions/r1/live HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        b"Sec-WebSocket-Version: 13\r\n\r\n"
    )
    raw.setblocking(False)
    for _ in range(100):  # until the server has the viewer (its 101 arrived)
        await asyncio.sleep(0.01)
        try:
            if b"101" in raw.recv(200):
                return raw
        except BlockingIOError:
            pass
    raise AssertionError("no upgrade")
