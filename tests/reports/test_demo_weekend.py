"""The synthetic Misano weekend: 48 crews, and car 17's seed results found by `classify` itself."""

from __future__ import annotations

import pytest

from pitboard.demo.weekend import DemoWeekend, misano_weekend
from pitboard.model import Classification, ClassificationStatus
from pitboard.rules import classify
from pitboard.rules.rulesets import load_ruleset

Status = ClassificationStatus


@pytest.fixture(scope="module")
def demo() -> DemoWeekend:
    return misano_weekend()


@pytest.fixture(scope="module")
def results(demo: DemoWeekend) -> dict[str, Classification]:
    rules = load_ruleset("gt4-europe")
    return {s.key: classify(s.session, rules) for s in demo.sessions}


def test_same_weekend_every_time(demo: DemoWeekend) -> None:
    assert misano_weekend() == demo


def test_field(demo: DemoWeekend) -> None:
    entries = demo.sessions[0].session.entries
    assert len(entries) == 48
    assert {e.car_class for e in entries.values()} == {"Silver", "Pro-Am", "Am"}
    assert all(len(e.drivers) == 2 for e in entries.values())
    assert entries["17"].vehicle == "Aston Martin Vantage GT4"
    assert [s.key for s in demo.sessions] == ["fp1", "fp2", "q1", "q2", "race1", "race2"]


@pytest.mark.parametrize(("key", "position"), [("fp1", 20), ("fp2", 23), ("q1", 23), ("q2", 21),
                                               ("race2", 18)])  # fmt: skip
def test_car_17_class_positions(
    results: dict[str, Classification], key: str, position: int
) -> None:
    row = next(r for r in results[key].rows if r.number == "17")
    assert (row.status, row.class_position) == (Status.CLASSIFIED, position)


def test_car_17_retires_in_race_1_after_the_driver_change(
    results: dict[str, Classification],
) -> None:
    row = next(r for r in results["race1"].rows if r.number == "17")
    assert row.status is Status.DNF
    assert len(row.stints) == 2 and row.stints[0].driver != row.stints[1].driver
    assert row.pit_stops[0].lap < row.laps


def test_every_finisher_stopped_once_in_the_window(demo: DemoWeekend) -> None:
    for race in demo.sessions[4:]:
        by_car = race.session.laps_by_car()
        for car, laps in by_car.items():
            in_laps = [lap for lap in laps if lap.in_pit]
            if laps and (laps[-1].elapsed or 0) > 40 * 60_000:
                assert len(in_laps) == 1, car
                assert 25 * 60_000 <= (in_laps[0].elapsed or 0) <= 36 * 60_000, car


def test_race_weather_is_hot_and_dry(demo: DemoWeekend) -> None:
    for race in demo.sessions[4:]:
        assert race.weather and all(r.air_temp and r.air_temp > 30 for r in race.weather)
        assert all(r.rain == 0 for r in race.weather)
