"""kill -9 of the ingest mid-race, then a restart: no passing lost, the same classification.

On SQLite and on PostgreSQL, with a poison record in the journal (issue 11: a transponder of a
car not entered, journaled by an older server, made every restart exit 1): it is skipped.

Real processes: `pitboard ingest` (the one writer) and `pitboard simulate --to http://...`
(which retries a batch until the server has it). The test kills the writer while the race runs,
starts it again on the same port, lets the race finish, and compares with the race the simulator
generated (its own truth) folded without any interruption.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.live.test_poison import journal_poison
from tests.store.conftest import postgres_server as postgres_server  # the fixtures
from tests.store.conftest import postgres_url as postgres_url

from pitboard.live.replay import read_store_journal
from pitboard.model.passing import Passing
from pitboard.rules.live import LiveSession
from pitboard.sim import RaceSettings, simulate_race
from pitboard.store import open_store

BIN = str(Path(sys.executable).with_name("pitboard"))
TOKEN = "crash-test-token"
RACE = ["--seed", "21", "--cars", "16", "--minutes", "12"]
SEND = ["--session", "r1", "--token", TOKEN]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_ingest(
    db: Path | str, port: int, log: Path, extra: Sequence[str] = ()
) -> subprocess.Popen[bytes]:
    command = [BIN, "ingest", "--db", str(db), "--session", "r1", "--http", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        [*command, "--token", TOKEN, *extra], stdout=log.open("ab"), stderr=subprocess.STDOUT
    )

    def serving() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the ingest exited {process.returncode}: {log.read_text()}")
        return get(port, "/api/v1/sessions/r1/live") is not None

    wait_for(serving, "the ingest to serve")
    return process


def get(port: int, path: str) -> Any:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return json.loads(response.read())
    except OSError:
        return None


def wait_for(condition: Any, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def journaled_passings(db: Path | str) -> list[Passing]:
    inputs = read_store_journal(str(db), "r1").inputs
    return [item for item in inputs if isinstance(item, Passing)]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "live.db")
    return str(request.getfixturevalue("postgres_url"))


def test_kill_9_mid_race_loses_nothing_and_classifies_the_same(
    database: str, tmp_path: Path
) -> None:
    race = simulate_race(RaceSettings(21, 16, 12))
    sent = {(p.decoder, p.number) for p in race.inputs if isinstance(p, Passing)}
    db, port, log = database, free_port(), tmp_path / "ingest.log"
    subprocess.run([BIN, "simulate", *RACE, "--prepare", str(db), "--session", "r1"], check=True)
    with open_store(db) as store:
        journal_poison(store, "r1")
    ingest = start_ingest(db, port, log)
    sender = subprocess.Popen(
        [BIN, "simulate", *RACE, "--speed", "60", "--to", f"http://127.0.0.1:{port}", *SEND],
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(lambda: len(journaled_passings(db)) > len(sent) // 3, "passings mid-race")
        os.kill(ingest.pid, signal.SIGKILL)
        ingest.wait()
        killed_at = len(journaled_passings(db))
        time.sleep(0.5)  # the simulator goes on and retries against nobody
        ingest = start_ingest(db, port, log)
        _, err = sender.communicate(timeout=120)
        assert sender.returncode == 0, err.decode()
        assert " 0 retries" not in err.decode()  # it did meet the dead server
        final = get(port, "/api/v1/sessions/r1/live")
    finally:
        ingest.kill()
        sender.kill()
    kept = {(p.decoder, p.number) for p in journaled_passings(db)}
    assert killed_at < len(sent), "the kill came after the race"
    assert sent <= kept, f"{len(sent - kept)} passings lost"
    uninterrupted = LiveSession(race.entries)
    for item in race.inputs:
        uninterrupted.apply(item)
    expected = [
        (c.number, c.status.value, c.laps, c.gap_first and str(c.gap_first), c.best_lap)
        for c in uninterrupted.classification().rows
    ]
    got = [(r["number"], r["status"], r["laps"], r["gap"], r["best_lap_ms"]) for r in final["rows"]]
    assert got == expected
    assert final["finished"] and final["flag"] == "chequered"
    replayed = subprocess.run(
        [BIN, "replay", db, "--session", "r1", "--json"], capture_output=True, check=False
    )
    assert replayed.returncode == 0, replayed.stderr.decode()
