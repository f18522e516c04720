"""Sector times: best sectors per car, per class and of the session, the ideal lap, and the
purple / green marks of the official time analysis.

Marks are the final state of the session, as a printed analysis shows them: a sector (or lap)
is purple when it equals the best of the field it is compared with (the session, or the car's
class), green when it equals the car's own best, and unmarked otherwise. Only laps that count
(`Lap.valid`) set bests; a sector the timekeeper did not record (None) sets nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from decimal import Decimal

from pitboard.model import CarNumber, Lap, Millis, Session

Sectors = tuple[Millis | None, ...]


class Mark(enum.Enum):
    """How a time compares with the bests: the colours of the timing screens."""

    BEST = "purple"  # the best of the field compared with (session or class)
    PERSONAL = "green"  # the car's own best
    NONE = ""


def sector_count(laps: Iterable[Lap]) -> int:
    return max((len(lap.sectors) for lap in laps), default=0)


def best_sectors(laps: Iterable[Lap]) -> Sectors:
    """The best time of each sector over the laps that count; None where no lap has one."""
    laps = list(laps)
    best: list[Millis | None] = [None] * sector_count(laps)
    for lap in laps:
        if not lap.valid:
            continue
        for index, time in enumerate(lap.sectors):
            current = best[index]
            if time is not None and (current is None or time < current):
                best[index] = time
    return tuple(best)


def ideal_lap(bests: Sectors) -> Millis | None:
    """The sum of the best sectors; None unless every sector has a time."""
    if not bests or any(time is None for time in bests):
        return None
    return sum(time for time in bests if time is not None)


def best_sectors_by_car(session: Session) -> dict[CarNumber, Sectors]:
    return {car: best_sectors(laps) for car, laps in session.laps_by_car().items()}


def best_sectors_by_class(session: Session) -> dict[str, Sectors]:
    by_class: dict[str, list[Lap]] = {name: [] for name in session.classes}
    for lap in session.laps:
        by_class.setdefault(class_of(session, lap.car), []).append(lap)
    return {name: best_sectors(laps) for name, laps in by_class.items()}


def mark(time: Millis | None, best: Millis | None, personal: Millis | None) -> Mark:
    """Purple if `time` equals the field's best, green if it equals the car's best."""
    if time is None:
        return Mark.NONE
    if time == best:
        return Mark.BEST
    if time == personal:
        return Mark.PERSONAL
    return Mark.NONE


def sector_marks(lap: Lap, field_best: Sectors, personal_best: Sectors) -> tuple[Mark, ...]:
    """The mark of each of the lap's sectors; a lap that does not count is never marked."""
    if not lap.valid:
        return tuple(Mark.NONE for _ in lap.sectors)
    return tuple(
        mark(time, _at(field_best, index), _at(personal_best, index))
        for index, time in enumerate(lap.sectors)
    )


def top_speed(laps: Iterable[Lap]) -> Decimal | None:
    """The highest speed-trap reading among the laps (None: the file has none)."""
    speeds = [lap.top_speed for lap in laps if lap.top_speed is not None]
    return max(speeds, default=None)


def sectors_add_up(lap: Lap, tolerance: Millis = 0) -> bool:
    """Do the lap's sectors add up to its time (within `tolerance` ms)? True when a sector or
    the lap time is missing: there is nothing to compare."""
    if lap.time is None or not lap.sectors or any(time is None for time in lap.sectors):
        return True
    total = sum(time for time in lap.sectors if time is not None)
    return abs(total - lap.time) <= tolerance


def _at(values: Sequence[Millis | None], index: int) -> Millis | None:
    return values[index] if index < len(values) else None


def class_of(session: Session, car: CarNumber) -> str:
    """The car's class ("" for a car not in the entry list)."""
    entry = session.entries.get(car)
    return entry.car_class if entry is not None else ""
