"""The result of a session in any published version, and a season's results for the standings.

Nothing here is stored: a version is rebuilt from the laps and the decisions it includes, with
the classification ruleset of the session's season (`rules.lifecycle`).
"""

from __future__ import annotations

import sqlalchemy as sa

from pitboard.model import Classification, ClassificationRules, ScoredResult, SessionKind
from pitboard.model.decision import ResultVersion
from pitboard.rules.lifecycle import classify_version, scored_results
from pitboard.rules.rulesets import load_ruleset
from pitboard.store import decisions, season, sessions
from pitboard.store.records import NotFound


def load_classification(
    connection: sa.Connection,
    session: str,
    version: int | None = None,
    rules: ClassificationRules | None = None,
) -> tuple[ResultVersion, Classification]:
    """Result `version` of the session (the latest published by default), rebuilt."""
    published = decisions.load_result_version(connection, session, version)
    laps = sessions.load_session(connection, session)
    taken = decisions.load_penalties(connection, session)
    rules = rules or session_rules(connection, session)
    return published, classify_version(laps, taken, published.number, rules)


def load_season_results(
    connection: sa.Connection,
    season_key: str,
    car_class: str | None = None,
    rules: ClassificationRules | None = None,
) -> list[ScoredResult]:
    """Every driver's result in every race of the season, from each race's latest version.

    Races are numbered in the calendar's order (round, then schedule), a race without a
    published result keeping its number; class positions when `car_class` is given.
    """
    record = season.load_season(connection, season_key)
    rules = rules or ruleset_of(record.ruleset)
    results: list[ScoredResult] = []
    races = [
        info
        for event in season.load_events(connection, season_key)
        for info in sessions.load_sessions(connection, event.key)
        if info.kind is SessionKind.RACE
    ]
    for number, race in enumerate(races, start=1):
        try:
            _, classification = load_classification(connection, race.key, None, rules)
        except NotFound:
            continue  # not published yet
        results += scored_results(
            classification, season=record.year, round_=number, car_class=car_class
        )
    return results


def session_rules(connection: sa.Connection, session: str) -> ClassificationRules:
    """The classification ruleset of the session's season (the default one without a season)."""
    info = sessions.load_session_info(connection, session)
    if info.event is None:
        return ClassificationRules()
    record = season.load_season(connection, season.season_of_event(connection, info.event))
    return ruleset_of(record.ruleset)


def ruleset_of(name: str) -> ClassificationRules:
    return load_ruleset(name) if name else ClassificationRules()
