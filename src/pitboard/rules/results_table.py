"""A published result as every presentation shows it: the one model behind the `classify` tables
and `--json`, the site (HTML, JSON, CSV), the results sheet and the weekend report.

From a classification and its ruleset it decides, once:
- which cars carry an overall and a class position (`ClassificationRules.not_classified_positions`);
- the gap and the interval (to the car ahead) overall, as the classification gives them, and
  within the class, to the class leader and to the car ahead in the class;
- a race's laps led, places gained from the grid and average speed (`rules.race_stats`), where
  the laps, the grid and the circuit length are given;
- where the laps carry sector times or speed-trap readings (Al Kamel analysis files): each car's
  best sectors, ideal lap and top speed, and which of its sectors are its class's best
  (`rules.sectors`, over the sectors that count, `sector_counts`, as the lap analysis counts
  them);
- the text of every cell (time, gaps, best lap, pit stops, status), so that no adapter formats
  a time of its own.

A race is compared by laps, then total time; qualifying and practice by best lap (so a timed
session's "time" is the best lap, never the sum of the laps).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from pitboard.model import (
    CarNumber,
    Classification,
    ClassificationRules,
    ClassificationStatus,
    ClassifiedCar,
    Entry,
    Gap,
    Lap,
    Millis,
    PitStop,
    SessionKind,
    Stint,
    format_duration,
    format_lap_time,
)
from pitboard.rules.qualifying import counting_laps
from pitboard.rules.race_stats import average_speed, laps_led, places_gained
from pitboard.rules.sectors import (
    Mark,
    Sectors,
    best_sectors,
    ideal_lap,
    mark,
    sector_count,
    top_speed,
)


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One car: the classification's row with the positions and class gaps it is shown with."""

    car: ClassifiedCar
    position: int | None  # None: listed unranked (not classified, by the ruleset)
    class_position: int | None
    gap: Gap | None  # to the overall leader (the classification's); None when unranked
    interval: Gap | None  # to the car ahead overall
    class_gap: Gap | None  # to the class leader
    class_interval: Gap | None  # to the car ahead in the class
    laps_led: int | None = None  # a race with laps: laps it led; None otherwise
    grid_position: int | None = None  # a race with a known grid: where it started
    average_speed: Decimal | None = None  # km/h; a race at a circuit of known length
    # Laps with sector times: the car's best of each sector (None: never timed), one per
    # sector of the session, and whether each is its class's best (Mark.BEST) or not.
    best_sectors: Sectors = ()
    sector_marks: tuple[Mark, ...] = ()
    ideal_lap: Millis | None = None  # the sum of its best sectors, when it has all of them
    top_speed: Decimal | None = None  # km/h, its highest speed-trap reading

    @property
    def places_gained(self) -> int | None:
        return places_gained(self.grid_position, self.position)

    @property
    def entry(self) -> Entry:
        return self.car.entry

    @property
    def number(self) -> str:
        return self.car.entry.number

    @property
    def car_class(self) -> str:
        return self.car.entry.car_class

    @property
    def status(self) -> ClassificationStatus:
        return self.car.status

    @property
    def classified(self) -> bool:
        return self.car.status is ClassificationStatus.CLASSIFIED

    @property
    def laps(self) -> int:
        return self.car.laps

    @property
    def pit_stops(self) -> int:
        """How many times the car stopped in the pit lane (the count, everywhere)."""
        return len(self.car.pit_stops)

    @property
    def stops(self) -> list[PitStop]:
        return self.car.pit_stops

    @property
    def stints(self) -> list[Stint]:
        return self.car.stints


@dataclass(frozen=True, slots=True)
class ResultTable:
    """A published result: its rows in the published order, with their classes."""

    kind: SessionKind
    rows: list[ResultRow]  # the published order
    classes: list[str]
    lap_count: int = 0
    sector_count: int = 0  # sectors per lap in the laps given (0: no sector columns)

    @property
    def race(self) -> bool:
        return self.kind is SessionKind.RACE

    @property
    def top_speeds(self) -> bool:
        """Does any car have a speed-trap reading (else no top-speed column)?"""
        return any(row.top_speed is not None for row in self.rows)

    def by_class(self, car_class: str) -> list[ResultRow]:
        return [row for row in self.rows if row.car_class == car_class]

    def ranked(self, car_class: str) -> list[ResultRow]:
        """The class's cars that carry a class position."""
        return [row for row in self.by_class(car_class) if row.class_position is not None]

    @property
    def unranked(self) -> list[ResultRow]:
        """Cars listed without a position (not classified, when the ruleset says so)."""
        return [row for row in self.rows if row.position is None]


def results_table(
    classification: Classification,
    rules: ClassificationRules | None = None,
    *,
    laps: Iterable[Lap] = (),
    grid: Mapping[CarNumber, int] | None = None,
    length_m: int | None = None,
) -> ResultTable:
    """`laps`, `grid` (car -> grid position) and `length_m` (the circuit) add a race's laps
    led, places gained and average speed; laps with sectors or speed-trap readings add every
    session's best sectors, ideal laps and top speeds."""
    rules = rules or ClassificationRules()
    race = classification.kind is SessionKind.RACE
    ranked = {
        row.number
        for row in classification.rows
        if rules.not_classified_positions or row.status is ClassificationStatus.CLASSIFIED
    }
    class_gaps: dict[str, tuple[Gap | None, Gap | None]] = {}
    for car_class in classification.classes:
        in_class = [r for r in classification.by_class(car_class) if r.number in ranked]
        class_gaps.update(_gaps(in_class, race))
    rows = [_row(row, row.number in ranked, class_gaps) for row in classification.rows]
    laps = list(laps)
    if race:
        rows = _with_stats(rows, laps, grid or {}, length_m)
    # One look for a lap with sector times or a speed-trap reading (none in `classify`'s laps).
    sectors = 0
    if any(lap.sectors or lap.top_speed is not None for lap in laps):
        sectors = sector_count(laps)
        rows = _with_sectors(rows, laps, sectors, race)
    kind, classes = classification.kind, classification.classes
    return ResultTable(kind, rows, classes, classification.lap_count, sectors)


def _row(
    row: ClassifiedCar, ranked: bool, class_gaps: dict[str, tuple[Gap | None, Gap | None]]
) -> ResultRow:
    """An unranked car has no position and no gap (it is not behind anyone in the order)."""
    if not ranked:
        return ResultRow(row, None, None, None, None, None, None)
    class_gap, class_interval = class_gaps.get(row.number, (None, None))
    return ResultRow(
        row, row.position, row.class_position, row.gap_first, row.gap_previous, class_gap,
        class_interval,
    )  # fmt: skip


def _with_stats(
    rows: list[ResultRow], laps: list[Lap], grid: Mapping[CarNumber, int], length_m: int | None
) -> list[ResultRow]:
    led = laps_led(laps) if laps else None
    return [
        replace(
            row,
            laps_led=None if led is None else led.get(row.number, 0),
            grid_position=grid.get(row.number),
            average_speed=average_speed(length_m, row.laps, row.car.total_time),
        )
        for row in rows
    ]


def _with_sectors(
    rows: list[ResultRow], laps: list[Lap], count: int, race: bool
) -> list[ResultRow]:
    """Best sectors over the sectors that count (deleted lap times found as the lap analysis
    finds them, `sectors.sector_counts`); a sector is marked when it equals the best of the
    car's class."""
    by_car: dict[CarNumber, list[Lap]] = {}
    for lap in laps:
        by_car.setdefault(lap.car, []).append(lap)
    by_car = counting_laps(by_car)
    in_class: dict[str, list[Lap]] = {}
    for row in rows:
        in_class.setdefault(row.car_class, []).extend(by_car.get(row.number, []))
    class_best = {
        name: _padded(best_sectors(own, race=race), count) for name, own in in_class.items()
    }
    found = []
    for row in rows:
        own = by_car.get(row.number, [])
        mine = _padded(best_sectors(own, race=race), count)
        best = class_best[row.car_class]
        marks = tuple(mark(time, best[index], None) for index, time in enumerate(mine))
        found.append(
            replace(
                row,
                best_sectors=mine,
                sector_marks=marks,
                ideal_lap=ideal_lap(mine),
                top_speed=top_speed(own),
            )
        )
    return found


def _padded(sectors: Sectors, count: int) -> Sectors:
    """One value per sector of the session (a car may have timed fewer sectors)."""
    return sectors + (None,) * (count - len(sectors))


def _gaps(rows: list[ClassifiedCar], race: bool) -> dict[str, tuple[Gap | None, Gap | None]]:
    """Car -> (gap to the first of `rows`, gap to the one before it)."""
    found: dict[str, tuple[Gap | None, Gap | None]] = {}
    for index, row in enumerate(rows):
        if index == 0:
            found[row.number] = (Gap.reference(), Gap.reference())
        else:
            found[row.number] = (
                gap_between(row, rows[0], race),
                gap_between(row, rows[index - 1], race),
            )
    return found


def gap_between(row: ClassifiedCar, ahead: ClassifiedCar, race: bool) -> Gap | None:
    """Race: whole laps behind, else the time; qualifying and practice: the best laps'
    difference. None when either has no time to compare."""
    if race and row.laps < ahead.laps:
        return Gap.behind_by_laps(ahead.laps - row.laps)
    mine, theirs = (row.total_time, ahead.total_time) if race else (row.best_lap, ahead.best_lap)
    if mine is None or theirs is None:
        return None
    return Gap.time(max(0, mine - theirs))


# The text of each cell, for every adapter.


def position_text(position: int | None) -> str:
    return "" if position is None else str(position)


def gap_text(gap: Gap | None) -> str:
    return "" if gap is None else str(gap)


def lap_time_text(millis: int | None) -> str:
    return "" if millis is None else format_lap_time(millis)


def time_text(row: ResultRow, race: bool) -> str:
    """The time column: a race's total time, a timed session's best lap."""
    if race:
        return "" if row.car.total_time is None else format_duration(row.car.total_time)
    return lap_time_text(row.car.best_lap)


def best_lap_number_text(row: ResultRow) -> str:
    return "" if row.car.best_lap_number is None else str(row.car.best_lap_number)


def speed_text(speed: Decimal | None) -> str:
    """km/h as the timekeeper published it (`285.3`)."""
    return "" if speed is None else str(speed)


def status_text(row: ResultRow) -> str:
    """Blank when classified, else `NC`, `DNF`, `DNS`, `DSQ`."""
    return row.status.mark
