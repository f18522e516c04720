"""A synthetic race of our own making: invented teams and drivers, labelled as such.

`demo_session()` always returns the same race (a fixed random seed): 18 GT4 cars in Silver,
Pro-Am and Am, two drivers each, one mandatory pit stop with a driver change inside the pit
window, a full-course yellow, one retirement.
"""

from __future__ import annotations

import random

from pitboard.model import Driver, Entry, Flag, Lap, Session, SessionKind

CLASSES = ("Silver", "Pro-Am", "Am")
TEAMS = (
    "Northlight Racing",
    "Harbour Motorsport",
    "Vale Competition",
    "Ironbark GT",
    "Kestrel Autosport",
    "Bluewater Racing",
)
CARS = (
    "Aston Martin Vantage GT4",
    "BMW M4 GT4",
    "Porsche 718 Cayman GT4",
    "Mercedes-AMG GT4",
    "McLaren Artura GT4",
    "Toyota GR Supra GT4",
)
FIRST = (
    "Alva",
    "Bruno",
    "Cleo",
    "Dario",
    "Edda",
    "Felix",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kaia",
    "Lars",
    "Mira",
    "Nils",
    "Olle",
    "Pia",
    "Rafa",
    "Saga",
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
)

RACE_MS = 60 * 60 * 1000
PIT_WINDOW = (25 * 60 * 1000, 35 * 60 * 1000)
FCY_WINDOW = (14 * 60 * 1000, 16 * 60 * 1000)
START_HOUR_MS = 14 * 3600 * 1000


def demo_entries(rng: random.Random) -> list[Entry]:
    entries = []
    for index in range(18):
        names = rng.sample(FIRST, 2)
        drivers = tuple(Driver(f"{first} {rng.choice(LAST)}") for first in names)
        entries.append(
            Entry(
                number=str(index * 5 + 2),
                car_class=CLASSES[index % 3],
                team=TEAMS[index % len(TEAMS)],
                vehicle=CARS[index % len(CARS)],
                drivers=drivers,
            )
        )
    return entries


def demo_session(seed: int = 2023) -> Session:
    rng = random.Random(seed)
    entries = demo_entries(rng)
    retiring = entries[rng.randrange(len(entries))].number
    laps: list[Lap] = []
    for grid_slot, entry in enumerate(entries):
        laps.extend(_drive(entry, grid_slot, rng, retire=entry.number == retiring))
    _end_at_flag(laps)
    return Session(
        SessionKind.RACE, {e.number: e for e in entries}, laps, name="Pitboard Demo Cup — Race 1"
    )


def _drive(entry: Entry, grid_slot: int, rng: random.Random, retire: bool) -> list[Lap]:
    pace = 96_000 + CLASSES.index(entry.car_class) * 900 + rng.randrange(0, 1500)
    stop_at = rng.randrange(*PIT_WINDOW)
    retire_at = rng.randrange(40 * 60 * 1000, 50 * 60 * 1000) if retire else None
    laps: list[Lap] = []
    elapsed, number, driver, pitted = 0, 0, 0, False
    while elapsed < RACE_MS + 120_000:
        number += 1
        time = pace + rng.randrange(-400, 900) + (grid_slot * 350 if number == 1 else 0)
        in_fcy = FCY_WINDOW[0] <= elapsed < FCY_WINDOW[1]
        time += 22_000 if in_fcy else 0
        in_pit = not pitted and elapsed >= stop_at
        pit_time = None
        if laps and laps[-1].in_pit:
            pit_time = 62_000 + rng.randrange(0, 4000)
            time += pit_time
            driver = 1
        elapsed += time
        if retire_at is not None and elapsed > retire_at:
            break
        flag = Flag.FCY if in_fcy else Flag.GREEN
        laps.append(
            Lap(
                entry.number,
                number,
                time,
                elapsed,
                START_HOUR_MS + elapsed,
                in_pit=in_pit,
                pit_time=pit_time,
                driver=entry.drivers[driver].name,
                driver_number=driver + 1,
                flag=flag,
            )
        )
        pitted = pitted or in_pit
    return laps


def _end_at_flag(laps: list[Lap]) -> None:
    """Keep each car's laps up to its first crossing after the leader's first one past an hour."""
    leader_finish = min(lap.elapsed or 0 for lap in laps if (lap.elapsed or 0) >= RACE_MS)
    last_kept: dict[str, int] = {}
    for lap in sorted(laps, key=lambda lap: lap.elapsed or 0):
        if lap.car not in last_kept or (last_kept[lap.car] < leader_finish):
            last_kept[lap.car] = lap.elapsed or 0
    laps[:] = [lap for lap in laps if (lap.elapsed or 0) <= last_kept[lap.car]]
