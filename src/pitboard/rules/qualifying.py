"""Classify qualifying or practice: fastest valid lap first, a tie to whoever set it first."""

from __future__ import annotations

from collections.abc import Sequence

from pitboard.model import (
    CarNumber,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Gap,
    Lap,
    Penalty,
)
from pitboard.rules import penalties as pen
from pitboard.rules.gaps import lap_time_gap
from pitboard.rules.laps import best_lap
from pitboard.rules.stints import pit_stops, stints

_NO_TIME = 2**62


def classify_qualifying(
    entries: Sequence[Entry],
    laps_by_car: dict[CarNumber, list[Lap]],
    penalties: Sequence[Penalty] = (),
) -> list[ClassifiedCar]:
    by_car = pen.penalties_by_car(penalties)
    rows: list[tuple[tuple[int, int, int, int], ClassifiedCar]] = []
    for index, entry in enumerate(entries):
        laps = laps_by_car.get(entry.number, [])
        row, set_at = _qualifying_row(entry, laps, by_car.get(entry.number, []))
        best = row.best_lap if row.best_lap is not None else _NO_TIME
        group = 0 if row.status is ClassificationStatus.CLASSIFIED else 1
        rows.append(((group, best, set_at, index), row))
    rows.sort(key=lambda pair: pair[0])
    ordered = [row for _, row in rows]
    _number_and_gap(ordered)
    return ordered


def _qualifying_row(
    entry: Entry, laps: list[Lap], penalties: list[Penalty]
) -> tuple[ClassifiedCar, int]:
    row = ClassifiedCar(position=0, entry=entry, status=ClassificationStatus.CLASSIFIED)
    if not laps:
        row.status = ClassificationStatus.DNS
        return row, _NO_TIME
    row.deleted_laps = sorted(pen.deleted_laps(penalties))
    row.laps = laps[-1].number
    row.total_time = laps[-1].elapsed
    row.pit_stops = pit_stops(laps)
    row.stints = stints(laps)
    if pen.is_disqualified(penalties):
        row.status = ClassificationStatus.DSQ
    best = best_lap(laps, set(row.deleted_laps))
    if best is None:
        return row, _NO_TIME
    row.best_lap, row.best_lap_number = best.time, best.number
    set_at = best.hour if best.hour is not None else best.elapsed
    return row, set_at if set_at is not None else _NO_TIME


def _number_and_gap(rows: list[ClassifiedCar]) -> None:
    class_counts: dict[str, int] = {}
    leader_best = rows[0].best_lap if rows else None
    previous_best = leader_best
    for index, row in enumerate(rows, start=1):
        row.position = index
        car_class = row.entry.car_class
        class_counts[car_class] = class_counts.get(car_class, 0) + 1
        row.class_position = class_counts[car_class]
        if index == 1:
            continue
        row.gap_first = lap_time_gap(row.best_lap, leader_best) or Gap.reference()
        row.gap_previous = lap_time_gap(row.best_lap, previous_best) or Gap.reference()
        previous_best = row.best_lap
