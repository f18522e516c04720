"""One writer per database, readers never write (issue 11, items 2 and 3), with real processes.

- The results site (`pitboard serve`) beside `pitboard ingest` on one SQLite file: reading
  `/live` on the site once made the site the writer, and the killed ingest could not restart.
- Two `pitboard ingest` on one PostgreSQL database both accepted writes: the second must be
  refused with one line.
"""

from __future__ import annotations

import json
import subprocess
import urllib.request
from pathlib import Path

import pytest
from tests.live.test_crash import BIN, TOKEN, free_port, get, start_ingest, wait_for
from tests.store.conftest import postgres_server as postgres_server  # the fixtures
from tests.store.conftest import postgres_url as postgres_url

RACE = ["--seed", "5", "--cars", "4", "--minutes", "5"]


def prepare(db: str) -> None:
    subprocess.run(
        [BIN, "simulate", *RACE, "--prepare", db, "--session", "r1"],
        check=True,
        capture_output=True,
    )


def post(port: int, records: list[dict[str, object]]) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/sessions/r1/inputs",
        data=json.dumps(records).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "live.db")
    return str(request.getfixturevalue("postgres_url"))


def test_a_second_ingest_is_refused_with_one_line(database: str, tmp_path: Path) -> None:
    prepare(database)
    first = start_ingest(database, free_port(), tmp_path / "first.log")
    command = [BIN, "ingest", "--db", database, "--session", "r1", "--token", TOKEN]
    try:
        second = subprocess.run(
            [*command, "--http", f"127.0.0.1:{free_port()}"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    finally:
        first.kill()
        first.wait()
    err = second.stderr.decode()
    assert second.returncode != 0
    assert "another process is the writer" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err


def test_the_site_reads_the_live_session_without_becoming_its_writer(tmp_path: Path) -> None:
    db, ingest_port, site_port = str(tmp_path / "live.db"), free_port(), free_port()
    prepare(db)
    ingest = start_ingest(db, ingest_port, tmp_path / "ingest.log")
    site = subprocess.Popen(
        [BIN, "serve", "--db", db, "--port", str(site_port)],
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "site.log").open("ab"),
    )
    try:
        wait_for(lambda: get(site_port, "/api/v1/sessions/r1/live") is not None, "the site")
        flag = [{"kind": "flag", "flag": "fcy", "timestamp_us": 1_000_000}]
        assert post(ingest_port, flag) == 200
        assert get(site_port, "/api/v1/sessions/r1/live")["flag"] == "fcy"  # caught up
        ingest.kill()
        ingest.wait()
        assert get(site_port, "/api/v1/sessions/r1/live")["flag"] == "fcy"
        ingest = start_ingest(db, ingest_port, tmp_path / "ingest.log")  # the site is no writer
        assert post(ingest_port, [{**flag[0], "flag": "green", "timestamp_us": 2_000_000}]) == 200
        assert get(site_port, "/api/v1/sessions/r1/live")["flag"] == "green"
    finally:
        ingest.kill()
        site.kill()
        ingest.wait()
        site.wait()


def test_closing_the_writer_lets_the_next_one_in(postgres_url: str) -> None:
    """In one process: a closed PostgreSQL writer lock is released (not kept by the pool)."""
    from pitboard.live.ingest import WriterBusy, take_writer_lock
    from pitboard.store import open_store

    with open_store(postgres_url) as store, open_store(postgres_url) as other:
        lock = take_writer_lock(store)
        assert lock is not None
        with pytest.raises(WriterBusy):
            take_writer_lock(other)
        lock.close()
        again = take_writer_lock(other)
        assert again is not None
        again.close()


def test_a_write_to_a_reader_while_another_writes_is_409(tmp_path: Path) -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from pitboard.live.ingest import LiveHub
    from pitboard.store import open_store
    from pitboard.web.live_api import router

    db = str(tmp_path / "live.db")
    prepare(db)
    with open_store(db) as writer_store, open_store(db) as site_store:
        writer = LiveHub(writer_store)
        writer.writer("r1")
        app = FastAPI()
        app.state.store, app.state.live = site_store, LiveHub(site_store)
        app.state.live_token = TOKEN
        app.include_router(router)
        with TestClient(app) as client:
            assert client.get("/api/v1/sessions/r1/live").status_code == 200
            flag = [{"kind": "flag", "flag": "fcy", "timestamp_us": 1}]
            headers = {"Authorization": f"Bearer {TOKEN}"}
            response = client.post("/api/v1/sessions/r1/inputs", json=flag, headers=headers)
        assert response.status_code == 409 and "another process is the writer" in response.text
        writer.close()
        app.state.live.close()
