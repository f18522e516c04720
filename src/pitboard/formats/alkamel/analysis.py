"""Al Kamel lap analysis (`23_Analysis…`, `…EnduranceWithSections…`, the IMSA comma variant).

One row per lap and car. The in-lap is marked `B` in CROSSING_FINISH_LINE_IN_PIT; PIT_TIME and a
new driver appear on the following out-lap.

The per-row path is the hot path of every command (a 24-hour race is 15 000 rows): columns are
looked up once per file, a row is a list indexed by position, and an absent optional column reads
the empty field appended to every row.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from itertools import compress, repeat
from operator import itemgetter

from pitboard.formats.fields import integer_or_none
from pitboard.formats.text import Block, Table, open_table
from pitboard.model import (
    Driver,
    Entry,
    Flag,
    FormatError,
    Lap,
    Millis,
    Session,
    SessionKind,
    format_lap_time,
    parse_duration,
    parse_durations,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

FLAGS = {
    "GF": Flag.GREEN,
    "FCY": Flag.FCY,
    "SF": Flag.SAFETY_CAR,
    "SC": Flag.SAFETY_CAR,
    "RF": Flag.RED,
    "FF": Flag.CHEQUERED,
    "YF": Flag.YELLOW,
}
FLAG_CODES = {Flag.SAFETY_CAR: "SF"} | {flag: code for code, flag in FLAGS.items() if code != "SC"}
# FLAG_AT_FL has no code-60 value (none of the real files has one): a code 60 (from race
# control) is written as the full-course neutralisation it is, FCY, and reads back as FCY.
_WRITTEN_AS = FLAG_CODES | {Flag.CODE_60: "FCY"}
_FLAG_OR_NONE: dict[str, Flag | None] = {**FLAGS, "": None}
# Driver numbers and LAP_IMPROVEMENT markers as written (a larger one takes the careful way,
# `_small`). Each entry made at import costs every run (~1 µs): no more than the fields need.
_SMALL: dict[str, int | None] = {str(n): n for n in range(100)} | {"": None}
# Lap numbers as written (`_plain_lap` encodes its field: one table for both ways), and the
# bytes of a block's fields (`_column_laps`); anything else sends the block to the rows.
_COUNT_BYTES = {str(n).encode(): n for n in range(2000)}
_SMALL_BYTES = {str(n).encode(): n for n in range(100)} | {b"": None}  # driver numbers
_MARKER_BYTES = {str(n).encode(): n for n in range(10)} | {b"": 0}
_FLAG_BYTES = dict(zip(map(str.encode, _FLAG_OR_NONE), _FLAG_OR_NONE.values(), strict=True))
_IN_PIT = {b"B": True}  # CROSSING_FINISH_LINE_IN_PIT of an in-lap in every real file (else empty)

REQUIRED = ("NUMBER", "LAP_NUMBER", "LAP_TIME")
# Bytes read column by column at a time (whole lines, ~330 of a 24-hour race's): few enough
# that their fields are still in the processor's caches when the columns are read (all 15k
# rows at once are ~30 MB of objects, and then slower), enough for the per-column work to be
# small beside the per-row work.
CHUNK = 1 << 16
ABSENT = -1  # an optional column the file does not have: reads the appended empty field


class _Car:
    """What the rows tell of a car besides its laps; its drivers in order of first appearance.
    A plain class: a dataclass would be made at import, by the compiler, in every `classify`."""

    __slots__ = ("car_class", "drivers", "team", "vehicle")

    def __init__(self, car_class: str, team: str, vehicle: str) -> None:
        self.car_class, self.team, self.vehicle = car_class, team, vehicle
        self.drivers: dict[str, int | None] = {}


def looks_like_analysis(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED) and "LAP_IMPROVEMENT" in header


def read_analysis(path: str | Path, kind: SessionKind, *, sectors: bool = True) -> Session:
    """Read a whole lap analysis into a session; entries in order of first appearance.

    `sectors=False` leaves every lap's `sectors` and `top_speed` empty (classification never
    reads them) and reads the file about a fifth faster; those fields are then not checked.

    Plain text (`Table.blocks`, every real file) is read `CHUNK` bytes at a time in whole
    lines, each block split at once and read column by column (`_column_laps`); from the first
    block with anything unusual in it, or that is not plain text, the rest is read row by row,
    the way `iter_laps` streams it, which gives the same laps or the located error."""
    table = open_table(path)
    col = _columns(table, sectors)
    cars: dict[str, _Car] = {}
    laps: list[Lap] = []
    strings = _Strings()  # each car number and driver name once
    try:
        for block in table.blocks(CHUNK):
            found = _column_laps(table, block, col, cars, strings)
            if found is None:
                laps += _row_laps(table, table.rows_from(block), col, cars)
                break
            laps += found
        else:
            laps += _row_laps(table, table.rows, col, cars)  # what is not plain text, if any
    finally:
        table.close()  # also on an error: the file is closed now, not when collected
    entries = {number: _entry(number, car) for number, car in cars.items()}
    return Session(kind=kind, entries=entries, laps=laps, name=_stem(path))


def _stem(path: str | Path) -> str:
    """`Path(path).stem` (without importing pathlib: ~2 ms of `pitboard classify`)."""
    name = os.path.basename(os.fspath(path))
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def iter_laps(path: str | Path, *, sectors: bool = True) -> Iterator[Lap]:
    """Stream the laps of a lap analysis without keeping them."""
    yield from _laps(open_table(path), {}, sectors)


def _entry(number: str, car: _Car) -> Entry:
    ordered = sorted(car.drivers.items(), key=lambda item: (item[1] is None, item[1] or 0))
    drivers = tuple(Driver(name=name) for name, _ in ordered if name)
    return Entry(number, car.car_class, car.team, car.vehicle, drivers)


def _columns(table: Table, sectors: bool) -> _Columns:
    try:
        return _Columns(table, sectors)
    except FormatError:
        table.close()
        raise


def _laps(table: Table, cars: dict[str, _Car], sectors: bool) -> Iterator[Lap]:
    return _row_laps(table, table.rows, _columns(table, sectors), cars)


def _row_laps(
    table: Table, rows: Iterator[tuple[int, list[str]]], col: _Columns, cars: dict[str, _Car]
) -> Iterator[Lap]:
    width = len(table.header)
    needed = col.needed
    path = table.path
    for line, fields in rows:
        count = len(fields)
        if count < width:
            if count < needed:
                table.close()
                raise table.truncated(line, fields)
            fields.extend([""] * (width - count))
        fields.append("")  # what an ABSENT column reads
        try:
            lap = _plain_lap(fields, col)
        except (KeyError, ValueError, InvalidOperation):  # something unusual: take the careful way
            lap = _lap(path, line, fields, col)
        car = cars.get(lap.car)
        if car is None:
            car = cars[lap.car] = _new_car(fields, col)
        if lap.driver not in car.drivers:
            car.drivers[lap.driver] = lap.driver_number
        yield lap


class _Columns:
    """Column positions, looked up once per file."""

    def __init__(self, table: Table, sectors: bool = True) -> None:
        for name in REQUIRED:
            if name not in table.header:
                raise FormatError(
                    f"missing column {name} (not a lap analysis?)", path=table.path, line=1
                )
        index = table.column

        def optional(*names: str) -> int:
            found = table.optional(*names)
            return ABSENT if found is None else found

        self.number, self.lap, self.time = index("NUMBER"), index("LAP_NUMBER"), index("LAP_TIME")
        self.elapsed, self.hour = optional("ELAPSED"), optional("HOUR")
        self.in_pit = optional("CROSSING_FINISH_LINE_IN_PIT")
        self.pit_time, self.flag = optional("PIT_TIME"), optional("FLAG_AT_FL")
        self.driver, self.driver_number = optional("DRIVER_NAME"), optional("DRIVER_NUMBER")
        self.improvement = optional("LAP_IMPROVEMENT")
        self.car_class, self.team = optional("CLASS"), optional("TEAM")
        self.vehicle = optional("MANUFACTURER", "VEHICLE")
        found = [(f"S{n}", table.optional(f"S{n}")) for n in range(1, 10)] if sectors else []
        self.sectors = [(name, i) for name, i in found if i is not None]
        self.top_speed = optional("TOP_SPEED") if sectors else ABSENT
        self.plain = itemgetter(
            *(self.number, self.lap, self.time, self.elapsed, self.hour, self.in_pit),
            *(self.pit_time, self.driver, self.driver_number, self.flag, self.improvement),
        )
        used = [self.number, self.lap, self.time, self.elapsed, self.hour, self.pit_time]
        self.needed = max(used) + 1


def _column_laps(
    table: Table, block: Block, col: _Columns, cars: dict[str, _Car], strings: _Strings
) -> list[Lap] | None:
    """The laps of a block of plain lines (and their new cars and drivers into `cars`) read a
    column at a time from the block's bytes, as `_plain_lap` reads each row; None when the
    lines differ in their number of fields, any row is short or blank, or any field is not
    the usual (the caller then reads the rows one by one)."""
    split = table.fields(block)
    if split is None or split[1] < len(table.header):
        return None
    flat, width, count = split
    stride = width + 1
    end = count * stride

    def column(index: int) -> list[bytes]:
        return [b""] * count if index == ABSENT else flat[index:end:stride]

    try:
        numbers = strings.texts(column(col.number), empty=False)
        drivers = strings.texts(column(col.driver))
        sector_times: Iterable[tuple[Millis | None, ...]] = repeat(())
        if col.sectors:
            sector_times = zip(*[parse_durations(column(i)) for _, i in col.sectors], strict=True)
        speeds: tuple[Iterable[bool], Iterable[Decimal | None]] | tuple[()] = ()
        if col.top_speed != ABSENT:  # else `valid` and `top_speed` are left to their defaults
            top_speeds = [
                _plain_speed(text.decode()) if text else None for text in column(col.top_speed)
            ]
            speeds = (repeat(True), top_speeds)
        driver_numbers = list(map(_SMALL_BYTES.__getitem__, column(col.driver_number)))
        in_pit = [False] * count  # then the in-laps, ~1 row in 10, found by `compress` in C
        pit_marks = column(col.in_pit)
        for row in compress(range(count), pit_marks):
            in_pit[row] = _IN_PIT[pit_marks[row]]
        laps = list(
            map(
                Lap,
                numbers,
                map(_COUNT_BYTES.__getitem__, column(col.lap)),
                parse_durations(column(col.time)),
                parse_durations(column(col.elapsed)),
                parse_durations(column(col.hour)),
                sector_times,
                in_pit,
                parse_durations(column(col.pit_time)),
                drivers,
                driver_numbers,
                map(_FLAG_BYTES.__getitem__, column(col.flag)),
                map(_MARKER_BYTES.__getitem__, column(col.improvement)),
                *speeds,
            )
        )
    except (KeyError, ValueError, InvalidOperation):
        return None
    # New cars and drivers as `_row_laps` adds them, lap by lap: in order of first appearance,
    # each from the first row it appears in (looked for only when it is new, which is rare).
    for number in dict.fromkeys(numbers):
        if number not in cars:
            row = numbers.index(number) * stride
            cars[number] = _new_car([field.decode() for field in flat[row : row + width]], col)
    pairs = list(zip(numbers, drivers, strict=True))
    for pair in dict.fromkeys(pairs):
        number, driver = pair
        if driver not in cars[number].drivers:
            cars[number].drivers[driver] = driver_numbers[pairs.index(pair)]
    return laps


class _Strings:
    """Car numbers and driver names of a file's blocks: each field's bytes as its text,
    stripped, one string per text however many laps share it (a 24-hour race keeps ~2 MB
    less, and a fresh process touches less new memory, bench/classify.py)."""

    __slots__ = ("_shared", "_text")

    def __init__(self) -> None:
        self._text: dict[bytes, str] = {}
        self._shared: dict[str, str] = {}

    def texts(self, fields: list[bytes], empty: bool = True) -> list[str]:
        """The texts of `fields`; ValueError for an empty one unless `empty`. One pass: a
        field not seen before (new cars and drivers, a few hundred in a 24-hour race) stops
        the `map` with a KeyError, is added, and the same `map` goes on from the next field."""
        known = self._text
        found: list[str] = []
        looked_up = map(known.__getitem__, fields)
        while True:
            try:
                found.extend(looked_up)  # what it appended before a KeyError stays
                return found
            except KeyError as missing:
                field: bytes = missing.args[0]
                text = field.decode().strip()
                if not (text or empty):
                    raise ValueError(field) from None
                known[field] = self._shared.setdefault(text, text)
                found.append(known[field])


def _duration(text: str, path: str, line: int, column: str) -> int | None:
    """A time field; the caller has already skipped the empty ones."""
    try:
        return parse_duration(text)
    except ValueError:
        if not text.strip():
            return None
        raise FormatError("bad time", path=path, line=line, column=column, value=text) from None


def _small(text: str, path: str, line: int, column: str) -> int | None:
    value = _SMALL.get(text, -1)
    return integer_or_none(text, path, line, column) if value == -1 else value


def _plain_lap(f: list[str], col: _Columns) -> Lap:
    """The fast way for the usual row: every look-up fails (KeyError, ValueError) on anything
    else, and `_lap` then reads the row again, field by field, with located errors."""
    number, lap, time, elapsed, hour, in_pit, pit, driver, driver_number, flag, marker = col.plain(
        f
    )
    car = number.strip()
    if not car:
        raise ValueError(number)
    return Lap(
        car,
        _COUNT_BYTES[lap.encode()],
        parse_duration(time) if time else None,
        parse_duration(elapsed) if elapsed else None,
        parse_duration(hour) if hour else None,
        tuple([parse_duration(f[i]) if f[i] else None for _, i in col.sectors])
        if col.sectors
        else (),
        in_pit.strip() == "B",
        parse_duration(pit) if pit else None,
        driver.strip(),
        _SMALL[driver_number],
        _FLAG_OR_NONE[flag],
        _SMALL[marker] or 0,
        top_speed=_plain_speed(f[col.top_speed]) if f[col.top_speed] else None,
    )


def _lap(path: str, line: int, f: list[str], col: _Columns) -> Lap:
    number = f[col.number].strip()
    if not number:
        raise FormatError("empty value", path=path, line=line, column="NUMBER", value="")
    lap_number = _small(f[col.lap], path, line, "LAP_NUMBER")
    if lap_number is None:
        raise FormatError("empty value", path=path, line=line, column="LAP_NUMBER", value="")
    time, elapsed, hour, pit = f[col.time], f[col.elapsed], f[col.hour], f[col.pit_time]
    return Lap(
        car=number,
        number=lap_number,
        time=_duration(time, path, line, "LAP_TIME") if time else None,
        elapsed=_duration(elapsed, path, line, "ELAPSED") if elapsed else None,
        hour=_duration(hour, path, line, "HOUR") if hour else None,
        sectors=tuple(
            [_duration(f[i], path, line, name) if f[i] else None for name, i in col.sectors]
        ),
        in_pit=f[col.in_pit].strip() == "B",
        pit_time=_duration(pit, path, line, "PIT_TIME") if pit else None,
        driver=f[col.driver].strip(),
        driver_number=_small(f[col.driver_number], path, line, "DRIVER_NUMBER"),
        flag=_flag(f[col.flag], path, line),
        improvement=_small(f[col.improvement], path, line, "LAP_IMPROVEMENT") or 0,
        top_speed=_speed(f[col.top_speed], path, line),
    )


def _plain_speed(text: str) -> Decimal:
    """`204.5` (km/h); anything but a finite, non-negative number raises."""
    value = Decimal(text)
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return value


def _speed(text: str, path: str, line: int) -> Decimal | None:
    if not text.strip():
        return None
    try:
        return _plain_speed(text.strip())
    except (ValueError, InvalidOperation):
        raise FormatError(
            "bad speed", path=path, line=line, column="TOP_SPEED", value=text
        ) from None


def _new_car(f: list[str], col: _Columns) -> _Car:
    def field(index: int) -> str:  # an ABSENT column reads "" (the row may not end with it)
        return "" if index == ABSENT else f[index].strip()

    return _Car(field(col.car_class), field(col.team), field(col.vehicle))


def _flag(text: str, path: str, line: int) -> Flag | None:
    try:
        return _FLAG_OR_NONE[text]
    except KeyError:
        flag = _FLAG_OR_NONE.get(text.strip(), ABSENT)
    if isinstance(flag, Flag) or flag is None:
        return flag
    raise FormatError("unknown flag", path=path, line=line, column="FLAG_AT_FL", value=text)


# The layout Al Kamel writes (WEC, GR Cup): padded names up to HOUR, then unpadded ones.
_HEAD = (" DRIVER_NUMBER", " LAP_NUMBER", " LAP_TIME", " LAP_IMPROVEMENT")
_TAIL = (" KPH", " ELAPSED", " HOUR")
_AFTER = ("TOP_SPEED", "DRIVER_NAME", "PIT_TIME", "CLASS", "GROUP", "TEAM", "MANUFACTURER")


def write_analysis(session: Session, stream: TextIO) -> None:
    """Write the laps of a session as an Al Kamel lap analysis: `;`, a trailing separator,
    padded header names, times as the timekeepers print them. `read_analysis` reads it back
    to the same laps (a lap with fewer sectors than the others gets empty sector fields)."""
    sectors = max((len(lap.sectors) for lap in session.laps), default=0)
    writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header(sectors))
    for lap in session.laps:
        writer.writerow(_row(lap, session.entries.get(lap.car), sectors))


def _header(sectors: int) -> list[str]:
    names = ["NUMBER", *_HEAD, " CROSSING_FINISH_LINE_IN_PIT"]
    for n in range(1, sectors + 1):
        names += [f" S{n}", f" S{n}_IMPROVEMENT"]
    names += [*_TAIL, *(f"S{n}_LARGE" for n in range(1, sectors + 1)), *_AFTER]
    return [*names, "FLAG_AT_FL", ""]


def _row(lap: Lap, entry: Entry | None, sectors: int) -> list[str]:
    row = [lap.car, _int(lap.driver_number), str(lap.number), _time(lap.time)]
    row += [str(lap.improvement), "B" if lap.in_pit else ""]
    padded = [*lap.sectors, *([None] * (sectors - len(lap.sectors)))]
    for sector in padded:
        row += [_time(sector), "0"]
    row += ["", _time(lap.elapsed), _clock(lap.hour)]
    row += [_large(sector) for sector in padded]
    row += ["" if lap.top_speed is None else str(lap.top_speed), lap.driver, _clock(lap.pit_time)]
    if entry is None:
        entry = Entry(lap.car, "")
    row += [entry.car_class, "", entry.team, entry.vehicle]
    return [*row, _WRITTEN_AS[lap.flag] if lap.flag else "", ""]


def _int(value: int | None) -> str:
    return "" if value is None else str(value)


def _time(millis: Millis | None) -> str:
    return "" if millis is None else format_lap_time(millis)


def _clock(millis: Millis | None) -> str:
    """Time of day and pit time: always `h:mm:ss.fff` (`16:04:24.869`, `0:01:27.261`)."""
    if millis is None:
        return ""
    seconds, ms = divmod(millis, 1000)
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{sec:02d}.{ms:03d}"


def _large(millis: Millis | None) -> str:
    """Sector `_LARGE` columns: always `m:ss.fff` (`0:58.054`)."""
    if millis is None:
        return ""
    minutes, rest = divmod(millis, 60_000)
    return f"{minutes}:{rest // 1000:02d}.{rest % 1000:03d}"
