"""Bounded requests and connections on a real `pitboard ingest` (issue 11, items 9 and 10).

- A 100 MB array held the server 21.7 s and 918 MB: bodies over the limit get 413 (declared or
  chunked), a batch over `MAX_BATCH` records gets 413, and the server goes on serving.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.live.test_crash import TOKEN, free_port, start_ingest
from tests.live.test_one_writer import prepare

from pitboard.web.limits import MAX_BATCH, MAX_BODY

AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
INPUTS = "/api/v1/sessions/r1/inputs"


@pytest.fixture
def ingest(tmp_path: Path) -> Iterator[httpx.Client]:
    db, port = str(tmp_path / "live.db"), free_port()
    prepare(db)
    process: subprocess.Popen[bytes] = start_ingest(db, port, tmp_path / "ingest.log")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        process.kill()
        process.wait()


def test_a_body_over_the_limit_gets_413_and_the_server_goes_on(ingest: httpx.Client) -> None:
    body = b"[" + b"0," * (MAX_BODY // 2) + b"0]"
    assert ingest.post(INPUTS, content=body, headers=AUTH).status_code == 413

    def chunks() -> Iterator[bytes]:
        yield b"["
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"0," * 32768
        yield b"0]"

    assert ingest.post(INPUTS, content=chunks(), headers=AUTH).status_code == 413
    assert ingest.get("/api/v1/sessions/r1/live").status_code == 200


def test_a_batch_over_the_limit_gets_413(ingest: httpx.Client) -> None:
    flag = {"kind": "flag", "flag": "fcy", "timestamp_us": 1}
    body = json.dumps([flag] * (MAX_BATCH + 1))
    response = ingest.post(INPUTS, content=body, headers=AUTH)
    assert response.status_code == 413 and str(MAX_BATCH) in response.text
    assert ingest.post(INPUTS, json=[flag], headers=AUTH).status_code == 200


def open_half_requests(port: int, count: int) -> list[socket.socket]:
    sockets = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=30)
        connection.sendall(b"GET /api/v1/sessions/r1/live HTTP/1.1\r\nHost: x\r\n")  # no end
        sockets.append(connection)
    return sockets


def closed(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        return connection.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_a_connection_whose_headers_do_not_come_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITBOARD_HEADER_TIMEOUT", "1")
    db, port = str(tmp_path / "live.db"), free_port()
    prepare(db)
    process = start_ingest(db, port, tmp_path / "ingest.log")
    try:
        (half,) = open_half_requests(port, 1)
        assert closed(half, 20)
    finally:
        process.kill()
        process.wait()


def test_connections_past_the_cap_are_closed_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PITBOARD_MAX_CONNECTIONS", "20")
    db, port = str(tmp_path / "live.db"), free_port()
    prepare(db)
    process = start_ingest(db, port, tmp_path / "ingest.log")
    try:
        flood = open_half_requests(port, 40)
        assert sum(closed(connection, 0.2) for connection in flood) >= 20
        for connection in flood:
            connection.close()
    finally:
        process.kill()
        process.wait()
