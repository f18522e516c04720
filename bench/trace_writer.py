"""`pitboard ingest` with its steps stamped per update, for `bench/live.py --latency --trace`.

    python bench/trace_writer.py TRACE.jsonl ingest --db … (the `pitboard` arguments)

Wraps, in this process only, the steps between a POST and the viewers' sockets and writes one
JSON line per update to TRACE.jsonl: the race clock of the update (`clock`, the tower's
`elapsed_ms`, which the bench matches to its POST) and `time.monotonic_ns()` at each step:

  request       the body read, the write begins (`live_api.write_records`)
  appending     the journal's transaction begun (the body parsed, the inputs checked)
  folded        the inputs applied and their laps added: the commit handed to its thread
                (`Ingest._commit_in_thread`), the viewers' messages made meanwhile
  committed     the journal's commit returned, in its thread (`JournalTransaction.commit`)
  published     `Ingest._send` returned: relay queued, frames written
  handled       the route's work done (the response is made and sent after it)
  responded     the app has sent the response
  fanout_start  `FrameFanout.flush` began writing to the sockets
  fanout_end    … and ended
  bus_start     the bus publish began (--publish) …
  bus_end       … and returned

The clock is the same across processes (CLOCK_MONOTONIC), so the bench subtracts its own POST
time. A line is written when the next request comes (or at exit): never inside the steps.
Each full (generation 2) garbage collection is a line too: `{"gc_start": ns, "gc_end": ns}`.
"""

from __future__ import annotations

import atexit
import functools
import gc
import json
import sys
import time
from typing import Any

from pitboard.cli import main as pitboard
from pitboard.live import relay
from pitboard.live.ingest import Ingest
from pitboard.live.journal import LiveJournal
from pitboard.store.journal import JournalTransaction
from pitboard.web import frames, limits, live_api

now = time.monotonic_ns
records: list[dict[str, int]] = []  # updates not written yet, oldest first
current: dict[str, int] = {}
unflushed: list[dict[str, int]] = []  # published, not yet written to the sockets
unsent: list[dict[str, int]] = []  # published, not yet on the bus
pauses: list[dict[str, int]] = []  # full garbage collections not written yet


def main() -> None:
    out = open(sys.argv[1], "a", encoding="utf-8")  # noqa: SIM115 - closed at exit

    def write() -> None:
        for record in [*records, *pauses]:
            if "clock" in record or "gc_start" in record:
                out.write(json.dumps(record) + "\n")
        records.clear()
        pauses.clear()
        out.flush()

    atexit.register(write)
    collecting: dict[str, int] = {}

    def collected(phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            collecting["gc_start"] = now()
        elif "gc_start" in collecting:
            pauses.append({"gc_start": collecting.pop("gc_start"), "gc_end": now()})

    gc.callbacks.append(collected)
    original_write = live_api.write_records

    async def traced_write(*args: Any) -> Any:
        write()
        current.clear()
        current["request"] = now()
        return await original_write(*args)

    live_api.write_records = traced_write  # type: ignore[assignment]  # the routes' and `LivePosts`' write
    original_ingest = live_api._ingest_records

    def traced_ingest(*args: Any) -> Any:
        result = original_ingest(*args)
        if records and "handled" not in records[-1]:
            records[-1]["handled"] = now()
        return result

    live_api._ingest_records = traced_ingest  # type: ignore[assignment]

    begin = LiveJournal.begin

    def traced_begin(self: LiveJournal, batch: Any) -> JournalTransaction:
        current["appending"] = now()
        return begin(self, batch)

    LiveJournal.begin = traced_begin  # type: ignore[method-assign,assignment]

    commit = JournalTransaction.commit

    def traced_commit(self: JournalTransaction) -> int:
        result = commit(self)
        current["committed"] = now()  # in the journal's thread, before the writer goes on
        return result

    JournalTransaction.commit = traced_commit  # type: ignore[method-assign]

    hand_over = Ingest._commit_in_thread

    def traced_hand_over(self: Ingest, run: Any) -> Any:
        current["folded"] = now()
        return hand_over(self, run)

    Ingest._commit_in_thread = traced_hand_over  # type: ignore[method-assign,assignment]

    send = Ingest._send

    def traced_send(self: Ingest, outcomes: Any, messages: Any) -> None:
        record = dict(current)
        unflushed.append(record)  # the fan-out flushes inside `_send`
        unsent.append(record)
        send(self, outcomes, messages)
        record["published"] = now()
        record["clock"] = self.live.elapsed
        records.append(record)

    Ingest._send = traced_send  # type: ignore[method-assign]

    served = limits.BodyLimit.__call__

    async def traced_call(self: limits.BodyLimit, scope: Any, receive: Any, send: Any) -> None:
        await served(self, scope, receive, send)
        if scope["type"] == "http" and records and "responded" not in records[-1]:
            records[-1]["responded"] = now()

    limits.BodyLimit.__call__ = traced_call  # type: ignore[method-assign]

    flush = frames.FrameFanout.flush

    def traced_flush(self: frames.FrameFanout) -> None:
        if not self._pending:
            return
        began = now()
        flush(self)
        ended = now()
        for record in unflushed:
            record["fanout_start"], record["fanout_end"] = began, ended
        unflushed.clear()

    frames.FrameFanout.flush = traced_flush  # type: ignore[method-assign]

    for bus in (relay.RedisBus, relay.NatsBus):
        bus.publish = _traced_bus(bus.publish)  # type: ignore[method-assign]
    sys.argv = ["pitboard", *sys.argv[2:]]
    pitboard()


def _traced_bus(publish: Any) -> Any:
    @functools.wraps(publish)
    async def traced(self: Any, channel: str, data: bytes) -> None:
        began = now()
        taken = list(unsent) if not channel.endswith(".sync") else []
        unsent.clear()
        await publish(self, channel, data)
        ended = now()
        for record in taken:
            record["bus_start"], record["bus_end"] = began, ended

    return traced


if __name__ == "__main__":
    main()
