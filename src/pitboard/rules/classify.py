"""`classify`: a session's laps in, the official classification out."""

from __future__ import annotations

from collections.abc import Sequence

from pitboard.model import (
    Classification,
    ClassificationRules,
    Session,
    SessionKind,
)
from pitboard.rules.qualifying import classify_qualifying
from pitboard.rules.race import classify_race

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pitboard.model import Penalty  # a type only: a run without penalties never makes it


def classify(
    session: Session,
    rules: ClassificationRules | None = None,
    penalties: Sequence[Penalty] = (),
) -> Classification:
    rules = rules or ClassificationRules()
    entries = list(session.entries.values())
    laps_by_car = session.laps_by_car()
    if session.kind is SessionKind.RACE:
        rows = classify_race(entries, laps_by_car, rules, penalties, running=session.running)
    else:
        rows = classify_qualifying(entries, laps_by_car, penalties)
    return Classification(
        kind=session.kind, rows=rows, classes=session.classes, lap_count=len(session.laps)
    )
