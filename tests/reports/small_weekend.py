"""Tiny hand-made weekends (four Silver cars, Q1 and one race) for the report's wording tests."""

from __future__ import annotations

from datetime import date

from pitboard.model import Driver, Entry, Lap, Session, SessionKind
from pitboard.reports.weekend_data import CalendarRound, Weekend, WeekendSession

CREW = Entry(
    "17", "Silver", "Team", "Aston Martin Vantage GT4", (Driver("Anna Berg"), Driver("Nils Berg"))
)
RIVALS = [
    Entry(n, "Silver", "Rivals", "BMW M4 GT4", (Driver(f"Driver {n}a"), Driver(f"Driver {n}b")))
    for n in ("1", "2", "3")
]
ENTRIES = {e.number: e for e in [CREW, *RIVALS]}
HERE = CalendarRound(2, "anderstorp", "Anderstorp", "SE", date(2024, 6, 7), date(2024, 6, 9))
NEXT = CalendarRound(3, "zandvoort", "Zandvoort", "NL", date(2024, 7, 5), date(2024, 7, 7))


def _laps(car: str, lap_time: int, count: int, driver: str = "", stop: int = 0) -> list[Lap]:
    """`count` laps of `lap_time`; with `stop`, an in-lap there and the second driver after it."""
    entry = ENTRIES[car]
    laps = []
    for number in range(1, count + 1):
        name = entry.drivers[1 if stop and number > stop else 0].name
        laps.append(
            Lap(
                car,
                number,
                lap_time,
                lap_time * number,
                in_pit=number == stop,
                driver=driver or name,
            )
        )
    return laps


def weekend(race_laps: list[Lap], q1_time: int = 90_500) -> Weekend:
    """Q1: rivals 90.0/90.2/90.4 s, car 17 `q1_time`; the race: rivals 20 laps of 100.0/100.1/
    100.2 s each with a stop on lap 10, car 17 as given."""
    q1 = [
        lap
        for n, t in (("1", 90_000), ("2", 90_200), ("3", 90_400), ("17", q1_time))
        for lap in _laps(n, t, 3)
    ]
    race = [
        lap
        for n, t in (("1", 100_000), ("2", 100_100), ("3", 100_200))
        for lap in _laps(n, t, 20, stop=10)
    ]
    sessions = (
        WeekendSession("q1", Session(SessionKind.QUALIFYING, dict(ENTRIES), q1)),
        WeekendSession(
            "race1", Session(SessionKind.RACE, dict(ENTRIES), race + race_laps), grid_from="q1"
        ),
    )
    return Weekend("test-2024", "Test Series", HERE, sessions, (HERE, NEXT), points_places=3)


def car_17(lap_time: int, count: int = 20) -> list[Lap]:
    return _laps("17", lap_time, count, stop=min(10, count - 1) if count > 1 else 0)
