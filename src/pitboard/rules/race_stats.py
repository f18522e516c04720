"""Laps led, places gained from the grid and average speed of a race, from its laps (pure).

- A car leads a lap when it is the first to complete that lap: the least time from the start
  to its crossing (`Lap.elapsed`, else the sum of its lap times up to it). A lap nobody has a
  time for is led by nobody.
- Places gained: the grid position less the finishing position (negative: places lost); only
  for a car with both.
- Average speed: the distance (laps × circuit length) over the race time, in km/h to 0.001;
  only where the circuit length is known and the car has a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from pitboard.model import CarNumber, Lap, Millis


def laps_led(laps: Iterable[Lap]) -> dict[CarNumber, int]:
    """Car -> how many laps it led (cars that led none are left out). Two cars crossing at
    the same time: the lap goes to the one that appears first in `laps`."""
    laps = list(laps)
    leaders = _leaders(laps, laps)
    if leaders is None:  # a crossing without an elapsed time: the sums of the lap times
        leaders = _leaders(_timed(laps), laps) or {}
    counts: dict[CarNumber, int] = {}
    for car in leaders.values():
        counts[car] = counts.get(car, 0) + 1
    return counts


def _leaders(crossings: list[Lap], laps: list[Lap]) -> dict[int, CarNumber] | None:
    """Lap number -> the car first across the line on it (least `elapsed`); None when a lap of
    `crossings` has no elapsed time. One pass in the order given, no grouping by car."""
    best: dict[int, Millis] = {}
    leader: dict[int, CarNumber] = {}
    first: dict[CarNumber, int] = {}  # made at the first tie: the cars in order of appearance
    for lap in crossings:
        at, number = lap.elapsed, lap.number
        if at is None:
            return None
        held = best.get(number)
        if held is None or at < held:
            best[number], leader[number] = at, lap.car
        elif at == held:
            if not first:
                first = {car: index for index, car in enumerate(dict.fromkeys(map(_CAR, laps)))}
            if first[lap.car] < first[leader[number]]:
                leader[number] = lap.car
    return leader


def _timed(laps: list[Lap]) -> list[Lap]:
    """The laps whose crossing time is known, each with it as `elapsed`: its own, else the sum
    of the car's lap times up to it (laps in lap-number order, car by car)."""
    by_car: dict[CarNumber, list[Lap]] = {}
    for lap in laps:
        by_car.setdefault(lap.car, []).append(lap)
    found: list[Lap] = []
    for own in by_car.values():
        total: Millis | None = 0
        for lap in sorted(own, key=_NUMBER):
            total = None if total is None or lap.time is None else total + lap.time
            at = lap.elapsed if lap.elapsed is not None else total
            if at is not None:
                found.append(replace(lap, elapsed=at))
    return found


_NUMBER, _CAR = attrgetter("number"), attrgetter("car")


def places_gained(grid_position: int | None, position: int | None) -> int | None:
    if grid_position is None or position is None:
        return None
    return grid_position - position


def average_speed(length_m: int | None, laps: int, time: Millis | None) -> Decimal | None:
    """km/h over `laps` laps of `length_m` metres in `time` ms; None without a length or time."""
    if not length_m or not time or laps <= 0:
        return None
    kph = Decimal(length_m * laps * 3600) / Decimal(time)
    return kph.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
