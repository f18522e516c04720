"""A weekend as the store holds it, for the report: any event with results, not only the demo.

Sessions in schedule order with their laps; the classification of the latest published version
(with the stewards' decisions it includes), else the timing alone; a race's start from the grid
the store builds from its linked qualifying; weather from the session's journal; the season's
calendar; points places from the championship's rules.
"""

from __future__ import annotations

from contextlib import suppress
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pitboard.model import (
    CarNumber,
    Classification,
    ClassificationRules,
    PitboardError,
    SessionKind,
    WeatherReading,
)
from pitboard.model.season import Event, SessionInfo
from pitboard.reports.press_kit import PARTS, Media, MediaLink, Quote
from pitboard.reports.weekend_data import CalendarRound, Weekend, WeekendSession, points_places
from pitboard.rules.championships import load_championship
from pitboard.store import NotFound, Store
from pitboard.store.results import ruleset_of

DEFAULT_POINTS_PLACES = 10  # without championship rules: the first ten of a class score
SYNTHETIC = "synthetic"  # journal kind: `{"event": key}` marks an event's data as invented


def find_event(store: Store, season: str, event: str) -> Event:
    """`misano` in `gt4-europe-2023` is the store's `gt4-europe-2023-misano` (or `misano`)."""
    for key in (f"{season}-{event}", event):
        try:
            found = store.load_event(key)
        except NotFound:
            continue
        if found.season == season:
            return found
    raise NotFound(f"no event {event!r} in season {season!r} in the store")


def store_weekend(store: Store, event_key: str) -> Weekend:
    """The event's weekend from the store; NotFound when no session of it has laps."""
    event = store.load_event(event_key)
    season = store.load_season(event.season)
    rules = ruleset_of(season.ruleset)
    calendar = calendar_rounds(store, event.season)
    this = next(r for r in calendar if r.number == event.round and r.start == event.start)
    zone = _zone(store, event.circuit)
    every = (
        _session(store, info, event_key, rules, zone) for info in store.load_sessions(event_key)
    )
    sessions = tuple(s for s in every if s.session.laps)
    if not sessions:
        raise NotFound(f"no results for {event_key!r} in the store yet")
    return Weekend(
        season.key,
        season.name,
        this,
        sessions,
        tuple(calendar),
        rules,
        points_places=_points_places(season.championship or season.series, season.year),
        synthetic=is_synthetic(store, event_key),
    )


def _session(
    store: Store, info: SessionInfo, event_key: str, rules: ClassificationRules, zone: ZoneInfo
) -> WeekendSession:
    session = store.load_session(info.key)
    start = info.scheduled_start.replace(tzinfo=zone) if info.scheduled_start else None
    grid_from = info.grid_from.removeprefix(f"{event_key}-") if info.grid_from else None
    return WeekendSession(
        key=info.key.removeprefix(f"{event_key}-"),
        session=session,
        start=start,
        weather=_weather(store, info.key),
        grid_from=grid_from,
        name=info.name,
        classification=_classification(store, info.key, rules),
        grid=_grid(store, info) if info.kind is SessionKind.RACE and session.laps else None,
    )


def _classification(store: Store, key: str, rules: ClassificationRules) -> Classification | None:
    """The latest published version; None (classify the laps) while nothing is published."""
    if not store.load_result_history(key):
        return None
    return store.load_classification(key, None, rules).classification


def _grid(store: Store, info: SessionInfo) -> dict[CarNumber, int] | None:
    if info.grid_from is None:
        return None
    try:
        return {slot.number: slot.class_position for slot in store.load_grid(info.key)}
    except PitboardError:
        return None


def _weather(store: Store, key: str) -> tuple[WeatherReading, ...]:
    """The session's `weather` journal records (`air_temp`, `track_temp`, `rain`) as readings."""
    readings = []
    for record in store.read_journal(session=key, kinds={"weather"}):
        payload = record.payload
        readings.append(
            WeatherReading(
                time_utc=int(record.received_at.timestamp()),
                air_temp=_decimal(payload.get("air_temp")),
                track_temp=_decimal(payload.get("track_temp")),
                humidity=_decimal(payload.get("humidity")),
                pressure=None,
                wind_speed=None,
                wind_direction=None,
                rain=_decimal(payload.get("rain")),
            )
        )
    return tuple(readings)


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def calendar_rounds(store: Store, season: str) -> list[CalendarRound]:
    """The season's rounds with dates, the country as an ISO code (for Babel's names)."""
    rounds = []
    for event in store.load_events(season):
        if event.start is None or event.end is None:
            continue
        country = ""
        if event.circuit:
            with suppress(NotFound):
                country = country_code(store.load_circuit(event.circuit).country or "")
        short = event.key.removeprefix(f"{season}-")
        rounds.append(
            CalendarRound(event.round, short, event.name, country, event.start, event.end)
        )
    return rounds


def _zone(store: Store, circuit: str | None) -> ZoneInfo:
    try:
        name = store.load_circuit(circuit).time_zone if circuit else None
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (NotFound, ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _points_places(series: str, year: int) -> int:
    try:
        return points_places(load_championship(series, year))
    except PitboardError:
        return DEFAULT_POINTS_PLACES


def is_synthetic(store: Store, event_key: str) -> bool:
    """Whether the event's data is invented (the demo marks it so in the journal)."""
    return any(
        record.payload.get("event") == event_key for record in store.read_journal(kinds={SYNTHETIC})
    )


@cache
def country_code(name: str) -> str:
    """`Italy` -> `IT` (so the report can name the country in its own language)."""
    from babel import Locale

    names = Locale.parse("en").territories
    return next((code for code, text in names.items() if text == name), name)


QUOTE = "quote"  # journal kind: `{"event", "car", "driver", "part", "en": ..., "sv": ...}`
TV_PARTS = {"q1": "qualifying", "q2": "qualifying", "qualifying": "qualifying"}


def store_quotes(store: Store, event_key: str, car: CarNumber) -> list[Quote]:
    """The press officer's quotes for the car at the event, as journaled (never made up)."""
    quotes = []
    for record in store.read_journal(kinds={QUOTE}):
        payload = record.payload
        if payload.get("event") != event_key or str(payload.get("car")) != car:
            continue
        texts = {k: v for k, v in payload.items() if len(k) == 2 and isinstance(v, str) and v}
        part = str(payload.get("part", ""))
        if texts and part in PARTS:
            when = str(payload.get("when", ""))
            quotes.append(Quote(str(payload.get("driver", "")), part, texts, when))
    return quotes


def store_media(store: Store, event_key: str) -> Media | None:
    """TV links per part and the photo link, from the sessions' `media` journal records."""
    tv: dict[str, str] = {}
    photos = None
    for info in store.load_sessions(event_key):
        part = info.key.removeprefix(f"{event_key}-")
        for record in store.read_journal(session=info.key, kinds={"media"}):
            url = str(record.payload.get("url", ""))
            if not url.startswith(("https://", "http://")):
                continue
            if record.payload.get("kind") == "photos":
                photos = photos or url
            elif record.payload.get("kind") in ("tv", "stream", "video"):
                tv.setdefault(TV_PARTS.get(part, part), url)
    if not tv and photos is None:
        return None
    return Media(tuple(MediaLink(part, url) for part, url in tv.items()), photos)
