"""The officials' time analysis of one car: every lap with its driver, time, sectors and marks,
pit in / out, the flag at the line and whether the lap time counts; the car's best lap, its
ideal lap and each driver's time at the wheel; and the session's fastest lap with its driver.

Deleted lap times are found as qualifying finds them (`rules.qualifying.counting_laps`, see
docs/deleted-laps.md): a lap keeps its row and its distance but sets no best.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pitboard.model import CarNumber, Flag, Lap, Millis, Session, SessionKind
from pitboard.rules.laps import best_lap
from pitboard.rules.qualifying import counting_laps
from pitboard.rules.sectors import (
    Mark,
    Sectors,
    best_sectors,
    class_of,
    ideal_lap,
    mark,
    sector_marks,
    top_speed,
)
from pitboard.rules.stints import stints


@dataclass(frozen=True, slots=True)
class LapRow:
    number: int
    driver: str
    time: Millis | None
    time_mark: Mark  # purple: the field's best lap; green: the car's best lap
    sectors: Sectors
    sector_marks: tuple[Mark, ...]
    top_speed: Decimal | None
    pit_in: bool  # crossed the line in the pit lane (the in-lap)
    pit_out: bool  # the lap after an in-lap (it carries the time in the pit lane)
    pit_time: Millis | None
    flag: Flag | None
    valid: bool  # False: the lap time was deleted (the lap still counts as distance)
    best: bool  # the car's best lap


@dataclass(frozen=True, slots=True)
class FastestLap:
    car: CarNumber
    car_class: str
    lap: int
    driver: str
    time: Millis


@dataclass(frozen=True, slots=True)
class CarAnalysis:
    car: CarNumber
    car_class: str
    rows: tuple[LapRow, ...]
    best_lap: int | None  # its number
    best_sectors: Sectors
    ideal_lap: Millis | None
    top_speed: Decimal | None
    drive_times: dict[str, Millis]  # per driver, in the order they first drove


def counted_laps(session: Session) -> dict[CarNumber, list[Lap]]:
    """Every car's laps in order, deleted lap times flagged where the file marks best laps."""
    return counting_laps(session.laps_by_car())


def analyse_car(session: Session, car: CarNumber, *, by_class: bool = False) -> CarAnalysis:
    """The time analysis of `car`; purple marks compare with its class when `by_class`, else
    with the whole field. A car with no laps gets an empty analysis."""
    by_car = counted_laps(session)
    laps = by_car.get(car, [])
    car_class = class_of(session, car)
    field = [
        lap
        for number, car_laps in by_car.items()
        if not by_class or class_of(session, number) == car_class
        for lap in car_laps
    ]
    race = session.kind is SessionKind.RACE
    mine = best_sectors(laps, race=race)
    best = best_lap(laps)
    field_sectors = best_sectors(field, race=race)
    rows = _rows(laps, field_sectors, mine, _time(best_lap(field)), _time(best), race)
    return CarAnalysis(
        car=car,
        car_class=car_class,
        rows=rows,
        best_lap=best.number if best else None,
        best_sectors=mine,
        ideal_lap=ideal_lap(mine),
        top_speed=top_speed(laps),
        drive_times=drive_times(laps),
    )


def drive_times(laps: Sequence[Lap]) -> dict[str, Millis]:
    """Time at the wheel per driver: the sum of the lap times of the laps credited to them
    (the out-lap, and so the stop, goes to the driver who takes over). A lap without a time
    adds nothing."""
    times: dict[str, Millis] = {}
    for stint in stints(laps):
        times[stint.driver] = times.get(stint.driver, 0) + stint.time
    return times


def fastest_lap(session: Session, car_class: str | None = None) -> FastestLap | None:
    """The session's fastest lap that counts (of one class when given), first set on a tie."""
    candidates = [
        lap
        for car, laps in counted_laps(session).items()
        if car_class is None or class_of(session, car) == car_class
        for lap in laps
    ]
    candidates.sort(key=lambda lap: (lap.elapsed is None, lap.elapsed or 0))
    best = best_lap(candidates)
    if best is None or best.time is None:
        return None
    return FastestLap(best.car, class_of(session, best.car), best.number, best.driver, best.time)


def _rows(
    laps: Sequence[Lap],
    field_sectors: Sectors,
    mine: Sectors,
    field_best: Millis | None,
    personal_best: Millis | None,
    race: bool,
) -> tuple[LapRow, ...]:
    rows = []
    previous_in_pit = False
    for lap in laps:
        counts = lap.valid and lap.time is not None
        rows.append(
            LapRow(
                number=lap.number,
                driver=lap.driver,
                time=lap.time,
                time_mark=mark(lap.time, field_best, personal_best) if counts else Mark.NONE,
                sectors=lap.sectors,
                sector_marks=sector_marks(lap, field_sectors, mine, race=race),
                top_speed=lap.top_speed,
                pit_in=lap.in_pit,
                pit_out=previous_in_pit,
                pit_time=lap.pit_time,
                flag=lap.flag,
                valid=lap.valid,
                best=counts and lap.time == personal_best,
            )
        )
        previous_in_pit = lap.in_pit
    return tuple(_first_best_only(rows))


def _first_best_only(rows: list[LapRow]) -> list[LapRow]:
    """Two laps of the same best time: the first set is the best lap."""
    seen = False
    result = []
    for row in rows:
        if row.best and seen:
            row = dataclasses.replace(row, best=False)
        seen = seen or row.best
        result.append(row)
    return result


def _time(lap: Lap | None) -> Millis | None:
    return lap.time if lap is not None else None
