"""What race control may change, checked and written together with its audit record.

Three writes: add a stewards' decision, publish a result version (provisional, official,
revised), correct an entry (class, team, car, crew). Each takes the fields as text (from a form
or from the JSON API), refuses bad input with a `FormProblem` naming the field and the value, and
writes the change and its audit record (who, when, what, why) in one transaction.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from pitboard.model import Driver, Entry, Penalty, PenaltyKind, PitboardError
from pitboard.rules.entry_fields import entry_problems
from pitboard.store import Decision, ResultState, ResultVersion, Store, StoreError
from pitboard.store import decisions as stored_decisions
from pitboard.store import sessions as stored_sessions
from pitboard.web.accounts import User, record_audit

MAX_REASON = 500


class FormProblem(PitboardError):
    """Bad input in a race control form or API call; nothing was written."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _text(fields: dict[str, str], name: str) -> str:
    return str(fields.get(name, "") or "").strip()


def _reason(fields: dict[str, str]) -> str:
    reason = _text(fields, "reason")
    if not reason:
        raise FormProblem("reason", "say why (it goes in the audit log)")
    if len(reason) > MAX_REASON:
        raise FormProblem("reason", f"at most {MAX_REASON} characters")
    return reason


def _whole(fields: dict[str, str], name: str, low: int = 1, high: int = 10_000) -> int:
    raw = _text(fields, name)
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:  # not '²'
        raise FormProblem(name, f"a whole number from {low} to {high}, not {raw!r}")
    return int(raw)


def _millis(fields: dict[str, str], name: str) -> int:
    raw = _text(fields, name)
    try:
        seconds = Decimal(raw)
    except InvalidOperation:
        raise FormProblem(name, f"seconds such as 5 or 2.5, not {raw!r}") from None
    if not seconds.is_finite() or not Decimal(0) < seconds <= Decimal(36_000):
        raise FormProblem(name, f"seconds from 0.001 to 36000, not {raw!r}")
    if (seconds * 1000) % 1:
        raise FormProblem(name, f"seconds to the millisecond at most (0.001), not {raw!r}")
    return int(seconds * 1000)


def penalty_from_fields(fields: dict[str, str], cars: set[str]) -> Penalty:
    car = _text(fields, "car")
    if car not in cars:
        raise FormProblem("car", f"no car {car!r} in this session")
    try:
        kind = PenaltyKind(_text(fields, "kind"))
    except ValueError:
        raise FormProblem("kind", f"one of {', '.join(k.value for k in PenaltyKind)}") from None
    reason = _reason(fields)
    penalty = Penalty(car=car, kind=kind, reason=reason)
    if kind is PenaltyKind.TIME:
        return replace(penalty, millis=_millis(fields, "seconds"))
    if kind is PenaltyKind.LAPS:
        return replace(penalty, laps=_whole(fields, "laps", high=1000))
    if kind is PenaltyKind.POSITIONS:
        return replace(penalty, positions=_whole(fields, "positions", high=200))
    if kind is PenaltyKind.DELETE_LAP:
        return replace(penalty, lap=_whole(fields, "lap"))
    return penalty


def session_cars(store: Store, session: str) -> set[str]:
    loaded = store.load_session(session)
    return set(loaded.entries) | {lap.car for lap in loaded.laps}


def add_decision(store: Store, user: User, session: str, fields: dict[str, str]) -> int:
    penalty = penalty_from_fields(fields, session_cars(store, session))
    decision = Decision(penalty, decided_by=user.name, decided_at=datetime.now(UTC))
    with store.engine.begin() as connection:
        (decision_id,) = stored_decisions.save_penalties(connection, session, [decision])
        what = f"decision #{decision_id}: car {penalty.car} {_penalty_words(penalty)}"
        record_audit(connection, user, "decision", what, penalty.reason, session=session)
    return decision_id


def _penalty_words(penalty: Penalty) -> str:
    return {
        PenaltyKind.TIME: f"+{Decimal(penalty.millis) / 1000} s",
        PenaltyKind.LAPS: f"-{penalty.laps} lap(s)",
        PenaltyKind.POSITIONS: f"drop {penalty.positions} place(s)",
        PenaltyKind.TO_THE_BACK: "to the back",
        PenaltyKind.DISQUALIFICATION: "disqualified",
        PenaltyKind.DELETE_LAP: f"lap {penalty.lap} deleted",
    }[penalty.kind]


def publish(store: Store, user: User, session: str, fields: dict[str, str]) -> ResultVersion:
    try:
        state = ResultState(_text(fields, "state"))
    except ValueError:
        raise FormProblem("state", "provisional, official or revised") from None
    reason = _reason(fields)
    try:
        with store.engine.begin() as connection:
            version = stored_decisions.publish_result(
                connection, session, state, reason=reason, by=user.name
            )
            what = f"published version {version.number}: {state.value}"
            record_audit(connection, user, "publish", what, reason, session=session)
    except StoreError as error:
        if "cannot publish" in str(error):
            raise FormProblem("state", str(error)) from None
        raise
    return version


def correct_entry(
    store: Store, user: User, session: str, number: str, fields: dict[str, str]
) -> None:
    """Change an entry's class, team, car or crew in one session (its laps stay as they are)."""
    reason = _reason(fields)
    with store.engine.begin() as connection:
        info = stored_sessions.load_session_info(connection, session)
        loaded = stored_sessions.load_session(connection, session)
        old = loaded.entries.get(number)
        if old is None:
            raise FormProblem("number", f"no entry {number!r} in this session")
        new = _corrected(old, fields)
        if new == old:
            raise FormProblem("car_class", "nothing to change: every field is as it was")
        loaded.entries[number] = new
        stored_sessions.save_session(connection, info, loaded)
        what = f"entry {number}: {_changes(old, new)}"
        record_audit(connection, user, "entry", what, reason, session=session)


def _corrected(old: Entry, fields: dict[str, str]) -> Entry:
    names = [n.strip() for n in _text(fields, "drivers").replace("\n", ",").split(",")]
    names = [n for n in names if n]
    known = {d.name: d for d in old.drivers}
    drivers = tuple(known.get(n, Driver(n)) for n in names) if names else old.drivers
    new = replace(
        old,
        car_class=_text(fields, "car_class") or old.car_class,
        team=_text(fields, "team") or old.team,
        vehicle=_text(fields, "vehicle") or old.vehicle,
        drivers=drivers,
    )
    for name, problem in entry_problems(new):
        raise FormProblem("drivers" if name == "driver" else name, problem)
    return new


def _changes(old: Entry, new: Entry) -> str:
    words = []
    for name in ("car_class", "team", "vehicle"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            words.append(f"{name.replace('_', ' ')} {before!r} -> {after!r}")
    before_crew, after_crew = old.driver_names, new.driver_names
    if before_crew != after_crew:
        words.append(f"drivers {' / '.join(before_crew)} -> {' / '.join(after_crew)}")
    return "; ".join(words)
