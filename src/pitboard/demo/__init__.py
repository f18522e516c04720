"""A synthetic GT4 race of our own making: invented teams and drivers, labelled as such.

`demo_session()` always returns the same race (a fixed random seed): a one-hour race on an
invented 4.2 km circuit (laps around 1:42), 26 entries in Silver, Pro-Am and Am, two drivers a
car. Every car makes one mandatory stop with a driver change inside the pit window; a full-course
yellow slows the field; two cars retire (one early, one after its stop) and one does not start.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pitboard.model import Driver, Entry, Flag, Lap, Session, SessionKind

NAME = "Pitboard GT4 Demo Cup — Round 1, Race 1"
RACE_MS = 60 * 60 * 1000
PIT_WINDOW = (25 * 60 * 1000, 35 * 60 * 1000)  # the car enters the pit lane in here
FCY = (12 * 60 * 1000 + 30_000, 16 * 60 * 1000 + 30_000)  # full-course yellow: 80 km/h
START_HOUR_MS = (14 * 3600 + 35 * 60) * 1000  # 14:35 local time
PIT_LANE_MS = (66_000, 72_000)  # time in the pit lane, driver change included
PIT_LANE_LOSS = 16_000  # what the lane costs over the same stretch of track at speed
SECTOR_PERCENT = (31, 37)  # S1, S2 of a lap; S3 the rest
CLASS_SIZES = {"Silver": 10, "Pro-Am": 9, "Am": 7}
CLASS_PACE_MS = {"Silver": 101_800, "Pro-Am": 102_300, "Am": 103_400}

TEAMS = (
    "Northlight Racing",
    "Harbour Motorsport",
    "Vale Competition",
    "Ironbark GT",
    "Kestrel Autosport",
    "Bluewater Racing",
    "Redmoor Engineering",
    "Saltmarsh Sport",
    "Cobalt Racing Team",
    "Ashgrove Motorsport",
    "Tideline Racing",
    "Fenwick GT",
    "Larkspur Autosport",
)
CARS = (
    "Aston Martin Vantage AMR GT4",
    "BMW M4 GT4",
    "Porsche 718 Cayman GT4 RS CS",
    "Mercedes-AMG GT4",
    "McLaren Artura GT4",
    "Toyota GR Supra GT4",
    "Audi R8 LMS GT4",
    "Ford Mustang GT4",
)
FIRST = (
    "Alva",
    "Amelie",
    "Bruno",
    "Cleo",
    "Dario",
    "Edda",
    "Elias",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kaia",
    "Lars",
    "Leon",
    "Mira",
    "Nils",
    "Noor",
    "Olle",
    "Pia",
    "Rafa",
    "Saga",
    "Tomas",
    "Ulla",
    "Vera",
    "Wim",
    "Yusuf",
    "Zoe",
    "Aino",
    "Basile",
    "Carmen",
    "Diego",
    "Emil",
    "Fanny",
    "Gustav",
    "Hedda",
    "Ivo",
    "Juno",
    "Kasper",
    "Linnea",
    "Matteo",
    "Nadia",
    "Oskar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sami",
    "Tilde",
    "Viggo",
    "Wanda",
    "Xavi",
    "Ylva",
)
LAST = (
    "Lindqvist",
    "Moretti",
    "Dubois",
    "Kowalski",
    "Hansen",
    "Varga",
    "Ortega",
    "Becker",
    "Nyström",
    "Rossi",
    "Laurent",
    "Svensson",
    "Marchetti",
    "Novak",
    "Ferreira",
    "Keller",
    "Aalto",
    "Brennan",
    "Castell",
    "Delacroix",
    "Engström",
    "Falk",
    "Grimaldi",
    "Holm",
    "Ivanović",
    "Janssen",
    "Kovač",
    "Lund",
    "Mäkinen",
    "Nordin",
    "Olsen",
    "Petit",
    "Quist",
    "Rask",
    "Sandoval",
    "Tammela",
    "Ulrich",
    "Vidal",
    "Wenger",
    "Zanetti",
    "Arnaud",
    "Bergkvist",
    "Carvalho",
    "Dahlberg",
    "Esposito",
    "Fontaine",
    "Gallo",
    "Haugen",
    "Iversen",
    "Jurić",
    "Kraus",
    "Lemaire",
    "Moreau",
    "Nilsen",
    "Oliveira",
)


@dataclass(frozen=True, slots=True)
class Plan:
    """What will happen to one car: its pace, its stop, its fate."""

    entry: Entry
    grid: int  # 0 = pole
    pace: tuple[int, int]  # lap time of each driver at race pace, ms
    stop_at: int  # elapsed ms after which the car pits (inside the window)
    retire_at: int | None = None  # elapsed ms: the car stops on track, no more crossings
    starts: bool = True


def demo_entries(rng: random.Random) -> list[Entry]:
    """26 cars: 10 Silver, 9 Pro-Am, 7 Am; numbers as strings, two drivers each."""
    numbers = sorted(rng.sample(range(2, 100), sum(CLASS_SIZES.values())))
    classes = [c for c, size in CLASS_SIZES.items() for _ in range(size)]
    rng.shuffle(classes)
    first, last = rng.sample(FIRST, len(FIRST)), rng.sample(LAST, len(LAST))
    entries = []
    for index, (number, car_class) in enumerate(zip(numbers, classes, strict=True)):
        drivers = tuple(
            Driver(f"{first[(2 * index + k) % len(first)]} {last[2 * index + k]}") for k in range(2)
        )
        team = TEAMS[index // 2 % len(TEAMS)]  # two-car teams
        car = CARS[index // 2 % len(CARS)]
        entries.append(Entry(str(number), car_class, team, car, drivers))
    return entries


def demo_session(seed: int = 2023) -> Session:
    rng = random.Random(seed)
    entries = demo_entries(rng)
    plans = _plans(entries, rng)
    laps = [lap for plan in plans for lap in _drive(plan, rng)]
    laps = _end_at_flag(laps)
    laps.sort(key=lambda lap: (lap.elapsed or 0, lap.car))
    return Session(SessionKind.RACE, {e.number: e for e in entries}, laps, name=NAME)


def _plans(entries: list[Entry], rng: random.Random) -> list[Plan]:
    paces = {e.number: _crew_pace(e, rng) for e in entries}
    grid = sorted(entries, key=lambda e: min(paces[e.number]) + rng.randrange(-500, 500))
    early, late, absent = rng.sample(range(4, len(grid)), 3)
    plans = []
    for slot, entry in enumerate(grid):
        retire_at = None
        if slot == early:
            retire_at = rng.randrange(9 * 60_000, 18 * 60_000)  # before the window: no stop
        elif slot == late:
            retire_at = rng.randrange(41 * 60_000, 50 * 60_000)  # after its stop
        stop_at = rng.randrange(PIT_WINDOW[0], PIT_WINDOW[1] - 150_000)
        pace = paces[entry.number]
        plans.append(Plan(entry, slot, pace, stop_at, retire_at, starts=slot != absent))
    return plans


def _crew_pace(entry: Entry, rng: random.Random) -> tuple[int, int]:
    """The rated driver is quicker; in Pro-Am and Am the second one is the amateur."""
    base = CLASS_PACE_MS[entry.car_class] + rng.randrange(-600, 700)
    second = {"Silver": 250, "Pro-Am": 1300, "Am": 900}[entry.car_class]
    return base, base + second + rng.randrange(0, 700)


def _drive(plan: Plan, rng: random.Random) -> list[Lap]:
    if not plan.starts:
        return []
    laps: list[Lap] = []
    elapsed, driver, pitting = 0, 0, False
    while elapsed < RACE_MS + 3 * 60_000:
        number = len(laps) + 1
        time = plan.pace[driver] + rng.randrange(-350, 650) + _lap_one(number, plan.grid)
        pit_time = None
        if pitting:  # the out-lap carries the stop and the new driver
            pit_time = rng.randrange(*PIT_LANE_MS)
            time += pit_time - PIT_LANE_LOSS
            driver, pitting = 1, False
        time += _fcy_delay(elapsed, time)
        in_pit = driver == 0 and elapsed + time >= plan.stop_at
        pitting = in_pit
        if plan.retire_at is not None and elapsed + time > plan.retire_at:
            break
        laps.append(_lap(plan, number, time, elapsed + time, driver, in_pit, pit_time))
        elapsed += time
    return laps


def _lap_one(number: int, grid: int) -> int:
    """The standing-start loss and the gap to the cars ahead on the grid, on lap 1 only."""
    return 4_000 + grid * 380 if number == 1 else 0


def _fcy_delay(start: int, time: int) -> int:
    """At 80 km/h a flat-out 1:42 lap takes 3:09: about 0.85 ms more per ms under FCY."""
    overlap = max(0, min(start + time, FCY[1]) - max(start, FCY[0]))
    return overlap * 85 // 100


def _lap(
    plan: Plan, number: int, time: int, elapsed: int, driver: int, in_pit: bool, pit: int | None
) -> Lap:
    s1, s2 = (time * percent // 100 for percent in SECTOR_PERCENT)
    return Lap(
        car=plan.entry.number,
        number=number,
        time=time,
        elapsed=elapsed,
        hour=(START_HOUR_MS + elapsed) % (24 * 3600 * 1000),
        sectors=(s1, s2, time - s1 - s2),
        in_pit=in_pit,
        pit_time=pit,
        driver=plan.entry.drivers[driver].name,
        driver_number=driver + 1,
        flag=Flag.FCY if FCY[0] <= elapsed < FCY[1] else Flag.GREEN,
    )


def _end_at_flag(laps: list[Lap]) -> list[Lap]:
    """The chequered flag falls when the car leading at the hour next crosses the line; every
    other car finishes at its first crossing after that (a retired car has stopped already)."""
    at_the_hour = [lap for lap in laps if (lap.elapsed or 0) < RACE_MS]
    leader = min(at_the_hour, key=lambda lap: (-lap.number, lap.elapsed or 0)).car
    flag = min(lap.elapsed or 0 for lap in laps if lap.car == leader and lap not in at_the_hour)
    last: dict[str, int] = {}
    for lap in sorted(laps, key=lambda lap: lap.elapsed or 0):
        if last.get(lap.car, -1) < flag:
            last[lap.car] = lap.elapsed or 0
    return [lap for lap in laps if (lap.elapsed or 0) <= last[lap.car]]
