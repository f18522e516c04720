"""The results lifecycle: provisional -> official -> revised, each version rebuilt, never stored.

A version of a session's result is the classification of the session's laps with the decisions
that version includes (those published with it or with an earlier version). Standings follow the
latest version; any earlier one can be rebuilt the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from pitboard.model import Classification, ClassificationRules, Session
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
    return [d for d in decisions if d.result_version is not None and d.result_version <= version]


def classify_version(
    session: Session,
    decisions: Iterable[Decision],
    version: int,
    rules: ClassificationRules | None = None,
) -> Classification:
    """Result `version` of the session: its laps with the decisions that version includes."""
    penalties = [decision.penalty for decision in decisions_in(decisions, version)]
    return classify(session, rules, penalties)
