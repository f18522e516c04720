"""The result of a session in any published version, and a season's results for the standings.

Nothing here is stored: a version is rebuilt from the laps and the decisions it includes, with
the classification ruleset of the session's season (`rules.lifecycle`). A version published
row by row (an Ergast race, an Al Kamel results file) is those rows (`rules.published`), with the
timing details of the laps when there are any.
"""

from __future__ import annotations

import sqlalchemy as sa

from pitboard.model import ClassificationRules, SessionKind
from pitboard.model.decision import PublishedResult
from pitboard.rules.lifecycle import classify_version
from pitboard.rules.published import classify_published
from pitboard.rules.rulesets import load_ruleset
from pitboard.store import decisions, published, season, sessions


def load_classification(
    connection: sa.Connection,
    session: str,
    version: int | None = None,
    rules: ClassificationRules | None = None,
) -> PublishedResult:
    """Result `version` of the session (the latest published by default), rebuilt."""
    chosen = decisions.load_result_version(connection, session, version)
    laps = sessions.load_session(connection, session)
    # without laps, a version published after the imported rows (a result republished in race
    # control) can only be those rows: decisions need laps to be applied to
    rows = published.load_result(connection, session, chosen.number, until=not laps.laps)
    if rows is not None and rows.rows and not laps.laps:
        return PublishedResult(session, chosen, classify_published(laps, rows.rows))
    taken = decisions.load_penalties(connection, session)
    rules = rules or session_rules(connection, session)
    classification = classify_version(laps, taken, chosen.number, rules)
    if rows is not None and rows.rows:
        classification = classify_published(laps, rows.rows, classification)
    return PublishedResult(session, chosen, classification)


def load_season_results(
    connection: sa.Connection, season_key: str, rules: ClassificationRules | None = None
) -> list[PublishedResult]:
    """The latest published result of every race of the season, in the calendar's order
    (round, then schedule); races not yet published are left out."""
    record = season.load_season(connection, season_key)
    rules = rules or ruleset_of(record.ruleset)
    races = [
        info.key
        for event in season.load_events(connection, season_key)
        for info in sessions.load_sessions(connection, event.key)
        if info.kind is SessionKind.RACE
    ]
    published = [race for race in races if decisions.load_result_history(connection, race)]
    return [load_classification(connection, race, None, rules) for race in published]


def session_rules(connection: sa.Connection, session: str) -> ClassificationRules:
    """The classification ruleset of the session's season (the default one without a season)."""
    info = sessions.load_session_info(connection, session)
    if info.event is None:
        return ClassificationRules()
    record = season.load_season(connection, season.season_of_event(connection, info.event))
    return ruleset_of(record.ruleset)


def ruleset_of(name: str) -> ClassificationRules:
    return load_ruleset(name) if name else ClassificationRules()
