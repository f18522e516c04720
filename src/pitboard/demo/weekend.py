"""A synthetic GT4 weekend at Misano (14–16 July 2023): 48 invented crews, six sessions.

`misano_weekend()` always returns the same weekend (fixed seed): FP1, FP2, Q1, Q2, Race 1 and
Race 2 as lap data, with a weather reading a minute. Q1 (first drivers) sets the Race 1 grid and
Q2 (second drivers) the Race 2 grid, all classes together. Car 17, the siblings' Silver-class
Aston Martin, is classified by `rules.classify` as: FP1 20th, FP2 23rd, Q1 23rd, Q2 21st in
class; Race 1 retired after the driver change; Race 2 18th. Everything is made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from pitboard.demo.weekend_field import FOLLOWED, crew_pace, weekend_entries
from pitboard.demo.weekend_race import RacePlan, race_session
from pitboard.demo.weekend_timed import TimedPlan, timed_session
from pitboard.demo.weekend_weather import Climate, readings
from pitboard.model import ClassificationStatus, Entry, Session, SessionKind, WeatherReading
from pitboard.rules import classify

SEASON = "gt4-europe-2023"
EVENT = "misano"
TIME_ZONE = ZoneInfo("Europe/Rome")
SYNTHETIC = "Synthetic data: every team, driver, lap and reading is invented."


@dataclass(frozen=True, slots=True)
class WeekendSession:
    key: str  # fp1, fp2, q1, q2, race1, race2
    session: Session
    start: datetime  # aware, circuit time
    minutes: int
    weather: tuple[WeatherReading, ...]
    grid_from: str | None = None  # the qualifying (key) that set a race's grid


@dataclass(frozen=True, slots=True)
class DemoWeekend:
    season: str
    event: str
    sessions: tuple[WeekendSession, ...]
    followed: str  # the car the press-office demo follows


def _at(day: int, hour: int, minute: int) -> datetime:
    return datetime(2023, 7, day, hour, minute, tzinfo=TIME_ZONE)


def _climate(air: str, track: str, humidity: str, rise: str) -> Climate:
    return Climate(Decimal(air), Decimal(track), Decimal(humidity), Decimal(rise))


_PRACTICE = (0, 1)
TIMED = (
    ("fp1", _at(14, 10, 5), TimedPlan("Free Practice 1", SessionKind.PRACTICE, 60, 3, _PRACTICE,
                                      1_400, (FOLLOWED, 20)), _climate("29.5", "43", "58", "2.5")),
    ("fp2", _at(14, 15, 10), TimedPlan("Free Practice 2", SessionKind.PRACTICE, 60, 3,
                                       (1, 0), 1_100, (FOLLOWED, 23)),
     _climate("34.0", "54", "41", "0.5")),
    ("q1", _at(15, 9, 30), TimedPlan("Qualifying 1", SessionKind.QUALIFYING, 20, 1, (0,), 200,
                                     (FOLLOWED, 23)), _climate("30.0", "44", "55", "2.0")),
    ("q2", _at(15, 9, 55), TimedPlan("Qualifying 2", SessionKind.QUALIFYING, 20, 1, (1,), 150,
                                     (FOLLOWED, 21)), _climate("30.8", "46", "52", "2.0")),
)  # fmt: skip
RACES = (
    ("race1", _at(15, 15, 30), "q1",
     RacePlan("Race 1", 0, 1_900, retire={FOLLOWED: 44 * 60_000 + 12_000}),
     _climate("34.6", "55", "38", "0.6")),
    ("race2", _at(16, 12, 15), "q2", RacePlan("Race 2", 1, 2_200, target=(FOLLOWED, 18)),
     _climate("35.8", "58", "36", "0.8")),
)  # fmt: skip
OTHER_RETIREMENTS = {"race1": (11, 38), "race2": (27,)}  # minutes into the race
NON_STARTERS = {"race2": 1}


def misano_weekend(seed: int = 2023) -> DemoWeekend:
    rng = random.Random(seed)
    entries = weekend_entries(rng)
    paces = {e.number: crew_pace(e, rng) for e in entries}
    paces[FOLLOWED] = _followed_race_pace(entries, paces)
    sessions: list[WeekendSession] = []
    for key, start, plan, climate in TIMED:
        session = timed_session(plan, entries, paces, rng)
        weather = readings(start, plan.minutes, climate, rng)
        sessions.append(WeekendSession(key, session, start, plan.minutes, tuple(weather)))
    for key, start, grid_from, race, climate in RACES:
        grid = starting_grid(next(s.session for s in sessions if s.key == grid_from))
        race = _with_incidents(key, race, grid, rng)
        session = race_session(race, entries, grid, paces, rng)
        weather = readings(start, 60, climate, rng)
        sessions.append(WeekendSession(key, session, start, 60, tuple(weather), grid_from))
    return DemoWeekend(SEASON, EVENT, tuple(sessions), FOLLOWED)


def _followed_race_pace(entries: list[Entry], paces: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """The siblings' race pace: that of the middle of the Silver field."""
    silver = sorted(min(paces[e.number]) for e in entries if e.car_class == "Silver")
    middle = silver[len(silver) // 2]
    return middle + 250, middle + 100


def starting_grid(qualifying: Session) -> list[str]:
    """Car numbers in grid order: qualifying order, all classes together."""
    rows = classify(qualifying).rows
    return [row.number for row in rows if row.status is not ClassificationStatus.DSQ]


def _with_incidents(key: str, plan: RacePlan, grid: list[str], rng: random.Random) -> RacePlan:
    others = [car for car in grid if car != FOLLOWED]
    chosen = rng.sample(others, len(OTHER_RETIREMENTS.get(key, ())) + NON_STARTERS.get(key, 0))
    retire = dict(plan.retire)
    for car, minute in zip(chosen, OTHER_RETIREMENTS.get(key, ()), strict=False):
        retire[car] = minute * 60_000 + rng.randrange(0, 50_000)
    absent = tuple(chosen[len(OTHER_RETIREMENTS.get(key, ())) :])
    return RacePlan(plan.name, plan.first_driver, plan.slower_ms, retire, absent, plan.target)
