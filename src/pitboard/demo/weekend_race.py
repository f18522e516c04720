"""One-hour races for the synthetic weekend: a rolling start in grid order, one mandatory stop with
a driver change inside the pit window, heat that costs pace, retirements and non-starters.

The followed car either retires at a planned moment or finishes on a planned class position: its
laps are spread so that its last crossing falls between the two rivals it must split. Whatever
happens, `classify` is left to find the result from the laps alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pitboard.demo.weekend_timed import retimed
from pitboard.model import Entry, Flag, Lap, Session, SessionKind

RACE_MS = 60 * 60 * 1000
PIT_WINDOW = (25 * 60_000, 35 * 60_000)  # the car enters the pit lane in here
PIT_LANE_MS = (74_000, 81_000)  # pit lane, minimum stop time and driver change
PIT_LANE_LOSS = 19_000  # the same stretch of track at speed
STINT_WEAR_MS = 18  # lost per lap of a stint: tyres and brakes in the heat


@dataclass(frozen=True, slots=True)
class RacePlan:
    name: str
    first_driver: int  # who starts: 0 in Race 1, 1 in Race 2
    slower_ms: int  # heat and fuel over the flat-out pace
    retire: dict[str, int] = field(default_factory=dict)  # car -> elapsed ms when it stops
    absent: tuple[str, ...] = ()  # cars that do not start
    target: tuple[str, int] | None = None  # (car, class position) it must finish in


def race_session(
    plan: RacePlan,
    entries: list[Entry],
    grid: list[str],
    paces: dict[str, tuple[int, int]],
    rng: random.Random,
) -> Session:
    by_number = {e.number: e for e in entries}
    target_car = plan.target[0] if plan.target else None
    driven = {
        car: _drive(plan, by_number[car], slot, paces[car], rng)
        for slot, car in enumerate(grid)
        if car not in plan.absent
    }
    others = {car: laps for car, laps in driven.items() if car != target_car}
    flag = _flag_time(others)
    result = {car: _to_flag(laps, flag) for car, laps in driven.items()}
    if plan.target is not None:
        car, position = plan.target
        finishers = _class_finishers(result, by_number, by_number[car].car_class, flag, car)
        result[car] = _placed(driven[car], finishers, position, flag)
    laps = [lap for car_laps in result.values() for lap in car_laps]
    laps.sort(key=lambda lap: (lap.elapsed or 0, lap.car))
    return Session(SessionKind.RACE, by_number, laps, name=plan.name)


def _drive(
    plan: RacePlan, entry: Entry, slot: int, pace: tuple[int, int], rng: random.Random
) -> list[Lap]:
    retire_at = plan.retire.get(entry.number)
    stop_at = rng.randrange(PIT_WINDOW[0], PIT_WINDOW[1] - 150_000)
    driver, pitting, stint_laps = plan.first_driver, False, 0
    laps: list[Lap] = []
    elapsed = 0
    while elapsed < RACE_MS + 4 * 60_000:
        number = len(laps) + 1
        time = pace[driver] + plan.slower_ms + rng.randrange(-300, 700) + stint_laps * STINT_WEAR_MS
        time += 3_000 + slot * 260 if number == 1 else 0
        pit_time = None
        if pitting:  # the out-lap carries the stop and the new driver
            pit_time = rng.randrange(*PIT_LANE_MS)
            time += pit_time - PIT_LANE_LOSS
            driver, pitting, stint_laps = 1 - driver, False, 0
        in_pit = not laps_after_stop(laps) and elapsed + time >= stop_at
        if retire_at is not None and elapsed + time > retire_at:
            break
        pitting = in_pit
        laps.append(_lap(entry, number, time, elapsed + time, driver, in_pit, pit_time))
        elapsed += time
        stint_laps += 1
    return laps


def laps_after_stop(laps: list[Lap]) -> bool:
    """Has the car made its stop already?"""
    return any(lap.in_pit for lap in laps)


def _lap(
    entry: Entry, number: int, time: int, elapsed: int, driver: int, in_pit: bool, pit: int | None
) -> Lap:
    return Lap(
        car=entry.number,
        number=number,
        time=time,
        elapsed=elapsed,
        in_pit=in_pit,
        pit_time=pit,
        driver=entry.drivers[driver].name,
        driver_number=driver + 1,
        flag=Flag.GREEN,
    )


def _flag_time(driven: dict[str, list[Lap]]) -> int:
    """The chequered flag: the leader's first crossing after the hour."""
    at_hour = [lap for laps in driven.values() for lap in laps if (lap.elapsed or 0) < RACE_MS]
    leader = min(at_hour, key=lambda lap: (-lap.number, lap.elapsed or 0)).car
    return min(lap.elapsed or 0 for lap in driven[leader] if (lap.elapsed or 0) >= RACE_MS)


def _to_flag(laps: list[Lap], flag: int) -> list[Lap]:
    """A car's laps up to its first crossing at or after the flag."""
    kept: list[Lap] = []
    for lap in laps:
        kept.append(lap)
        if (lap.elapsed or 0) >= flag:
            break
    return kept


def _class_finishers(
    result: dict[str, list[Lap]], by_number: dict[str, Entry], car_class: str, flag: int, skip: str
) -> list[tuple[int, int]]:
    """(laps, last crossing) of the class's cars that took the flag, in finishing order."""
    rows = [
        (laps[-1].number, laps[-1].elapsed or 0)
        for car, laps in result.items()
        if car != skip and by_number[car].car_class == car_class and (laps[-1].elapsed or 0) >= flag
    ]
    return sorted(rows, key=lambda row: (-row[0], row[1]))


def _placed(
    laps: list[Lap], finishers: list[tuple[int, int]], position: int, flag: int
) -> list[Lap]:
    """The car's laps retimed to finish between the rivals ranked position-1 and position."""
    ahead, behind = finishers[position - 2], finishers[position - 1]
    count = behind[0]
    low = ahead[1] if ahead[0] == count else flag
    finish = (low + behind[1]) // 2
    kept = laps[:count]
    shift = finish - (kept[-1].elapsed or 0)
    per_lap, rest = divmod(shift, count - 1)
    placed: list[Lap] = []
    elapsed = 0
    for index, lap in enumerate(kept):
        time = (lap.time or 0) + (0 if index == 0 else per_lap + (rest if index == 1 else 0))
        elapsed += time
        placed.append(retimed(lap, time, elapsed))
    if len(placed) < 2 or not (placed[-2].elapsed or 0) < flag <= (placed[-1].elapsed or 0):
        raise ValueError(f"car {laps[0].car} cannot be placed {position} at the flag")
    return placed
