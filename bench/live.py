"""Live timing benchmark (b): latency passing -> WebSocket clients ((a), ingest throughput, is
bench/ingest.py).

(b) `--latency`: from the POST of a race's passings to the update seen by the last of 1,000
WebSocket clients of a real `pitboard ingest` (uvicorn on 127.0.0.1, uvloop), across a whole
simulated 24-hour, 62-car race. One writer runs the whole race; race time is fast-forwarded
between the measured windows (the inputs up to a window posted as fast as the writer takes them,
5,000 a POST, with no client connected), then each window is measured at the real race rate
(--speed 1), in the simulator's batches (100 ms of race time, one POST each): first --seconds
of race with 1 client (the baseline, in the same run), then the next --seconds with --clients
clients, each set connected for its stretch only. A window ends at 1 h, 6 h, 12 h and 24 h of
race time (--windows). An update is matched to its POST by the tower's race clock
(`elapsed_ms`); the latency is counted for every (client, update) pair.

The clients share the machine's 2 cores with the server. By default they are `LeanViewer`s
(the handshake checked, frames parsed and stamped in the transport's callback, on uvloop):
what a thousand phones each do for themselves costs the machine little, so the figure is the
server's. `--client websockets` uses the `websockets` library's asyncio client instead: about
80 µs of Python a message and client, so that 1,000 of them in one process measure mostly
themselves. The client processes run under SCHED_BATCH (--client-sched normal: not), so that
a client woken by its data does not preempt the server in the middle of its pass over the
sockets, as a phone elsewhere never would; their CPU still counts. --processes 2 splits the
clients over two processes; --pin puts the server on CPU 0 and the clients on CPU 1;
--per-update prints each update's first, median and last client.
--viewers N serves the clients from N `pitboard serve --follow` processes fed by the writer
through --relay (Redis by default, or nats://…; several, comma-separated, run in turn): the
scale-out of docs/deployment.md. --trace stamps the writer's steps per update (request in,
journal committed, fold and tower, fan-out start and end) and prints where the time goes.
--docs writes the table into docs/benchmarks-live.md (block `latency`, `latency-relay` with
--viewers, or only the steps, `latency-trace`, with --trace).

The bound, in the same run: after each window's stretch with the clients, the same number of
clients (same kind, process and scheduling) connect to a bare fan-out (`BareFanout`: a
minimal asyncio WebSocket server on uvloop with no pitboard in it, one process a viewer
process under --viewers), which replays that stretch's updates at the times they were posted,
each as one prepared frame of the update's size (the bytes its frames had, as the clients
measured them: the *bytes* column). Its latency runs from the start of its pass over the
sockets to the client's arrival stamp: what no writer can beat on this machine. If its p99 to
the last client is over 10 ms the run says so. --no-bare leaves it out. --bare-sizes 64,300,…
[--bare-writes transport,os] runs only the bare fan-out, interleaving frame sizes and ways of
writing (uvloop's `transport.write`, or `os.write` on the descriptor), to compare them.

    .venv/bin/python bench/live.py --latency [--clients 1000] [--cars 62] [--hours 24]
                                 [--windows 1,6,12,24] [--seconds 25] [--speed 1]
                                 [--stream frames|asgi] [--client lean|websockets]
                                 [--viewers N [--relay redis://…,nats://…]] [--trace] [--docs]
                                 [--no-bare | --bare-sizes 64,300,3000 [--bare-writes …]]
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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.client import connect

from pitboard.live.inputs import input_to_json
from pitboard.model import Session, SessionKind
from pitboard.model.passing import SessionStart
from pitboard.sim import RaceSettings, SimulatedRace, simulate_race
from pitboard.sim.outputs import Pacer, batches
from pitboard.store import open_store

try:
    from bench.docs_block import write_block
except ImportError:  # run as a script: bench/ is the script's directory
    from docs_block import write_block  # type: ignore[no-redef,import-not-found]

TOKEN = "bench-token"
PITBOARD = str(Path(sys.executable).with_name("pitboard"))
CLOCK = '"elapsed_ms": '
CLOCK_BYTES = CLOCK.encode()
TEXT, PING = 0x81, 0x89  # first bytes of a final text frame and of a ping
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455 §1.3
PROCESSES = 1
CONNECT_S = 300  # a bound on connecting the clients (a failing client would hang the run)
LEAN = True  # --client lean: the clients are `LeanViewer`s, not `websockets`
PER_UPDATE = False  # --per-update: each update's first, median and last client
VIEWERS = 0  # --viewers N: the clients on N `pitboard serve --follow` processes, not the writer
RELAYS = ["redis://127.0.0.1:6379"]  # --relay: what the viewer processes follow, in turn
PIN = False  # --pin: the server on CPU 0, the clients (and the feed) on CPU 1
SPEED = 1.0  # --speed: race time a second of wall time in the measured stretches
STREAM = "frames"  # --stream: how the writer writes to its viewers
TRACE_DIR: Path | None = None  # --trace: where the writer's steps are written
DOCS = False  # --docs: the table into docs/benchmarks-live.md
BATCH_CLIENTS = True  # the client processes under SCHED_BATCH (--client-sched normal: not)
BARE = True  # a bare fan-out row beside each window's (--no-bare: not)
T = TypeVar("T")
Seen = list[tuple[int, int, int]]  # (race clock, arrival ns, bytes of the update) a client saw


def prepare(directory: Path, name: str, races: list[SimulatedRace]) -> str:
    path = str(directory / f"{name}.db")
    with open_store(path) as store:
        for index, race in enumerate(races):
            entries = {entry.number: entry for entry in race.entries}
            store.save_session(f"race{index}", Session(SessionKind.RACE, entries))
    return path


HOUR_US = 3_600_000_000
FAST_FORWARD_BATCH = 5_000  # inputs a POST while fast-forwarding (MAX_BATCH is 10,000)


def setup_inputs(race: SimulatedRace) -> tuple[list[Any], list[Any]]:
    """The inputs up to the start (transponders, entries, the start), and the race after it."""
    starts = [i for i, item in enumerate(race.inputs) if isinstance(item, SessionStart)]
    return list(race.inputs[: starts[0] + 1]), list(race.inputs[starts[0] + 1 :])


def index_at(inputs: list[Any], at_us: int, after: int = 0) -> int:
    """The index of the first input (from `after`) stamped at or after `at_us` (decoder time)."""
    for index in range(after, len(inputs)):
        if (getattr(inputs[index], "timestamp", None) or 0) >= at_us:
            return index
    return len(inputs)


class Writer:
    """A real `pitboard ingest` process on a fresh database, and a keep-alive HTTP client.
    With `trace`, the same command under `bench/trace_writer.py`, which stamps its steps."""

    def __init__(
        self, directory: Path, race: SimulatedRace, stream: str, relay: str, trace: str = ""
    ) -> None:
        self.path = prepare(directory, f"latency-{time.monotonic_ns()}", [race])
        self.port = free_port()
        self.channel = f"pitboard.bench.{time.monotonic_ns()}"
        command = [PITBOARD, "ingest", "--db", self.path, "--session", "race0"]
        command += ["--http", f"127.0.0.1:{self.port}", "--token", TOKEN, "--stream", stream]
        if relay:
            command += ["--publish", relay, "--channel", self.channel]
        if trace:
            tracer = str(Path(__file__).with_name("trace_writer.py"))
            command = [sys.executable, tracer, trace, *command[1:]]
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


def idle_posts(count: int = 40) -> str:
    """What the machine itself adds to a POST: the round trip of a no-op POST of one passing to
    the lean path's no-op server (`bench/ingest.py --serve-noop`: `pitboard ingest`'s server
    configuration, no write), back to back and then paced as the race posts (one a 100 ms batch),
    measured once in the run, before the windows. Paced, the processes sleep between requests,
    and waking them costs what the machine's idle state and its host make it cost."""
    port = free_port()
    noop = [sys.executable, str(Path(__file__).with_name("ingest.py")), "--serve-noop", str(port)]
    server = subprocess.Popen(noop, stderr=subprocess.DEVNULL)
    try:
        http = connect_http(port, lambda status: True)
        body = json.dumps([{"loop": "finish", "timestamp_us": 1, "transponder": "1"}]).encode()
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        trips: dict[float, list[float]] = {}
        for gap in (0.0, 1 / SPEED / 10):
            trips[gap] = []
            for _ in range(count):
                time.sleep(gap)
                began = time.perf_counter()
                http.request("POST", "/api/v1/sessions/race0/passings", body, headers)
                response = http.getresponse()
                response.read()
                assert response.status == 200, response.status
                trips[gap].append((time.perf_counter() - began) * 1e3)
        http.close()
    finally:
        server.terminate()
        server.wait()
    (_, busy), (gap, paced) = trips.items()
    return (
        f"A no-op POST (`idle_posts`, same run): round trip {percentile(busy, 0.5):.2f} ms "
        f"(p50; p90 {percentile(busy, 0.9):.2f}) back to back, {percentile(paced, 0.5):.2f} ms "
        f"(p90 {percentile(paced, 0.9):.2f}) one every {gap * 1e3:.0f} ms as the race posts: "
        "what waking the idle processes costs on this machine before any writer's work."
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def viewers(
    urls: list[str], count: int, ready: Any, stop: Any, out: Any, pin: bool, lean: bool, batch: bool
) -> None:
    """A client process: `count` WebSocket clients noting (race clock, monotonic ns) per update."""
    global LEAN, BATCH_CLIENTS
    LEAN, BATCH_CLIENTS = lean, batch
    if pin:
        os.sched_setaffinity(0, {1})
    if BATCH_CLIENTS:  # no wake-up preemption: a read does not take the core from the server
        os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
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

    def __init__(self, path: str, seen: Seen, opened: list[int]) -> None:
        self.path, self.seen, self.opened = path, seen, opened
        self.buffer = bytearray()
        self.upgraded = False
        self.messages = 0
        self.unstamped = 0  # bytes of this update's frames before the one with the clock
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
        if self.buffer or not self.upgraded:  # the handshake, or the rest of a frame
            self.buffer += data
            if not self.upgraded:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                if not self.accepted(bytes(self.buffer[:end])):
                    raise RuntimeError(f"no WebSocket: {bytes(self.buffer[:end])!r}")
                del self.buffer[: end + 4]
                self.upgraded = True
            data = bytes(self.buffer)
            self.buffer.clear()
        at, end = 0, len(data)  # the frames are read in place: no copy of a payload
        while at < end:
            frame = frame_at(data, at)
            if frame is None:
                self.buffer += data[at:]  # a frame's start: the rest comes next
                return
            frame_start = at
            opcode, start, at = frame
            if opcode == PING:  # uvicorn's keep-alive: answer, or it closes the socket
                self.transport.write(pong(data[start:at]))
                continue
            if opcode != TEXT:
                raise RuntimeError(f"unexpected frame, opcode {opcode:#x}")
            self.messages += 1
            if self.messages == 1:
                self.opened.append(1)  # the snapshot
                continue
            found = data.find(CLOCK_BYTES, start, min(at, start + 400))
            if found < 0:  # an update's `issues`: its bytes count with its changes
                self.unstamped += at - frame_start
                continue
            found += len(CLOCK_BYTES)
            size, self.unstamped = self.unstamped + at - frame_start, 0
            self.seen.append((int(data[found : data.find(b",", found)]), now, size))


def frame_at(data: bytes, at: int) -> tuple[int, int, int] | None:
    """The whole frame starting at `at` (FIN set: this stream does not fragment) as (first
    byte, payload start, payload end), or None when `data` holds only part of it."""
    end = len(data)
    if end - at < 2:
        return None
    size, head = data[at + 1] & 0x7F, at + 2
    if size >= 126:
        width = 2 if size == 126 else 8
        if end < head + width:
            return None
        size, head = int.from_bytes(data[head : head + width], "big"), head + width
    if end < head + size:
        return None
    return data[at], head, head + size


def pong(payload: bytes) -> bytes:
    """A client's pong frame: masked, as RFC 6455 §5.3 requires of a client."""
    mask = os.urandom(4)
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    return bytes((0x8A, 0x80 | len(payload))) + mask + masked


async def _lean_viewers(urls: list[str], count: int, ready: Any, stop: Any) -> tuple[Seen, float]:
    seen: Seen = []
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
    cpu = time.process_time()
    while not stop.is_set():
        await asyncio.sleep(0.05)
    cpu = time.process_time() - cpu
    for transport in transports:
        transport.close()
    return seen, cpu


async def _viewers(urls: list[str], count: int, ready: Any, stop: Any) -> tuple[Seen, float]:
    seen: Seen = []
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
                if at >= 0:  # JSON's text is ASCII: its length is its bytes
                    seen.append((int(text[at + len(CLOCK) : text.find(",", at)]), now, len(text)))

    tasks = []
    for index in range(count):
        tasks.append(asyncio.create_task(viewer(urls[index % len(urls)])))
        await asyncio.sleep(0.002)  # do not flood the listen backlog
    while len(opened) < count:
        await asyncio.sleep(0.05)
    ready.set()
    cpu = time.process_time()
    while not stop.is_set():
        await asyncio.sleep(0.05)
    cpu = time.process_time() - cpu
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return seen, cpu


def feed(writer: Writer, inputs: list[Any], start: int, clock: int) -> tuple[dict[int, int], int]:
    """Post the inputs in the race's batches paced at SPEED; returns race clock (ms) -> POST
    time (ns) of each batch that makes an update with a new race clock, and the newest stamp."""
    sent: dict[int, int] = {}
    pacer = Pacer(SPEED)
    for stamp, batch in batches(inputs):
        time.sleep(pacer.wait(stamp))
        newest = max([clock, *(getattr(item, "timestamp", 0) or 0 for item in batch)])
        posted = time.monotonic_ns()
        writer.post(batch)
        if newest > clock:  # the update this batch makes carries a new race clock
            sent[(newest - start) // 1000] = posted
        clock = newest
    return sent, clock


def fast_forward(writer: Writer, inputs: list[Any], clock: int) -> int:
    """Post the inputs as fast as the writer takes them, in big batches (no client connected);
    returns the newest stamp."""
    for at in range(0, len(inputs), FAST_FORWARD_BATCH):
        writer.post(inputs[at : at + FAST_FORWARD_BATCH])
    stamps = [getattr(item, "timestamp", 0) or 0 for item in inputs]
    return max([clock, *stamps])


def measure(urls: list[str], clients: int, send: Callable[[], T]) -> tuple[T, Seen, float]:
    """`clients` connect, `send` runs (posts, or triggers the bare fan-out), the clients
    leave: what `send` returned, every (race clock, arrival ns, bytes) the clients saw, and
    the client processes' CPU seconds meanwhile."""
    context = multiprocessing.get_context("spawn")
    ready, stop, out = [context.Event() for _ in range(2)], context.Event(), context.Queue()
    shares = [clients // 2 + clients % 2, clients // 2] if clients > 1 else [1]
    shares = [clients] if PROCESSES == 1 else shares
    workers = [
        context.Process(
            target=viewers, args=(urls, share, flag, stop, out, PIN, LEAN, BATCH_CLIENTS)
        )
        for share, flag in zip(shares, ready, strict=False)
    ]
    try:
        for worker in workers:
            worker.start()
        for flag in ready[: len(workers)]:
            if not flag.wait(CONNECT_S):
                raise RuntimeError(f"the clients did not all connect in {CONNECT_S} s")
        result = send()
        time.sleep(1.0)  # the last updates reach the clients
        stop.set()
        results = [out.get() for _ in workers]
        seen = [pair for result in results for pair in result[0]]
        cpu = sum(result[1] for result in results)
        for worker in workers:
            worker.join()
    finally:
        for worker in workers:
            worker.kill()  # after a failure; the others have ended
    return result, seen, cpu


class BareFanout:
    """The bound (`--latency`'s *bare* rows): a minimal WebSocket server with no pitboard in
    it — asyncio on uvloop, the RFC 6455 handshake, then each trigger's prepared frame written
    to every socket in one pass, one `transport.write` a socket (`bare_server`, its own
    process, pinned like the writer under --pin). The bench replays a measured stretch's
    updates through it to the same clients: the same times, each with a frame of that
    update's size (its race clock where the clients look for it, then padding). An update's
    latency runs from the server's clock just before its pass (sent back on the trigger's
    connection) to a client's arrival stamp: the fan-out alone, which no writer can beat."""

    def __init__(self, processes: int = 1) -> None:
        context = multiprocessing.get_context("spawn")
        ports = context.Queue()
        self.processes = [
            context.Process(target=bare_server, args=(ports,), daemon=True)
            for _ in range(processes)
        ]
        self.urls: list[str] = []
        self.controls: list[socket.socket] = []
        for process in self.processes:
            process.start()
            web, control = ports.get(timeout=60)
            if PIN and process.pid is not None:
                os.sched_setaffinity(process.pid, {0})
            self.urls.append(f"ws://127.0.0.1:{web}/bare")
            self.controls.append(socket.create_connection(("127.0.0.1", control)))
        self.replies = [control.makefile("rb") for control in self.controls]
        self.passes: list[float] = []  # µs a socket of each pass over the sockets

    def send(self, clock: int, size: int, how: str = "transport") -> int:
        """Write a frame of `size` bytes carrying `clock` to every client: when the first pass
        (of the processes') began. Each pass's µs a socket goes to `passes`. `how`: each
        socket's `transport.write` (uvloop), or `os` (`os.write` on its descriptor)."""
        for control in self.controls:
            control.sendall(f"{clock} {size} {how}\n".encode())
        passes = [[int(word) for word in replies.readline().split()] for replies in self.replies]
        for began, ended, sockets in passes:
            if sockets:
                self.passes.append((ended - began) / 1e3 / sockets)
        return min(began for began, _, _ in passes)

    def replay(self, stretch: Stretch) -> dict[int, int]:
        """`stretch`'s updates, at the times they were posted, each of its size."""
        began = time.monotonic_ns()
        first = min(stretch.sent.values(), default=0)
        sent = {}
        for clock, posted in sorted(stretch.sent.items(), key=lambda item: item[1]):
            size = stretch.sizes.get(clock)
            if size is None:  # no client saw it: nothing to match it by
                continue
            wait = (posted - first) - (time.monotonic_ns() - began)
            if wait > 0:
                time.sleep(wait / 1e9)
            sent[clock] = self.send(clock, size)
        return sent

    def stop(self) -> None:
        for replies, control in zip(self.replies, self.controls, strict=True):
            replies.close()
            control.close()
        for process in self.processes:
            process.kill()
            process.join(10)


def bare_frame(clock: int, size: int) -> bytes:
    """An unmasked text frame of `size` bytes in all whose JSON carries `clock` as a tower's
    `elapsed_ms`, padded to the size: at least its head and the clock, and not less than the
    smallest frame of the next length encoding where `size` falls between (130 bytes for 128
    or 129: a payload of 126 bytes or more takes a 2-byte length; 65,546 for 65,540–65,545)."""
    text = f'{{"type": "changes", {CLOCK}{clock}, "pad": "'
    least = len(text) + 2
    if size - 2 < 126:
        payload_size = max(least, size - 2)
    elif size - 4 < 1 << 16:
        payload_size = max(least, 126, size - 4)
    else:
        payload_size = max(1 << 16, size - 10)
    payload = (text + "x" * (payload_size - least) + '"}').encode()
    return text_frame_head(len(payload)) + payload


def text_frame_head(size: int) -> bytes:
    """A final text frame's head for an unmasked payload of `size` bytes (RFC 6455 §5.2)."""
    if size < 126:
        return bytes((TEXT, size))
    if size < 1 << 16:
        return bytes((TEXT, 126)) + size.to_bytes(2, "big")
    return bytes((TEXT, 127)) + size.to_bytes(8, "big")


class BareSocket(asyncio.Protocol):
    """One client of the bare server: the handshake answered, then only written to."""

    def __init__(self, sockets: dict[Any, None]) -> None:
        self.sockets, self.head = sockets, b""

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if self.transport in self.sockets:
            return  # pongs and the like
        self.head += data
        if b"\r\n\r\n" not in self.head:
            return
        lines = self.head.decode("latin-1").split("\r\n")
        key = next(
            line.split(":", 1)[1].strip()
            for line in lines
            if line.lower().startswith("sec-websocket-key:")
        )
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest())
        self.transport.write(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n"
        )
        self.transport.write(bare_frame(0, 64))  # the snapshot every client waits for
        self.sockets[self.transport] = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.sockets.pop(self.transport, None)


def bare_server(ports: Any) -> None:
    """The bare fan-out's process: the WebSocket listener, and the trigger's (`BareFanout`)."""

    async def serve() -> None:
        sockets: dict[Any, None] = {}
        loop = asyncio.get_running_loop()
        web = await loop.create_server(lambda: BareSocket(sockets), "127.0.0.1", 0, backlog=4096)
        done = asyncio.Event()

        async def control(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            while line := await reader.readline():
                clock, size, how = line.split()
                frame = bare_frame(int(clock), int(size))
                if how == b"os":
                    raw = [(t, t.get_extra_info("socket").fileno()) for t in sockets]
                began = time.monotonic_ns()
                if how == b"os":
                    for transport, fd in raw:
                        raw_write(transport, fd, frame)
                else:
                    for transport in sockets:
                        transport.write(frame)
                writer.write(b"%d %d %d\n" % (began, time.monotonic_ns(), len(sockets)))
            done.set()

        triggers = await asyncio.start_server(control, "127.0.0.1", 0)
        ports.put((web.sockets[0].getsockname()[1], triggers.sockets[0].getsockname()[1]))
        await done.wait()

    run_loop(serve())


def raw_write(transport: Any, fd: int, frame: bytes) -> None:
    """`os.write` on the socket itself, what the kernel does not take through the transport
    (whose buffer is empty here: this server writes nothing else after the handshake)."""
    try:
        sent = os.write(fd, frame)
    except BlockingIOError:
        sent = 0
    if sent < len(frame):
        transport.write(frame[sent:])


def bare_variants(clients: int, sizes: list[int], writes: list[str], updates: int) -> None:
    """`--bare-sizes`: only the bare fan-out, to `clients` lean clients, `updates` frames of
    each (size, way of writing) in turn, 10 a second: what the frame's size and the way of
    writing cost the pass and the last client, compared in one run."""
    variants = [(size, how) for size in sizes for how in writes]
    bare = BareFanout(1)
    made: dict[int, tuple[int, str, float]] = {}

    def send() -> dict[int, int]:
        sent = {}
        for clock in range(1, updates * len(variants) + 1):
            size, how = variants[clock % len(variants)]
            sent[clock] = bare.send(clock, size, how)
            made[clock] = (size, how, bare.passes[-1])
            time.sleep(0.1)
        return sent

    try:
        sent, seen, _ = measure(bare.urls, clients, send)
    finally:
        bare.stop()
    last: dict[int, float] = {}
    for clock, now, _ in seen:
        last[clock] = max(last.get(clock, 0.0), (now - sent[clock]) / 1e6)
    print(f"bare fan-out to {clients:,} lean clients, {updates} updates a variant, interleaved")
    head = f"{'pass µs/socket':>15} {'last p50 ms':>12} {'last p99 ms':>12}"
    print(f"{'bytes':>7} {'write':>9} {head}")
    for size, how in variants:
        mine = [clock for clock in last if made[clock][:2] == (size, how)]
        passes = [made[clock][2] for clock in mine]
        lasts = [last[clock] for clock in mine]
        print(
            f"{size:>7,} {how:>9} {percentile(passes, 0.5):>15.1f} "
            f"{percentile(lasts, 0.5):>12.1f} {percentile(lasts, 0.99):>12.1f}"
        )
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


@dataclass
class Stretch:
    """One measured stretch of race: a window's clients, and the latencies they saw."""

    hours: int
    begins_ms: int  # race time of its first input
    clients: int
    updates: int
    latencies: list[float]  # ms, one a (client, update) pair
    first: list[float] = field(default_factory=list)  # ms to each update's first client
    last: list[float] = field(default_factory=list)  # and to its last
    sent: dict[int, int] = field(default_factory=dict)  # race clock (ms) -> POST time (ns)
    client_cpu: float = 0.0  # seconds of CPU the client processes took meanwhile
    sizes: dict[int, int] = field(default_factory=dict)  # race clock -> bytes of the update
    bare: bool = False  # the bare fan-out (`BareFanout`), not pitboard
    passes: list[float] = field(default_factory=list)  # bare: µs a socket of each pass


def stretch_of(
    hours: int, begins_ms: int, clients: int, sent: dict[int, int], seen: Seen
) -> Stretch:
    by_update: dict[int, list[float]] = {}
    for clock, now, _ in seen:
        if clock in sent:
            by_update.setdefault(clock, []).append((now - sent[clock]) / 1e6)
    latencies = [value for values in by_update.values() for value in values]
    complete = [values for values in by_update.values()]
    return Stretch(
        hours,
        begins_ms,
        clients,
        len(sent),
        latencies,
        [min(values) for values in complete],
        [max(values) for values in complete],
        sent,
        sizes={clock: size for clock, _, size in seen if clock in sent},
    )


def print_updates(seen: Seen, sent: dict[int, int]) -> None:
    """Per update: when the first, the median and the last client had it (ms after the POST).
    The first is the writer's own time (HTTP, journal commit, fold); the rest the fan-out's."""
    by_update: dict[int, list[float]] = {}
    for clock, now, _ in seen:
        if clock in sent:
            by_update.setdefault(clock, []).append((now - sent[clock]) / 1e6)
    for clock, values in sorted(by_update.items()):
        values.sort()
        print(
            f"    race clock {clock / 1000:9.3f} s: {len(values):>5} clients, first "
            f"{values[0]:5.1f}, median {values[len(values) // 2]:5.1f}, last {values[-1]:5.1f} ms"
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Window:
    """The `seconds` x 2 of race ending `hours` into it: reached by a fast-forward, then
    measured with 1 client and with the clients, in turn."""

    def __init__(
        self,
        writer: Writer,
        urls: list[str],
        race: list[Any],
        start: int,
        hours: int,
        seconds: float,
    ) -> None:
        self.writer, self.urls, self.race, self.start, self.hours = writer, urls, race, start, hours
        self.ends = start + hours * HOUR_US
        self.length = int(seconds * 1e6)

    def fast_forward(self, at: int, clock: int) -> tuple[int, int]:
        skip = index_at(self.race, self.ends - 2 * self.length, at)
        began = time.monotonic()
        self.writer.reconnect()
        clock = fast_forward(self.writer, self.race[at:skip], clock)
        print(
            f"  {self.hours:>2} h: fast-forward {skip - at:,} inputs in "
            f"{time.monotonic() - began:.1f} s",
            flush=True,
        )
        return skip, clock

    def measure(self, clients: int, at: int, clock: int) -> tuple[Stretch, int, int]:
        """`clients` for the next stretch (the first, with 1; the second, with more)."""
        stretch_ends = self.ends - (self.length if clients == 1 else 0)
        until = index_at(self.race, stretch_ends, at)
        begins = stretch_ends - self.length - self.start
        inputs = self.race[at:until]

        def post() -> tuple[dict[int, int], int]:
            self.writer.reconnect()  # uvicorn closes a keep-alive connection idle for 5 s
            return feed(self.writer, inputs, self.start, clock)

        (sent, clock), seen, cpu = measure(self.urls, clients, post)
        stretch = stretch_of(self.hours, begins // 1000, clients, sent, seen)
        stretch.client_cpu = cpu
        print_stretch(stretch)
        if PER_UPDATE:
            print_updates(seen, sent)
        return stretch, until, clock

    def bare(self, bare: BareFanout, real: Stretch) -> Stretch:
        """The bound: `real`'s updates replayed through the bare fan-out to as many clients."""
        bare.passes.clear()
        sent, seen, cpu = measure(bare.urls, real.clients, lambda: bare.replay(real))
        stretch = stretch_of(self.hours, real.begins_ms, real.clients, sent, seen)
        stretch.client_cpu, stretch.bare, stretch.passes = cpu, True, list(bare.passes)
        print_stretch(stretch)
        if PER_UPDATE:
            print_updates(seen, sent)
        return stretch


def race_run(
    race: SimulatedRace, relay: str, clients: int, windows: list[int], seconds: float
) -> list[Stretch]:
    """One writer (and its viewer processes) through the whole race: per window, fast-forward
    to it, then `seconds` of race with 1 client and `seconds` with `clients`."""
    before, after = setup_inputs(race)
    start = before[-1].timestamp
    trace = str(TRACE_DIR / f"trace-{time.monotonic_ns()}.jsonl") if TRACE_DIR else ""
    stretches: list[Stretch] = []
    with tempfile.TemporaryDirectory() as directory:
        writer = Writer(Path(directory), race, STREAM, relay, trace)
        web: list[ViewerProcess] = []
        bare = BareFanout(max(1, VIEWERS if relay else 1)) if BARE else None
        try:
            writer.post(before)
            web = [ViewerProcess(writer, relay) for _ in range(VIEWERS if relay else 0)]
            urls = [viewer.url for viewer in web] or [writer.url]
            at, clock = 0, start
            for hours in windows:
                run = Window(writer, urls, after, start, hours, seconds)
                at, clock = run.fast_forward(at, clock)
                for count in (1, clients):
                    stretch, at, clock = run.measure(count, at, clock)
                    stretches.append(stretch)
                if bare is not None and clients > 1:
                    stretches.append(run.bare(bare, stretch))
        finally:
            if bare is not None:
                bare.stop()
            for viewer in web:
                viewer.stop()
            writer.stop()
    if trace:
        bare_passes = [value for stretch in stretches if stretch.bare for value in stretch.passes]
        print_trace(
            Path(trace), [stretch for stretch in stretches if not stretch.bare], bare_passes
        )
    return stretches


def print_stretch(stretch: Stretch) -> None:
    values = stretch.latencies
    clock = time.strftime("%H:%M:%S", time.gmtime(stretch.begins_ms / 1000))
    print(
        f"{stretch.hours:>4} h {clock:>9} {'bare' if stretch.bare else 'pitboard':>8} "
        f"{stretch.clients:>7} {stretch.updates:>7} "
        f"{len(values):>9} {percentile(values, 0.5):>8.1f} {percentile(values, 0.99):>8.1f} "
        f"{max(values, default=float('nan')):>8.1f} {percentile(stretch.first, 0.5):>8.1f} "
        f"{percentile(stretch.last, 0.99):>8.1f} {client_us(stretch):>7.1f} "
        f"{update_bytes(stretch)}",
        flush=True,
    )


def update_bytes(stretch: Stretch) -> str:
    """The bytes an update (its frames: `issues` and `changes`): median and max."""
    sizes = [float(size) for size in stretch.sizes.values()]
    return f"{percentile(sizes, 0.5):,.0f} / {max(sizes, default=0):,.0f}" if sizes else "-"


def client_us(stretch: Stretch) -> float:
    """The clients' CPU time a message received (µs): what the measurement itself costs."""
    return stretch.client_cpu / max(1, len(stretch.latencies)) * 1e6


HEAD = (
    f"{'window':>6} {'from':>9} {'server':>8} {'clients':>7} {'updates':>7} {'pairs':>9} "
    f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'first50':>8} {'last99':>8} {'cli µs':>7} "
    "bytes: median / max"
)


def print_trace(path: Path, stretches: list[Stretch], bare_passes: list[float]) -> None:
    """Where an update's time goes in the writer (`bench/trace_writer.py`): per stretch, the
    median (and p99) over its updates of each step, in ms after the POST left the bench; the
    pass over the sockets beside the bare fan-out's (`bare_passes`, µs a socket), same run."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records = [record for record in lines if "clock" in record]
    collections = [(r["gc_start"], r["gc_end"]) for r in lines if "gc_start" in r]
    names = [name for name in TRACE_STEPS if any(name in record for record in records)]
    print("writer's steps, ms after the POST left the bench: median (p99) over the updates")
    head = " ".join(f"{name:>14}" for name in [*names, "last client"])
    print(f"{'window':>6} {'clients':>7} {head}")
    table = [
        "| window | clients | " + " | ".join([*names, "last client"]) + " |",
        "|---:|---:|" + "---:|" * (len(names) + 1),
    ]
    for stretch in stretches:
        steps: dict[str, list[float]] = {name: [] for name in names}
        for record in records:
            posted = stretch.sent.get(record["clock"])
            for name in names if posted is not None else ():
                if name in record:
                    steps[name].append((record[name] - posted) / 1e6)
        steps["last client"] = stretch.last
        cells = [(percentile(v, 0.5), percentile(v, 0.99)) for v in steps.values()]
        print(
            f"{stretch.hours:>4} h {stretch.clients:>7} "
            + " ".join(f"{p50:>6.1f} ({p99:>5.1f})" for p50, p99 in cells)
        )
        table.append(
            f"| {stretch.hours} h | {stretch.clients:,} | "
            + " | ".join(f"{p50:.1f} ({p99:.1f})" for p50, p99 in cells)
            + " |"
        )
    passes = [
        (record["fanout_end"] - record["fanout_start"]) / 1e3 / stretch.clients
        for stretch in stretches
        if stretch.clients > 1
        for record in records
        if record["clock"] in stretch.sent and "fanout_end" in record
    ]
    per_socket = (
        f"The fan-out's pass over the sockets: {percentile(passes, 0.5):.1f} µs a socket "
        f"(median over the updates to more than one client; p99 {percentile(passes, 0.99):.1f})."
        if passes
        else ""
    )
    if per_socket:
        per_socket += f" Its Python alone: {python_per_socket():.2f} µs a socket."
    if per_socket and bare_passes:
        per_socket += (
            f" The bare fan-out's pass in the same run (`BareFanout`, the same clients): "
            f"{percentile(bare_passes, 0.5):.1f} µs a socket (p99 "
            f"{percentile(bare_passes, 0.99):.1f})."
        )
    print(per_socket)
    during = [
        (end - begin) / 1e6
        for begin, end in collections
        for stretch in stretches
        if stretch.sent and min(stretch.sent.values()) <= begin <= max(stretch.sent.values())
    ]
    pauses = (
        f"Full (generation 2) garbage collections in the writer: {len(collections)} in the run "
        f"(longest {max(((e - b) / 1e6 for b, e in collections), default=0):.0f} ms), "
        f"{len(during)} during the measured stretches"
        + (f" ({', '.join(f'{ms:.0f}' for ms in during)} ms)." if during else ".")
    )
    print(pauses)
    if DOCS:
        intro = (
            "ms after the POST left the bench, median (p99) over the window's updates; "
            "`bench/trace_writer.py` stamps the writer's steps (see its docstring)."
        )
        body = "\n".join([intro, "", *table, "", per_socket, pauses])
        print(f"wrote {write_block('benchmarks-live.md', 'latency-trace', body)}")


def python_per_socket(sockets: int = 1000) -> float:
    """µs a socket of `FrameFanout.flush` over sockets whose transport's write does nothing:
    what the pass costs besides the kernel's send (best of 50 passes)."""
    from pitboard.live.fanout import Broadcast
    from pitboard.web.frames import FrameFanout, FrameSocket

    class Transport:
        def write(self, data: bytes) -> None:
            pass

        def is_closing(self) -> bool:
            return False

        def set_write_buffer_limits(self, high: int, low: int) -> None:
            pass

    class Protocol:
        close_sent = disconnected = False
        transport = Transport()

    broadcast = Broadcast(lambda: {"type": "snapshot"})
    fanout = FrameFanout(broadcast, lambda flush: None)
    for _ in range(sockets):
        fanout.join(FrameSocket(Protocol()))  # type: ignore[arg-type]
    best = float("inf")
    for clock in range(50):
        broadcast.publish({"type": "changes", "elapsed_ms": clock, "rows": []})
        began = time.perf_counter()
        fanout.flush()
        best = min(best, time.perf_counter() - began)
    return best / sockets * 1e6


TRACE_STEPS = (
    "request",
    "appending",
    "folded",
    "committed",
    "published",
    "handled",
    "responded",
    "fanout_start",
    "fanout_end",
    "bus_start",
    "bus_end",
)


def latency(clients: int, cars: int, hours: int, windows: list[int], seconds: float) -> None:
    began = time.monotonic()
    race = simulate_race(RaceSettings(seed=1, cars=cars, minutes=hours * 60))
    kind = "lean raw-socket" if LEAN else "websockets"
    print(
        f"latency POST -> WebSocket update, {cars} cars, {hours} h race ({len(race.inputs):,} "
        f"inputs), windows of 2 x {seconds:g} s of race at x{SPEED:g} ending at "
        f"{', '.join(f'{w} h' for w in windows)}; {kind} clients in {PROCESSES} process(es)"
        f"{', pinned' if PIN else ''}; --stream {STREAM}",
        flush=True,
    )
    idle = idle_posts()
    print(idle, flush=True)
    results: dict[str, list[Stretch]] = {}
    for relay in RELAYS if VIEWERS else [""]:
        where = f"{VIEWERS} `serve --follow` via {relay}" if relay else "the writer serves"
        print(f"{where}\n{HEAD}", flush=True)
        results[relay] = race_run(race, relay, clients, windows, seconds)
    load = os.getloadavg()
    print(
        f"target: p99 <= 10 ms with {clients:,} clients; {time.monotonic() - began:.0f} s; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    for line in verdicts(results):
        print(line)
    if DOCS and not TRACE_DIR:
        write_docs(results, cars, hours, seconds, idle)


TARGET_MS = 10.0


def verdicts(results: dict[str, list[Stretch]]) -> list[str]:
    """Per window, the bare fan-out's p99 to the last client against the target, plainly."""
    lines = []
    for relay, stretches in results.items():
        for bare in (stretch for stretch in stretches if stretch.bare):
            bound = percentile(bare.last, 0.99)
            real = next(s for s in stretches if s.hours == bare.hours and s.clients == bare.clients)
            where = f" ({relay.split(':')[0]})" if relay else ""
            verdict = (
                f"above {TARGET_MS:g} ms: the target cannot be met on this machine by any writer"
                if bound > TARGET_MS
                else f"within {TARGET_MS:g} ms: the fan-out alone does not rule the target out"
            )
            lines.append(
                f"{bare.hours} h{where}: the bare fan-out's p99 to the last of "
                f"{bare.clients:,} clients is {bound:.1f} ms, {verdict}; pitboard's "
                f"{percentile(real.last, 0.99):.1f} ms ({percentile(real.last, 0.99) / bound:.1f}"
                f"× the bound). The bare pass over the sockets: "
                f"{percentile(bare.passes, 0.5):.1f} µs a socket (median over its updates)."
            )
    return lines


def write_docs(
    results: dict[str, list[Stretch]], cars: int, hours: int, seconds: float, idle: str
) -> None:
    lines = [
        f"{cars} cars, {hours} h race; each window: {seconds:g} s of race with 1 client, then "
        f"the next {seconds:g} s with the clients; `--stream {STREAM}`, "
        f"{'lean' if LEAN else 'websockets'} clients. p50/p99/max over every (client, update) "
        "pair; *last p99*: the p99 over updates of the time to an update's last client; "
        "*cli µs*: the client processes' CPU a message (with more than one client); "
        "*bytes*: an update's frames, median / max. *bare fan-out*: the bound measured in the "
        "same run (`BareFanout`): the window's updates replayed at the same times, each as one "
        "frame of its size, by a minimal WebSocket server with no pitboard in it to as many "
        "clients; its latency runs from the start of its pass over the sockets.",
        "",
        "| window ends | served by | clients | updates | pairs | p50 | p99 | max | last p99 "
        "| cli µs | bytes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for relay, stretches in results.items():
        served = f"{VIEWERS} × `serve --follow`, {relay.split(':')[0]}" if relay else "writer"
        for s in stretches:
            strong = "**" if s.clients > 1 else ""
            by = f"bare fan-out{f' ×{VIEWERS}' if relay else ''}" if s.bare else served
            lines.append(
                f"| {s.hours} h | {by} | {s.clients:,} | {s.updates} | "
                f"{len(s.latencies):,} | {percentile(s.latencies, 0.5):.1f} ms | "
                f"{strong}{percentile(s.latencies, 0.99):.1f} ms{strong} | "
                f"{max(s.latencies, default=float('nan')):.1f} ms | "
                f"{percentile(s.last, 0.99):.1f} ms | {client_us(s) if s.clients > 1 else 0:.1f} | "
                f"{update_bytes(s)} |"
            )
    lines += ["", *verdicts(results), "", idle]
    name = "latency-relay" if VIEWERS else "latency"
    print(f"wrote {write_block('benchmarks-live.md', name, chr(10).join(lines))}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", action="store_true", help="(b) instead of (a)")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--cars", type=int, default=62)
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--windows", default="1,6,12,24", help="hours at which windows end")
    parser.add_argument("--seconds", type=float, default=25.0, help="of race per stretch")
    parser.add_argument("--speed", type=float, default=1.0)
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
        "--relay",
        default="redis://127.0.0.1:6379",
        help="redis://… or nats://… for --viewers (comma-separated: each in turn)",
    )
    parser.add_argument("--pin", action="store_true", help="server on CPU 0, clients on CPU 1")
    parser.add_argument("--processes", type=int, default=1, choices=(1, 2), help="of clients")
    parser.add_argument(
        "--stream",
        choices=("frames", "asgi"),
        default="frames",
        help="the writer's way to write to viewers (pitboard ingest --stream)",
    )
    parser.add_argument(
        "--client-sched",
        choices=("batch", "normal"),
        default="batch",
        help="the client processes' scheduling policy (batch: they never preempt the server)",
    )
    parser.add_argument(
        "--no-bare", action="store_true", help="no bare fan-out row (the bound) per window"
    )
    parser.add_argument(
        "--bare-sizes",
        default="",
        help="only the bare fan-out: frames of these sizes (bytes, comma-separated) in turn",
    )
    parser.add_argument(
        "--bare-writes",
        default="transport",
        help="with --bare-sizes: transport (uvloop's write) and/or os (os.write), in turn",
    )
    parser.add_argument("--updates", type=int, default=40, help="with --bare-sizes: a variant")
    parser.add_argument("--trace", action="store_true", help="the writer's steps per update")
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks-live.md")
    args = parser.parse_args()
    if args.latency:
        global PROCESSES, PIN, LEAN, PER_UPDATE, VIEWERS, RELAYS, SPEED, STREAM, TRACE_DIR, DOCS
        global BATCH_CLIENTS, BARE
        PROCESSES, PIN, LEAN = args.processes, args.pin, args.client == "lean"
        PER_UPDATE, VIEWERS, RELAYS = args.per_update, args.viewers, args.relay.split(",")
        SPEED, STREAM, DOCS = args.speed, args.stream, args.docs
        BATCH_CLIENTS, BARE = args.client_sched == "batch", not args.no_bare
        if PIN:
            os.sched_setaffinity(0, {1})
        if args.bare_sizes:
            sizes = [int(size) for size in args.bare_sizes.split(",")]
            bare_variants(args.clients, sizes, args.bare_writes.split(","), args.updates)
            return
        windows = [int(hours) for hours in args.windows.split(",")]
        if args.trace:
            with tempfile.TemporaryDirectory() as directory:
                TRACE_DIR = Path(directory)
                latency(args.clients, args.cars, args.hours, windows, args.seconds)
            return
        latency(args.clients, args.cars, args.hours, windows, args.seconds)
        return
    parser.error("--latency: this is bench (b); ingest throughput (a) is bench/ingest.py")


if __name__ == "__main__":
    main()
