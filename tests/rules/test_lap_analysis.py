"""Per-car time analysis, the race's fastest lap and drive time per driver."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.formats.alkamel.results import read_results
from pitboard.model import Entry, Flag, Lap, Session, SessionKind
from pitboard.rules.lap_analysis import analyse_car, drive_times, fastest_lap
from pitboard.rules.sectors import Mark


def _lap(car: str, number: int, time: int, driver: str, **extra: Any) -> Lap:
    third = time // 3
    sectors = (third, third, time - 2 * third)
    extra.setdefault("flag", Flag.GREEN)
    return Lap(car, number, time, number * 100_000, sectors=sectors, driver=driver, **extra)


SESSION = Session(
    SessionKind.RACE,
    entries={"7": Entry("7", "Am"), "21": Entry("21", "Pro")},
    laps=[
        _lap("7", 1, 90_000, "Alva"),
        _lap("7", 2, 88_000, "Alva", valid=False),  # deleted
        _lap("7", 3, 95_000, "Alva", in_pit=True),
        _lap("7", 4, 150_000, "Bruno", pit_time=60_000),
        _lap("7", 5, 89_000, "Bruno", flag=Flag.CHEQUERED),
        _lap("21", 1, 87_500, "Cleo"),
        _lap("21", 2, 89_500, "Cleo"),
    ],
)


def test_every_lap_with_driver_pit_flag_and_validity() -> None:
    rows = analyse_car(SESSION, "7").rows
    assert [row.number for row in rows] == [1, 2, 3, 4, 5]
    assert [row.driver for row in rows] == ["Alva"] * 3 + ["Bruno"] * 2
    assert [(row.pit_in, row.pit_out) for row in rows][2:4] == [(True, False), (False, True)]
    assert rows[3].pit_time == 60_000
    assert [row.valid for row in rows] == [True, False, True, True, True]
    assert rows[4].flag is Flag.CHEQUERED


def test_the_best_lap_skips_a_deleted_lap_and_is_marked() -> None:
    analysis = analyse_car(SESSION, "7")
    assert analysis.best_lap == 5
    assert [row.best for row in analysis.rows] == [False, False, False, False, True]
    marks = [row.time_mark for row in analysis.rows]
    assert marks == [Mark.NONE, Mark.NONE, Mark.NONE, Mark.NONE, Mark.PERSONAL]


def test_purple_lap_compared_with_the_field_or_the_class() -> None:
    assert analyse_car(SESSION, "21").rows[0].time_mark is Mark.BEST
    assert analyse_car(SESSION, "7").rows[4].time_mark is Mark.PERSONAL
    assert analyse_car(SESSION, "7", by_class=True).rows[4].time_mark is Mark.BEST


def test_ideal_lap_from_the_car_s_best_sectors() -> None:
    analysis = analyse_car(SESSION, "7")
    # in a race a deleted lap time keeps its sectors: lap 2's 29.333/29.333/29.334 are the bests
    assert analysis.best_sectors == (29_333, 29_333, 29_334)
    assert analysis.ideal_lap == 88_000
    # in qualifying the deletion takes them: lap 5 (29.666/29.666/29.668) beats lap 1 (30/30/30)
    qualifying = analyse_car(dataclasses.replace(SESSION, kind=SessionKind.QUALIFYING), "7")
    assert qualifying.best_sectors == (29_666, 29_666, 29_668)
    assert qualifying.ideal_lap == 89_000


def test_fastest_lap_of_the_race_and_of_a_class_with_the_driver() -> None:
    overall = fastest_lap(SESSION)
    assert overall is not None
    assert (overall.car, overall.lap, overall.driver, overall.time) == ("21", 1, "Cleo", 87_500)
    am = fastest_lap(SESSION, "Am")
    assert am is not None and (am.car, am.lap, am.driver) == ("7", 5, "Bruno")
    assert fastest_lap(SESSION, "GT3") is None


def test_drive_time_per_driver_credits_the_out_lap_to_the_new_driver() -> None:
    laps = SESSION.laps_by_car()["7"]
    assert drive_times(laps) == {"Alva": 273_000, "Bruno": 239_000}


def test_a_car_with_no_laps_has_an_empty_analysis() -> None:
    analysis = analyse_car(SESSION, "99")
    assert analysis.rows == () and analysis.best_lap is None and analysis.drive_times == {}


RACES = [
    "imsa/2023/14-lime-rock-park/202307221210-race",
    "imsa/2023/21-road-atlanta/202310141140-race",
    "imsa/2021/12-6h---watkins-glen-international/202106271040-race",
]


@pytest.mark.parametrize("race", RACES)
def test_best_laps_match_the_official_results(real_data: Path, race: str) -> None:
    """Each car's best lap (time and lap number) from the lap file, with deleted laps found
    from the markers, is the one the official results print (FL_TIME, FL_LAPNUM)."""
    session = read_analysis(real_data / f"{race}-laps.csv", SessionKind.RACE)
    official = read_results(real_data / f"{race}-results.csv")
    expected = {car.number: (car.best_lap, car.best_lap_number) for car in official}
    got = {}
    for number in expected:
        analysis = analyse_car(session, number)
        row = next((row for row in analysis.rows if row.best), None)
        got[number] = (row.time, row.number) if row else (None, None)
    assert got == expected
    fastest = fastest_lap(session)
    assert fastest is not None
    assert fastest.time == min(time for time, _ in expected.values() if time is not None)
    assert fastest.driver  # IMSA files name the driver of every lap


@pytest.mark.parametrize("race", RACES)
def test_drive_times_add_up_to_the_car_s_race_time(real_data: Path, race: str) -> None:
    session = read_analysis(real_data / f"{race}-laps.csv", SessionKind.RACE)
    official = {car.number: car for car in read_results(real_data / f"{race}-results.csv")}
    for number, laps in session.laps_by_car().items():
        if not laps or official[number].total_time is None:
            continue
        total = sum(drive_times(laps).values())
        assert total == sum(lap.time or 0 for lap in laps)
        assert abs(total - (laps[-1].elapsed or 0)) <= 1_000, number
