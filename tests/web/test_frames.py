"""The prepared-frame fan-out: frames a WebSocket client library parses, every viewer served in
order from one frame, a slow viewer skipped and then resynced with a snapshot, and the real
server (uvicorn with `FramesWebSocketProtocol`) streaming to a `websockets` client."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI
from tests.live.test_relay import apply
from tests.live.test_stream_shutdown import free_port
from uvicorn.server import ServerState
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader
from websockets.sync.client import connect

from pitboard.live.fanout import Broadcast
from pitboard.live.ingest import LiveHub
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.outputs import send_http
from pitboard.store import open_store
from pitboard.web.frames import (
    BEHIND_BYTES,
    RESUME_BYTES,
    FrameFanout,
    FrameSocket,
    FramesWebSocketProtocol,
    fanout_of,
    text_frame,
)
from pitboard.web.live_api import router
from pitboard.web.server import server_config


def finish(generator: Any) -> Any:
    """Run one of `websockets`' sans-I/O parsing generators over data already fed."""
    try:
        next(generator)
    except StopIteration as done:
        return done.value
    raise AssertionError("the frame is incomplete")


def frames_of(data: bytes) -> list[Frame]:
    """The frames in `data` as the `websockets` library reads them on a client (unmasked)."""
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    found = []
    while not finish(reader.at_eof()):
        found.append(finish(Frame.parse(reader.read_exact, mask=False)))
    return found


@pytest.mark.parametrize("size", [0, 1, 125, 126, 127, 65_535, 65_536, 200_000])
def test_a_text_frame_of_any_length_is_read_back_by_websockets(size: int) -> None:
    text = ("é" + "x" * size)[:size] if size else ""
    [frame] = frames_of(text_frame(text))
    assert (frame.opcode, frame.fin, frame.data.decode()) == (Opcode.TEXT, True, text)


class FakeTransport:
    """A transport's writes and its flow control: over the high mark of unsent bytes it
    pauses its protocol, at or below the low mark it resumes it (as asyncio's and uvloop's)."""

    def __init__(self, protocol: FramesWebSocketProtocol) -> None:
        self.protocol = protocol
        self.frames: list[bytes] = []
        self.unsent = 0  # what the kernel has not taken: set by the test (`backlog`)
        self.high, self.low = 1 << 16, 1 << 14
        self.paused = self.closing = False

    def write(self, data: bytes) -> None:
        self.frames.append(data)

    def set_write_buffer_limits(self, high: int, low: int) -> None:
        self.high, self.low = high, low

    def backlog(self, unsent: int) -> None:
        self.unsent = unsent
        if unsent > self.high and not self.paused:
            self.paused = True
            self.protocol.pause_writing()
        elif unsent <= self.low and self.paused:
            self.paused = False
            self.protocol.resume_writing()

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default


@pytest.fixture(autouse=True)
def event_loop_of_the_protocol() -> Iterator[asyncio.AbstractEventLoop]:
    """The loop uvicorn's protocol holds (it is never run here): a test that ran `asyncio.run`
    before leaves the main thread with no current loop to take."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()


def viewer() -> tuple[FrameSocket, FakeTransport]:
    """A viewer on pitboard's real protocol class over a fake transport, as uvicorn makes it
    (the handshake aside): the protocol tells its `FrameSocket` when it pauses or closes."""
    config = uvicorn.Config(app=FastAPI(), ws=FramesWebSocketProtocol)
    config.load()
    protocol = FramesWebSocketProtocol(config, ServerState(), {})
    transport = FakeTransport(protocol)
    protocol.connection_made(transport)  # type: ignore[arg-type]
    protocol.frame_socket = FrameSocket(protocol)  # as `run_asgi` does
    return protocol.frame_socket, transport


def texts(transport: FakeTransport) -> list[str]:
    """Every frame written, each write parsed as the frames it holds."""
    return [frame.data.decode() for write in transport.frames for frame in frames_of(write)]


class Turns:
    """Stands for the event loop: what the fan-out schedules runs at `end_of_turn`."""

    def __init__(self) -> None:
        self.scheduled: list[Any] = []

    def __call__(self, flush: Any) -> None:
        self.scheduled.append(flush)

    def end_of_turn(self) -> None:
        scheduled, self.scheduled = self.scheduled, []
        for flush in scheduled:
            flush()


def test_every_viewer_gets_the_snapshot_then_each_change_in_one_write_a_turn() -> None:
    state = {"laps": 0}
    broadcast = Broadcast(lambda: {"type": "snapshot", **state})
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    (one, first), (two, second) = viewer(), viewer()
    fanout.join(one)
    fanout.join(two)
    for laps in (1, 2):
        state["laps"] = laps
        broadcast.publish({"type": "issue", "laps": laps})
        broadcast.publish({"type": "changes", "laps": laps})
        assert len(first.frames) == laps  # nothing written before the turn ends
        turns.end_of_turn()
    expected = ['{"type": "snapshot", "laps": 0}'] + [
        f'{{"type": "{kind}", "laps": {laps}}}' for laps in (1, 2) for kind in ("issue", "changes")
    ]
    assert texts(first) == texts(second) == expected
    assert len(first.frames) == 3  # the snapshot, then one write a turn
    assert first.frames[1] is second.frames[1]  # the same bytes object: built once
    assert broadcast.subscribers == 2


def test_an_update_the_publisher_completes_is_written_at_once_in_one_write() -> None:
    """`Broadcast.flush` (the writer's, before its HTTP response): the update's messages go out
    together now, not at the end of the turn; the turn's own flush then finds nothing to do."""
    broadcast = Broadcast(lambda: {"type": "snapshot"})
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    one, transport = viewer()
    fanout.join(one)
    broadcast.publish({"type": "issue", "n": 1})
    broadcast.publish({"type": "changes", "n": 1})
    assert len(transport.frames) == 1  # the snapshot only: the update is not complete yet
    broadcast.flush()
    assert len(transport.frames) == 2  # the update, in one write, before the turn ended
    turns.end_of_turn()
    assert texts(transport) == [
        '{"type": "snapshot"}',
        '{"type": "issue", "n": 1}',
        '{"type": "changes", "n": 1}',
    ]


def test_the_writer_flushes_each_update_it_publishes() -> None:
    """`Ingest.publish` ends an update with `Broadcast.flush`: a sink's viewers have it when
    `submit` returns, before the route answers the POST."""
    race = simulate_race(RaceSettings(seed=3, cars=3, minutes=3, noise=False))
    with open_store(":memory:") as store:
        store.save_session("r", Session(SessionKind.RACE, {e.number: e for e in race.entries}))
        ingest = LiveHub(store).writer("r")
        turns = Turns()
        fanout = FrameFanout(ingest.broadcast, turns)
        one, transport = viewer()
        fanout.join(one)
        ingest.submit(race.inputs[:20])
        ingest.submit(race.inputs[20:40])
        assert len(transport.frames) == 3  # the snapshot, then each update: no turn ended
        assert [json.loads(text)["type"] for text in texts(transport)][-1] == "changes"
        assert turns.scheduled  # the end of the turn would flush too, finding nothing


def test_a_viewer_joining_mid_turn_gets_the_snapshot_and_nothing_it_already_has() -> None:
    state = {"laps": 0}
    broadcast = Broadcast(lambda: {"type": "snapshot", **state})
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    (early, early_transport), (late, late_transport) = viewer(), viewer()
    fanout.join(early)
    state["laps"] = 1
    broadcast.publish({"type": "changes", "laps": 1})
    fanout.join(late)
    turns.end_of_turn()
    assert texts(early_transport) == [
        '{"type": "snapshot", "laps": 0}',
        '{"type": "changes", "laps": 1}',
    ]
    assert texts(late_transport) == ['{"type": "snapshot", "laps": 1}']


def test_a_slow_viewer_is_skipped_then_resynced_and_the_others_go_on() -> None:
    state = {"laps": 0}
    made = []

    def snapshot() -> dict[str, Any]:
        made.append(state["laps"])
        return {"type": "snapshot", **state}

    broadcast = Broadcast(snapshot)
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    sockets = [viewer() for _ in range(3)]
    for socket, _ in sockets:
        fanout.join(socket)
    (_, fast), (_, slow), (_, also_slow) = sockets

    def publish(laps: int) -> None:
        state["laps"] = laps
        broadcast.publish({"type": "changes", "laps": laps})
        turns.end_of_turn()

    assert (slow.high, slow.low) == (BEHIND_BYTES, RESUME_BYTES)  # set by the fan-out
    for transport in (slow, also_slow):
        transport.backlog(BEHIND_BYTES + 1)  # their phones stopped reading
    publish(1)
    publish(2)
    for transport in (slow, also_slow):
        transport.backlog(RESUME_BYTES)  # drained enough
    publish(3)
    publish(4)
    assert texts(fast) == ['{"type": "snapshot", "laps": 0}'] + [
        f'{{"type": "changes", "laps": {laps}}}' for laps in (1, 2, 3, 4)
    ]
    expected_slow = [
        '{"type": "snapshot", "laps": 0}',
        '{"type": "snapshot", "laps": 3}',  # the state after change 3, instead of 1, 2 and 3
        '{"type": "changes", "laps": 4}',
    ]
    assert texts(slow) == texts(also_slow) == expected_slow
    assert made == [0, 3]  # one snapshot for both viewers catching up at the same change
    assert [socket.resyncs for socket, _ in sockets] == [0, 1, 1]


def test_a_viewer_that_left_or_closed_is_written_no_more() -> None:
    broadcast = Broadcast(lambda: {"type": "snapshot"})
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    (gone, gone_transport), (closing, closing_transport) = viewer(), viewer()
    (lost, lost_transport), (shut, shut_transport) = viewer(), viewer()
    for socket in (gone, closing, lost, shut):
        fanout.join(socket)
    fanout.leave(gone)
    fanout.leave(gone)  # twice: counted out once
    closing._protocol.close_sent = True  # e.g. uvicorn's ping timed out
    lost._protocol.connection_lost(None)
    shut._protocol.shutdown()  # the server stops: a close frame, then no more
    broadcast.publish({"type": "changes"})
    turns.end_of_turn()
    assert len(gone_transport.frames) == len(closing_transport.frames) == 1  # the snapshots
    assert len(lost_transport.frames) == 1
    assert len(shut_transport.frames) == 2  # the snapshot and shutdown's goodbye
    assert (len(fanout), broadcast.subscribers) == (3, 3)


def test_a_viewer_that_falls_behind_while_closing_gets_no_snapshot() -> None:
    broadcast = Broadcast(lambda: {"type": "snapshot"})
    turns = Turns()
    fanout = FrameFanout(broadcast, turns)
    socket, transport = viewer()
    fanout.join(socket)
    transport.backlog(BEHIND_BYTES + 1)
    transport.backlog(0)  # drained: owed a snapshot …
    socket._protocol.close_sent = True  # … but closed first
    broadcast.publish({"type": "changes"})
    turns.end_of_turn()
    assert len(transport.frames) == 1
    assert socket.resyncs == 0


RACE = simulate_race(RaceSettings(seed=5, cars=6, minutes=5, noise=False))


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    store = open_store(str(tmp_path / "live.db"))
    store.save_session("r1", Session(SessionKind.RACE, {e.number: e for e in RACE.entries}))
    app = FastAPI()
    app.state.store, app.state.live, app.state.live_token = store, LiveHub(store), "t"
    app.include_router(router)
    port = free_port()
    server = uvicorn.Server(server_config(app, "127.0.0.1", port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:  # start-up, not a timing
        time.sleep(0.02)
    yield f"127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(20)
    app.state.live.close()
    store.close()


def test_the_real_server_streams_frames_that_rebuild_the_writers_tower(
    served: tuple[str, Any],
) -> None:
    """A `websockets` client of the protocol `pitboard serve` runs: the snapshot, then changes
    (or, if it fell behind while the race was posted flat out, a fresh snapshot) that bring it
    to the tower the writer serves at the end."""
    address, app = served
    with connect(f"ws://{address}/api/v1/sessions/r1/live", max_size=None) as client:
        tower = apply({}, json.loads(client.recv(timeout=20)))
        assert len(fanout_of(app.state.live.get("r1").broadcast)) == 1  # the fast path
        send_http(RACE, f"http://{address}", "r1", "t", speed=0)
        with urllib.request.urlopen(f"http://{address}/api/v1/sessions/r1/live") as response:
            final = json.loads(response.read())
        messages = 0
        while tower != final:
            tower = apply(tower, json.loads(client.recv(timeout=20)))
            messages += 1
    assert len(final["rows"]) == len(RACE.entries)
    assert messages > 10
