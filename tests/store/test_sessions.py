"""A session's entries and laps come back exactly as saved; the season around it too."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from pitboard.model import Driver, Entry, Flag, Lap, Session, SessionKind
from pitboard.store import Circuit, Event, NotFound, Season, Series, Store, StoreError

CREW_7 = (Driver("Ada Lindqvist", "Silver", "SWE"), Driver("Marco Bellini", "Silver", "ITA"))
CREW_21 = (Driver("Jon Hale", "Bronze", "GBR"), Driver("Tom Reyes", "Gold", None))


def _race() -> Session:
    entries = [
        Entry("7", "Silver", "Nordic Racing", "Aston Martin Vantage AMR GT4", CREW_7),
        Entry("021", "Pro-Am", "Zeta Motorsport", "BMW M4 GT4", (Driver("Lea Vogt", "Silver"),)),
        Entry("21", "Pro-Am", "Hale Racing", "Porsche 718 Cayman GT4 RS CS", CREW_21),
    ]
    laps = [
        Lap(
            "7",
            1,
            101_234,
            101_234,
            52_200_000,
            (31_000, 40_111, 30_123),
            driver="Ada Lindqvist",
            driver_number=1,
            flag=Flag.GREEN,
            improvement=1,
        ),
        Lap(
            "021",
            1,
            102_500,
            102_500,
            52_201_266,
            (31_500, None, 31_000),
            driver="Lea Vogt",
            driver_number=1,
            flag=Flag.GREEN,
        ),
        Lap("21", 1, 103_001, 103_001, None, (), driver="Jon Hale", driver_number=1),
        Lap(
            "7",
            2,
            160_002,
            261_236,
            52_360_002,
            in_pit=True,
            driver="Ada Lindqvist",
            flag=Flag.FCY,
            improvement=0,
        ),
        Lap(
            "7",
            3,
            None,
            None,
            None,
            pit_time=58_765,
            driver="Marco Bellini",
            driver_number=2,
            flag=Flag.SAFETY_CAR,
            improvement=3,
        ),
    ]
    return Session(SessionKind.RACE, {e.number: e for e in entries}, laps, name="Race 1")


def test_a_race_with_laps_round_trips(store: Store) -> None:
    race = _race()
    info = store.save_session("misano-race1", race, duration=3_600_000)
    loaded = store.load_session("misano-race1")
    assert loaded == race
    assert list(loaded.entries) == ["7", "021", "21"]
    assert loaded.classes == ["Silver", "Pro-Am"]
    assert store.load_session_info("misano-race1") == info


def test_car_021_and_car_21_are_different_cars(store: Store) -> None:
    store.save_session("misano-race1", _race())
    loaded = store.load_session("misano-race1")
    assert loaded.entries["021"].team == "Zeta Motorsport"
    assert loaded.entries["21"].team == "Hale Racing"
    by_car = loaded.laps_by_car()
    assert [lap.time for lap in by_car["021"]] == [102_500]
    assert [lap.time for lap in by_car["21"]] == [103_001]


def test_saving_a_session_again_replaces_its_entries_and_laps(store: Store) -> None:
    store.save_session("misano-race1", _race())
    corrected = _race()
    corrected.laps = corrected.laps[:2]
    del corrected.entries["21"]
    store.save_session("misano-race1", corrected)
    assert store.load_session("misano-race1") == corrected


def test_a_full_field_of_laps_goes_in_and_comes_back_in_order(store: Store) -> None:
    entries = {
        f"{n:02d}": Entry(f"{n:02d}", "Am", drivers=(Driver(f"Driver {n}"),)) for n in range(48)
    }
    laps = [
        Lap(number, lap, 100_000 + lap, elapsed=lap * 100_000, driver=f"Driver {int(number)}")
        for lap in range(1, 41)
        for number in entries
    ]
    store.save_session("long-race", Session(SessionKind.RACE, entries, laps))
    loaded = store.load_session("long-race")
    assert loaded.laps == laps
    assert len(loaded.laps) == 48 * 40


def test_a_driver_keeps_the_category_of_each_entry(store: Store) -> None:
    early = Session(
        SessionKind.PRACTICE, {"5": Entry("5", "Am", drivers=(Driver("Kim Ode", "Bronze", "NOR"),))}
    )
    late = Session(
        SessionKind.PRACTICE,
        {"5": Entry("5", "Pro-Am", drivers=(Driver("Kim Ode", "Silver", "NOR"),))},
    )
    store.save_session("fp1", early)
    store.save_session("fp2", late)
    assert store.load_session("fp1") == early
    assert store.load_session("fp2") == late


def test_a_car_twice_in_an_entry_list_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="'7' is twice"):
        store.save_entries([Entry("7", "Am"), Entry("7", "Silver")], season=_season(store))


def _season(store: Store) -> str:
    store.save_series(Series("gt4-europe", "GT4 European Series"))
    store.save_season(Season("gt4-europe-2023", "gt4-europe", 2023, "GT4 European Series 2023"))
    store.save_circuit(
        Circuit("misano", "Misano World Circuit", "Europe/Rome", "Italy", "Misano Adriatico", 4226)
    )
    store.save_event(
        Event(
            "gt4-2023-r2",
            "gt4-europe-2023",
            2,
            "Misano",
            "misano",
            date(2023, 5, 12),
            date(2023, 5, 14),
        )
    )
    store.save_event(Event("gt4-2023-r1", "gt4-europe-2023", 1, "Monza", None, date(2023, 4, 21)))
    return "gt4-europe-2023"


def test_the_season_around_the_sessions_round_trips(store: Store) -> None:
    season = _season(store)
    assert store.load_series("gt4-europe").name == "GT4 European Series"
    assert store.load_season(season).year == 2023
    assert store.load_circuit("misano").time_zone == "Europe/Rome"
    assert store.load_circuit("misano").length_m == 4226
    assert [event.round for event in store.load_events(season)] == [1, 2]
    assert store.load_event("gt4-2023-r2") == Event(
        "gt4-2023-r2", season, 2, "Misano", "misano", date(2023, 5, 12), date(2023, 5, 14)
    )


def test_an_event_lists_its_sessions_in_schedule_order(store: Store) -> None:
    _season(store)
    race = Session(SessionKind.RACE, name="Race 1")
    quali = Session(SessionKind.QUALIFYING, name="Q1")
    store.save_session(
        "r2-race1", race, event="gt4-2023-r2", scheduled_start=datetime(2023, 5, 13, 16, 45)
    )
    store.save_session(
        "r2-q1",
        quali,
        event="gt4-2023-r2",
        scheduled_start=datetime(2023, 5, 13, 9, 30),
        duration=1_500_000,
    )
    sessions = store.load_sessions("gt4-2023-r2")
    assert [s.key for s in sessions] == ["r2-q1", "r2-race1"]
    assert sessions[0].scheduled_start == datetime(2023, 5, 13, 9, 30)
    assert sessions[0].duration == 1_500_000
    assert sessions[0].event == "gt4-2023-r2"


def test_season_and_event_entry_lists_round_trip(store: Store) -> None:
    season = _season(store)
    field = [
        Entry("7", "Silver", "Nordic Racing", "Vantage", CREW_7),
        Entry("21", "Pro-Am", drivers=CREW_21),
    ]
    store.save_entries(field, season=season)
    store.save_entries(field[:1], event="gt4-2023-r2")
    assert store.load_entries(season=season) == field
    assert store.load_entries(event="gt4-2023-r2") == field[:1]
    with pytest.raises(StoreError, match="exactly one"):
        store.load_entries()


def test_unknown_names_are_clear_errors_and_write_nothing(store: Store) -> None:
    with pytest.raises(NotFound, match="no session 'nope'"):
        store.load_session("nope")
    with pytest.raises(NotFound, match="no event 'gt4-2099-r9'"):
        store.save_session("r9-race1", _race(), event="gt4-2099-r9")
    with pytest.raises(NotFound, match="no series 'nope'"):
        store.save_season(Season("x-2023", "nope", 2023, "X"))
    assert store.load_sessions() == []
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from laps")).scalar() == 0


def test_laps_appended_as_they_complete_come_back_after_the_saved_ones(store: Store) -> None:
    race = _race()
    saved, later = race.laps[:2], race.laps[2:]
    store.save_session("misano-race1", Session(race.kind, race.entries, saved, race.name))
    store.append_laps("misano-race1", later[:1])
    store.append_laps("misano-race1", [])
    store.append_laps("misano-race1", later[1:])
    assert store.load_session("misano-race1") == race
    with pytest.raises(NotFound, match="no session 'nope'"):
        store.append_laps("nope", later)


def test_a_session_of_a_gt4_season_is_classified_by_the_gt4_ruleset(store: Store) -> None:
    store.save_series(Series("gt4-europe", "GT4 European Series"))
    store.save_season(Season("gt4-europe-2023", "gt4-europe", 2023, "GT4 2023", "gt4-europe"))
    store.save_event(Event("gt4-2023-r2", "gt4-europe-2023", 2, "Misano", None, date(2023, 5, 12)))
    store.save_session("r2-race1", _race(), event="gt4-2023-r2")
    store.save_session("loose-race", _race())
    rules = store.load_session_rules("r2-race1")
    assert (rules.name, rules.chequered_flag_required) == ("gt4-europe", True)
    assert store.load_session_rules("loose-race").name == "default"


def test_appending_laps_leaves_the_journal_commits_synced(store: Store) -> None:
    """Laps go in without waiting for the disk (SQLite); the connection's next commits (the
    journal's) wait again, also after a refused append."""
    store.save_session("misano-race1", _race())
    store.append_laps("misano-race1", _race().laps[:1])
    with pytest.raises(NotFound):
        store.append_laps("nope", _race().laps[:1])
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL
