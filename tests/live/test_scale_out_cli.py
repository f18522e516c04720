"""Scale-out as deployed: one `pitboard ingest --publish` writer, two `pitboard serve --follow`
viewer processes on the same database, over Redis and over NATS. Real processes; a WebSocket
client on each viewer process rebuilds the tower, and both end on the writer's own tower."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.live.test_crash import BIN, TOKEN, free_port, get, wait_for
from tests.live.test_relay import apply, server_url
from websockets.sync.client import ClientConnection, connect

from pitboard.sim.outputs import send_http

RACE = ["--seed", "9", "--cars", "8", "--minutes", "6"]


@contextmanager
def process(command: list[str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    running = subprocess.Popen(command, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    try:
        yield running
    finally:
        running.terminate()
        running.wait(30)


def rebuilt(client: ClientConnection, tower: dict[str, Any], final: dict[str, Any]) -> Any:
    """Apply the client's messages until its tower is `final` (or the socket goes quiet)."""
    while tower != final:
        tower = apply(tower, json.loads(client.recv(timeout=30)))
    return tower


@pytest.mark.parametrize("bus", ["redis", "nats"])
def test_two_viewer_processes_follow_the_writer_to_its_final_tower(
    bus: str, tmp_path: Path
) -> None:
    from pitboard.sim import RaceSettings, simulate_race

    relay, channel = server_url(bus), f"pitboard.test.{uuid.uuid4().hex}"
    db, log = tmp_path / "live.db", tmp_path / "processes.log"
    subprocess.run([BIN, "simulate", *RACE, "--prepare", str(db), "--session", "r1"], check=True)
    writer, viewers = free_port(), [free_port(), free_port()]
    ingest = [BIN, "ingest", "--db", str(db), "--session", "r1", "--token", TOKEN]
    ingest += ["--http", f"127.0.0.1:{writer}", "--publish", relay, "--channel", channel]
    with ExitStack() as stack:
        stack.enter_context(process(ingest, log))
        wait_for(lambda: get(writer, "/api/v1/sessions/r1/live") is not None, "the writer")
        for port in viewers:
            serve = [BIN, "serve", "--db", str(db), "--port", str(port)]
            stack.enter_context(process([*serve, "--follow", relay, "--channel", channel], log))
        for port in viewers:  # 503 until the viewer process has the writer's snapshot
            wait_for(lambda port=port: get(port, "/api/v1/sessions/r1/live"), "a viewer")
        clients = [
            stack.enter_context(connect(f"ws://127.0.0.1:{port}/api/v1/sessions/r1/live"))
            for port in viewers
        ]
        towers = [apply({}, json.loads(client.recv(timeout=30))) for client in clients]
        race = simulate_race(RaceSettings(9, 8, 6))
        send_http(race, f"http://127.0.0.1:{writer}", "r1", TOKEN, speed=0)
        final = get(writer, "/api/v1/sessions/r1/live")
        assert final["finished"] and len(final["rows"]) == 8
        for client, tower in zip(clients, towers, strict=True):
            assert rebuilt(client, tower, final) == final
        for port in viewers:
            assert get(port, "/api/v1/sessions/r1/live") == final
