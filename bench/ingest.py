"""Ingest throughput (issue 14): in-process and over the wire, each beside its baseline measured
in the same run, the journal durable (SQLite file, WAL, synchronous=FULL: synced on commit).

The inputs are the simulator's 62-car, 24-hour race (`pitboard.sim`: twin transponders, strays,
reordered reads; --hours for less of it).

  in-process   `Ingest.submit` in batches of --batch inputs (one commit a batch) with a live
               subscriber (a sink on the broadcast: every message JSON-encoded once, as for the
               viewers), beside the same without a subscriber and the bare journal append of the
               same batches (`LiveJournal.append`: the baseline); and µs an input by step
               of the submit, clocked in a run of its own (`steps`)
  P3           one passing a P3 frame over TCP, as fast as the sender can write, into `P3Feed`
               (each read's passings one submit: the frames that came during the last commit go
               in the next), beside the bare read + decode of the same bytes (`P3Reader`,
               `passing_from_p3`, no ingest); and the same ingest with the input key (the
               hash of the payload text, which makes each input apply once) replaced by the
               passing itself, to show what the key costs on this path
  HTTP         one passing a POST to a real `pitboard ingest` (uvicorn, `web.server`), from
               --senders keep-alive connections in another process (each car's passings on one
               of them, in order), one WebSocket viewer connected; beside the same POSTs to a
               no-op endpoint (the body parsed, nothing done) on the same server configuration

In-process runs take the race's first --inputs inputs (60,000: about its first 5 hours); the
wire runs its first --wire passings after the start (the set-up inputs go first, not timed).
Printed: each rate, its baseline and the ratio, and the mean inputs a commit (journal records a
`received_at`). --docs writes the table into docs/benchmarks-live.md.

    .venv/bin/python bench/ingest.py [--hours 24] [--inputs 60000] [--batch 100 --batch 500]
                                   [--wire 20000] [--senders 64] [--only http] [--docs]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI, Request

from pitboard.formats.p3 import P3Passing, P3Reader, encode_record, p3_from_passing, passing_from_p3
from pitboard.live import ingest as ingest_module
from pitboard.live.ingest import Ingest
from pitboard.live.inputs import input_key, input_to_json, passing_payload_text
from pitboard.live.journal import LiveJournal
from pitboard.live.p3feed import P3Feed
from pitboard.live.pauses import collect_as_a_writer
from pitboard.model import Session, SessionKind
from pitboard.model.passing import LiveInput, Passing, SessionStart, TransponderAssigned
from pitboard.sim import RaceSettings, SimulatedRace, simulate_race
from pitboard.sim.race import DECODERS
from pitboard.store import open_store
from pitboard.store.journal import JournalTransaction
from pitboard.web.live_api import Answer, LivePosts, parse_records

TOKEN = "bench-token"
SESSION = "race0"
PITBOARD = str(Path(sys.executable).with_name("pitboard"))
LOOPS = {int(decoder): loop for loop, decoder in DECODERS.items()}
PATH = f"/api/v1/sessions/{SESSION}/passings"
PATHS = ["in-process", "p3", "http"]


@dataclass
class Figure:
    what: str
    baseline_name: str
    baseline: float  # per second
    rate: float
    per_commit: float | None = None
    target: float | None = None
    note: str = ""


def prepare(directory: Path, race: SimulatedRace) -> str:
    path = str(directory / f"bench-{time.monotonic_ns()}.db")
    with open_store(path) as store:
        entries = {entry.number: entry for entry in race.entries}
        store.save_session(SESSION, Session(SessionKind.RACE, entries))
    return path


def per_commit(path: str) -> float:
    """Journal records a commit: a batch's records share their `received_at`."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        count, commits = connection.execute(
            sa.text("SELECT COUNT(*), COUNT(DISTINCT received_at) FROM journal")
        ).one()
    engine.dispose()
    return float(count) / max(1, int(commits))


def split(race: SimulatedRace) -> tuple[list[LiveInput], list[LiveInput]]:
    """The inputs up to the start (transponders, the start), and the race after it."""
    start = next(i for i, item in enumerate(race.inputs) if isinstance(item, SessionStart))
    return list(race.inputs[: start + 1]), list(race.inputs[start + 1 :])


# -- in-process ---------------------------------------------------------------------------------


def bare_journal(path: str, inputs: Sequence[LiveInput], batch: int) -> tuple[float, float]:
    """Inputs a second: by the clock, and by this process's CPU time (the disk's waits out)."""
    with open_store(path) as store:
        journal = LiveJournal(store, SESSION)
        began, cpu = time.perf_counter(), time.process_time()
        for at in range(0, len(inputs), batch):
            docs = [input_to_json(item) for item in inputs[at : at + batch]]
            journal.append([(doc.pop("kind"), doc) for doc in docs])
        cpu = time.process_time() - cpu
        return len(inputs) / (time.perf_counter() - began), len(inputs) / cpu


def subscribe(ingest: Ingest) -> list[int]:
    """A live subscriber: a sink on the broadcast (the viewers' fan-out is one), so that every
    message is made and JSON-encoded once, as for viewers; returns the bytes it got."""
    got = [0]

    def sink(number: int, text: str) -> None:
        got[0] += len(text)

    ingest.broadcast.sinks.append(sink)
    ingest.broadcast.join()
    return got


def in_process(
    path: str, inputs: Sequence[LiveInput], batch: int, subscriber: bool
) -> tuple[float, float]:
    """Inputs a second: by the clock, and by this process's CPU time (the disk's waits out)."""
    with open_store(path) as store:
        ingest = Ingest.open(store, SESSION)
        got = subscribe(ingest) if subscriber else [0]
        began, cpu = time.perf_counter(), time.process_time()
        for at in range(0, len(inputs), batch):
            ingest.submit(inputs[at : at + batch])
        cpu = time.process_time() - cpu
        rate = len(inputs) / (time.perf_counter() - began)
        ingest.close()
        assert not subscriber or got[0] > 0
        return rate, len(inputs) / cpu


def steps(path: str, inputs: Sequence[LiveInput], batch: int) -> str:
    """µs an input in each step of `Ingest.submit` with the subscriber, in a run of its own (the
    steps' methods wrapped with a clock): admitting the batch (keys, checks, records); the
    journal append (its transaction left open); applying the batch, adding its laps to the
    transaction and making the subscribers' messages while the journal's thread commits (the
    commit's own time beside it); waiting for the commit after that; sending the messages."""
    spent: dict[str, float] = {}

    def clocked(owner: Any, name: str) -> None:
        method = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - began

        setattr(owner, name, timed)

    wrapped: list[tuple[Any, str]] = [(Ingest, "_admit"), (Ingest, "_journal_and_fold")]
    wrapped += [(Ingest, "_committed"), (Ingest, "_messages"), (Ingest, "_commit_in_thread")]
    wrapped += [(Ingest, "_send"), (LiveJournal, "begin"), (JournalTransaction, "commit")]
    originals = [(owner, name, getattr(owner, name)) for owner, name in wrapped]
    try:
        for owner, name in wrapped:
            clocked(owner, name)
        began = time.perf_counter()
        in_process(path, inputs, batch, subscriber=True)
        total = time.perf_counter() - began
    finally:
        for owner, name, method in originals:
            setattr(owner, name, method)
    us = {name: seconds / len(inputs) * 1e6 for name, seconds in spent.items()}
    fold = us["_journal_and_fold"] - us["begin"] - us["_messages"] - us["_commit_in_thread"]
    return (
        f"µs an input (steps clocked in a run of their own, {total / len(inputs) * 1e6:.1f} in "
        f"all): admit {us['_admit']:.1f}; journal append {us['begin']:.1f}, apply and laps "
        f"{fold:.1f}, the commit handed to its thread {us['_commit_in_thread']:.1f}, "
        f"messages (the tower "
        f"and its JSON) {us['_messages']:.1f}, the commit in its thread meanwhile "
        f"{us['commit']:.1f}; then wait for the commit {us['_committed'] - us['_send']:.1f}, "
        f"send {us['_send']:.1f}"
    )


# -- P3 over TCP --------------------------------------------------------------------------------


def p3_bytes(passings: Sequence[Passing]) -> bytes:
    return b"".join(encode_record(p3_from_passing(passing)) for passing in passings)


def decoder(wire: bytes) -> tuple[int, threading.Thread]:
    """A decoder on a free port: to the first connection, every frame as fast as it can."""
    server = socket.create_server(("127.0.0.1", 0))

    def send() -> None:
        connection, _ = server.accept()
        with connection:
            connection.sendall(wire)
        server.close()

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return server.getsockname()[1], thread


async def read_p3(port: int, consume: Callable[[bytes], None]) -> float:
    """Seconds from connecting to the decoder to its last frame consumed."""
    began = time.perf_counter()
    stream, writer = await asyncio.open_connection("127.0.0.1", port)
    while chunk := await stream.read(65536):
        consume(chunk)
    elapsed = time.perf_counter() - began
    writer.close()
    return elapsed


def p3_bare(wire: bytes, count: int) -> float:
    reader = P3Reader()
    got: list[Passing] = []

    def consume(chunk: bytes) -> None:
        for item in reader.feed(chunk):
            if isinstance(item, P3Passing):
                got.append(passing_from_p3(item, LOOPS))

    port, thread = decoder(wire)
    elapsed = asyncio.run(read_p3(port, consume))
    thread.join()
    assert len(got) == count, (len(got), count)
    return count / elapsed


def p3_ingest(
    path: str, setup: Sequence[LiveInput], wire: bytes, count: int, keyed: bool = True
) -> float:
    with open_store(path) as store:
        ingest = Ingest.open(store, SESSION)
        ingest.submit(setup)
        subscribe(ingest)
        feed = P3Feed(ingest, LOOPS, "p3://bench")
        port, thread = decoder(wire)
        if not keyed:  # the passing itself is its key: no text, no hash of it
            setattr(ingest_module, "input_key", lambda item, client=None, text=None: item)  # noqa: B010
        try:
            elapsed = asyncio.run(read_p3(port, feed.feed))
        finally:
            setattr(ingest_module, "input_key", input_key)  # noqa: B010
        thread.join()
        assert feed.records == count, (feed.records, count)
        ingest.close()
        return count / elapsed


def key_cost(passings: Sequence[Passing]) -> float:
    """µs a passing for `input_key` alone, given the payload text the journal makes anyway."""
    texts = [passing_payload_text(passing) for passing in passings]
    began = time.perf_counter()
    for passing, text in zip(passings, texts, strict=True):
        input_key(passing, None, text)
    return (time.perf_counter() - began) / len(passings) * 1e6


# -- HTTP ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def noop_write(app: Any, session: str, body: bytes, name: str, kind: str | None) -> Answer:
    """The baseline's write: the body parsed as a write's is (a JSON array), nothing done."""
    return 200, {"accepted": len(parse_records(body))}


def serve_noop(port: int, lean: bool) -> None:
    """The baseline server, on the server configuration of `pitboard ingest` (`web.server.run`):
    `lean`, the POST route of `pitboard ingest` (`LivePosts`: the token checked, the body read
    and parsed, the JSON answer) with a write that does nothing (`noop_write`); else a FastAPI
    route that parses the JSON array and answers (the baseline before `LivePosts`). Garbage is
    collected as `pitboard ingest` collects it."""
    from pitboard.web.server import run

    app = FastAPI()
    app.state.live_token = TOKEN

    @app.post(PATH)
    async def accept(request: Request) -> Any:
        return {"accepted": len(await request.json())}

    @app.get(f"/api/v1/sessions/{SESSION}/live")
    async def live() -> Any:
        return {}

    collect_as_a_writer()  # as `pitboard ingest` does before it serves
    run(LivePosts(app, noop_write) if lean else app, "127.0.0.1", port)


def wait_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(f"GET /api/v1/sessions/{SESSION}/live HTTP/1.1\r\n".encode())
                probe.sendall(b"Host: bench\r\nConnection: close\r\n\r\n")
                if probe.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"127.0.0.1:{port} did not come up in 60 s")


def request_bytes(passing: Passing) -> bytes:
    body = json.dumps([input_to_json(passing)]).encode()
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


class Sender(asyncio.Protocol):
    """One keep-alive connection posting its requests one after the other."""

    def __init__(self, requests: list[bytes], done: asyncio.Future[int]) -> None:
        self.requests, self.done = requests, done
        self.buffer = b""
        self.failed = 0
        self.next = 0

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        self.send()

    def send(self) -> None:
        if self.next == len(self.requests):
            self.transport.close()
            if not self.done.done():
                self.done.set_result(self.failed)
            return
        self.transport.write(self.requests[self.next])
        self.next += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head = self.buffer[:end]
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            if len(self.buffer) < end + 4 + length:
                return
            self.failed += not head.startswith(b"HTTP/1.1 200")
            self.buffer = self.buffer[end + 4 + length :]
            self.send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_exception(RuntimeError(f"connection lost after {self.next} requests"))


class Viewer(asyncio.Protocol):
    """A WebSocket viewer that reads and drops what it is sent (the server's side is measured)."""

    def __init__(self) -> None:
        self.bytes = 0

    def connection_made(self, transport: Any) -> None:
        transport.write(
            f"GET /api/v1/sessions/{SESSION}/live HTTP/1.1\r\nHost: bench\r\n".encode()
            + b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        )

    def data_received(self, data: bytes) -> None:
        self.bytes += len(data)


async def send_all(port: int, lanes: list[list[bytes]], viewer: bool) -> Posted:
    loop = asyncio.get_running_loop()
    watching = None
    if viewer:
        _, watching = await loop.create_connection(Viewer, "127.0.0.1", port)
        await asyncio.sleep(0.5)
    began, cpu = time.perf_counter(), time.process_time()
    done = []
    for lane in lanes:
        future: asyncio.Future[int] = loop.create_future()
        await loop.create_connection(partial(Sender, lane, future), "127.0.0.1", port)
        done.append(future)
    failed = sum(await asyncio.gather(*done))
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    await asyncio.sleep(0.2)
    return Posted(sum(map(len, lanes)), elapsed, failed, watching.bytes if watching else 0, cpu)


def client(port: int, lanes: list[list[bytes]], viewer: bool, out: Any) -> None:
    try:
        import uvloop

        out.put(uvloop.run(send_all(port, lanes, viewer)))
    except ImportError:
        out.put(asyncio.run(send_all(port, lanes, viewer)))


def lanes_of(passings: Sequence[Passing], setup: Sequence[LiveInput], senders: int) -> Any:
    """Each car's passings (by transponder) on one sender, in order."""
    car_of = {item.transponder: item.car for item in setup if isinstance(item, TransponderAssigned)}
    cars = sorted({car_of.get(p.transponder or "", "") for p in passings})
    lane_of = {car: index % senders for index, car in enumerate(cars)}
    lanes: list[list[bytes]] = [[] for _ in range(senders)]
    for passing in passings:
        lanes[lane_of[car_of.get(passing.transponder or "", "")]].append(request_bytes(passing))
    return [lane for lane in lanes if lane]


@dataclass
class Posted:
    """A run of POSTs: how many, in how long, how many not answered 200, what the viewer got,
    and the CPU seconds of the client process and (`serve`) of the server process."""

    count: int
    seconds: float
    failed: int
    seen: int
    client_cpu: float
    server_cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def cpu(self) -> str:
        """µs of CPU a POST, server and client (the two share the machine's cores)."""
        return (
            f"server {self.server_cpu / self.count * 1e6:.0f} µs a POST "
            f"({self.server_cpu / self.seconds:.0%} of a core), "
            f"client {self.client_cpu / self.count * 1e6:.0f} µs"
        )


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user + system; Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_and_post(command: list[str], port: int, lanes: list[list[bytes]], viewer: bool) -> Posted:
    """Start the server, post every lane from another process, stop the server."""
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        wait_up(port)
        context = multiprocessing.get_context("fork")
        out = context.Queue()
        process = context.Process(target=client, args=(port, lanes, viewer, out))
        cpu = cpu_seconds(server.pid)
        process.start()
        posted: Posted = out.get(timeout=600)
        posted.server_cpu = cpu_seconds(server.pid) - cpu
        process.join()
    finally:
        server.terminate()
        server.wait()
    assert posted.failed == 0, posted.failed
    return posted


def http_noop(lanes: list[list[bytes]], lean: bool = True) -> Posted:
    """The no-op endpoint: lean (`LivePosts` with `noop_write`), else a FastAPI route."""
    port = free_port()
    option = "--serve-noop" if lean else "--serve-fastapi-noop"
    return serve_and_post([sys.executable, __file__, option, str(port)], port, lanes, False)


def http_ingest(path: str, setup: Sequence[LiveInput], lanes: list[list[bytes]]) -> Posted:
    port = free_port()
    with open_store(path) as store:  # the set-up first, as race control would send it
        ingest = Ingest.open(store, SESSION)
        ingest.submit(setup)
        ingest.close()
    command = [PITBOARD, "ingest", "--db", path, "--session", SESSION]
    command += ["--http", f"127.0.0.1:{port}", "--token", TOKEN]
    posted = serve_and_post(command, port, lanes, viewer=True)
    assert posted.seen > 0, "the viewer got nothing"
    return posted


# -- the run ------------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> list[Figure]:
    began = time.perf_counter()
    race = simulate_race(RaceSettings(seed=1, cars=62, minutes=args.hours * 60))
    setup, rest = split(race)
    print(
        f"simulated 62 cars, {args.hours} h: {len(race.inputs):,} inputs "
        f"({time.perf_counter() - began:.1f} s)",
        flush=True,
    )
    # The in-process paths collect garbage as `pitboard ingest` does (`live/pauses.py`): a full
    # collection now, each later one's survivors frozen (so that none walks the simulated race
    # this process holds, nor the session's kept inputs and laps, again), fewer young ones.
    collect_as_a_writer()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        inputs = race.inputs[: args.inputs]
        for batch in args.batch if "in-process" in args.only else ():
            bare, bare_cpu = bare_journal(prepare(base, race), inputs, batch)
            plain, plain_cpu = in_process(prepare(base, race), inputs, batch, subscriber=False)
            path = prepare(base, race)
            live, live_cpu = in_process(path, inputs, batch, subscriber=True)
            clocked = steps(prepare(base, race), inputs, batch)
            figures.append(
                Figure(
                    f"in-process, batches of {batch}, live subscriber",
                    "bare journal append",
                    bare,
                    live,
                    per_commit(path),
                    45_000,
                    f"without a subscriber {plain:,.0f} /s; by CPU time (the disk's waits out): "
                    f"bare {bare_cpu:,.0f} /s, ingest {plain_cpu:,.0f} /s, with the subscriber "
                    f"{live_cpu:,.0f} /s; {clocked}",
                )
            )
            print(figures[-1], flush=True)
        passings = [item for item in rest if isinstance(item, Passing)][: args.wire]
        figures += p3_figures(base, race, setup, passings) if "p3" in args.only else []
        figures += http_figures(base, race, setup, passings, args) if "http" in args.only else []
    return figures


def p3_figures(
    base: Path, race: SimulatedRace, setup: Sequence[LiveInput], passings: Sequence[Passing]
) -> list[Figure]:
    figures: list[Figure] = []
    wire = p3_bytes(passings)
    bare = p3_bare(wire, len(passings))
    path = prepare(base, race)
    p3 = p3_ingest(path, setup, wire, len(passings))
    keyed, unkeyed = [p3], []
    for _ in range(2):  # alternated, the best of each: the key's share is small, the noise not
        unkeyed.append(p3_ingest(prepare(base, race), setup, wire, len(passings), keyed=False))
        keyed.append(p3_ingest(prepare(base, race), setup, wire, len(passings)))
    key_us = key_cost(passings)
    figures.append(
        Figure(
            "P3 over TCP, one passing a frame",
            "read + decode, no ingest",
            bare,
            p3,
            per_commit(path),
            6_500,
            f"input key: best of 3 with it {max(keyed):,.0f} /s, best of 2 without "
            f"{max(unkeyed):,.0f} /s ({max(keyed) / max(unkeyed):.2f}×); the key alone "
            f"{key_us:.1f} µs a passing = {key_us * p3 / 1e6:.1%} of the path",
        )
    )
    print(figures[-1], flush=True)
    return figures


def http_figures(
    base: Path,
    race: SimulatedRace,
    setup: Sequence[LiveInput],
    passings: Sequence[Passing],
    args: argparse.Namespace,
) -> list[Figure]:
    lanes = lanes_of(passings, setup, args.senders)
    fastapi = http_noop(lanes, lean=False)
    noop = http_noop(lanes)
    path = prepare(base, race)
    posted = http_ingest(path, setup, lanes)
    figure = Figure(
        f"HTTP, one passing a POST, {len(lanes)} senders, 1 viewer",
        "POST to a no-op endpoint (`LivePosts`, no write)",
        noop.rate,
        posted.rate,
        per_commit(path),
        6_500,
        f"CPU: ingest {posted.cpu()}; no-op {noop.cpu()}. The no-op on a FastAPI route (before "
        f"`LivePosts`): {fastapi.rate:,.0f} /s, {fastapi.cpu()}",
    )
    print(figure, flush=True)
    return [figure]


def table(figures: Sequence[Figure], args: argparse.Namespace) -> str:
    lines = [
        f"62-car simulated race of {args.hours} h; in-process: its first {args.inputs:,} inputs; "
        f"wire: its first {args.wire:,} passings after the start.",
        "",
        "| path | baseline (same run) | baseline | ingest | ingest / baseline | inputs a commit "
        "| target | |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        met = "met" if f.target is not None and f.rate >= f.target else "**not met**"
        commit = "" if f.per_commit is None else f"{f.per_commit:,.1f}"
        lines.append(
            f"| {f.what} | {f.baseline_name} | {f.baseline:,.0f} /s | **{f.rate:,.0f} /s** | "
            f"{f.rate / f.baseline:.2f} | {commit} | ≥ {f.target:,.0f} /s: {met} | {f.note} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=24)
    parser.add_argument("--batch", type=int, action="append", help="in-process batch sizes")
    parser.add_argument("--inputs", type=int, default=60_000, help="inputs in-process")
    parser.add_argument("--wire", type=int, default=20_000, help="passings sent over the wire")
    parser.add_argument("--senders", type=int, default=64, help="HTTP connections")
    parser.add_argument(
        "--only",
        action="append",
        choices=PATHS,
        help="run only these paths (repeatable; not with --docs, which writes them all)",
    )
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks-live.md")
    parser.add_argument("--serve-noop", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--serve-fastapi-noop", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_noop or args.serve_fastapi_noop:
        serve_noop(args.serve_noop or args.serve_fastapi_noop, lean=bool(args.serve_noop))
        return
    args.batch = args.batch or [100, 500]
    if args.docs and args.only:
        parser.error("--docs writes every path's figures: leave out --only")
    args.only = args.only or PATHS
    figures = run(args)
    text = table(figures, args)
    print(text)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    if args.docs:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
        from bench.docs_block import write_block

        print(f"wrote {write_block('benchmarks-live.md', 'ingest', text)}")


if __name__ == "__main__":
    main()
