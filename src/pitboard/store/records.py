"""What the store hands back besides the model's own types: its errors and journal records.

The season (series, season, circuit, event, session info), decisions and result versions are
the model's own value types (`pitboard.model.season`, `pitboard.model.decision`), re-exported
here so `from pitboard.store import Season` keeps working."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from pitboard.model import PitboardError
from pitboard.model.decision import Decision, ResultState, ResultVersion
from pitboard.model.season import Circuit, Event, Season, Series, SessionInfo


class StoreError(PitboardError):
    """The store refused: an unknown season/event/session/car, or a step out of order."""


class NotFound(StoreError):
    """Asked for something the store does not hold."""


JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class JournalRecord:
    """One raw input as it arrived: replaying the records in `id` order rebuilds the session."""

    id: int
    kind: str  # e.g. "passing", "flag", "penalty", "correction"
    payload: JsonObject
    received_at: datetime  # aware
    session: str | None = None  # SessionInfo.key


class JournalInput(NamedTuple):
    """One raw input to append: what `JournalRecord` holds before the store gives it an id.
    (A named tuple: live timing makes one for every input, and a tuple is made 5× faster than
    a frozen dataclass.)"""

    kind: str
    payload: JsonObject
    session: str | None = None  # SessionInfo.key
    received_at: datetime | None = None  # aware; None: now


@dataclass(frozen=True, slots=True)
class PublishedRows:
    """A classification as someone else published it (an Ergast race, an official results
    file), row by row in the published order, with the result version it was published as."""

    version: ResultVersion
    source: str  # "ergast", "alkamel"
    rows: tuple[JsonObject, ...]

    @property
    def session(self) -> str:
        return self.version.session


__all__ = [
    "Circuit",
    "Decision",
    "Event",
    "JournalInput",
    "JournalRecord",
    "NotFound",
    "PublishedRows",
    "ResultState",
    "ResultVersion",
    "Season",
    "Series",
    "SessionInfo",
    "StoreError",
]
