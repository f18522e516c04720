"""No input can stop the live session: refused at the door, or skipped (and reported) on replay.

The incident (issue 11, item 1): `{"kind": "transponder", "transponder": "999", "car": "9999"}`
(a car not entered), then a passing of transponder 999 -> 500 (KeyError), and every restart
replayed the record into the same KeyError: a crash loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.live.test_live_api import AUTH, RACE, setup_inputs
from tests.live.test_live_api import client as client  # the fixture

from pitboard.live.ingest import Ingest
from pitboard.live.inputs import input_from_json
from pitboard.model import Driver, Entry, Session, SessionKind
from pitboard.store import JournalInput, Store, open_store

START = RACE.start
POISON = [{"kind": "transponder", "transponder": "999", "car": "9999"}]
PASSING_999 = {"kind": "passing", "transponder": "999", "loop": "finish", "timestamp_us": START}


def test_a_transponder_for_a_car_not_entered_is_refused_with_422(client: TestClient) -> None:
    client.post("/api/v1/sessions/r1/inputs", json=setup_inputs(), headers=AUTH)
    refused = client.post("/api/v1/sessions/r1/inputs", json=POISON, headers=AUTH)
    assert refused.status_code == 422
    assert "inputs[0].car" in refused.text and "'9999'" in refused.text
    later = {**PASSING_999, "timestamp_us": START + 100_000_000}
    response = client.post("/api/v1/sessions/r1/inputs", json=[later], headers=AUTH)
    assert response.status_code == 200  # an unknown transponder: an issue, not a 500


def test_a_far_future_passing_is_refused_and_the_car_runs_on(client: TestClient) -> None:
    client.post("/api/v1/sessions/r1/inputs", json=setup_inputs(), headers=AUTH)
    transponder = next(iter(RACE.transponders))
    lap = {"kind": "passing", "transponder": transponder, "loop": "finish"}
    future = {**lap, "timestamp_us": START + 10**15}
    refused = client.post("/api/v1/sessions/r1/inputs", json=[future], headers=AUTH)
    assert refused.status_code == 422 and "timestamp_us" in refused.text
    for minute in (2, 4):
        good = {**lap, "timestamp_us": START + minute * 60_000_000}
        client.post("/api/v1/sessions/r1/inputs", json=[good], headers=AUTH)
    tower = client.get("/api/v1/sessions/r1/live").json()
    assert sum(row["laps"] for row in tower["rows"]) == 2


@pytest.mark.parametrize("body", [b"", b"not json", b"\xff\xfe\x00", b"[" * 100_000, b"[1]"])
def test_flags_with_a_body_that_is_not_a_json_object_get_422(
    client: TestClient, body: bytes
) -> None:
    response = client.post("/api/v1/sessions/r1/flags", content=body, headers=AUTH)
    assert response.status_code == 422


def test_deeply_nested_json_gets_422_not_500(client: TestClient) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    response = client.post("/api/v1/sessions/r1/inputs", content=body, headers=AUTH)
    assert response.status_code == 422


def journal_poison(store: Store, session: str) -> None:
    """What a server without the check wrote: the poison record, then a passing of it."""
    records = [JournalInput("transponder", dict(POISON[0]), session)]
    payload = {key: value for key, value in PASSING_999.items() if key != "kind"}
    records.append(JournalInput("passing", payload, session))
    records.append(JournalInput("flag", {"flag": "purple", "timestamp_us": START}, session))
    store.append_journal_many(records)


def test_a_poison_record_in_the_journal_is_skipped_on_replay(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "live.db")) as store:
        entries = {entry.number: entry for entry in RACE.entries}
        store.save_session("r1", Session(SessionKind.RACE, entries))
        store.append_journal_many(
            [JournalInput(str(d.pop("kind")), d, "r1") for d in setup_inputs()]
        )
        journal_poison(store, "r1")
        ingest = Ingest.open(store, "r1", lock=False)
        ingest.close()
    assert len(ingest.skipped) == 2
    assert "car" in ingest.skipped[0] and "'9999'" in ingest.skipped[0]
    assert "purple" in ingest.skipped[1]
    assert ingest.live.issues[-1].kind.value == "unknown_transponder"


# -- any sequence of valid inputs: the process stays up, a replay ends in the same state ----

CARS = ["1", "2", "3"]
ENTRIES = [
    Entry(car, "GT3", f"Team {car}", "", (Driver(f"D{car}"), Driver(f"E{car}"))) for car in CARS
]
T0 = 1_700_000_000_000_000
times = st.one_of(
    st.integers(T0 - 10**7, T0 + 10**10), st.integers(0, 2**63), st.sampled_from([T0, 0])
)
cars = st.sampled_from([*CARS, "9", "01"])
transponders = st.sampled_from(["t1", "t2", "t3", "t9"])
records = st.one_of(
    st.fixed_dictionaries(
        {"kind": st.just("passing"), "timestamp_us": times, "transponder": transponders},
        optional={
            "loop": st.sampled_from(["finish", "pit_in", "pit_out", "sector_1", "sector_2"]),
            "decoder": st.sampled_from(["d1", "d2"]),
            "number": st.integers(0, 20),
        },
    ),
    st.fixed_dictionaries(
        {"kind": st.just("passing"), "timestamp_us": times, "car": cars},
    ),
    st.fixed_dictionaries(
        {"kind": st.just("transponder"), "transponder": transponders, "car": cars}
    ),
    st.fixed_dictionaries(
        {"kind": st.just("session_start"), "timestamp_us": times},
        optional={"duration_ms": st.integers(0, 10**9), "laps": st.integers(0, 100)},
    ),
    st.fixed_dictionaries({"kind": st.just("session_stop"), "timestamp_us": times}),
    st.fixed_dictionaries(
        {
            "kind": st.just("flag"),
            "timestamp_us": times,
            "flag": st.sampled_from(["green", "yellow", "fcy", "chequered", "red"]),
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("driver_change"),
            "car": cars,
            "driver": st.sampled_from(["D1", "E2", "X"]),
            "timestamp_us": times,
        }
    ),
    st.fixed_dictionaries(
        {
            "kind": st.just("penalty"),
            "car": cars,
            "penalty": st.sampled_from(["time", "laps", "positions", "dsq", "delete_lap"]),
            "millis": st.integers(0, 10**7),
            "laps": st.integers(0, 5),
            "lap": st.integers(0, 5),
        }
    ),
)
_keys = itertools.count()


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(str(tmp_path_factory.mktemp("poison") / "live.db")) as store:
        yield store


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=st.lists(st.lists(records, max_size=8), max_size=8))
def test_any_valid_inputs_replay_to_the_state_of_the_live_run(
    shared_store: Store, batches: list[list[dict[str, Any]]]
) -> None:
    key = f"s{next(_keys)}"
    shared_store.save_session(key, Session(SessionKind.RACE, {e.number: e for e in ENTRIES}))
    live = Ingest.open(shared_store, key, lock=False)
    for batch in batches:
        live.submit([input_from_json(record) for record in batch])
    again = Ingest.open(shared_store, key, lock=False)
    assert again.skipped == []
    assert again.tower_json() == live.tower_json()
    assert again.live.issues == live.live.issues


def test_a_flood_of_refused_reads_keeps_memory_flat() -> None:
    """Issue 11 (low): the ingest kept every refused read (+5 MB per 20,000), for ever."""
    from pitboard.model.passing import Loop, Passing
    from pitboard.rules.live import MAX_ISSUES, LiveSession

    live = LiveSession(ENTRIES)
    for number in range(3 * MAX_ISSUES):
        live.apply(Passing(T0 + number, Loop.FINISH, transponder="stray"))
    assert live.issue_count == 3 * MAX_ISSUES
    assert len(live.issues) <= 2 * MAX_ISSUES
    assert live.issues[-1].passing.timestamp == T0 + 3 * MAX_ISSUES - 1
