"""What the store hands back besides the model's own types: its errors and journal records.

The season (series, season, circuit, event, session info), decisions and result versions are
the model's own value types (`pitboard.model.season`, `pitboard.model.decision`), re-exported
here so `from pitboard.store import Season` keeps working."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


__all__ = [
    "Circuit",
    "Decision",
    "Event",
    "JournalRecord",
    "NotFound",
    "ResultState",
    "ResultVersion",
    "Season",
    "Series",
    "SessionInfo",
    "StoreError",
]
