"""Every live input is applied once (issue 11, item 4): a retried 5 s penalty was 10 s.

The id is the client's (`"id"`) or derived from the input's content; a replay keeps it once.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.live.test_live_api import AUTH, setup_inputs
from tests.live.test_live_api import client as client  # the fixture

from pitboard.live.ingest import Ingest

PENALTY = {"kind": "penalty", "car": "10", "penalty": "time", "millis": 5000, "reason": "track"}
URL = "/api/v1/sessions/r1/inputs"


def ingest_of(client: TestClient) -> Ingest:
    ingest = client.app.state.live.ingests["r1"]  # type: ignore[attr-defined]
    assert isinstance(ingest, Ingest)
    return ingest


def added_ms(ingest: Ingest) -> list[int]:
    return [penalty.millis for penalty in ingest.live.penalties]


def test_a_penalty_sent_twice_is_applied_once_and_replays_once(client: TestClient) -> None:
    client.post(URL, json=setup_inputs(), headers=AUTH)
    for _ in range(2):
        assert client.post(URL, json=[PENALTY], headers=AUTH).status_code == 200
    assert added_ms(ingest_of(client)) == [5000]
    store = client.app.state.store  # type: ignore[attr-defined]
    assert added_ms(Ingest.open(store, "r1", lock=False)) == [5000]


def test_client_ids_tell_two_equal_penalties_apart_and_a_retry_of_one(
    client: TestClient,
) -> None:
    first, second = {**PENALTY, "id": "pen-1"}, {**PENALTY, "id": "pen-2"}
    assert client.post(URL, json=[first, second, first], headers=AUTH).status_code == 200
    assert client.post(URL, json=[second], headers=AUTH).status_code == 200
    assert added_ms(ingest_of(client)) == [5000, 5000]
    store = client.app.state.store  # type: ignore[attr-defined]
    assert added_ms(Ingest.open(store, "r1", lock=False)) == [5000, 5000]
    too_long = client.post(URL, json=[{**PENALTY, "id": "x" * 129}], headers=AUTH)
    assert too_long.status_code == 422 and "inputs[0].id" in too_long.text


def test_a_retried_flag_with_its_id_is_applied_once(client: TestClient) -> None:
    client.post(URL, json=setup_inputs(), headers=AUTH)
    flags = "/api/v1/sessions/r1/flags"
    for _ in range(2):
        response = client.post(flags, json={"flag": "fcy", "id": "fcy-1"}, headers=AUTH)
        assert response.status_code == 200
    assert len(ingest_of(client).live.builder.flags) == 1
