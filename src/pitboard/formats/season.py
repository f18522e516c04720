"""Season files (TOML): a series' season — calendar, circuits, weekend format, classes, entries.

`read_season(path)` gives a `SeasonPlan` with every round's sessions laid out from the weekend
format (`docs/season-format.md`). Shipped seasons: `available_seasons()`, `load_season(name)`.
A bad file raises a `FormatError` naming the file, the field (`events[3].start`) and the value.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pitboard.model import Driver, Entry, FormatError, SessionKind
from pitboard.model.season import (
    CarClass,
    Circuit,
    Event,
    GridOrder,
    PitWindow,
    Season,
    SeasonPlan,
    Series,
    SessionInfo,
    StartingDriver,
)
from pitboard.rules.crew import parse_category, validate_entries

Table = dict[str, Any]
T = TypeVar("T")

_TOP = {"series", "season", "classes", "circuits", "sessions", "events", "entries"}
_SESSION = {"id", "kind", "name", "day", "start", "minutes", "laps", "grid_from", "grid_order"}
_SESSION |= {"starting_driver", "pit_window"}
_EVENT = {"id", "round", "name", "circuit", "start", "end", "sessions"}
_ENTRY = {"number", "class", "team", "car", "drivers"}


def available_seasons() -> list[str]:
    """The season files shipped with pitboard, e.g. `gt4-europe-2023`."""
    files = resources.files("pitboard.seasons").iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def load_season(name: str) -> SeasonPlan:
    """A shipped season file by its id."""
    resource = resources.files("pitboard.seasons").joinpath(f"{name}.toml")
    if not resource.is_file():
        known = ", ".join(available_seasons())
        raise FormatError(f"no shipped season file (have: {known})", value=name)
    return parse_season(resource.read_text(encoding="utf-8"), f"{name}.toml")


def read_season(path: str | Path) -> SeasonPlan:
    """Read a season file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FormatError(f"cannot read the season file: {error}", path=str(path)) from None
    return parse_season(text, str(path))


def parse_season(text: str, path: str = "<season>") -> SeasonPlan:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FormatError(f"not TOML: {error}", path=path) from None
    return _Reader(path).plan(data)


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, message: str, value: object = None) -> FormatError:
        shown = None if value is None else str(value)
        return FormatError(f"{where}: {message}", path=self.path, value=shown)

    def table(self, value: object, where: str, known: set[str]) -> Table:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a table", value)
        unknown = sorted(set(value) - known)
        if unknown:
            raise self.fail(f"{where}.{unknown[0]}" if where else unknown[0], "unknown key")
        return value

    def get(self, table: Table, key: str, where: str, kind: type[T], default: Any = ...) -> T:
        if key not in table:
            if default is ...:
                raise self.fail(f"{where}.{key}", "missing")
            return default  # type: ignore[no-any-return]
        value = table[key]
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            raise self.fail(f"{where}.{key}", f"must be {kind.__name__}, not", value)
        return value

    def enum(self, table: Table, key: str, where: str, parse: Callable[[str], T]) -> T | None:
        text = self.get(table, key, where, str, None)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError:
            raise self.fail(f"{where}.{key}", "unknown value", text) from None

    def plan(self, data: Table) -> SeasonPlan:
        self.table(data, "", _TOP)
        series = self.table(data.get("series"), "series", {"id", "name"})
        season = self.season(self.table(data.get("season"), "season", _SEASON_KEYS))
        circuits = self.circuits(self.get(data, "circuits", "", dict, {}))
        classes = tuple(self.car_class(c, f"classes[{i}]") for i, c in _items(data, "classes"))
        events = [
            self.event(e, f"events[{i}]", season, circuits) for i, e in _items(data, "events")
        ]
        formats = [self.table(s, f"sessions[{i}]", _SESSION) for i, s in _items(data, "sessions")]
        sessions = tuple(
            info
            for (event, changes), where in zip(events, _wheres("events", events), strict=True)
            for info in self.weekend(event, formats, changes, where)
        )
        entries = tuple(self.entry(e, f"entries[{i}]") for i, e in _items(data, "entries"))
        self.check_entries(entries, classes)
        return SeasonPlan(
            series=Series(
                self.get(series, "id", "series", str), self.get(series, "name", "series", str)
            ),
            season=season,
            circuits=tuple(circuits.values()),
            events=tuple(event for event, _ in events),
            sessions=sessions,
            classes=classes,
            entries=entries,
        )

    def season(self, table: Table) -> Season:
        return Season(
            key=self.get(table, "id", "season", str),
            series=self.get(table, "series", "season", str),
            year=self.get(table, "year", "season", int),
            name=self.get(table, "name", "season", str),
            ruleset=self.get(table, "ruleset", "season", str, ""),
            championship=self.get(table, "championship", "season", str, ""),
        )

    def circuits(self, tables: Table) -> dict[str, Circuit]:
        circuits: dict[str, Circuit] = {}
        for key, value in tables.items():
            where = f"circuits.{key}"
            table = self.table(value, where, {"name", "country", "place", "length_m", "time_zone"})
            zone = self.get(table, "time_zone", where, str)
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError):
                raise self.fail(f"{where}.time_zone", "not an IANA time zone", zone) from None
            circuits[key] = Circuit(
                key=key,
                name=self.get(table, "name", where, str),
                time_zone=zone,
                country=self.get(table, "country", where, str, ""),
                place=self.get(table, "place", where, str, ""),
                length_m=self.get(table, "length_m", where, int, None),
            )
        return circuits

    def car_class(self, value: object, where: str) -> CarClass:
        table = self.table(value, where, {"name", "crews"})
        crews = []
        for index, crew in enumerate(self.get(table, "crews", where, list)):
            if not isinstance(crew, list) or not crew:
                raise self.fail(f"{where}.crews[{index}]", "must be a list of categories", crew)
            categories = [parse_category(str(c)) for c in crew]
            if None in categories:
                raise self.fail(f"{where}.crews[{index}]", "unknown FIA category in", crew)
            crews.append(tuple(c for c in categories if c is not None))
        return CarClass(self.get(table, "name", where, str), tuple(crews))

    def event(
        self, value: object, where: str, season: Season, circuits: dict[str, Circuit]
    ) -> tuple[Event, Table]:
        table = self.table(value, where, _EVENT)
        circuit = self.get(table, "circuit", where, str, None)
        if circuit is not None and circuit not in circuits:
            raise self.fail(f"{where}.circuit", "no such circuit in [circuits]", circuit)
        start = self.get(table, "start", where, date, None)
        end = self.get(table, "end", where, date, start)
        if start is not None and end is not None and end < start:
            raise self.fail(f"{where}.end", "before the start", end)
        event = Event(
            key=f"{season.key}-{self.get(table, 'id', where, str)}",
            season=season.key,
            round=self.get(table, "round", where, int),
            name=self.get(table, "name", where, str),
            circuit=circuit,
            start=start,
            end=end,
        )
        return event, self.get(table, "sessions", where, dict, {})

    def weekend(
        self, event: Event, formats: list[Table], changes: Table, where: str
    ) -> list[SessionInfo]:
        ids = [self.get(f, "id", f"sessions[{i}]", str) for i, f in enumerate(formats)]
        for name in changes:
            if name not in ids:
                raise self.fail(f"{where}.sessions", "no such session in [[sessions]]", name)
        sessions = []
        for index, (sid, table) in enumerate(zip(ids, formats, strict=True)):
            change = self.table(changes.get(sid, {}), f"{where}.sessions.{sid}", _SESSION - {"id"})
            sessions.append(self.session(event, sid, {**table, **change}, f"sessions[{index}]"))
        self.check_links(sessions, where)
        never = datetime.max
        return sorted(sessions, key=lambda s: s.scheduled_start or never)

    def session(self, event: Event, sid: str, table: Table, where: str) -> SessionInfo:
        minutes = self.get(table, "minutes", where, int, None)
        laps = self.get(table, "laps", where, int, None)
        if (minutes is None) == (laps is None):
            raise self.fail(where, "give exactly one of minutes and laps")
        if (minutes or laps or 0) <= 0:
            raise self.fail(where, "minutes or laps must be more than 0", minutes or laps)
        grid_from = self.get(table, "grid_from", where, str, None)
        return SessionInfo(
            key=f"{event.key}-{sid}",
            kind=self.enum(table, "kind", where, SessionKind) or _missing(self, where, "kind"),
            name=self.get(table, "name", where, str, sid),
            event=event.key,
            scheduled_start=self.start(event, table, where),
            duration=None if minutes is None else minutes * 60_000,
            race_laps=laps,
            grid_from=None if grid_from is None else f"{event.key}-{grid_from}",
            grid_order=self.enum(table, "grid_order", where, GridOrder),
            starting_driver=self.enum(table, "starting_driver", where, StartingDriver),
            pit_window=self.pit_window(table.get("pit_window"), f"{where}.pit_window"),
        )

    def start(self, event: Event, table: Table, where: str) -> datetime | None:
        clock = self.get(table, "start", where, time, None)
        if clock is None or event.end is None:
            return None
        offset = self.get(table, "day", where, int, 0)
        if not -31 <= offset <= 31:
            raise self.fail(f"{where}.day", "more than a month from the event", offset)
        day = event.end + timedelta(days=offset)
        return datetime.combine(day, clock)

    def pit_window(self, value: object, where: str) -> PitWindow | None:
        if value is None:
            return None
        table = self.table(value, where, {"opens", "closes", "stops", "driver_change"})
        opens, closes = self.get(table, "opens", where, int), self.get(table, "closes", where, int)
        if closes < opens:
            raise self.fail(f"{where}.closes", "before it opens", closes)
        return PitWindow(
            opens=opens * 60_000,
            closes=closes * 60_000,
            stops=self.get(table, "stops", where, int, 1),
            driver_change=self.get(table, "driver_change", where, bool, False),
        )

    def check_links(self, sessions: list[SessionInfo], where: str) -> None:
        by_key = {s.key: s for s in sessions}
        for session in sessions:
            if session.grid_from is None:
                continue
            grid = by_key.get(session.grid_from)
            field = f"{where} {session.name}.grid_from"
            if grid is None or grid.kind is not SessionKind.QUALIFYING:
                raise self.fail(field, "not a qualifying", session.grid_from)
            start, qualifying = session.scheduled_start, grid.scheduled_start
            if start and qualifying and start <= qualifying:
                message = "the race starts before the qualifying that sets its grid"
                raise self.fail(field, message, session.grid_from)

    def entry(self, value: object, where: str) -> Entry:
        table = self.table(value, where, _ENTRY)
        number = table.get("number")
        if not isinstance(number, str) or not number:
            raise self.fail(f"{where}.number", 'must be a string ("021" is not "21")', number)
        drivers = [
            self.driver(d, f"{where}.drivers[{i}]")
            for i, d in enumerate(self.get(table, "drivers", where, list))
        ]
        return Entry(
            number=number,
            car_class=self.get(table, "class", where, str),
            team=self.get(table, "team", where, str, ""),
            vehicle=self.get(table, "car", where, str, ""),
            drivers=tuple(drivers),
        )

    def driver(self, value: object, where: str) -> Driver:
        table = self.table(value, where, {"name", "category", "country"})
        return Driver(
            name=self.get(table, "name", where, str),
            category=self.get(table, "category", where, str, None),
            country=self.get(table, "country", where, str, None),
        )

    def check_entries(self, entries: tuple[Entry, ...], classes: tuple[CarClass, ...]) -> None:
        if not classes:
            return
        issues = validate_entries(entries, classes)
        if issues:
            raise self.fail("entries", "; ".join(str(issue) for issue in issues))


_SEASON_KEYS = {"id", "series", "year", "name", "ruleset", "championship"}


def _items(data: Table, key: str) -> list[tuple[int, Any]]:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise FormatError(f"{key}: must be an array of tables ([[{key}]])")
    return list(enumerate(values))


def _wheres(key: str, values: list[Any]) -> list[str]:
    return [f"{key}[{index}]" for index in range(len(values))]


def _missing(reader: _Reader, where: str, key: str) -> SessionKind:
    raise reader.fail(f"{where}.{key}", "missing")
