"""The season calendar: rounds and sessions in the circuit's local time, the countdown to the next
session, and every session as an iCalendar (RFC 5545) file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from icalendar import Calendar
from icalendar import Event as IcsEvent

from pitboard.model import SessionKind
from pitboard.store import Circuit, Event, Season, SessionInfo, Store
from pitboard.store import schema as t

# A session without a duration or a race run over laps lasts this long in the calendar.
DEFAULT_LENGTH = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ScheduledSession:
    info: SessionInfo
    start: datetime | None  # aware, in the circuit's time zone
    end: datetime | None
    has_laps: bool

    @property
    def key(self) -> str:
        return self.info.key


@dataclass(frozen=True, slots=True)
class Round:
    event: Event
    circuit: Circuit | None
    sessions: list[ScheduledSession]

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.circuit)

    @property
    def first_day(self) -> date | None:
        if self.event.start:
            return self.event.start
        starts = [s.start.date() for s in self.sessions if s.start]
        return min(starts) if starts else None


def zone_of(circuit: Circuit | None) -> ZoneInfo:
    try:
        return ZoneInfo(circuit.time_zone) if circuit else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def event_zone(store: Store, event: Event | None) -> ZoneInfo:
    """The time zone of the event's circuit (UTC when unknown)."""
    if event is None or not event.circuit:
        return ZoneInfo("UTC")
    return zone_of(store.load_circuit(event.circuit))


def load_seasons(store: Store) -> list[Season]:
    """Every season in the store, newest year first."""
    query = (
        sa.select(t.seasons.c.key, t.seasons.c.year, t.seasons.c.name, t.series.c.key.label("s"))
        .join(t.series, t.seasons.c.series_id == t.series.c.id)
        .order_by(t.seasons.c.year.desc(), t.seasons.c.key)
    )
    with store.engine.connect() as connection:
        return [Season(r.key, r.s, r.year, r.name) for r in connection.execute(query)]


def sessions_with_laps(store: Store) -> set[str]:
    query = sa.select(t.sessions.c.key).where(
        sa.exists().where(t.laps.c.session_id == t.sessions.c.id)
    )
    with store.engine.connect() as connection:
        return set(connection.execute(query).scalars())


def load_rounds(store: Store, season: str) -> list[Round]:
    lapped = sessions_with_laps(store)
    circuits: dict[str, Circuit] = {}
    rounds = []
    for event in store.load_events(season):
        circuit = None
        if event.circuit:
            circuit = circuits.get(event.circuit) or store.load_circuit(event.circuit)
            circuits[event.circuit] = circuit
        zone = zone_of(circuit)
        sessions = [
            _scheduled(info, zone, info.key in lapped) for info in store.load_sessions(event.key)
        ]
        rounds.append(Round(event, circuit, sessions))
    return rounds


def _scheduled(info: SessionInfo, zone: ZoneInfo, has_laps: bool) -> ScheduledSession:
    if info.scheduled_start is None:
        return ScheduledSession(info, None, None, has_laps)
    start = info.scheduled_start.replace(tzinfo=zone)
    length = timedelta(milliseconds=info.duration) if info.duration else DEFAULT_LENGTH
    return ScheduledSession(info, start, start + length, has_laps)


def next_session(rounds: list[Round], now: datetime) -> tuple[Round, ScheduledSession] | None:
    """The first session that has not started yet at `now` (aware)."""
    upcoming = [
        (s.start, r, s) for r in rounds for s in r.sessions if s.start is not None and s.start > now
    ]
    if not upcoming:
        return None
    _, found_round, found = min(upcoming, key=lambda item: item[0])
    return found_round, found


def countdown(start: datetime, now: datetime) -> str:
    """`3 d 04:05:06` until `start`; `under way` once it has begun."""
    left = int((start - now).total_seconds())
    if left <= 0:
        return "under way"
    days, rest = divmod(left, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{days} d {clock}" if days else clock


def weeks_until(day: date, today: date) -> str:
    """`next round in 3 weeks`, `next round this week`, `next round next week`."""
    days = (day - today).days
    if days < 7:
        return "next round this week" if days >= 0 else "round under way"
    weeks = days // 7
    return "next round next week" if weeks == 1 else f"next round in {weeks} weeks"


def season_over(rounds: list[Round], now: datetime) -> bool:
    """Whether `now` (aware) is past the end of the last round: its last session, else the end
    of its last day in the circuit's time zone. A round with no dates at all is still to come."""
    if not rounds:
        return False
    return all(end is not None and end <= now for end in map(_round_end, rounds))


def _round_end(round_: Round) -> datetime | None:
    ends = [s.end for s in round_.sessions if s.end is not None]
    if round_.event.end is not None:
        day_after = datetime.combine(round_.event.end + timedelta(days=1), datetime.min.time())
        ends.append(day_after.replace(tzinfo=round_.zone))
    return max(ends) if ends else None


def next_round(rounds: list[Round], today: date) -> Round | None:
    ahead = [r for r in rounds if r.first_day is not None and r.first_day >= today]
    return min(ahead, key=lambda r: r.first_day or today) if ahead else None


def kind_word(kind: SessionKind) -> str:
    return {"practice": "Practice", "qualifying": "Qualifying", "race": "Race"}[kind.value]


def write_ics(season: Season, rounds: list[Round], base_url: str) -> bytes:
    """Every scheduled session as a VEVENT with a stable UID, times in UTC."""
    calendar = Calendar()
    calendar.add("prodid", "-//pitboard//season calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", season.name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for round_ in rounds:
        place = round_.circuit.name if round_.circuit else ""
        for scheduled in round_.sessions:
            if scheduled.start is None or scheduled.end is None:
                continue
            calendar.add_component(_ics_event(season, round_, scheduled, place, stamp, base_url))
    return bytes(calendar.to_ical())


def _ics_event(
    season: Season,
    round_: Round,
    scheduled: ScheduledSession,
    place: str,
    stamp: datetime,
    base_url: str,
) -> IcsEvent:
    assert scheduled.start is not None and scheduled.end is not None
    info = scheduled.info
    event = IcsEvent()
    event.add("uid", f"{info.key}@{season.key}.pitboard")
    event.add("dtstamp", stamp)
    event.add("dtstart", scheduled.start.astimezone(UTC))
    event.add("dtend", scheduled.end.astimezone(UTC))
    name = info.name or kind_word(info.kind)
    event.add("summary", f"{round_.event.name}: {name}")
    if place:
        event.add("location", place)
    event.add("url", f"{base_url.rstrip('/')}/sessions/{info.key}")
    return event
