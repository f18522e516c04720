"""The live API in process: token for writes, 422 naming index/field/value, WebSocket stream."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pitboard.live.ingest import LiveHub
from pitboard.live.inputs import input_to_json
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.store import open_store
from pitboard.web.live_api import router

TOKEN = "t0ken"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RACE = simulate_race(RaceSettings(seed=3, cars=10, minutes=10, noise=False))


@pytest.fixture
def client(tmp_path: Path) -> Any:
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))
    app = FastAPI()
    app.state.store, app.state.live, app.state.live_token = store, LiveHub(store), TOKEN
    app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client
    app.state.live.close()
    store.close()


def setup_inputs() -> list[dict[str, Any]]:
    return [input_to_json(item) for item in RACE.inputs[:12]]  # transponders and the start


def test_writes_need_the_token_reads_do_not(client: TestClient) -> None:
    url = "/api/v1/sessions/r1/passings"
    assert client.post(url, json=[]).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.post(url, json=[], headers=bad).status_code == 401
    assert client.post(url, json=[], headers=AUTH).json() == {"accepted": 0}
    assert client.get("/api/v1/sessions/r1/live").status_code == 200
    assert client.get("/api/v1/sessions/nope/live").status_code == 404


def test_bad_records_get_422_naming_index_field_value_and_good_ones_count(
    client: TestClient,
) -> None:
    client.post("/api/v1/sessions/r1/inputs", json=setup_inputs(), headers=AUTH)
    transponder = next(iter(RACE.transponders))
    good = {"transponder": transponder, "loop": "finish", "timestamp_us": RACE.start + 105_000_000}
    bad = {"transponder": transponder, "loop": "pitlane", "timestamp_us": RACE.start}
    response = client.post("/api/v1/sessions/r1/passings", json=[good, bad], headers=AUTH)
    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] == 1
    assert "passings[1].loop" in body["error"]["message"]
    assert "'pitlane'" in body["error"]["message"]
    tower = client.get("/api/v1/sessions/r1/live").json()
    assert sum(row["laps"] for row in tower["rows"]) == 1


def test_flags_and_the_websocket_stream(client: TestClient) -> None:
    client.post("/api/v1/sessions/r1/inputs", json=setup_inputs(), headers=AUTH)
    with client.websocket_connect("/api/v1/sessions/r1/live") as socket:
        first = socket.receive_json()
        assert first["type"] == "snapshot" and first["flag"] == "green"
        response = client.post("/api/v1/sessions/r1/flags", json={"flag": "fcy"}, headers=AUTH)
        assert response.status_code == 200
        change = socket.receive_json()
        assert change["type"] == "snapshot" or change["type"] == "changes"
        assert change["flag"] == "fcy"
    bad = client.post("/api/v1/sessions/r1/flags", json={"flag": "purple"}, headers=AUTH)
    assert bad.status_code == 422 and "purple" in bad.text
