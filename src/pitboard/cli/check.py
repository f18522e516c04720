"""`pitboard check`: a session's laps against the series' sporting rules (drive time, the
mandatory stop, stint length), each breach with its evidence."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pitboard.cli import fail
from pitboard.cli.batch import SESSION_KINDS
from pitboard.cli.classify import ruleset_option

if TYPE_CHECKING:
    from pitboard.model import Session
    from pitboard.rules.compliance import Breach, ComplianceRules

BREACHES_FOUND = 3  # exit status when a breach is found (1 is bad input)

CHECK_HELP = """Check a session's laps against the series' sporting rules.

FILE is an Al Kamel lap analysis, as for `pitboard classify`, or the key of a session in the
store (PITBOARD_DB); a stored race's own pit window (from its season file) then replaces the
ruleset's. The rules are the
`[compliance]` section of the ruleset (docs/rulesets.md): minimum and maximum drive time per
driver, maximum drive time within a period, the mandatory stops (count, pit window, driver
change), the minimum time in the pit lane of a mandatory stop, and the longest stint.
`--set KEY=VALUE` replaces one key for this event (durations as `1:05` or `25:00`, a pair as
`25:00,35:00`).

Prints each breach with its evidence (car, driver, laps, time measured and the limit), or
with --json {"ruleset", "session", "breaches": [{car, class, check, driver, laps, measured,
limit, unit, message}]}. Exits 0 when there is no breach, 3 when there is one, 1 on bad input.
"""


@click.command(help=CHECK_HELP, no_args_is_help=True)
@click.argument("file", metavar="FILE|SESSION", type=click.Path(path_type=Path))
@click.option("--session", "kind", type=click.Choice(SESSION_KINDS), help="Session kind.")
@ruleset_option("Series rules ([compliance] section).")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="Replace one rule for this event, e.g. --set min_pit_time=1:12.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the breaches as JSON.")
def check(
    file: Path, kind: str | None, ruleset: str, settings: tuple[str, ...], as_json: bool
) -> None:
    from pitboard.model import PitboardError

    try:
        session, rules, breaches = _check(file, kind, ruleset, _overrides(settings))
    except PitboardError as error:
        fail(error)
    if as_json:
        _print_json(session, rules, breaches)
    else:
        _print_text(file, session, rules, breaches)
    sys.exit(BREACHES_FOUND if breaches else 0)


def _overrides(settings: tuple[str, ...]) -> dict[str, str]:
    overrides = {}
    for setting in settings:
        key, sep, value = setting.partition("=")
        if not sep or not key.strip():
            fail(f"--set {setting!r}: expected KEY=VALUE")
        overrides[key.strip()] = value.strip()
    return overrides


def _check(
    file: Path, kind: str | None, ruleset: str, overrides: dict[str, str]
) -> tuple[Session, ComplianceRules, list[Breach]]:
    from pitboard.formats.registry import read_session
    from pitboard.model import SessionKind
    from pitboard.rules.compliance import check as check_session
    from pitboard.rules.rulesets.compliance import load_compliance

    rules = load_compliance(ruleset, overrides)
    if not file.exists() and "/" not in str(file) and not file.suffix:  # a session key
        session, rules = _stored(str(file), rules, "pit_window" in overrides)
    else:
        session = read_session(file, SessionKind(kind) if kind else None, sectors=False)
    return session, rules, check_session(session, rules)


def _stored(key: str, rules: ComplianceRules, keep_window: bool) -> tuple[Session, ComplianceRules]:
    """A session from the store, with its own pit window unless --set gave one."""
    from pitboard.rules.compliance import with_pit_window
    from pitboard.store import NotFound, open_store

    with open_store() as store:
        try:
            info = store.load_session_info(key)
        except NotFound:
            fail(f"no file {key!r}, nor a session {key!r} in the store")
        session = store.load_session(key)
    if info.pit_window is not None and not keep_window:
        rules = with_pit_window(rules, info.pit_window)
    return session, rules


def _print_text(
    file: Path, session: Session, rules: ComplianceRules, breaches: list[Breach]
) -> None:
    from pitboard.rules.compliance import describe_laps

    for breach in breaches:
        evidence = f" (laps {describe_laps(breach.laps)})" if breach.laps else ""
        click.echo(f"#{breach.car}  {breach.check.value}  {breach.message}{evidence}")
    count = len(breaches)
    noun = "breach" if count == 1 else "breaches"
    click.echo(f"{file.name}: {count} {noun} of the {rules.name} rules")
    if session.kind.value != "race":
        click.echo(f"(a {session.kind.value} session: the rules apply to races only)")


def _print_json(session: Session, rules: ComplianceRules, breaches: list[Breach]) -> None:
    import json

    document = {
        "ruleset": rules.name,
        "session": {"name": session.name, "kind": session.kind.value, "laps": len(session.laps)},
        "breaches": [_breach(session, breach) for breach in breaches],
    }
    json.dump(document, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def _breach(session: Session, breach: Breach) -> dict[str, Any]:
    from pitboard.rules.compliance import Check
    from pitboard.rules.sectors import class_of

    return {
        "car": breach.car,
        "class": class_of(session, breach.car),
        "check": breach.check.value,
        "driver": breach.driver,
        "laps": list(breach.laps),
        "measured": breach.measured,
        "limit": breach.limit,
        "unit": "stops" if breach.check is Check.MANDATORY_STOPS else "ms",
        "message": breach.message,
    }
