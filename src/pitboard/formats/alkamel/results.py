"""Al Kamel results (`03_…`), race or qualifying layout, and results by class (`05_…`).

Both become model rows (`ClassifiedCar`) so that an official result can be compared with, or used
in place of, one computed from the laps.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pitboard.formats.fields import duration_or_none, integer_or_none, required
from pitboard.formats.text import Table, open_table
from pitboard.model import (
    ClassificationStatus,
    ClassifiedCar,
    Driver,
    Entry,
    FormatError,
    Gap,
    parse_gap,
)

STATUSES = {
    "classified": ClassificationStatus.CLASSIFIED,
    "not classified": ClassificationStatus.NOT_CLASSIFIED,
    "not started": ClassificationStatus.DNS,
    "retired": ClassificationStatus.DNF,
    "dnf": ClassificationStatus.DNF,
    "disqualified": ClassificationStatus.DSQ,
    "excluded": ClassificationStatus.DSQ,
    "dsq": ClassificationStatus.DSQ,
}


BY_CLASS = ("CLASS_TYPE", "POS", "PIC", "NUMBER")


def looks_like_results(header: list[str]) -> bool:
    """NUMBER, POSITION (race) or POS (qualifying), and the Al Kamel GAP_FIRST."""
    has_position = "POSITION" in header or "POS" in header
    return has_position and "NUMBER" in header and "GAP_FIRST" in header


def looks_like_results_by_class(header: list[str]) -> bool:
    return all(name in header for name in BY_CLASS)


def read_results(path: str | Path) -> list[ClassifiedCar]:
    """Read an official results file (overall or by class) into rows in the published order."""
    return list(iter_results(open_table(path)))


def read_results_by_class(path: str | Path) -> list[ClassifiedCar]:
    """Read a results-by-class file (`05_…`): class, position overall and in class (PIC)."""
    table = open_table(path)
    missing = [name for name in BY_CLASS if name not in table.header]
    if missing:
        table.close()
        raise FormatError(
            f"missing column {missing[0]} (not a results-by-class file?)", path=table.path, line=1
        )
    return list(iter_results(table))


def iter_results(table: Table) -> Iterator[ClassifiedCar]:
    try:
        col = _Columns(table)
    except FormatError:
        table.close()
        raise
    for line, fields in table.rows:
        if len(fields) < col.needed:
            table.close()
            raise table.truncated(line, fields)
        if len(fields) < col.width:
            fields = fields + [""] * (col.width - len(fields))  # trailing empty fields left out
        yield _row(table.path, line, fields, col)


class _Columns:
    def __init__(self, table: Table) -> None:
        index, optional = table.column, table.optional
        self.width = len(table.header)
        self.position = index("POSITION", "POS")
        self.class_position = optional("PIC")
        self.number = index("NUMBER")
        self.status = optional("STATUS")
        self.laps = optional("LAPS")
        self.total = optional("TOTAL_TIME", "ELAPSED")
        self.gap_first = optional("GAP_FIRST")
        self.gap_previous = optional("GAP_PREVIOUS")
        self.best_number = optional("FL_LAPNUM", "BEST_LAP_NUM", "LAP")
        self.best_time = optional("FL_TIME", "BEST_LAP_TIME", "TIME")
        self.team = optional("TEAM")
        self.car_class = optional("CLASS", "CLASS_TYPE")
        self.vehicle = optional("VEHICLE")
        self.driver = optional("DRIVER")
        self.driver_names = _driver_columns(table.header)
        self.header = table.header
        core = [self.position, self.number, self.status, self.laps, self.total, self.best_time]
        self.needed = max(i for i in core if i is not None) + 1

    def name(self, index: int | None) -> str:
        """The column's name as this file spells it (FL_TIME or BEST_LAP_TIME, …)."""
        return self.header[index] if index is not None else ""


def _driver_columns(header: list[str]) -> list[tuple[int, int]]:
    """(first name, surname) column pairs: DRIVER_FIRSTNAME or DRIVER1_FIRSTNAME, …"""
    pairs = []
    for prefix in ["DRIVER_", *(f"DRIVER{n}_" for n in range(1, 10))]:
        first, second = prefix + "FIRSTNAME", prefix + "SECONDNAME"
        if first in header and second in header:
            pairs.append((header.index(first), header.index(second)))
    return pairs


def _text(fields: list[str], index: int | None) -> str:
    return fields[index].strip() if index is not None else ""


def _gap(text: str, path: str, line: int, column: str, leads: bool) -> Gap | None:
    """By-class files write a minute with an apostrophe (`+1'48.578`), and once a gap to a car
    classified ahead after a penalty as negative laps (`-15 Laps`): kept as `Gap(laps=-15)`."""
    if not text:
        return Gap.reference() if leads else None
    try:
        if text.startswith("-") and text.endswith(("Lap", "Laps")):
            behind = parse_gap(text[1:])
            if behind.laps:
                return Gap(laps=-behind.laps)
        return parse_gap(text.replace("'", ":"))
    except ValueError:
        raise FormatError("bad gap", path=path, line=line, column=column, value=text) from None


def _status(text: str, path: str, line: int) -> ClassificationStatus:
    if not text:
        return ClassificationStatus.CLASSIFIED
    status = STATUSES.get(text.lower())
    if status is None:
        raise FormatError("unknown status", path=path, line=line, column="STATUS", value=text)
    return status


def _drivers(fields: list[str], col: _Columns) -> tuple[Driver, ...]:
    names = [f"{fields[a].strip()} {fields[b].strip()}".strip() for a, b in col.driver_names]
    if col.driver is not None:
        names.append(fields[col.driver].strip())
    return tuple(Driver(name) for name in names if name)


def _row(path: str, line: int, fields: list[str], col: _Columns) -> ClassifiedCar:
    number = required(fields[col.number], path, line, "NUMBER")
    position = integer_or_none(_text(fields, col.position), path, line, col.name(col.position))
    class_position = integer_or_none(_text(fields, col.class_position), path, line, "PIC") or 0
    entry = Entry(
        number=number,
        car_class=_text(fields, col.car_class),
        team=_text(fields, col.team),
        vehicle=_text(fields, col.vehicle),
        drivers=_drivers(fields, col),
    )
    best_lap = duration_or_none(_text(fields, col.best_time), path, line, col.name(col.best_time))
    best_number = integer_or_none(
        _text(fields, col.best_number), path, line, col.name(col.best_number)
    )
    # An empty gap is the reference for a leader (by-class files leave it blank), else no gap.
    leads = position == 1 or class_position == 1
    return ClassifiedCar(
        position=position or 0,
        entry=entry,
        status=_status(_text(fields, col.status), path, line),
        class_position=class_position,
        laps=integer_or_none(_text(fields, col.laps), path, line, "LAPS") or 0,
        total_time=duration_or_none(_text(fields, col.total), path, line, col.name(col.total)),
        gap_first=_gap(_text(fields, col.gap_first), path, line, "GAP_FIRST", leads),
        gap_previous=_gap(_text(fields, col.gap_previous), path, line, "GAP_PREVIOUS", leads),
        best_lap=best_lap,
        # Al Kamel prints lap `0` for a car without a best lap.
        best_lap_number=None if best_lap is None and best_number == 0 else best_number,
    )
