"""RMonitor: the reader on lines written as the protocol's documentation shows them, write ∘ read
on those lines, any text gives a record, None or a FormatError; and a real TCP display client
connected to a running `pitboard ingest --rmonitor-port` fed by the simulator over HTTP."""

from __future__ import annotations

import contextlib
import socket
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.live.test_crash import BIN, SEND, free_port, get, start_ingest

from pitboard.formats.rmonitor import (
    ClassInfo,
    Competitor,
    CompetitorExtended,
    Heartbeat,
    PassingInfo,
    PracticePosition,
    RacePosition,
    RunInfo,
    parse_line,
    write_record,
)
from pitboard.model import FormatError

# As the protocol's published examples write them (field order and quoting).
DOCUMENTED = {
    '$F,14,"00:12:45","13:34:23","00:09:47","Green "': Heartbeat(
        14, 765_000, 48_863_000, 587_000, "Green "
    ),
    '$A,"1234BE","12X",52474,"John","Johnson","USA",5': Competitor(
        "1234BE", "12X", 52474, "John", "Johnson", "USA", 5
    ),
    '$COMP,"1234BE","12X",5,"John","Johnson","USA","CAMEL"': CompetitorExtended(
        "1234BE", "12X", 5, "John", "Johnson", "USA", "CAMEL"
    ),
    '$B,5,"Friday free practice"': RunInfo(5, "Friday free practice"),
    '$C,5,"Formula 300"': ClassInfo(5, "Formula 300"),
    '$G,3,"1234BE",14,"01:12:47.872"': RacePosition(3, "1234BE", 14, 4_367_872),
    '$H,2,"1234BE",3,"00:02:17.872"': PracticePosition(2, "1234BE", 3, 137_872),
    '$J,"1234BE","00:02:03.826","01:42:17.672"': PassingInfo("1234BE", 123_826, 6_137_672),
}


@pytest.mark.parametrize("line", DOCUMENTED)
def test_documented_lines_read_and_write_back(line: str) -> None:
    assert parse_line(line) == DOCUMENTED[line]
    assert write_record(DOCUMENTED[line]) == line


def test_unknown_records_are_skipped_and_bad_fields_named() -> None:
    assert parse_line('$I,"16:36:08.000","12 jan 01"') is None
    with pytest.raises(FormatError, match=r"tcp:7.*laps.*'x'"):
        parse_line('$G,3,"1234BE",x,"01:12:47.872"', "tcp:7")
    with pytest.raises(FormatError, match="3 fields, expected 4"):
        parse_line('$G,3,"1234BE",14')


@given(st.text(max_size=80))
def test_any_text_is_a_record_none_or_a_format_error(text: str) -> None:
    with contextlib.suppress(FormatError):
        parse_line(text)


@given(
    st.integers(1, 999),
    st.text(st.characters(codec="latin-1", exclude_characters='"\r\n'), max_size=8),
    st.integers(0, 9999),
    st.integers(0, 99 * 3_600_000),
)
def test_race_position_write_read_is_identity(
    position: int, car: str, laps: int, total: int
) -> None:
    record = RacePosition(position, car, laps, total)
    assert parse_line(write_record(record)) == record


def read_display(
    display: socket.socket, lines: list[str], done: Callable[[list[str]], bool]
) -> None:
    """Read whole lines until `done(lines)`; the socket's timeout bounds the wait."""
    buffer = b""
    while not done(lines):
        chunk = display.recv(65536)
        assert chunk, "the ingest hung up"
        buffer += chunk
        *complete, buffer = buffer.split(b"\r\n")
        lines.extend(part.decode("latin-1") for part in complete)


def caught_up(tower: dict[str, Any]) -> Callable[[list[str]], bool]:
    """The display shows the tower's last lap count for every car, then a later heartbeat."""
    laps = {row["number"]: row["laps"] for row in tower["rows"]}

    def done(lines: list[str]) -> bool:
        shown: dict[str, int] = {}
        for index, line in enumerate(lines):
            record = parse_line(line)
            if isinstance(record, RacePosition):
                shown[record.registration] = record.laps
            elif isinstance(record, Heartbeat) and shown == laps:
                return any(later.startswith("$F") for later in lines[index + 1 :])
        return False

    return done


def test_a_display_follows_a_simulated_race_over_tcp(tmp_path: Path) -> None:
    db, port, rmonitor = tmp_path / "live.db", free_port(), free_port()
    race = ["--seed", "6", "--cars", "12", "--minutes", "8", "--clean"]
    subprocess.run([BIN, "simulate", *race, "--prepare", str(db), *SEND], check=True)
    ingest = start_ingest(db, port, tmp_path / "ingest.log", ["--rmonitor-port", str(rmonitor)])
    try:
        with socket.create_connection(("127.0.0.1", rmonitor), timeout=60) as display:
            lines: list[str] = []
            read_display(display, lines, lambda seen: any(x.startswith("$G") for x in seen))
            to = f"http://127.0.0.1:{port}"
            subprocess.run([BIN, "simulate", *race, "--to", to, *SEND, "--speed", "0"], check=True)
            tower = get(port, "/api/v1/sessions/r1/live")
            read_display(display, lines, caught_up(tower))
    finally:
        ingest.terminate()
        ingest.wait(30)
    check_display([parse_line(line) for line in lines], tower)


def check_display(records: list[object], tower: dict[str, Any]) -> None:
    assert None not in records
    rows = {row["number"]: row for row in tower["rows"]}
    assert tower["finished"] and len(rows) == 12
    assert [r.description for r in records if isinstance(r, ClassInfo)] == tower["classes"]
    assert sorted(r.number for r in records if isinstance(r, Competitor)) == sorted(rows)
    passings = Counter(r.registration for r in records if isinstance(r, PassingInfo))
    assert passings == {car: row["laps"] for car, row in rows.items() if row["laps"]}
    last_race = {r.registration: r for r in records if isinstance(r, RacePosition)}
    assert {car: (r.position, r.laps) for car, r in last_race.items()} == {
        car: (row["position"], row["laps"]) for car, row in rows.items()
    }
    last_best = {r.registration: r.best_time for r in records if isinstance(r, PracticePosition)}
    assert last_best == {car: row["best_lap_ms"] for car, row in rows.items() if row["best_lap_ms"]}
    beat = [r for r in records if isinstance(r, Heartbeat)][-1]
    assert beat.flag == "Finish" and beat.race_time == tower["elapsed_ms"] // 1000 * 1000
