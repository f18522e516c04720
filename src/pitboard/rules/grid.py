"""`build_grid`: a race's starting grid from the qualifying that sets it, and grid penalties.

- Cars with a qualifying time line up in qualifying order: all classes together
  (`GridOrder.OVERALL`), or class by class in the season's class order (`GridOrder.BY_CLASS`).
- Cars without a time (no valid lap, disqualified from qualifying, or absent) follow, in entry
  order — within their class when the grid is class by class.
- A place penalty moves a car down that many places (counting only its own class when the grid
  is class by class), never past the last car (of its class). Penalties are applied from the
  back of the grid forward, so each car drops its places from where it qualified.
- Pit-lane starters leave the grid and follow it, in the order they would have started.
"""

from __future__ import annotations

from collections.abc import Sequence

from pitboard.model import ClassificationStatus, ClassifiedCar, Entry, RulesError
from pitboard.model.grid import GridPenalty, GridSlot
from pitboard.model.season import GridOrder


def build_grid(
    qualifying: Sequence[ClassifiedCar],
    entries: Sequence[Entry],
    *,
    order: GridOrder = GridOrder.OVERALL,
    classes: Sequence[str] = (),
    penalties: Sequence[GridPenalty] = (),
    qualifier_starts: bool = False,
) -> list[GridSlot]:
    """The grid of the race whose entries are `entries`, from the `qualifying` classification.

    `classes` is the class order of a class-by-class grid (classes not named follow in entry
    order). With `qualifier_starts`, each slot names the driver who set the qualifying time.
    """
    numbers = {entry.number for entry in entries}
    by_car = {p.car: p for p in penalties}
    unknown = sorted(set(by_car) - numbers)
    if unknown:
        raise RulesError(f"grid penalty for car {unknown[0]!r}, which is not entered in the race")
    timed = [row for row in qualifying if _has_time(row) and row.number in numbers]
    times = {row.number: row for row in timed}
    untimed = [entry for entry in entries if entry.number not in times]
    lineup = [row.entry for row in timed] + untimed
    if order is GridOrder.BY_CLASS:
        lineup = _class_by_class(lineup, classes)
    lineup = _drop_places(lineup, by_car, by_class=order is GridOrder.BY_CLASS)
    pit_lane = [e for e in lineup if e.number in by_car and by_car[e.number].pit_lane]
    lineup = [e for e in lineup if e not in pit_lane]
    rows = {row.number: row for row in qualifying}
    return _number(lineup, pit_lane, times, rows, by_car, qualifier_starts)


def _has_time(row: ClassifiedCar) -> bool:
    return row.best_lap is not None and row.status is not ClassificationStatus.DSQ


def _class_by_class(lineup: list[Entry], classes: Sequence[str]) -> list[Entry]:
    named = list(dict.fromkeys([*classes, *(entry.car_class for entry in lineup)]))
    rank = {name: index for index, name in enumerate(named)}
    return sorted(lineup, key=lambda entry: rank[entry.car_class])  # stable: keeps the order


def _drop_places(
    lineup: list[Entry], by_car: dict[str, GridPenalty], *, by_class: bool
) -> list[Entry]:
    grid = list(lineup)
    penalised = [e for e in reversed(lineup) if e.number in by_car and by_car[e.number].places]
    for entry in penalised:
        index = grid.index(entry)
        grid.pop(index)
        target, stop, remaining = index, index, by_car[entry.number].places
        while remaining and target < len(grid):
            if not by_class or grid[target].car_class == entry.car_class:
                remaining -= 1
                stop = target + 1  # behind the car it passed (of its class)
            target += 1
        grid.insert(stop, entry)
    return grid


def _number(
    lineup: list[Entry],
    pit_lane: list[Entry],
    times: dict[str, ClassifiedCar],
    rows: dict[str, ClassifiedCar],
    by_car: dict[str, GridPenalty],
    qualifier_starts: bool,
) -> list[GridSlot]:
    slots: list[GridSlot] = []
    in_class: dict[str, int] = {}
    for position, entry in enumerate([*lineup, *pit_lane], start=1):
        in_class[entry.car_class] = in_class.get(entry.car_class, 0) + 1
        timed = times.get(entry.number)
        penalty = by_car.get(entry.number)
        slot = GridSlot(
            position=position,
            entry=entry,
            class_position=in_class[entry.car_class],
            qualifying_position=timed.position if timed else None,
            time=timed.best_lap if timed else None,
            driver=_qualifier(rows.get(entry.number)) if qualifier_starts else "",
            pit_lane=entry in pit_lane,
            penalty_places=penalty.places if penalty else 0,
        )
        slots.append(slot)
    return slots


def _qualifier(row: ClassifiedCar | None) -> str:
    """The driver who set the car's qualifying time (the stint holding its best lap)."""
    if row is None or row.best_lap_number is None:
        return ""
    for stint in row.stints:
        if stint.first_lap <= row.best_lap_number <= stint.last_lap:
            return stint.driver
    return ""
