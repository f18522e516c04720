"""Al Kamel lap analysis (`23_Analysis…`, `…EnduranceWithSections…`, the IMSA comma variant).

One row per lap and car. The in-lap is marked `B` in CROSSING_FINISH_LINE_IN_PIT; PIT_TIME and a
new driver appear on the following out-lap.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pitboard.formats.fields import duration_or_none, integer_or_none, required
from pitboard.formats.text import Table, open_table
from pitboard.model import Driver, Entry, Flag, FormatError, Lap, Session, SessionKind

FLAGS = {
    "GF": Flag.GREEN,
    "FCY": Flag.FCY,
    "SF": Flag.SAFETY_CAR,
    "SC": Flag.SAFETY_CAR,
    "RF": Flag.RED,
    "FF": Flag.CHEQUERED,
    "YF": Flag.YELLOW,
}

REQUIRED = ("NUMBER", "LAP_NUMBER", "LAP_TIME")


@dataclass(slots=True)
class _Car:
    car_class: str = ""
    team: str = ""
    vehicle: str = ""
    drivers: dict[str, int | None] = field(default_factory=dict)


def looks_like_analysis(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED) and "LAP_IMPROVEMENT" in header


def read_analysis(path: str | Path, kind: SessionKind) -> Session:
    """Read a whole lap analysis into a session; entries in order of first appearance."""
    table = open_table(path)
    cars: dict[str, _Car] = {}
    laps = list(_laps(table, cars))
    entries = {number: _entry(number, car) for number, car in cars.items()}
    return Session(kind=kind, entries=entries, laps=laps, name=Path(path).stem)


def iter_laps(path: str | Path) -> Iterator[Lap]:
    """Stream the laps of a lap analysis without keeping them."""
    yield from _laps(open_table(path), {})


def _entry(number: str, car: _Car) -> Entry:
    ordered = sorted(car.drivers.items(), key=lambda item: (item[1] is None, item[1] or 0))
    drivers = tuple(Driver(name=name) for name, _ in ordered if name)
    return Entry(number, car.car_class, car.team, car.vehicle, drivers)


def _laps(table: Table, cars: dict[str, _Car]) -> Iterator[Lap]:
    if not all(name in table.header for name in REQUIRED):
        missing = next(name for name in REQUIRED if name not in table.header)
        raise FormatError(
            f"missing column {missing} (not a lap analysis?)", path=table.path, line=1
        )
    col = _Columns(table)
    width = len(table.header)
    for line, fields in table.rows:
        if len(fields) < width:
            if len(fields) < col.needed:
                raise FormatError(
                    f"truncated row: {len(fields)} fields, expected {width}",
                    path=table.path,
                    line=line,
                )
            fields = fields + [""] * (width - len(fields))
        yield _lap(table.path, line, fields, col, cars)


class _Columns:
    """Column positions, looked up once per file."""

    def __init__(self, table: Table) -> None:
        index, optional = table.column, table.optional
        self.number = index("NUMBER")
        self.lap = index("LAP_NUMBER")
        self.time = index("LAP_TIME")
        self.elapsed = optional("ELAPSED")
        self.hour = optional("HOUR")
        self.in_pit = optional("CROSSING_FINISH_LINE_IN_PIT")
        self.pit_time = optional("PIT_TIME")
        self.driver = optional("DRIVER_NAME")
        self.driver_number = optional("DRIVER_NUMBER")
        self.flag = optional("FLAG_AT_FL")
        self.improvement = optional("LAP_IMPROVEMENT")
        self.car_class = optional("CLASS")
        self.team = optional("TEAM")
        self.vehicle = optional("MANUFACTURER", "VEHICLE")
        sectors = [optional(f"S{n}") for n in range(1, 10)]
        self.sectors = [(f"S{n}", i) for n, i in enumerate(sectors, start=1) if i is not None]
        used = [self.number, self.lap, self.time, self.elapsed, self.hour, self.pit_time, self.flag]
        self.needed = max(i for i in used if i is not None) + 1


def _text(fields: list[str], index: int | None) -> str:
    return fields[index].strip() if index is not None else ""


def _lap(path: str, line: int, fields: list[str], col: _Columns, cars: dict[str, _Car]) -> Lap:
    number = required(fields[col.number], path, line, "NUMBER")
    lap_number = integer_or_none(fields[col.lap], path, line, "LAP_NUMBER")
    if lap_number is None:
        raise FormatError("empty value", path=path, line=line, column="LAP_NUMBER", value="")
    driver = _text(fields, col.driver)
    driver_number = integer_or_none(_text(fields, col.driver_number), path, line, "DRIVER_NUMBER")
    car = cars.get(number)
    if car is None:
        car = cars[number] = _Car(
            _text(fields, col.car_class), _text(fields, col.team), _text(fields, col.vehicle)
        )
    if driver not in car.drivers:
        car.drivers[driver] = driver_number
    flag_text = _text(fields, col.flag)
    flag = FLAGS.get(flag_text) if flag_text else None
    if flag_text and flag is None:
        raise FormatError(
            "unknown flag", path=path, line=line, column="FLAG_AT_FL", value=flag_text
        )
    return Lap(
        car=number,
        number=lap_number,
        time=duration_or_none(fields[col.time], path, line, "LAP_TIME"),
        elapsed=duration_or_none(_text(fields, col.elapsed), path, line, "ELAPSED"),
        hour=duration_or_none(_text(fields, col.hour), path, line, "HOUR"),
        sectors=tuple(duration_or_none(fields[i], path, line, name) for name, i in col.sectors),
        in_pit=_text(fields, col.in_pit) == "B",
        pit_time=duration_or_none(_text(fields, col.pit_time), path, line, "PIT_TIME"),
        driver=driver,
        driver_number=driver_number,
        flag=flag,
        improvement=integer_or_none(_text(fields, col.improvement), path, line, "LAP_IMPROVEMENT")
        or 0,
    )
