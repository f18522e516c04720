"""Ergast CSV directory (races, results, sprint results, drivers, driver standings, status,
qualifying) -> model.

`\\N` is null. Rows are streamed with `csv`; a bad value raises (or, with `on_error="collect"`,
records) a FormatError naming file:line, the column and the raw value. A row may leave off
trailing columns (the current export gives its newest races.csv rows only the first 8 of 18):
an absent column reads as null, so only a required one is an error.
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pitboard.model import ClassificationStatus, FormatError, ScoredResult, parse_duration

NULL = "\\N"
OnError = Literal["raise", "collect"]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ErgastRace:
    race_id: int
    year: int
    round: int
    name: str
    date: str
    circuit_id: int | None = None
    sprint_date: str | None = None  # a sprint weekend (the current export's `sprint_date`)


@dataclass(frozen=True, slots=True)
class ErgastCircuit:
    circuit_id: int
    ref: str
    name: str
    location: str
    country: str


@dataclass(frozen=True, slots=True)
class ErgastDriver:
    driver_id: int
    ref: str
    forename: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"


@dataclass(frozen=True, slots=True)
class ErgastConstructor:
    constructor_id: int
    ref: str
    name: str


@dataclass(frozen=True, slots=True)
class ErgastResult:
    race_id: int
    driver_id: int
    number: str | None
    grid: int | None
    position: int | None
    position_text: str
    position_order: int
    laps: int
    status_id: int
    fastest_lap_rank: int | None
    milliseconds: int | None = None  # race time (finishers on the lead lap)
    fastest_lap_time: int | None = None  # ms (2004 on)
    line: int = 0  # in its file, for errors
    sprint: bool = False  # a row of sprint_results.csv
    constructor_id: int | None = None

    @property
    def result_status(self) -> ClassificationStatus:
        return result_status(self.position_text)


# positionText letters (R retired, D disqualified, E excluded, W withdrawn, F failed to qualify,
# N not classified); a number is a classified finish.
_STATUSES = {
    "R": ClassificationStatus.DNF,
    "D": ClassificationStatus.DSQ,
    "E": ClassificationStatus.DSQ,
    "W": ClassificationStatus.DNS,
    "F": ClassificationStatus.DNS,
    "N": ClassificationStatus.NOT_CLASSIFIED,
}


def result_status(position_text: str) -> ClassificationStatus:
    """Ergast's positionText as a classification status."""
    if position_text.isdigit():
        return ClassificationStatus.CLASSIFIED
    return _STATUSES.get(position_text, ClassificationStatus.NOT_CLASSIFIED)


@dataclass(frozen=True, slots=True)
class ErgastStanding:
    race_id: int
    driver_id: int
    points: Decimal
    position: int | None
    position_text: str
    wins: int


@dataclass(frozen=True, slots=True)
class ErgastQualifying:
    race_id: int
    driver_id: int
    position: int | None


class Row:
    """One CSV row with typed getters that name the file, line and column on bad input."""

    def __init__(self, path: Path, line: int, values: dict[str, str], extra: int = 0) -> None:
        self.path, self.line, self.values, self.extra = path, line, values, extra

    def check(self) -> None:
        """More fields than the header names is an error (fewer: the rest are absent)."""
        if self.extra:
            found = len(self.values) + self.extra
            message = f"expected {len(self.values)} fields, found {found}"
            raise FormatError(message, path=self.path.name, line=self.line)

    def error(self, message: str, column: str) -> FormatError:
        value = self.values.get(column)
        return FormatError(message, path=self.path.name, line=self.line, column=column, value=value)

    def text(self, column: str) -> str:
        value = self.values.get(column)
        if value is None:
            raise self.error("missing value", column)
        return value

    def optional_text(self, column: str) -> str | None:
        """The value, or None when it is `\\N` or the row leaves the column off."""
        value = self.values.get(column, NULL)
        return None if value == NULL else value

    def integer(self, column: str) -> int:
        value = self.optional_integer(column)
        if value is None:
            raise self.error("missing number", column)
        return value

    def optional_integer(self, column: str) -> int | None:
        value = self.optional_text(column)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except ValueError:
            raise self.error("bad number", column) from None

    def decimal(self, column: str) -> Decimal:
        value = self.text(column)
        try:
            return Decimal(value)
        except InvalidOperation:
            raise self.error("bad number", column) from None


def rows(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Stream the rows of one Ergast CSV file, after checking its header has `columns`.
    Text that is not UTF-8 (UTF-16, Latin-1, binary) or not CSV is a FormatError naming the line."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            yield from _rows(path, reader, columns)
        except UnicodeDecodeError:
            raise FormatError("not UTF-8 text", path=path.name, line=reader.line_num + 1) from None
        except csv.Error as error:
            raise FormatError(f"not CSV ({error})", path=path.name, line=reader.line_num) from None


def _rows(path: Path, reader: Any, columns: tuple[str, ...]) -> Iterator[Row]:
    header = next(reader, None)
    if header is None:
        raise FormatError("empty file", path=path.name, line=1)
    missing = [c for c in columns if c not in header]
    if missing:
        raise FormatError("missing column", path=path.name, line=1, column=missing[0])
    for values in reader:
        if not values:
            continue
        extra = max(0, len(values) - len(header))
        present = dict(zip(header, values, strict=False))
        yield Row(path, reader.line_num, present, extra)


def read_table(
    path: Path,
    columns: tuple[str, ...],
    build: Callable[[Row], T],
    issues: list[FormatError] | None = None,
) -> list[T]:
    """Every row of `path` through `build`; a bad row raises, or is recorded in `issues`."""
    records: list[T] = []
    for row in rows(path, columns):
        try:
            row.check()
            records.append(build(row))
        except FormatError as error:
            if issues is None:
                raise
            issues.append(error)
    return records


def _race(row: Row) -> ErgastRace:
    year, round_ = row.integer("year"), row.integer("round")
    return ErgastRace(
        row.integer("raceId"),
        year,
        round_,
        row.text("name"),
        row.text("date"),
        row.optional_integer("circuitId"),
        row.optional_text("sprint_date"),
    )


def _circuit(row: Row) -> ErgastCircuit:
    return ErgastCircuit(
        row.integer("circuitId"),
        row.text("circuitRef"),
        row.text("name"),
        row.text("location"),
        row.text("country"),
    )


def _driver(row: Row) -> ErgastDriver:
    return ErgastDriver(
        row.integer("driverId"), row.text("driverRef"), row.text("forename"), row.text("surname")
    )


def _result(row: Row) -> ErgastResult:
    return ErgastResult(
        race_id=row.integer("raceId"),
        driver_id=row.integer("driverId"),
        number=row.optional_text("number"),
        grid=row.optional_integer("grid"),
        position=row.optional_integer("position"),
        position_text=row.text("positionText"),
        position_order=row.integer("positionOrder"),
        laps=row.integer("laps"),
        status_id=row.integer("statusId"),
        fastest_lap_rank=row.optional_integer("rank"),
        milliseconds=row.optional_integer("milliseconds"),
        fastest_lap_time=_optional_time(row, "fastestLapTime"),
        line=row.line,
        constructor_id=row.optional_integer("constructorId"),
    )


def _optional_time(row: Row, column: str) -> int | None:
    """A `1:27.452` lap time of an optional column (`\\N` or absent: None)."""
    text = row.optional_text(column)
    if not text:
        return None
    try:
        return parse_duration(text)
    except ValueError:
        raise row.error("bad lap time", column) from None


def _sprint(row: Row) -> ErgastResult:
    return replace(_result(row), sprint=True)


def _standing(row: Row) -> ErgastStanding:
    return ErgastStanding(
        race_id=row.integer("raceId"),
        driver_id=row.integer("driverId"),
        points=row.decimal("points"),
        position=row.optional_integer("position"),
        position_text=row.text("positionText"),
        wins=row.integer("wins"),
    )


def _qualifying(row: Row) -> ErgastQualifying:
    return ErgastQualifying(
        row.integer("raceId"), row.integer("driverId"), row.optional_integer("position")
    )


def _constructor(row: Row) -> ErgastConstructor:
    return ErgastConstructor(
        row.integer("constructorId"), row.text("constructorRef"), row.text("name")
    )


def _status(row: Row) -> tuple[int, str]:
    return row.integer("statusId"), row.text("status")


TABLES: dict[str, tuple[str, ...]] = {
    "races": ("raceId", "year", "round", "name", "date"),
    "drivers": ("driverId", "driverRef", "forename", "surname"),
    "results": (
        "raceId",
        "driverId",
        "number",
        "grid",
        "position",
        "positionText",
        "positionOrder",
        "laps",
        "statusId",
        "rank",
    ),
    # like results.csv without `rank` (a sprint scores no fastest lap)
    "sprint_results": (
        "raceId",
        "driverId",
        "number",
        "grid",
        "position",
        "positionText",
        "positionOrder",
        "laps",
        "statusId",
    ),
    "driver_standings": ("raceId", "driverId", "points", "position", "positionText", "wins"),
    "qualifying": ("raceId", "driverId", "position"),
    "status": ("statusId", "status"),
    "circuits": ("circuitId", "circuitRef", "name", "location", "country"),
    "constructors": ("constructorId", "constructorRef", "name"),
}


@dataclass
class ErgastDatabase:
    """An Ergast CSV directory, read."""

    races: dict[int, ErgastRace]
    drivers: dict[int, ErgastDriver]
    results: list[ErgastResult]
    standings: list[ErgastStanding]
    qualifying: list[ErgastQualifying]
    status: dict[int, str]
    issues: list[FormatError] = field(default_factory=list)
    circuits: dict[int, ErgastCircuit] = field(default_factory=dict)
    sprints: list[ErgastResult] = field(default_factory=list)
    constructors: dict[int, ErgastConstructor] = field(default_factory=dict)

    def seasons(self) -> list[int]:
        return sorted({race.year for race in self.races.values()})

    def season_races(self, year: int) -> list[ErgastRace]:
        return sorted((r for r in self.races.values() if r.year == year), key=lambda r: r.round)

    def season_rows(self, year: int) -> list[ErgastResult]:
        """Every result of `year`: the races' (file order), then the sprints'."""
        races = {r.race_id for r in self.season_races(year)}
        return [r for r in (*self.results, *self.sprints) if r.race_id in races]


def read_ergast(directory: Path | str, on_error: OnError = "raise") -> ErgastDatabase:
    """Read the Ergast CSV files of `directory` (qualifying.csv, status.csv, circuits.csv,
    constructors.csv and sprint_results.csv are optional)."""
    folder = Path(directory)
    issues: list[FormatError] | None = [] if on_error == "collect" else None

    def table(name: str, build: Callable[[Row], T], optional: bool = False) -> list[T]:
        path = folder / f"{name}.csv"
        if optional and not path.is_file():
            return []
        return read_table(path, TABLES[name], build, issues)

    races = {r.race_id: r for r in table("races", _race)}
    drivers = {d.driver_id: d for d in table("drivers", _driver)}
    results = _known(table("results", _result), "results.csv", races, drivers, issues)
    sprints = table("sprint_results", _sprint, optional=True)
    sprints = _known(sprints, "sprint_results.csv", races, drivers, issues)
    return ErgastDatabase(
        races=races,
        drivers=drivers,
        results=results,
        standings=table("driver_standings", _standing),
        qualifying=table("qualifying", _qualifying, optional=True),
        status=dict(table("status", _status, optional=True)),
        issues=issues or [],
        circuits={c.circuit_id: c for c in table("circuits", _circuit, optional=True)},
        sprints=sprints,
        constructors={c.constructor_id: c for c in table("constructors", _constructor, True)},
    )


def _known(
    results: list[ErgastResult],
    name: str,
    races: dict[int, ErgastRace],
    drivers: dict[int, ErgastDriver],
    issues: list[FormatError] | None,
) -> list[ErgastResult]:
    """The results whose race and driver were read; any other raises, or is an issue and left
    out (a race row rejected with `on_error="collect"` takes its results with it, listed)."""
    kept: list[ErgastResult] = []
    for result in results:
        error = None
        if result.race_id not in races:
            value = str(result.race_id)
            message = "race not in races.csv"
            error = FormatError(message, path=name, line=result.line, column="raceId", value=value)
        elif result.driver_id not in drivers:
            value = str(result.driver_id)
            message = "driver not in drivers.csv"
            error = FormatError(
                message, path=name, line=result.line, column="driverId", value=value
            )
        if error is None:
            kept.append(result)
        elif issues is None:
            raise error
        else:
            issues.append(error)
    return kept


def _fastest_laps() -> dict[tuple[int, int], list[str]]:
    """Fastest-lap holders of 1950–1959 by (season, round), shipped beside this module."""
    text = resources.files("pitboard.formats").joinpath("ergast_fastest_laps.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    return {
        (int(year), int(round_)): list(refs)
        for year, rounds in data.items()
        for round_, refs in rounds.items()
    }


def season_results(db: ErgastDatabase, year: int) -> list[ScoredResult]:
    """Every result of `year` (`ErgastDatabase.season_rows`, same order) as the points rules
    see it; drivers named by their driverRef."""
    races = {r.race_id: r for r in db.season_races(year)}
    results = db.season_rows(year)
    cars = Counter((r.race_id, r.sprint, r.position_order) for r in results)
    listed = _fastest_laps()
    flagged: set[tuple[int, int]] = set()
    scored: list[ScoredResult] = []
    for result in results:
        race = races[result.race_id]
        ref = db.drivers[result.driver_id].ref
        key = (result.race_id, result.driver_id)
        fastest = (
            not result.sprint
            and key not in flagged
            and (ref in listed.get((year, race.round), []) or result.fastest_lap_rank == 1)
        )
        if fastest:
            flagged.add(key)
        shared = cars[(result.race_id, result.sprint, result.position_order)]
        team = db.constructors.get(result.constructor_id or 0)
        scored.append(_scored(race, ref, result, shared, fastest, team.ref if team else ""))
    return scored


def _scored(
    race: ErgastRace, ref: str, result: ErgastResult, shared: int, fastest: bool, team: str
) -> ScoredResult:
    return ScoredResult(
        season=race.year,
        round=race.round,
        driver=ref,
        position=result.position,
        classified=result.position is not None,
        shared=shared,
        fastest_lap=fastest,
        pole=result.grid == 1 and not result.sprint,
        sprint=result.sprint,
        car=result.number or "",
        team=team,
    )


def final_standings(db: ErgastDatabase, year: int) -> list[ErgastStanding]:
    """The official drivers' standings after the last round of `year`."""
    races = db.season_races(year)
    if not races:
        return []
    last = races[-1].race_id
    return [s for s in db.standings if s.race_id == last]
