"""`pitboard results publish` and `pitboard decision add`: the stewards' side of a result.

Writes name who did them (`--by`); every version and decision stays readable afterwards.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import click

from pitboard.cli import fail

KINDS = ("time", "laps", "positions", "back", "dsq", "delete_lap")
STATES = ("provisional", "official", "revised")


@click.group(help="Result versions of a session: provisional -> official -> revised.")
def results() -> None:
    pass


@results.command()
@click.argument("session")
@click.option("--state", type=click.Choice(STATES), required=True)
@click.option("--reason", default="", help="Why this version (e.g. 'protest by car 21 upheld').")
@click.option("--by", "by", required=True, help="Who publishes it (e.g. 'Race Director').")
def publish(session: str, state: str, reason: str, by: str) -> None:
    """Publish the next version of SESSION's result; it includes every decision so far."""
    from pitboard.model import PitboardError
    from pitboard.store import ResultState, open_store

    try:
        with open_store() as store:
            version = store.publish_result(session, ResultState(state), reason=reason, by=by)
    except PitboardError as error:
        fail(error)
    click.echo(f"{session}: version {version.number} {version.state.value}")


def _penalty(car: str, kind: str, amount: str | None, reason: str) -> object:
    """The Penalty for a decision; AMOUNT is seconds, laps, places or the lap number."""
    from pitboard.model import Penalty, PenaltyKind

    penalty_kind = PenaltyKind(kind)
    if penalty_kind in (PenaltyKind.DISQUALIFICATION, PenaltyKind.TO_THE_BACK):
        return Penalty(car, penalty_kind, reason=reason)
    if amount is None:
        fail(f"decision {kind}: AMOUNT is required")
    try:
        value = Decimal(amount)
    except InvalidOperation:
        fail(f"decision {kind}: bad amount {amount!r}")
    if not value.is_finite() or value <= 0 or (kind != "time" and value != value.to_integral()):
        fail(f"decision {kind}: bad amount {amount!r}")
    if penalty_kind is PenaltyKind.TIME:
        return Penalty(car, penalty_kind, millis=int(value * 1000), reason=reason)
    field = {"laps": "laps", "positions": "positions", "delete_lap": "lap"}[kind]
    return Penalty(car, penalty_kind, reason=reason, **{field: int(value)})


@click.group(help="Stewards' decisions after the flag.")
def decision() -> None:
    pass


@decision.command()
@click.argument("session")
@click.argument("car")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("amount", required=False)
@click.option("--reason", required=True, help="Why (e.g. 'track limits, turn 4').")
@click.option("--by", "by", required=True, help="Who decided (e.g. 'Stewards').")
def add(session: str, car: str, kind: str, amount: str | None, reason: str, by: str) -> None:
    """Add a decision on CAR in SESSION: KIND is time (AMOUNT seconds, e.g. 5), laps, positions,
    delete_lap (AMOUNT = the lap) or dsq (no AMOUNT). It counts from the next published version."""
    from datetime import UTC, datetime

    from pitboard.model import Penalty, PitboardError
    from pitboard.store import Decision, open_store

    penalty = _penalty(car, kind, amount, reason)
    assert isinstance(penalty, Penalty)
    try:
        with open_store() as store:
            (number,) = store.save_penalties(session, [Decision(penalty, by, datetime.now(UTC))])
    except PitboardError as error:
        fail(error)
    click.echo(f"{session}: decision {number} on car {car} ({kind}) recorded")
