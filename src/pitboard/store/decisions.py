"""Stewards' decisions (who, when, why) and the versions of a session's result.

A decision is appended, never edited. Publishing a result version stamps every decision not yet
part of a version with that version's number, so each version can be rebuilt from the laps and
the decisions it includes. The lifecycle: provisional (one or more) -> official (once) ->
revised (any number of times); a result may also go out official straight away.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from pitboard.model import Penalty, PenaltyKind
from pitboard.rules.lifecycle import can_publish, decisions_in
from pitboard.store import schema as t
from pitboard.store.keys import inserted_id
from pitboard.store.records import Decision, NotFound, ResultState, ResultVersion, StoreError
from pitboard.store.sessions import session_id_of


def save_penalties(
    connection: sa.Connection, session: str, decisions: Iterable[Decision]
) -> list[int]:
    """Append the decisions to the session; every car must be in its entries or laps."""
    session_id = session_id_of(connection, session)
    decisions = list(decisions)
    cars = _cars(connection, session_id)
    for decision in decisions:
        if decision.penalty.car not in cars:
            raise StoreError(
                f"penalty for car {decision.penalty.car!r}, not in session {session!r}"
            )
        if not decision.decided_by:
            raise StoreError(f"penalty for car {decision.penalty.car!r} says nobody decided it")
    ids: list[int] = []
    for decision in decisions:
        inserted = connection.execute(sa.insert(t.decisions).values(_row(session_id, decision)))
        ids.append(inserted_id(inserted))
    return ids


def load_penalties(
    connection: sa.Connection, session: str, version: int | None = None
) -> list[Decision]:
    """The session's decisions in the order taken; with `version`, those that version includes."""
    session_id = session_id_of(connection, session)
    query = sa.select(t.decisions).where(t.decisions.c.session_id == session_id)
    taken = [_decision(row) for row in connection.execute(query.order_by(t.decisions.c.id))]
    return taken if version is None else decisions_in(taken, version)


def publish_result(
    connection: sa.Connection,
    session: str,
    state: ResultState,
    *,
    reason: str = "",
    by: str = "",
    at: datetime | None = None,
) -> ResultVersion:
    """Publish the next version of the session's result; pending decisions become part of it."""
    session_id = session_id_of(connection, session)
    history = load_result_history(connection, session)
    last = history[-1].state if history else None
    if not can_publish(last, state):
        was = last.value if last else "unpublished"
        raise StoreError(f"session {session!r}: cannot publish {state.value} after {was}")
    version = ResultVersion(
        session=session,
        number=len(history) + 1,
        state=state,
        published_at=at or datetime.now(UTC),
        reason=reason,
        published_by=by,
    )
    connection.execute(sa.insert(t.result_versions).values(_version_row(session_id, version)))
    connection.execute(
        sa.update(t.decisions)
        .where(t.decisions.c.session_id == session_id, t.decisions.c.result_version.is_(None))
        .values(result_version=version.number)
    )
    return version


def load_result_history(connection: sa.Connection, session: str) -> list[ResultVersion]:
    """Every published version of the session's result, oldest first."""
    session_id = session_id_of(connection, session)
    query = (
        sa.select(t.result_versions)
        .where(t.result_versions.c.session_id == session_id)
        .order_by(t.result_versions.c.number)
    )
    return [_version(session, row) for row in connection.execute(query)]


def load_result_version(
    connection: sa.Connection, session: str, number: int | None = None
) -> ResultVersion:
    """One version of the session's result (the latest when `number` is None)."""
    history = load_result_history(connection, session)
    if not history:
        raise NotFound(f"session {session!r} has no published result")
    if number is None:
        return history[-1]
    for version in history:
        if version.number == number:
            return version
    raise NotFound(f"session {session!r} has no result version {number}")


def _cars(connection: sa.Connection, session_id: int) -> set[str]:
    entered = sa.select(t.entries.c.number).where(t.entries.c.session_id == session_id)
    lapped = sa.select(t.laps.c.car).where(t.laps.c.session_id == session_id).distinct()
    return set(connection.execute(entered).scalars()) | set(connection.execute(lapped).scalars())


def _row(session_id: int, decision: Decision) -> dict[str, Any]:
    penalty = decision.penalty
    return {
        "session_id": session_id,
        "car": penalty.car,
        "kind": penalty.kind.value,
        "time_ms": penalty.millis,
        "laps": penalty.laps,
        "positions": penalty.positions,
        "lap": penalty.lap,
        "reason": penalty.reason,
        "decided_by": decision.decided_by,
        "decided_at": decision.decided_at,
        "result_version": None,
    }


def _decision(row: sa.Row[Any]) -> Decision:
    penalty = Penalty(
        car=row.car,
        kind=PenaltyKind(row.kind),
        millis=row.time_ms,
        laps=row.laps,
        positions=row.positions,
        lap=row.lap,
        reason=row.reason,
    )
    return Decision(
        penalty=penalty,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        id=row.id,
        result_version=row.result_version,
    )


def _version_row(session_id: int, version: ResultVersion) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "number": version.number,
        "state": version.state.value,
        "published_at": version.published_at,
        "published_by": version.published_by,
        "reason": version.reason,
    }


def _version(session: str, row: sa.Row[Any]) -> ResultVersion:
    return ResultVersion(
        session=session,
        number=row.number,
        state=ResultState(row.state),
        published_at=row.published_at,
        reason=row.reason,
        published_by=row.published_by,
    )
