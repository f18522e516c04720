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
from decimal import ROUND_HALF_UP, Decimal
from operator import attrgetter

from pitboard.model import CarNumber, Lap, Millis


def laps_led(laps: Iterable[Lap]) -> dict[CarNumber, int]:
    """Car -> how many laps it led (cars that led none are left out)."""
    leader: dict[int, tuple[Millis, CarNumber]] = {}
    for car, crossings in _crossings(laps).items():
        for number, at in crossings:
            if number not in leader or at < leader[number][0]:
                leader[number] = (at, car)
    counts: dict[CarNumber, int] = {}
    for _, car in leader.values():
        counts[car] = counts.get(car, 0) + 1
    return counts


def _crossings(laps: Iterable[Lap]) -> dict[CarNumber, list[tuple[int, Millis]]]:
    """Car -> (lap number, time from the start) of each lap whose crossing time is known."""
    by_car: dict[CarNumber, list[Lap]] = {}
    for lap in laps:
        by_car.setdefault(lap.car, []).append(lap)
    found: dict[CarNumber, list[tuple[int, Millis]]] = {}
    for car, own in by_car.items():
        ordered = sorted(own, key=_NUMBER)
        elapsed = list(map(_ELAPSED, ordered))
        if None not in elapsed:  # the usual file: every crossing timed from the start
            found[car] = list(zip(map(_NUMBER, ordered), elapsed, strict=True))
            continue
        total: Millis | None = 0
        found[car] = []
        for lap in ordered:
            total = None if total is None or lap.time is None else total + lap.time
            at = lap.elapsed if lap.elapsed is not None else total
            if at is not None:
                found[car].append((lap.number, at))
    return found


_NUMBER, _ELAPSED = attrgetter("number"), attrgetter("elapsed")


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
