"""A race's grid from the qualifying the season file links to it (Q1 -> Race 1, Q2 -> Race 2),
with the grid penalties the store keeps; the qualifier must start Race 1."""

from __future__ import annotations

import pytest

from pitboard.formats.season import load_season
from pitboard.model import Driver, Entry, Lap, Session, SessionKind
from pitboard.model.grid import GridPenalty
from pitboard.store import NotFound, SessionInfo, Store, StoreError

SEASON = "gt4-europe-2023"
MISANO = "gt4-europe-2023-misano"
ENTRIES = [
    Entry("7", "Silver", drivers=(Driver("Ann Berg", "Silver"), Driver("Ole Dahl", "Silver"))),
    Entry("33", "Pro-Am", drivers=(Driver("Kim Ode", "Gold"), Driver("Lis Ahl", "Bronze"))),
    Entry("88", "Am", drivers=(Driver("Bo Lind", "Bronze"), Driver("Cia Rask", "Bronze"))),
]
# Q1: 33 fastest (Kim Ode, lap 2), then 7 (Ann Berg); 88 sets no time.
Q1_LAPS = [
    Lap("7", 1, 101_500, driver="Ann Berg"),
    Lap("33", 1, 101_900, driver="Kim Ode"),
    Lap("33", 2, 101_200, driver="Kim Ode"),
    Lap("88", 1, None, driver="Bo Lind"),
]
# Q2: 7 fastest (Ole Dahl), then 88 (Cia Rask), then 33 (Lis Ahl).
Q2_LAPS = [
    Lap("7", 1, 101_100, driver="Ole Dahl"),
    Lap("88", 1, 102_000, driver="Cia Rask"),
    Lap("33", 1, 102_300, driver="Lis Ahl"),
]


@pytest.fixture
def weekend(store: Store) -> Store:
    store.save_season_plan(load_season(SEASON))
    store.save_entries(ENTRIES, season=SEASON)
    entries = {entry.number: entry for entry in ENTRIES}
    store.save_session(f"{MISANO}-q1", Session(SessionKind.QUALIFYING, entries, Q1_LAPS))
    store.save_session(f"{MISANO}-q2", Session(SessionKind.QUALIFYING, entries, Q2_LAPS))
    return store


def _grid(store: Store, race: str) -> list[tuple[str, str, bool]]:
    return [(slot.number, slot.driver, slot.pit_lane) for slot in store.load_grid(race)]


def test_q1_sets_the_race_1_grid_and_its_qualifier_starts(weekend: Store) -> None:
    assert _grid(weekend, f"{MISANO}-race1") == [
        ("33", "Kim Ode", False),
        ("7", "Ann Berg", False),
        ("88", "", False),  # no time: at the back, no qualifier to start it
    ]


def test_q2_sets_the_race_2_grid(weekend: Store) -> None:
    assert [slot.number for slot in weekend.load_grid(f"{MISANO}-race2")] == ["7", "88", "33"]


def test_grid_penalties_are_kept_and_change_the_grid(weekend: Store) -> None:
    race = f"{MISANO}-race2"
    ids = weekend.save_grid_penalties(
        race,
        [GridPenalty("7", places=1, reason="impeding in Q2"), GridPenalty("33", pit_lane=True)],
        by="Stewards",
    )
    assert len(ids) == 2
    assert weekend.load_grid_penalties(race)[0] == GridPenalty("7", 1, reason="impeding in Q2")
    grid = weekend.load_grid(race)
    assert [(s.number, s.pit_lane, s.penalty_places) for s in grid] == [
        ("88", False, 0),
        ("7", False, 1),
        ("33", True, 0),
    ]
    assert [s.number for s in weekend.load_grid(f"{MISANO}-race1")] == ["33", "7", "88"]


def test_a_published_qualifying_result_sets_the_grid_with_its_decisions(weekend: Store) -> None:
    from datetime import UTC, datetime

    from pitboard.model import Penalty, PenaltyKind
    from pitboard.store import Decision, ResultState

    q1 = f"{MISANO}-q1"
    deleted = Penalty("33", PenaltyKind.DELETE_LAP, lap=2, reason="track limits")
    weekend.save_penalties(q1, [Decision(deleted, "Stewards", datetime.now(UTC))])
    assert [s.number for s in weekend.load_grid(f"{MISANO}-race1")] == ["33", "7", "88"]
    weekend.publish_result(q1, ResultState.OFFICIAL, by="RD")
    assert [s.number for s in weekend.load_grid(f"{MISANO}-race1")] == ["7", "33", "88"]


def test_a_grid_penalty_for_a_car_not_entered_writes_nothing(weekend: Store) -> None:
    race = f"{MISANO}-race1"
    good, bad = GridPenalty("7", places=3), GridPenalty("99", places=3)
    with pytest.raises(StoreError, match="car '99', not entered"):
        weekend.save_grid_penalties(race, [good, bad], by="Stewards")
    with pytest.raises(StoreError, match="places"):
        weekend.save_grid_penalties(race, [GridPenalty("7")], by="Stewards")
    with pytest.raises(StoreError, match="nobody"):
        weekend.save_grid_penalties(race, [good], by="")
    assert weekend.load_grid_penalties(race) == []


def test_a_grid_needs_a_race_with_a_linked_qualifying(weekend: Store) -> None:
    with pytest.raises(StoreError, match="is a qualifying, not a race"):
        weekend.load_grid(f"{MISANO}-q1")
    with pytest.raises(NotFound, match="'nope'"):
        weekend.load_grid("nope")
    weekend.save_session_info(SessionInfo("loose", SessionKind.RACE))
    with pytest.raises(StoreError, match="no qualifying that sets its grid"):
        weekend.load_grid("loose")
