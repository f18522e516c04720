"""Classify qualifying or practice: fastest valid lap first, a tie to whoever set it first.

A lap time counts unless the stewards deleted it: a `DELETE_LAP` penalty, a lap flagged
`valid=False`, or (when the lap analysis carries the timekeeper's best-lap markers) a lap faster
than the marked best, see `rules.laps.flag_deleted_laps` and docs/deleted-laps.md. Cars without
a lap time that counts follow the timed cars in car-number order, with no gaps.
"""

from __future__ import annotations

from collections.abc import Sequence

from pitboard.model import (
    CarNumber,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Gap,
    Lap,
)
from pitboard.rules import penalties as pen
from pitboard.rules.laps import best_lap, carries_best_lap_markers, flag_deleted_laps
from pitboard.rules.order import car_number_key, number_positions
from pitboard.rules.stints import pit_stops, stints

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pitboard.model import Penalty  # a type only: a run without penalties never makes it

Status = ClassificationStatus

_NEVER = 2**62  # sorts after any real time

# Published order: cars with a time, then cars without one, then disqualified cars.
_TIMED, _UNTIMED, _DISQUALIFIED = 0, 1, 2

OrderKey = tuple[int, int, int, str, int]


def classify_qualifying(
    entries: Sequence[Entry],
    laps_by_car: dict[CarNumber, list[Lap]],
    penalties: Sequence[Penalty] = (),
) -> list[ClassifiedCar]:
    laps_by_car = counting_laps(laps_by_car)
    by_car = pen.penalties_by_car(penalties)
    keyed: list[tuple[OrderKey, ClassifiedCar]] = []
    for index, entry in enumerate(entries):
        laps = laps_by_car.get(entry.number, [])
        row, set_at = _qualifying_row(entry, laps, by_car.get(entry.number, []))
        keyed.append((_order_key(row, set_at, index), row))
    keyed.sort(key=lambda pair: pair[0])
    ordered = [row for _, row in keyed]
    number_positions(ordered)
    _set_gaps(ordered)
    return ordered


def counting_laps(laps_by_car: dict[CarNumber, list[Lap]]) -> dict[CarNumber, list[Lap]]:
    """Every car's laps, deleted ones flagged, when the session carries best-lap markers."""
    if not carries_best_lap_markers(lap for laps in laps_by_car.values() for lap in laps):
        return laps_by_car
    return {car: flag_deleted_laps(laps) for car, laps in laps_by_car.items()}


def _qualifying_row(
    entry: Entry, laps: list[Lap], penalties: list[Penalty]
) -> tuple[ClassifiedCar, int]:
    """The car's row, and when its best lap was set (for ties)."""
    row = ClassifiedCar(position=0, entry=entry, status=Status.CLASSIFIED)
    if not laps:
        row.status = Status.DNS
        return row, _NEVER
    row.deleted_laps = sorted(pen.deleted_laps(penalties))
    row.laps = laps[-1].number
    row.total_time = laps[-1].elapsed
    row.pit_stops = pit_stops(laps)
    row.stints = stints(laps)
    if pen.is_disqualified(penalties):
        row.status = Status.DSQ
    best = best_lap(laps, set(row.deleted_laps))
    if best is None:
        return row, _NEVER
    row.best_lap, row.best_lap_number = best.time, best.number
    return row, _set_at(best)


def _set_at(lap: Lap) -> int:
    """When the lap was completed: session time, else time of day."""
    if lap.elapsed is not None:
        return lap.elapsed
    return lap.hour if lap.hour is not None else _NEVER


def _order_key(row: ClassifiedCar, set_at: int, index: int) -> OrderKey:
    if row.status is Status.DSQ:
        return _DISQUALIFIED, 0, 0, "", index
    if row.best_lap is None:
        return _UNTIMED, *car_number_key(row.number), index
    return _TIMED, row.best_lap, set_at, "", index


def _set_gaps(rows: list[ClassifiedCar]) -> None:
    """Best-lap differences to the pole and to the car ahead; none for a car without a time."""
    leader = rows[0].best_lap if rows else None
    previous: int | None = None
    for index, row in enumerate(rows):
        best = None if row.status is Status.DSQ else row.best_lap
        if best is None or leader is None:
            row.gap_first = row.gap_previous = None
        elif index == 0:
            row.gap_first = row.gap_previous = Gap.reference()
        else:
            row.gap_first = Gap.time(best - leader)
            row.gap_previous = Gap.time(best - previous) if previous is not None else None
        previous = best
