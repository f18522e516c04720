"""A classification published elsewhere (an Ergast race, an Al Kamel results file) as a
`Classification`: the rows are taken in the published order, as published (the official order,
statuses, laps and times — penalties the timing does not know included). When the session also
has laps, each car's timing details (stints, pit stops, best lap number) come from the
classification of those laps.

A published row is a mapping with (the importers write these keys; others are kept, not read):
`number`, `class`, `drivers` (list; else `driver`), `status` (a `ClassificationStatus` value;
else classified when `position` is set), `laps`, `total_time` and `best_lap` (ms or None).
Gaps are computed from laps and total times, the positions overall and in class from the order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pitboard.model import (
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    Driver,
    Entry,
    Gap,
    Session,
)
from pitboard.rules.gaps import race_gap
from pitboard.rules.order import number_positions

Row = Mapping[str, Any]


def classify_published(
    session: Session, rows: Sequence[Row], timed: Classification | None = None
) -> Classification:
    """The published rows as the session's classification (entries from the session when it
    has the car and the row names no drivers of its own). `timed`: the classification of the
    session's laps, for the details a published row does not carry; its cars the rows do not
    list follow them, in its order."""
    cars = [_car(session, row) for row in rows]
    by_number = {car.number: car for car in timed.rows} if timed else {}
    cars = [_with_timing(car, by_number.get(car.number)) for car in cars]
    listed = {car.number for car in cars}
    cars += [car for car in (timed.rows if timed else []) if car.number not in listed]
    number_positions(cars)
    _gaps(cars)
    classes = list(dict.fromkeys([*session.classes, *(c.entry.car_class for c in cars)]))
    laps = timed.lap_count if timed else 0
    return Classification(kind=session.kind, rows=cars, classes=classes, lap_count=laps)


def _with_timing(car: ClassifiedCar, timed: ClassifiedCar | None) -> ClassifiedCar:
    if timed is None:
        return car
    car.entry = timed.entry
    if car.status is ClassificationStatus.CLASSIFIED:
        # Al Kamel files (IMSA, GR Cup) list retired cars "Classified": the laps tell
        car.status = timed.status
    if car.best_lap is None:
        car.best_lap = timed.best_lap
    if car.best_lap == timed.best_lap:
        car.best_lap_number = timed.best_lap_number
    car.pit_stops, car.stints = timed.pit_stops, timed.stints
    car.penalty_time, car.deleted_laps = timed.penalty_time, timed.deleted_laps
    return car


def _car(session: Session, row: Row) -> ClassifiedCar:
    number = str(row.get("number") or "")
    known = session.entries.get(number)
    names = row.get("drivers") or ([row["driver"]] if row.get("driver") else [])
    drivers = tuple(Driver(str(name)) for name in names)
    car_class = str(row.get("class") or (known.car_class if known else ""))
    if known is not None and (not drivers or drivers == known.drivers):
        entry = known
    else:
        entry = Entry(number, car_class, drivers=drivers or (known.drivers if known else ()))
    return ClassifiedCar(
        position=0,
        entry=entry,
        status=_status(row.get("status"), row.get("position")),
        laps=int(row.get("laps") or 0),
        total_time=_millis(row.get("total_time")),
        gap_first=None,
        gap_previous=None,
        best_lap=_millis(row.get("best_lap")),
    )


def _status(value: Any, position: Any) -> ClassificationStatus:
    """The row's status; a row without one (rows imported before statuses were kept) is
    classified when it has a position."""
    try:
        return ClassificationStatus(str(value))
    except ValueError:
        if position is not None:
            return ClassificationStatus.CLASSIFIED
        return ClassificationStatus.NOT_CLASSIFIED


def _millis(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def _gaps(cars: list[ClassifiedCar]) -> None:
    """Gaps to the leader and to the car ahead, among the classified cars."""
    classified = [c for c in cars if c.status is ClassificationStatus.CLASSIFIED]
    for index, car in enumerate(classified):
        if index == 0:
            car.gap_first = car.gap_previous = Gap.reference()
            continue
        car.gap_first = _gap(car, classified[0])
        car.gap_previous = _gap(car, classified[index - 1])


def _gap(car: ClassifiedCar, ahead: ClassifiedCar) -> Gap | None:
    """Whole laps, else the time when both times were published, else no gap."""
    if car.laps >= ahead.laps and (car.total_time is None or ahead.total_time is None):
        return None
    return race_gap(car.laps, car.total_time, ahead.laps, ahead.total_time)
