"""What the store hands back besides the model's own types: the season around a session,
stewards' decisions with who/when/why, result versions and journal records."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pitboard.model import Millis, Penalty, PitboardError, SessionKind


class StoreError(PitboardError):
    """The store refused: an unknown season/event/session/car, or a step out of order."""


class NotFound(StoreError):
    """Asked for something the store does not hold."""


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # e.g. "gt4-europe"
    name: str


@dataclass(frozen=True, slots=True)
class Season:
    key: str  # e.g. "gt4-europe-2023", "f1-1950"
    series: str  # Series.key
    year: int
    name: str


@dataclass(frozen=True, slots=True)
class Circuit:
    key: str  # e.g. "misano"
    name: str
    time_zone: str  # IANA, e.g. "Europe/Rome"
    country: str = ""
    place: str = ""
    length_m: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One round of a season."""

    key: str  # e.g. "gt4-europe-2023-r2"
    season: str  # Season.key
    round: int
    name: str
    circuit: str | None = None  # Circuit.key
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session's place in the weekend, without its entries and laps."""

    key: str  # e.g. "gt4-europe-2023-r2-race1"
    kind: SessionKind
    name: str = ""
    event: str | None = None  # Event.key
    scheduled_start: datetime | None = None  # naive, local time at the circuit
    duration: Millis | None = None
    race_laps: int | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """A stewards' decision: the penalty (its `reason` is the why), who took it and when."""

    penalty: Penalty
    decided_by: str
    decided_at: datetime  # aware
    id: int | None = None  # given by the store
    result_version: int | None = None  # the first result version it is part of


class ResultState(enum.Enum):
    PROVISIONAL = "provisional"
    OFFICIAL = "official"
    REVISED = "revised"


@dataclass(frozen=True, slots=True)
class ResultVersion:
    session: str  # SessionInfo.key
    number: int  # 1, 2, 3 ...
    state: ResultState
    published_at: datetime  # aware
    reason: str = ""
    published_by: str = ""


JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One raw input as it arrived: replaying the records in `id` order rebuilds the session."""

    id: int
    kind: str  # e.g. "passing", "flag", "penalty", "correction"
    payload: JsonObject
    received_at: datetime  # aware
    session: str | None = None  # SessionInfo.key
