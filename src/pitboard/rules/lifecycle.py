"""The results lifecycle: provisional -> official -> revised, each version rebuilt, never stored.

A version of a session's result is the classification of the session's laps with the decisions
that version includes (those published with it or with an earlier version). Standings follow the
latest version; any earlier one can be rebuilt the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from pitboard.model import (
    Classification,
    ClassificationRules,
    ClassificationStatus,
    ScoredResult,
    Session,
)
from pitboard.model.decision import Decision, ResultState
from pitboard.rules.classify import classify

NEXT_STATES: dict[ResultState | None, frozenset[ResultState]] = {
    None: frozenset({ResultState.PROVISIONAL, ResultState.OFFICIAL}),
    ResultState.PROVISIONAL: frozenset({ResultState.PROVISIONAL, ResultState.OFFICIAL}),
    ResultState.OFFICIAL: frozenset({ResultState.REVISED}),
    ResultState.REVISED: frozenset({ResultState.REVISED}),
}


def can_publish(last: ResultState | None, state: ResultState) -> bool:
    """May a result in state `last` (None: never published) be published as `state` next?"""
    return state in NEXT_STATES[last]


def decisions_in(decisions: Iterable[Decision], version: int) -> list[Decision]:
    """The decisions result `version` is built from, in the order they were taken."""
    return [
        d for d in decisions if d.result_version is not None and d.result_version <= version
    ]


def classify_version(
    session: Session,
    decisions: Iterable[Decision],
    version: int,
    rules: ClassificationRules | None = None,
) -> Classification:
    """Result `version` of the session: its laps with the decisions that version includes."""
    penalties = [decision.penalty for decision in decisions_in(decisions, version)]
    return classify(session, rules, penalties)


def scored_results(
    classification: Classification,
    *,
    season: int,
    round_: int,
    car_class: str | None = None,
) -> list[ScoredResult]:
    """Each driver's result for the points rules: class positions when `car_class` is given.

    Every driver of a car gets the car's result (`shared` says how many drove it); cars of
    other classes are left out. The fastest lap is that of the class (or of the race).
    """
    rows = [r for r in classification.rows if car_class in (None, r.entry.car_class)]
    fastest = min((r.best_lap for r in rows if r.best_lap is not None), default=None)
    results: list[ScoredResult] = []
    for row in rows:
        classified = row.status is ClassificationStatus.CLASSIFIED
        place = row.class_position if car_class is not None else row.position
        drivers = row.entry.driver_names or [row.number]
        for driver in drivers:
            results.append(
                ScoredResult(
                    season=season,
                    round=round_,
                    driver=driver,
                    position=place if classified else None,
                    classified=classified,
                    shared=len(drivers),
                    fastest_lap=fastest is not None and row.best_lap == fastest,
                    car=row.number,
                )
            )
    return results
