"""P3 over real TCP: bad frames are journaled and reported, the feed goes on; after a dropped
connection the RESEND brings back what was missed, and nothing is journaled twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from pitboard.formats.p3 import P3Passing, encode_record
from pitboard.live.ingest import FEED_ERROR, Ingest
from pitboard.live.p3feed import connect_decoder
from pitboard.model import Session, SessionKind
from pitboard.model.passing import Loop, Passing
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.outputs import DecoderServer
from pitboard.sim.race import DECODERS
from pitboard.store import open_store

LOOPS = {int(decoder): loop for loop, decoder in DECODERS.items()}


async def feed_the_race(tmp_path: Path) -> tuple[Ingest, list[Passing]]:
    race = simulate_race(RaceSettings(seed=4, cars=10, minutes=10))
    store = open_store(str(tmp_path / "p3.db"))
    store.save_session("r1", Session(SessionKind.RACE, {e.number: e for e in race.entries}))
    ingest = Ingest.open(store, "r1")
    ingest.submit([item for item in race.inputs if not isinstance(item, Passing)][:30])
    passings = [item for item in race.inputs if isinstance(item, Passing)]
    decoders = DecoderServer()
    server = await asyncio.start_server(decoders.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = asyncio.create_task(connect_decoder("127.0.0.1", port, ingest, LOOPS))
    half = len(passings) // 2
    await until(lambda: decoders.clients)
    decoders.send(passings[:half])
    for writer in list(decoders.clients):  # garbage, a bad CRC, then the line drops
        broken = bytearray(encode_record(P3Passing(1, 2, 3)))
        broken[-2] ^= 0xFF
        writer.write(b"\x01\x02garbage" + bytes(broken))
        await writer.drain()
        writer.close()
    decoders.clients.clear()
    decoders.send(passings[half:])  # nobody listening: the client must ask again
    await until(lambda: len(ingest.seen) == len(passings))
    client.cancel()
    server.close()
    return ingest, passings


async def until(condition: object, seconds: float = 20) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def test_bad_frames_reported_dropped_line_resent_nothing_twice(tmp_path: Path) -> None:
    ingest, passings = asyncio.run(feed_the_race(tmp_path))
    records = list(ingest.journal.read())
    errors = [r for r in records if r.kind == FEED_ERROR]
    assert sum(r.payload["count"] for r in errors) == ingest.feed_errors >= 2
    assert any("outside" in r.payload["error"] for r in errors)
    journaled = [r for r in records if r.kind == "passing"]
    assert len(journaled) == len(passings)  # all of them, none twice
    assert {(r.payload["decoder"], r.payload["number"]) for r in journaled} == {
        (p.decoder, p.number) for p in passings
    }
    assert {Loop(r.payload["loop"]) for r in journaled} == set(Loop)
    ingest.close()


def test_5_mb_of_truncated_frames_make_a_few_journal_records_and_lose_no_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11, item 11: each bad frame was its own commit (5 MB -> 193,083 rows). Now one
    record a read at most, and at most one a second a source (the clock stands still here)."""
    from pitboard.live import ingest as ingest_module
    from pitboard.live.p3feed import P3Feed

    monkeypatch.setattr(ingest_module.time, "monotonic", lambda: 1000.0)
    store = open_store(str(tmp_path / "p3.db"))
    store.save_session("r1", Session(SessionKind.RACE, {}))
    ingest = Ingest.open(store, "r1")
    frame = encode_record(P3Passing(1, 2, 3))[:-4]  # every frame cut short by the next
    data = frame * (5 * 1024 * 1024 // len(frame))
    feed = P3Feed(ingest, LOOPS, "p3 test")
    for start in range(0, len(data), 65536):
        feed.feed(data[start : start + 65536])
    ingest.close()
    errors = [r for r in ingest.journal.read() if r.kind == FEED_ERROR]
    assert len(errors) == 2  # the first, and at close what the limit held back
    assert sum(r.payload["count"] for r in errors) == ingest.feed_errors
    assert ingest.feed_errors >= len(data) // len(frame) - 1
    again = Ingest.open(store, "r1", lock=False)
    assert again.feed_errors == ingest.feed_errors
    store.close()


def test_any_bytes_from_a_decoder_leave_the_ingest_up(tmp_path: Path) -> None:
    """A P3 byte fuzzer at the ingest: any bytes, in any reads, raise nothing."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pitboard.live.p3feed import P3Feed

    store = open_store(str(tmp_path / "fuzz.db"))
    store.save_session("r1", Session(SessionKind.RACE, {}))
    ingest = Ingest.open(store, "r1")
    frame = encode_record(P3Passing(1, 2, 3))
    pieces = st.one_of(st.binary(max_size=64), st.just(frame), st.just(frame[:-5]))

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.lists(pieces, max_size=6).map(b"".join), max_size=5))
    def feed(reads: list[bytes]) -> None:
        p3 = P3Feed(ingest, LOOPS, "fuzz")
        for chunk in reads:
            p3.feed(chunk)

    feed()
    ingest.close()
    store.close()
