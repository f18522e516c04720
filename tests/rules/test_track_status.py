"""Track status from the flag at the line: periods, the leader's laps, laps under caution."""

from __future__ import annotations

import csv
from itertools import pairwise
from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.formats.registry import read_session
from pitboard.model import Entry, Flag, Lap
from pitboard.model.passing import FlagChange, Loop, Passing, SessionStart
from pitboard.model.passing import TransponderAssigned as Assigned
from pitboard.rules.passings import laps_from_passings
from pitboard.rules.track_status import caution_laps, track_periods

G, Y, C = Flag.GREEN, Flag.FCY, Flag.CHEQUERED


def _crossings(*rows: tuple[str, int, int, Flag | None]) -> list[Lap]:
    return [Lap(car, number, 60_000, at, flag=flag) for car, number, at, flag in rows]


def test_periods_follow_the_flag_in_time_order_whatever_the_car() -> None:
    laps = _crossings(
        ("8", 1, 61_000, G),
        ("7", 1, 60_000, G),
        ("7", 2, 120_000, Y),
        ("8", 2, 125_000, Y),
        ("7", 3, 200_000, G),
        ("8", 3, 210_000, G),
        ("7", 4, 260_000, C),
        ("8", 4, 270_000, C),
        ("9", 1, 300_000, None),  # no flag: left out
    )
    periods = track_periods(laps)
    assert [(p.flag, p.start, p.end, p.race_laps, p.crossings) for p in periods] == [
        (G, 60_000, 61_000, (1, 1), 2),
        (Y, 120_000, 125_000, (2, 2), 2),
        (G, 200_000, 210_000, (3, 3), 2),
        (C, 260_000, 270_000, (4, 4), 2),
    ]
    assert [p.caution for p in periods] == [False, True, False, False]
    assert caution_laps(lap for lap in laps if lap.car == "8") == [2]
    assert track_periods([]) == []


LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"


def test_lime_rock_2023_two_full_course_yellows(real_data: Path) -> None:
    session = read_session(real_data / LIME_ROCK, sectors=False)
    periods = track_periods(session.laps)
    assert [p.flag for p in periods] == [G, Y, G, Y, G, C]
    assert [p.race_laps for p in periods if p.caution] == [(42, 49), (103, 112)]
    # the winner's laps that ended under FCY, read from the file with the csv module
    with open(real_data / LIME_ROCK, encoding="utf-8-sig", newline="") as handle:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(handle)]
    expected = [
        int(r["LAP_NUMBER"]) for r in rows if r["NUMBER"] == "23" and r["FLAG_AT_FL"] == "FCY"
    ]
    winner = [lap for lap in session.laps if lap.car == "23"]
    assert caution_laps(winner) == expected
    assert len(expected) == 17


def _races() -> list[str]:
    root = real_data_dir()
    found = [*root.glob("imsa/*/*/*race-laps.csv"), *root.glob("wec/*/*.csv")]
    found += root.glob("grcup2025/**/23_Analysis*")
    return sorted(path.relative_to(root).as_posix() for path in found)


@pytest.mark.parametrize("relative", _races())
def test_every_real_race_has_a_clean_timeline(real_data: Path, relative: str) -> None:
    session = read_session(real_data / relative, sectors=False)
    periods = track_periods(session.laps)
    flagged = [lap for lap in session.laps if lap.flag is not None and lap.elapsed is not None]
    assert sum(p.crossings for p in periods) == len(flagged)
    assert all(a.end < b.start for a, b in pairwise(periods))
    assert all(a.flag is not b.flag for a, b in pairwise(periods))
    assert periods[-1].flag is Flag.CHEQUERED or not any(lap.flag is C for lap in flagged)


def test_race_control_flags_make_the_periods_of_a_timed_session() -> None:
    """Race control's inputs (a code 60, then the safety car) stamp the laps built from the
    loop passings; the periods follow them. Car 7 crosses every 100 s from t = 100 s."""
    t0 = 1_000_000_000_000

    def us(seconds: int) -> int:
        return t0 + seconds * 1_000_000

    inputs = [Assigned("111", "7"), SessionStart(t0)]
    inputs += [Passing(us(100 * n), Loop.FINISH, "111") for n in range(1, 3)]
    inputs += [FlagChange(Flag.CODE_60, us(250)), Passing(us(300), Loop.FINISH, "111")]
    inputs += [FlagChange(Flag.SAFETY_CAR, us(350)), Passing(us(400), Loop.FINISH, "111")]
    inputs += [Passing(us(500), Loop.FINISH, "111"), FlagChange(Flag.GREEN, us(550))]
    inputs += [Passing(us(600), Loop.FINISH, "111")]
    laps = laps_from_passings(inputs, [Entry("7", "GT3")]).laps
    periods = track_periods(laps)
    assert [(p.flag, p.race_laps) for p in periods] == [
        (G, (1, 2)),
        (Flag.CODE_60, (3, 3)),
        (Flag.SAFETY_CAR, (4, 5)),
        (G, (6, 6)),
    ]
    assert caution_laps(laps) == [3, 4, 5]
