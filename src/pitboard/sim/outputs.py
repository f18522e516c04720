"""Where a simulated race goes: a file (JSON lines), HTTP (the live API) or P3 over TCP.

Inputs are sent in batches of `TICK` of race time; `speed` 1 is real time, 60 a minute a
second, 0 as fast as the receiver takes them.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pitboard.formats.p3 import P3Reader, P3Resend, encode_record, p3_from_passing
from pitboard.live.inputs import input_to_json
from pitboard.model import Entry
from pitboard.model.passing import LiveInput, Micros, Passing
from pitboard.sim.race import SimulatedRace

TICK: Micros = 100_000
RETRY_SECONDS = 0.2


def batches(inputs: Sequence[LiveInput]) -> Iterator[tuple[Micros, list[LiveInput]]]:
    """The inputs in groups of `TICK` of decoder time (inputs without a time join the next)."""
    batch: list[LiveInput] = []
    clock: Micros | None = None
    for item in inputs:
        stamp = getattr(item, "timestamp", None)
        if stamp is not None and clock is not None and stamp - clock >= TICK and batch:
            yield clock, batch
            batch = []
        if stamp is not None and (clock is None or stamp - clock >= TICK):
            clock = stamp
        batch.append(item)
    if batch:
        yield clock or 0, batch


class Pacer:
    """Sleeps so that decoder time passes `speed` times faster than the wall clock."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.first: tuple[Micros, float] | None = None

    def wait(self, stamp: Micros) -> float:
        """Seconds to wait before sending what happened at `stamp`."""
        if self.speed <= 0:
            return 0.0
        if self.first is None:
            self.first = (stamp, time.monotonic())
            return 0.0
        due = self.first[1] + (stamp - self.first[0]) / 1e6 / self.speed
        return max(0.0, due - time.monotonic())


def entry_to_json(entry: Entry) -> dict[str, Any]:
    return {
        "number": entry.number,
        "class": entry.car_class,
        "team": entry.team,
        "vehicle": entry.vehicle,
        "drivers": entry.driver_names,
    }


def write_file(race: SimulatedRace, path: Path) -> int:
    """JSON lines: a header (label, entries), then one input a line. Returns the inputs."""
    with path.open("w", encoding="utf-8") as out:
        header = {"kind": "race", "label": race.label, "seed": race.settings.seed}
        header["entries"] = [entry_to_json(entry) for entry in race.entries]
        out.write(json.dumps(header) + "\n")
        for item in race.inputs:
            out.write(json.dumps(input_to_json(item)) + "\n")
    return len(race.inputs)


def post_json(url: str, body: object, token: str) -> int:
    """POST `body`; the HTTP status (a refusal is an answer, not an error to retry)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def send_http(
    race: SimulatedRace,
    base: str,
    session: str,
    token: str,
    speed: float,
    retry_for: float = 30.0,
    on_wait: Callable[[], None] | None = None,
) -> int:
    """Every input to the live API, retrying a batch until the server has it (at least once:
    the server drops what it already holds). Returns the number of retries; a batch the server
    has not taken within `retry_for` seconds raises RuntimeError (`on_wait` is called once, when
    the first retry starts)."""
    pacer, retries = Pacer(speed), 0
    for stamp, batch in batches(race.inputs):
        time.sleep(pacer.wait(stamp))
        for endpoint, run in _runs(batch):
            url = f"{base.rstrip('/')}/api/v1/sessions/{session}/{endpoint}"
            body = [input_to_json(item) for item in run]
            tries = _post_until_taken(url, body, token, retry_for, on_wait if not retries else None)
            retries += tries
    return retries


def _post_until_taken(
    url: str, body: object, token: str, retry_for: float, on_wait: Callable[[], None] | None
) -> int:
    """POST until the server takes `body`; the number of retries it took."""
    deadline, retries = time.monotonic() + retry_for, 0
    while True:
        try:
            status = post_json(url, body, token)
            why = f"HTTP {status}"
        except OSError as error:
            status, why = 0, str(getattr(error, "reason", error))
        if 0 < status < 400:
            return retries
        if 400 <= status < 500:
            raise RuntimeError(f"{url}: the server refused the batch (HTTP {status})")
        if time.monotonic() >= deadline:
            raise RuntimeError(f"{url}: no answer after {retry_for:g} s of retries ({why})")
        if retries == 0 and on_wait is not None:
            on_wait()
        retries += 1
        time.sleep(RETRY_SECONDS)


def _runs(batch: list[LiveInput]) -> Iterator[tuple[str, list[LiveInput]]]:
    """Passings to /passings, everything else to /inputs, in their order."""
    run: list[LiveInput] = []
    for item in batch:
        if run and isinstance(item, Passing) != isinstance(run[0], Passing):
            yield ("passings" if isinstance(run[0], Passing) else "inputs"), run
            run = []
        run.append(item)
    if run:
        yield ("passings" if isinstance(run[0], Passing) else "inputs"), run


class DecoderServer:
    """The simulated decoders as a P3 server: passings go to every connected client, and a
    client's RESEND gets every passing numbered from its `first` again."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, bytes]] = []  # (passing number, wire record)
        self.clients: set[asyncio.StreamWriter] = set()

    async def handle(self, stream: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.clients.add(writer)
        reader = P3Reader()
        try:
            while chunk := await stream.read(4096):
                for record in reader.feed(chunk):
                    if isinstance(record, P3Resend):
                        wire = b"".join(w for n, w in self.sent if record.first <= n <= record.last)
                        writer.write(wire)
        except ConnectionError:
            pass
        finally:
            self.clients.discard(writer)

    def send(self, passings: list[Passing]) -> None:
        wires = [(p.number or 0, encode_record(p3_from_passing(p))) for p in passings]
        self.sent += wires
        for writer in list(self.clients):
            writer.write(b"".join(wire for _, wire in wires))

    async def run(self, race: SimulatedRace, speed: float) -> None:
        pacer = Pacer(speed)
        for stamp, batch in batches(race.inputs):
            await asyncio.sleep(pacer.wait(stamp))
            self.send([item for item in batch if isinstance(item, Passing)])
