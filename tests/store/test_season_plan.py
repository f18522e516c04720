"""A whole season file into the store and back; entries checked against the classes on save;
importing a session's timing keeps the schedule the season file gave it."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from pitboard.formats.season import load_season
from pitboard.model import Driver, Entry, Lap, Session, SessionKind
from pitboard.model.season import GridOrder, SessionInfo, StartingDriver
from pitboard.store import Store, StoreError

SEASON = "gt4-europe-2023"
MISANO = "gt4-europe-2023-misano"
SILVER = (Driver("Ann Berg", "Silver", "SWE"), Driver("Ole Dahl", "Silver", "NOR"))
PRO_AM = (Driver("Kim Ode", "Gold"), Driver("Lis Ahl", "Bronze"))


def test_the_shipped_season_goes_in_and_comes_back_equal(store: Store) -> None:
    plan = load_season(SEASON)
    store.save_season_plan(plan)
    assert store.load_season_plan(SEASON) == plan
    assert [e.name for e in store.load_events(SEASON)][3] == "Misano"
    assert store.load_circuit("spa").time_zone == "Europe/Brussels"
    race1 = store.load_session_info(f"{MISANO}-race1")
    assert race1.grid_from == f"{MISANO}-q1"
    assert race1.starting_driver is StartingDriver.QUALIFIER
    assert race1.grid_order is GridOrder.OVERALL
    assert race1.scheduled_start == datetime(2023, 7, 15, 15, 45)


def test_saving_the_season_again_changes_nothing(store: Store) -> None:
    plan = load_season(SEASON)
    store.save_season_plan(plan)
    store.save_season_plan(plan)
    assert store.load_season_plan(SEASON) == plan
    assert len(store.load_sessions()) == 36


def test_entries_are_checked_against_the_season_classes_when_saved(store: Store) -> None:
    store.save_season_plan(load_season(SEASON))
    good = [Entry("7", "Silver", drivers=SILVER), Entry("33", "Pro-Am", drivers=PRO_AM)]
    store.save_entries(good, season=SEASON)
    wrong = [*good[:1], Entry("34", "Am", drivers=PRO_AM), Entry("35", "GT3", drivers=SILVER)]
    with pytest.raises(StoreError) as refused:
        store.save_entries(wrong, season=SEASON)
    message = str(refused.value)
    assert "car 34: class Am admits Bronze+Bronze, not Kim Ode (Gold), Lis Ahl (Bronze)" in message
    assert "car 35: class 'GT3' is not one of this season's (Silver, Pro-Am, Am)" in message
    assert store.load_entries(season=SEASON) == good  # nothing written
    with pytest.raises(StoreError, match="car 34"):
        store.save_entries(wrong[1:2], event=MISANO)


def test_a_season_file_with_a_bad_crew_writes_nothing(store: Store) -> None:
    plan = load_season(SEASON)
    bad = replace(plan, entries=(Entry("7", "Am", drivers=SILVER),))
    with pytest.raises(StoreError, match="car 7: class Am admits"):
        store.save_season_plan(bad)
    assert store.load_sessions() == []


def test_importing_timing_keeps_the_schedule_of_the_season_file(store: Store) -> None:
    store.save_season_plan(load_season(SEASON))
    key = f"{MISANO}-race1"
    scheduled = store.load_session_info(key)
    race = Session(SessionKind.RACE, {"7": Entry("7", "Silver")}, [Lap("7", 1, 101_000)])
    info = store.save_session(key, race)
    assert info == scheduled
    assert store.load_session_info(key) == scheduled
    assert store.load_session(key).laps == race.laps


def test_a_session_can_be_scheduled_and_rescheduled(store: Store) -> None:
    store.save_season_plan(load_season(SEASON))
    key = f"{MISANO}-race2"
    later = SessionInfo(
        key, SessionKind.RACE, "Race 2", MISANO, datetime(2023, 7, 16, 12, 0), 3_600_000
    )
    store.save_session_info(later)
    assert store.load_session_info(key) == later  # grid link and window cleared: given whole
