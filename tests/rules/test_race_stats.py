"""Laps led, places gained from the grid and average speed (`rules.race_stats`), as the one
result model carries them; laps led checked against a count made here from a real IMSA lap
file read with the csv module."""

from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import real_data_dir, unavailable
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.model import Lap, SessionKind
from pitboard.rules import classify
from pitboard.rules.race_stats import average_speed, laps_led, places_gained
from pitboard.rules.results_table import results_table
from pitboard.rules.rulesets import load_ruleset

LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


def _seconds(text: str) -> float:
    """`1:52.875` or `58.853` or `1:02:03.4` as seconds."""
    total = 0.0
    for part in text.strip().split(":"):
        total = total * 60 + float(part)
    return total


def _led_by_csv(path: Path) -> Counter[str]:
    """Per lap number, the car with the least ELAPSED: an independent count."""
    first: dict[int, tuple[float, str]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [name.strip() for name in next(reader)]
        car, lap, elapsed = (header.index(n) for n in ("NUMBER", "LAP_NUMBER", "ELAPSED"))
        for row in reader:
            if not row or not row[elapsed].strip():
                continue
            at, number = _seconds(row[elapsed]), int(row[lap])
            if number not in first or at < first[number][0]:
                first[number] = (at, row[car].strip())
    return Counter(holder for _, holder in first.values())


def test_laps_led_match_a_count_from_the_real_imsa_file() -> None:
    path = real_data_dir() / LIME_ROCK
    if not path.is_file():
        unavailable(f"real timing data not found at {path}")
    expected = _led_by_csv(path)
    session = read_analysis(path, SessionKind.RACE)
    rules = load_ruleset("imsa")
    table = results_table(classify(session, rules), rules, laps=session.laps)
    found = {row.number: row.laps_led for row in table.rows if row.laps_led}
    assert found == dict(expected)
    assert len(expected) > 1  # the lead changed hands
    assert sum(found.values()) == table.rows[0].laps  # every lap of the winner led by someone


def test_without_laps_nobody_is_said_to_have_led() -> None:
    session = read_analysis_or_skip()
    rules = load_ruleset("imsa")
    table = results_table(classify(session, rules), rules)
    assert {row.laps_led for row in table.rows} == {None}
    assert {row.average_speed for row in table.rows} == {None}


def read_analysis_or_skip():  # type: ignore[no-untyped-def]
    path = real_data_dir() / LIME_ROCK
    if not path.is_file():
        unavailable(f"real timing data not found at {path}")
    return read_analysis(path, SessionKind.RACE)


def test_a_car_leads_the_laps_it_completes_first() -> None:
    laps = [
        Lap("1", 1, 60_000, elapsed=60_000),
        Lap("2", 1, 61_000, elapsed=61_000),
        Lap("1", 2, 62_000, elapsed=122_000),
        Lap("2", 2, 60_000, elapsed=121_000),
        Lap("2", 3, 60_000),  # no elapsed: the sum of its laps, 181 s
        Lap("1", 3, 60_000, elapsed=182_000),
    ]
    assert laps_led(laps) == {"1": 1, "2": 2}


def test_places_gained_and_average_speed() -> None:
    assert places_gained(10, 3) == 7 and places_gained(2, 5) == -3
    assert places_gained(None, 1) is None and places_gained(4, None) is None
    # 10 laps of 4.2 km in 30 minutes: 84 km/h
    assert average_speed(4200, 10, 30 * 60_000) == Decimal("84.000")
    assert average_speed(None, 10, 30 * 60_000) is None
    assert average_speed(4200, 10, None) is None


@pytest.mark.parametrize("grid", [{"23": 5}])
def test_the_result_row_carries_the_grid_and_speed(grid: dict[str, int]) -> None:
    session = read_analysis_or_skip()
    rules = load_ruleset("imsa")
    table = results_table(classify(session, rules), rules, grid=grid, length_m=2_459)
    winner = table.rows[0]
    row = next(r for r in table.rows if r.number == "23")
    assert row.grid_position == 5 and row.places_gained == 5 - (row.position or 0)
    assert next(r for r in table.rows if r.number != "23").places_gained is None
    assert winner.car.total_time is not None
    kph = 2_459 * winner.laps / (winner.car.total_time / 3_600_000) / 1000
    assert winner.average_speed is not None and abs(float(winner.average_speed) - kph) < 0.001


def _led_reference(laps: list[Lap]) -> dict[str, int]:
    """The definition, car by car in order of first appearance, each car's laps in lap
    order: a crossing is `elapsed`, else the sum of the car's lap times so far; a lap is led
    by the least crossing, a tie by the car met first."""
    cars = list(dict.fromkeys(lap.car for lap in laps))
    leader: dict[int, tuple[int, str]] = {}
    for car in cars:
        total: int | None = 0
        for lap in sorted((lap for lap in laps if lap.car == car), key=lambda lap: lap.number):
            total = None if total is None or lap.time is None else total + lap.time
            at = lap.elapsed if lap.elapsed is not None else total
            if at is not None and (lap.number not in leader or at < leader[lap.number][0]):
                leader[lap.number] = (at, car)
    return dict(Counter(car for _, car in leader.values()))


TIMES = st.one_of(st.none(), st.integers(min_value=1, max_value=4))
LAPS = st.lists(
    st.builds(
        Lap,
        car=st.sampled_from(["7", "21", "3"]),
        number=st.integers(min_value=1, max_value=4),
        time=TIMES,
        elapsed=st.one_of(TIMES, st.integers(min_value=1, max_value=12)),
    ),
    max_size=14,
)


@settings(max_examples=400)
@given(LAPS, st.booleans())
def test_laps_led_is_the_definition(laps: list[Lap], all_timed: bool) -> None:
    """Ties (small times), laps out of order, repeated lap numbers, missing elapsed times
    (the sums of lap times then) and missing lap times."""
    if all_timed:
        laps = [lap for lap in laps if lap.elapsed is not None]
    assert laps_led(laps) == _led_reference(laps)


def test_a_tie_goes_to_the_car_met_first_in_the_laps() -> None:
    laps = [Lap("21", 2, 90, elapsed=180), Lap("7", 1, 90, elapsed=90), Lap("21", 1, 90, 90)]
    laps.append(Lap("7", 2, 90, elapsed=180))
    # 21 appears first: it takes both ties, though 7's first lap comes before 21's in the file
    assert laps_led(laps) == {"21": 2}
