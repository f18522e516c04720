"""A live-timed session becomes the store's result (issue 10, item 1), and a session timed
elsewhere shows its final tower from the store (item 2).

Before: the ingest kept its laps in memory only, so the site and publishing classified an empty
session (48 cars DNS, 0 laps); a penalty sent live was nowhere but the journal; and a journal
holding the demo's weather records could not be replayed (`unknown kind 'weather'`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pitboard.live.finished import FinishedSession
from pitboard.live.ingest import FEED_ERROR, Ingest, LiveHub
from pitboard.live.inputs import input_to_json
from pitboard.live.recorder import LIVE_DECIDER
from pitboard.live.replay import read_store_journal, run
from pitboard.live.tower_json import tower_to_json
from pitboard.model import Penalty, PenaltyKind, PitboardError, Session, SessionKind
from pitboard.model.passing import PenaltyGiven
from pitboard.rules.live import LiveSession
from pitboard.sim import RaceSettings, simulate_race
from pitboard.sim.outputs import batches
from pitboard.store import Decision, Event, ResultState, Season, Series, Store, open_store
from pitboard.store import schema as t
from pitboard.web.live_api import router

RACE = simulate_race(RaceSettings(seed=3, cars=10, minutes=12, noise=False))
BATCHES = [batch for _, batch in batches(RACE.inputs)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(str(tmp_path / "live.db")) as opened:
        entries = {entry.number: entry for entry in RACE.entries}
        opened.save_session("r1", Session(SessionKind.RACE, entries, name="Race 1"))
        yield opened


def race_to_the_flag(store: Store) -> Ingest:
    ingest = Ingest.open(store, "r1", lock=False)
    for batch in BATCHES:
        ingest.submit(batch)
    return ingest


def penalty_for_the_leader(ingest: Ingest) -> PenaltyGiven:
    leader = ingest.live.classification().rows[0].number
    return PenaltyGiven(Penalty(leader, PenaltyKind.TIME, 90_000, reason="pit lane speeding"))


def test_the_laps_of_a_live_race_are_the_stores_and_classify_as_the_tower(store: Store) -> None:
    ingest = race_to_the_flag(store)
    stored = store.load_session("r1")
    assert len(stored.laps) > 10 * 5
    assert stored.laps == ingest.live.builder.laps
    store.publish_result("r1", ResultState.OFFICIAL)
    published = store.load_classification("r1").classification
    assert published == ingest.live.classification()
    assert published.rows[0].laps > 0


def test_a_penalty_sent_live_becomes_a_decision_in_the_published_result(store: Store) -> None:
    ingest = race_to_the_flag(store)
    winner = ingest.live.classification().rows[0].number
    given = penalty_for_the_leader(ingest)
    ingest.submit([given])
    [decision] = store.load_penalties("r1")
    assert (decision.penalty, decision.decided_by) == (given.penalty, LIVE_DECIDER)
    store.publish_result("r1", ResultState.OFFICIAL)
    published = store.load_classification("r1").classification
    assert published == ingest.live.classification()
    assert published.rows[0].number != winner  # 90 s: the winner drops


def test_a_penalty_for_a_car_not_entered_is_reported_not_lost(store: Store) -> None:
    ingest = race_to_the_flag(store)
    ingest.submit([PenaltyGiven(Penalty("999", PenaltyKind.TIME, 5_000))])
    assert store.load_penalties("r1") == []
    [error] = store.read_journal(session="r1", kinds={FEED_ERROR})
    assert "'999'" in error.payload["error"] and "entry list" in error.payload["error"]
    assert Ingest.open(store, "r1", lock=False).feed_errors == 1  # and a restart still opens


def test_a_restart_writes_what_the_store_lacks_once(store: Store) -> None:
    ingest = race_to_the_flag(store)
    ingest.submit([penalty_for_the_leader(ingest)])
    laps = list(ingest.live.builder.laps)
    with store.engine.begin() as connection:  # died after the journal, before the store
        last = sa.select(sa.func.max(t.laps.c.id)).scalar_subquery()
        connection.execute(sa.delete(t.laps).where(t.laps.c.id > last - 7))
        connection.execute(sa.delete(t.decisions))
    for _ in range(2):
        reopened = Ingest.open(store, "r1", lock=False)
        assert store.load_session("r1").laps == laps
        assert [d.penalty for d in store.load_penalties("r1")] == reopened.live.penalties


def test_timing_saved_from_elsewhere_gives_way_to_the_journal(store: Store) -> None:
    ingest = race_to_the_flag(store)
    laps = list(ingest.live.builder.laps)
    session = store.load_session("r1")
    store.save_session("r1", Session(session.kind, session.entries, laps[5:9], session.name))
    Ingest.open(store, "r1", lock=False)
    assert store.load_session("r1").laps == laps


def test_the_session_is_classified_by_its_season_ruleset_live_and_in_replay(store: Store) -> None:
    store.save_series(Series("gt4-europe", "GT4 European Series"))
    store.save_season(Season("gt4-2023", "gt4-europe", 2023, "GT4 2023", ruleset="gt4-europe"))
    store.save_event(Event("gt4-2023-r2", "gt4-2023", 2, "Misano", None, date(2023, 5, 12)))
    session = store.load_session("r1")
    store.save_session("r1", session, event="gt4-2023-r2")
    assert Ingest.open(store, "r1", lock=False).live.rules.name == "gt4-europe"
    assert read_store_journal(str(store.engine.url.database), "r1").rules.name == "gt4-europe"


def test_records_that_are_not_timing_inputs_are_skipped_by_a_replay(store: Store) -> None:
    race_to_the_flag(store)
    store.append_journal("weather", {"at": "14:00", "air_temp": 24.5}, session="r1")
    store.append_journal("media", {"title": "TV", "kind": "tv", "url": "x"}, session="r1")
    reopened = Ingest.open(store, "r1", lock=False)
    replayed = run(read_store_journal(str(store.engine.url.database), "r1"))
    assert reopened.feed_errors == 0
    assert replayed.classification() == reopened.live.classification()
    assert replayed.inputs == len(RACE.inputs)


# -- a session timed elsewhere ---------------------------------------------------------------


@pytest.fixture
def imported(store: Store) -> Store:
    """Race 1 saved with the laps the live fold builds (as an import would save them) and a
    weather record in its journal, like the demo's sessions."""
    live = LiveSession(RACE.entries)
    for item in RACE.inputs:
        live.apply(item)
    store.save_session("r1", live.session())
    store.append_journal("weather", {"at": "14:00", "air_temp": 24.5}, session="r1")
    return store


TOWER_FIELDS = ("position", "class_position", "number", "laps", "gap", "interval", "class_gap")
MORE_FIELDS = ("class_interval", "best_lap_ms", "best_lap_marker", "pit_stops", "status")


def shown(tower: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [tuple(row[f] for f in TOWER_FIELDS + MORE_FIELDS) for row in tower["rows"]]


def test_a_finished_session_shows_the_tower_its_live_race_ended_with(imported: Store) -> None:
    live = LiveSession(RACE.entries)
    for item in RACE.inputs:
        live.apply(item)
    ended = tower_to_json(live.tower())
    finished = LiveHub(imported).get("r1")
    assert isinstance(finished, FinishedSession)
    tower = finished.tower_json()
    assert shown(tower) == shown(ended)
    assert (tower["flag"], tower["finished"]) == ("chequered", True)
    assert tower["elapsed_ms"] == max(lap.elapsed or 0 for lap in live.builder.laps)
    assert {row["state"] for row in tower["rows"] if row["laps"]} == {"finished"}


def test_a_session_with_entries_only_is_live(store: Store) -> None:
    store.append_journal("weather", {"at": "14:00", "air_temp": 24.5}, session="r1")
    assert isinstance(LiveHub(store).get("r1"), Ingest)


def test_the_live_api_serves_a_finished_tower_and_refuses_inputs_to_it(imported: Store) -> None:
    app = FastAPI()
    app.state.store, app.state.live, app.state.live_token = imported, LiveHub(imported), "t"
    app.include_router(router)
    with TestClient(app) as client:
        tower = client.get("/api/v1/sessions/r1/live")
        assert tower.status_code == 200 and tower.json()["flag"] == "chequered"
        with client.websocket_connect("/api/v1/sessions/r1/live") as socket:
            snapshot = socket.receive_json()
        assert snapshot == {"type": "snapshot", **tower.json()}
        records = [input_to_json(item) for item in RACE.inputs[:3]]
        refused = client.post(
            "/api/v1/sessions/r1/inputs", json=records, headers={"Authorization": "Bearer t"}
        )
    assert refused.status_code == 409
    assert "finished" in refused.text and "no live inputs" in refused.text
    assert imported.read_journal(session="r1", kinds={"passing"}) == []


def test_a_finished_tower_counts_the_stewards_decisions(imported: Store) -> None:
    winner = LiveHub(imported).get("r1").tower_json()["rows"][0]["number"]
    penalty = Penalty(winner, PenaltyKind.TIME, 90_000, reason="pit lane speeding")
    imported.save_penalties("r1", [Decision(penalty, "Stewards", datetime.now(UTC))])
    rows = LiveHub(imported).get("r1").tower_json()["rows"]
    assert rows[0]["number"] != winner
    imported.publish_result("r1", ResultState.OFFICIAL)
    published = imported.load_classification("r1").classification
    assert [row["number"] for row in rows] == [row.number for row in published.rows]


def test_a_finished_session_cannot_be_opened_for_live_timing(imported: Store) -> None:
    laps = imported.load_session("r1").laps
    with pytest.raises(PitboardError, match=r"'r1' is finished: it has \d+ stored laps"):
        Ingest.open(imported, "r1", lock=False)
    assert imported.load_session("r1").laps == laps
