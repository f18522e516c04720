"""Live timing benchmark (b): latency passing -> WebSocket clients ((a), ingest throughput, is
bench/ingest.py).

(b) `--latency`: from the POST of a race's passings to the update seen by each WebSocket client
of a real `pitboard ingest` (uvicorn on 127.0.0.1), with 1,000 clients beside 1 client in the
same run, for each way the server writes to its viewers (`--stream`: `asgi`, an ASGI send per
viewer, then `frames`, one prepared frame written to every socket; `pitboard ingest --stream`).
The simulated 48-car race (laps of ~100 s) is replayed --speed times faster than real time (1:
the real race rate), in the simulator's batches (100 ms of race time, one POST each). An update
is matched to its POST by the tower's race clock (`elapsed_ms`). Bounded: --seconds of race
feed a run.

The clients share the machine's 2 cores with the server. By default they are `LeanViewer`s
(the handshake checked, frames parsed and stamped in the transport's callback, on uvloop):
what a thousand phones each do for themselves costs the machine little, so the figure is the
server's. `--client websockets` uses the `websockets` library's asyncio client instead: about
80 µs of Python a message and client, so that 1,000 of them in one process measure mostly
themselves. --processes 2 splits the clients over two processes; --pin puts the server on
CPU 0 and the clients on CPU 1; --per-update prints each update's first, median and last client.
--viewers N serves the clients from N `pitboard serve --follow` processes fed by the writer
through --relay (Redis by default, or nats://…): the scale-out of docs/deployment.md.

    .venv/bin/python bench/live.py --latency [--clients 1000] [--speed 1] [--seconds 40]
                                 [--stream both|asgi|frames] [--client lean|websockets]
                                 [--viewers N [--relay nats://127.0.0.1:4222]]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import functools
import hashlib
import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from pitboard.live.inputs import input_to_json
from pitboard.model import Session, SessionKind
from pitboard.model.passing import SessionStart
from pitboard.sim import RaceSettings, SimulatedRace, simulate_race
from pitboard.sim.outputs import Pacer, batches
from pitboard.store import open_store

TOKEN = "bench-token"
PITBOARD = str(Path(sys.executable).with_name("pitboard"))
CLOCK = '"elapsed_ms": '
TEXT, PING = 0x81, 0x89  # first bytes of a final text frame and of a ping
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
PROCESSES = 1
CONNECT_S = 300  # a bound on connecting the clients (a failing client would hang the run)
LEAN = True  # --client lean: the clients are `LeanViewer`s, not `websockets`
PER_UPDATE = False  # --per-update: each update's first, median and last client
VIEWERS = 0  # --viewers N: the clients on N `pitboard serve --follow` processes, not the writer
RELAY = ""  # --relay: what the viewer processes follow
PIN = False  # --pin: the server on CPU 0, the clients (and the feed) on CPU 1


def prepare(directory: Path, name: str, races: list[SimulatedRace]) -> str:
    path = str(directory / f"{name}.db")
    with open_store(path) as store:
        for index, race in enumerate(races):
            entries = {entry.number: entry for entry in race.entries}
            store.save_session(f"race{index}", Session(SessionKind.RACE, entries))
    return path


def setup_inputs(race: SimulatedRace) -> tuple[list[Any], list[Any]]:
    """The inputs up to the start (transponders, entries, the start), and the race after it."""
    starts = [i for i, item in enumerate(race.inputs) if isinstance(item, SessionStart)]
    return list(race.inputs[: starts[0] + 1]), list(race.inputs[starts[0] + 1 :])


class Writer:
    """A real `pitboard ingest` process on a fresh database, and a keep-alive HTTP client."""

    def __init__(self, directory: Path, race: SimulatedRace, stream: str, relay: str) -> None:
        self.path = prepare(directory, f"latency-{time.monotonic_ns()}", [race])
        self.port = free_port()
        self.channel = f"pitboard.bench.{time.monotonic_ns()}"
        command = [PITBOARD, "ingest", "--db", self.path, "--session", "race0"]
        command += ["--http", f"127.0.0.1:{self.port}", "--token", TOKEN, "--stream", stream]
        if relay:
            command += ["--publish", relay, "--channel", self.channel]
        self.process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
        if PIN:
            os.sched_setaffinity(self.process.pid, {0})
        self.http = connect_http(self.port, lambda status: True)

    def post(self, inputs: list[Any]) -> None:
        body = json.dumps([input_to_json(item) for item in inputs]).encode()
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        self.http.request("POST", "/api/v1/sessions/race0/inputs", body, headers)
        response = self.http.getresponse()
        response.read()
        assert response.status == 200, response.status

    def reconnect(self) -> None:
        self.http.close()
        self.http = connect_http(self.port, lambda status: True)

    @property
    def url(self) -> str:
        return live_url(self.port)

    def stop(self) -> None:
        self.http.close()
        self.process.terminate()
        self.process.wait(30)


class ViewerProcess:
    """A real `pitboard serve --follow` on the writer's database and relay channel."""

    def __init__(self, writer: Writer, relay: str) -> None:
        self.port = free_port()
        command = [PITBOARD, "serve", "--db", writer.path, "--port", str(self.port)]
        command += ["--follow", relay, "--channel", writer.channel]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        if PIN:
            os.sched_setaffinity(self.process.pid, {0})
        connect_http(self.port, lambda status: status == 200).close()  # it has the snapshot

    @property
    def url(self) -> str:
        return live_url(self.port)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def live_url(port: int) -> str:
    return f"ws://127.0.0.1:{port}/api/v1/sessions/race0/live"


def connect_http(port: int, ready: Any) -> http.client.HTTPConnection:
    """A keep-alive connection once GET …/live answers with a status `ready` accepts."""
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/api/v1/sessions/race0/live")
            response = connection.getresponse()
            response.read()
            if ready(response.status):
                return connection
            connection.close()
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"127.0.0.1:{port} did not come up in 60 s")
        time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def viewers(
    urls: list[str], count: int, ready: Any, stop: Any, out: Any, pin: bool, lean: bool
) -> None:
    """A client process: `count` WebSocket clients noting (race clock, monotonic ns) per update."""
    global LEAN
    LEAN = lean
    if pin:
        os.sched_setaffinity(0, {1})
    clients = _lean_viewers if LEAN else _viewers
    out.put(run_loop(clients(urls, count, ready, stop)))


def run_loop(main: Any) -> Any:
    """The clients on uvloop, like the server (uvicorn picks it): both sides as deployed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


class LeanViewer(asyncio.Protocol):
    """A WebSocket client reduced to what the measurement needs, as a phone's browser would do
    it in C: the handshake (RFC 6455 §4, the server's accept key checked), then the server's
    unmasked text frames parsed as they arrive, in the transport's callback, stamped on
    arrival — no task, queue or UTF-8 decoding a message. 1,000 `websockets` clients in one
    Python process spend ~80 µs a message of this 2-core machine; these a few."""

    def __init__(self, path: str, seen: list[tuple[int, int]], opened: list[int]) -> None:
        self.path, self.seen, self.opened = path, seen, opened
        self.buffer = bytearray()
        self.upgraded = False
        self.messages = 0
        self.key = base64.b64encode(os.urandom(16)).decode()

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        transport.write(
            f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {self.key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )

    def accepted(self, head: bytes) -> bool:
        digest = hashlib.sha1((self.key + WEBSOCKET_GUID).encode()).digest()
        answer = f"sec-websocket-accept: {base64.b64encode(digest).decode()}".lower()
        return head.startswith(b"HTTP/1.1 101 ") and answer in head.decode().lower()

    def data_received(self, data: bytes) -> None:
        now = time.monotonic_ns()
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not self.accepted(bytes(self.buffer[:end])):
                raise RuntimeError(f"no WebSocket: {bytes(self.buffer[:end])!r}")
            del self.buffer[: end + 4]
            self.upgraded = True
        while (frame := self._frame()) is not None:
            opcode, payload = frame
            if opcode == PING:  # uvicorn's keep-alive: answer, or it closes the socket
                self.transport.write(pong(payload))
                continue
            if opcode != TEXT:
                raise RuntimeError(f"unexpected frame, opcode {opcode:#x}")
            self.messages += 1
            if self.messages == 1:
                self.opened.append(1)  # the snapshot
                continue
            at = payload.find(CLOCK.encode(), 0, 400)
            if at >= 0:
                clock = payload[at + len(CLOCK) : payload.find(b",", at)]
                self.seen.append((int(clock), now))

    def _frame(self) -> tuple[int, bytes] | None:
        """The next whole frame (FIN set: this stream does not fragment), or None."""
        if len(self.buffer) < 2:
            return None
        size, at = self.buffer[1] & 0x7F, 2
        if size >= 126:
            width = 2 if size == 126 else 8
            if len(self.buffer) < 2 + width:
                return None
            size, at = int.from_bytes(self.buffer[2 : 2 + width], "big"), 2 + width
        if len(self.buffer) < at + size:
            return None
        opcode, payload = self.buffer[0], bytes(self.buffer[at : at + size])
        del self.buffer[: at + size]
        return opcode, payload


def pong(payload: bytes) -> bytes:
    """A client's pong frame: masked, as RFC 6455 §5.3 requires of a client."""
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    return bytes((0x8A, 0x80 | len(payload))) + mask + masked


async def _lean_viewers(
    urls: list[str], count: int, ready: Any, stop: Any
) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    opened: list[int] = []
    loop = asyncio.get_running_loop()
    transports = []
    for index in range(count):
        url = urls[index % len(urls)]  # the clients spread evenly over the web processes
        host, port = url.split("/")[2].split(":")
        path = "/" + url.split("/", 3)[3]
        client = functools.partial(LeanViewer, path, seen, opened)
        made = await loop.create_connection(client, host, int(port))
        transports.append(made[0])
    while len(opened) < count:
        await asyncio.sleep(0.05)
    ready.set()
    while not stop.is_set():
        await asyncio.sleep(0.05)
    for transport in transports:
        transport.close()
    return seen


async def _viewers(urls: list[str], count: int, ready: Any, stop: Any) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    opened: list[int] = []

    async def viewer(url: str) -> None:
        async with connect(url, max_size=None, ping_interval=None, open_timeout=60) as socket_:
            await socket_.recv()  # the snapshot
            opened.append(1)
            async for text in socket_:
                now = time.monotonic_ns()
                if not isinstance(text, str):
                    continue
                at = text.find(CLOCK, 0, 400)
                if at >= 0:
                    seen.append((int(text[at + len(CLOCK) : text.find(",", at)]), now))

    tasks = []
    for index in range(count):
        tasks.append(asyncio.create_task(viewer(urls[index % len(urls)])))
        await asyncio.sleep(0.002)  # do not flood the listen backlog
    while len(opened) < count:
        await asyncio.sleep(0.05)
    ready.set()
    while not stop.is_set():
        await asyncio.sleep(0.05)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return seen


def feed(
    writer: Writer, race: list[Any], start: int, speed: float, seconds: float
) -> dict[int, int]:
    """Post the race batches paced at `speed`; returns race clock (ms) -> POST time (ns)."""
    sent: dict[int, int] = {}
    clock = start
    pacer = Pacer(speed)
    for stamp, batch in batches(race):
        if (stamp - start) / 1e6 > seconds * speed:
            break
        time.sleep(pacer.wait(stamp))
        newest = max([clock, *(getattr(item, "timestamp", 0) or 0 for item in batch)])
        posted = time.monotonic_ns()
        writer.post(batch)
        if newest > clock:  # the update this batch makes carries a new race clock
            sent[(newest - start) // 1000] = posted
        clock = newest
    return sent


def latency_run(
    directory: Path, race: SimulatedRace, stream: str, clients: int, speed: float, seconds: float
) -> tuple[list[float], int]:
    """Latencies (ms) of every (client, update) pair, and the updates posted."""
    before, after = setup_inputs(race)
    writer = Writer(directory, race, stream, RELAY if VIEWERS else "")
    workers: list[Any] = []
    web: list[ViewerProcess] = []
    try:
        writer.post(before)
        start = before[-1].timestamp
        web = [ViewerProcess(writer, RELAY) for _ in range(VIEWERS)]
        urls = [viewer.url for viewer in web] or [writer.url]
        context = multiprocessing.get_context("spawn")
        ready, stop, out = [context.Event() for _ in range(2)], context.Event(), context.Queue()
        shares = [clients // 2 + clients % 2, clients // 2] if clients > 1 else [1]
        shares = [clients] if PROCESSES == 1 else shares
        workers = [
            context.Process(target=viewers, args=(urls, share, flag, stop, out, PIN, LEAN))
            for share, flag in zip(shares, ready, strict=False)
        ]
        for worker in workers:
            worker.start()
        for flag in ready[: len(workers)]:
            if not flag.wait(CONNECT_S):
                raise RuntimeError(f"the clients did not all connect in {CONNECT_S} s")
        writer.reconnect()  # uvicorn closes a keep-alive connection idle for 5 s
        sent = feed(writer, after, start, speed, seconds)
        time.sleep(1.0)  # the last updates reach the clients
        stop.set()
        seen = [pair for _ in workers for pair in out.get()]
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            worker.kill()  # after a failure; the others have ended
        for viewer in web:
            viewer.stop()
        writer.stop()
    if PER_UPDATE:
        print_updates(seen, sent)
    return [(now - sent[clock]) / 1e6 for clock, now in seen if clock in sent], len(sent)


def print_updates(seen: list[tuple[int, int]], sent: dict[int, int]) -> None:
    """Per update: when the first, the median and the last client had it (ms after the POST).
    The first is the writer's own time (HTTP, journal commit, fold); the rest the fan-out's."""
    by_update: dict[int, list[float]] = {}
    for clock, now in seen:
        if clock in sent:
            by_update.setdefault(clock, []).append((now - sent[clock]) / 1e6)
    for clock, values in sorted(by_update.items()):
        values.sort()
        print(
            f"    race clock {clock / 1000:8.3f} s: {len(values):>5} clients, first "
            f"{values[0]:5.1f}, median {values[len(values) // 2]:5.1f}, last {values[-1]:5.1f} ms"
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(streams: list[str], clients: int, speed: float, seconds: float) -> None:
    race = simulate_race(RaceSettings(seed=1, cars=48, minutes=60))
    kind = "lean raw-socket" if LEAN else "websockets"
    print(
        f"latency passing -> WebSocket update, 48 cars, race replayed x{speed:g} for {seconds:g} s"
        f"; {kind} clients in {PROCESSES} process(es){', pinned' if PIN else ''}"
        + (f"; served by {VIEWERS} `serve --follow` processes via {RELAY}" if VIEWERS else "")
    )
    print(
        f"{'stream':>7} {'clients':>8} {'updates':>8} {'seen':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8}"
    )
    with tempfile.TemporaryDirectory() as directory:
        for stream in streams:
            for count in (1, clients):
                values, updates = latency_run(Path(directory), race, stream, count, speed, seconds)
                p50, p99 = percentile(values, 0.50), percentile(values, 0.99)
                print(
                    f"{stream:>7} {count:>8} {updates:>8} {len(values):>9} {p50:>8.1f} "
                    f"{p99:>8.1f} {max(values):>8.1f}",
                    flush=True,
                )
    print("target: p99 <= 50 ms with 1,000 clients")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", action="store_true", help="(b) instead of (a)")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument(
        "--client",
        choices=("lean", "websockets"),
        default="lean",
        help="the clients: LeanViewer (default) or the websockets library's",
    )
    parser.add_argument("--per-update", action="store_true", help="first/median/last per update")
    parser.add_argument(
        "--viewers",
        type=int,
        default=0,
        help="serve the clients from N `pitboard serve --follow` processes (scale-out)",
    )
    parser.add_argument(
        "--relay", default="redis://127.0.0.1:6379", help="redis://… or nats://… for --viewers"
    )
    parser.add_argument("--pin", action="store_true", help="server on CPU 0, clients on CPU 1")
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2), help="of clients")
    parser.add_argument(
        "--stream",
        choices=("frames", "asgi", "both"),
        default="both",
        help="the server's way to write to viewers (pitboard ingest --stream): both, in turn",
    )
    args = parser.parse_args()
    if args.latency:
        global PROCESSES, PIN, LEAN, PER_UPDATE, VIEWERS, RELAY
        PROCESSES, PIN, LEAN = args.processes, args.pin, args.client == "lean"
        PER_UPDATE, VIEWERS, RELAY = args.per_update, args.viewers, args.relay
        if PIN:
            os.sched_setaffinity(0, {1})
        streams = ["asgi", "frames"] if args.stream == "both" else [args.stream]
        latency(streams, args.clients, args.speed, args.seconds)
        return
    parser.error("--latency: this is bench (b); ingest throughput (a) is bench/ingest.py")


if __name__ == "__main__":
    main()
