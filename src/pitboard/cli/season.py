"""`pitboard season show SEASON`: the season's rounds, their sessions and where each result is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from pitboard.cli import fail

if TYPE_CHECKING:
    from pitboard.model.season import SessionInfo
    from pitboard.store import Store


@click.group(help="Seasons in the store (PITBOARD_DB, else ./pitboard.db).")
def season() -> None:
    pass


def _result_state(store: Store, session: str) -> str:
    """The latest published version ("official v2"), with the source of imported rows
    ("official v1 (ergast)"), or "-"."""
    from pitboard.store import NotFound

    try:
        version = store.load_result_version(session)
    except NotFound:
        return "-"
    state = f"{version.state.value} v{version.number}"
    imported = store.load_result(session, version.number)
    return f"{state} ({imported.source})" if imported is not None else state


def _local_start(info: SessionInfo, zone: str | None) -> str | None:
    """The scheduled start in the circuit's local time, with its UTC offset when the zone is
    known: `2023-07-15T15:45:00+02:00`."""
    from zoneinfo import ZoneInfo

    if info.scheduled_start is None:
        return None
    start = info.scheduled_start
    return (start.replace(tzinfo=ZoneInfo(zone)) if zone else start).isoformat()


def season_summary(store: Store, key: str) -> dict[str, object]:
    record = store.load_season(key)
    events = []
    for event in store.load_events(key):
        circuit = store.load_circuit(event.circuit) if event.circuit else None
        zone = circuit.time_zone if circuit else None
        sessions = [
            {
                "key": info.key,
                "kind": info.kind.value,
                "name": info.name,
                "start": _local_start(info, zone),
                "result": _result_state(store, info.key),
            }
            for info in store.load_sessions(event.key)
        ]
        events.append(
            {
                "round": event.round,
                "key": event.key,
                "name": event.name,
                "circuit": circuit.name if circuit else None,
                "time_zone": zone,
                "start": event.start.isoformat() if event.start else None,
                "end": event.end.isoformat() if event.end else None,
                "sessions": sessions,
            }
        )
    return {
        "key": record.key,
        "series": record.series,
        "year": record.year,
        "name": record.name,
        "events": events,
    }


@season.command()
@click.argument("season_file")
def load(season_file: str) -> None:
    """Load a season file into the store: a shipped one by id (e.g. gt4-europe-2023) or a path
    to a TOML file. Loading it again updates the season in place."""
    from pathlib import Path

    from pitboard.formats.season import available_seasons, load_season, read_season
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    try:
        shipped = season_file in available_seasons() and not Path(season_file).exists()
        plan = load_season(season_file) if shipped else read_season(season_file)
        with open_store() as store:
            store.save_season_plan(plan)
    except (PitboardError, OSError) as error:
        fail(error)
    click.echo(
        f"loaded {plan.season.key}: {len(plan.events)} rounds, {len(plan.sessions)} sessions,"
        f" {len(plan.entries)} entries"
    )


@season.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the season as JSON.")
def show(key: str, as_json: bool) -> None:
    """Show season KEY (e.g. f1-1988): its rounds with dates, sessions with their start in the
    circuit's local time (and its time zone), and result states."""
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    try:
        with open_store() as store:
            summary = season_summary(store, key)
    except PitboardError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False))
        return
    _print(summary)


def _print(summary: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    prefix = f"{summary['key']}-"
    table = Table(title=f"{summary['name']} ({summary['key']})")
    table.caption = f"session keys: {prefix}SESSION"
    table.add_column("Rd", justify="right")
    table.add_column("Event", min_width=11)
    table.add_column("Session", no_wrap=True)
    table.add_column("Local start", no_wrap=True)
    table.add_column("Result")
    events = summary["events"]
    assert isinstance(events, list)
    for event in events:
        lines = [event["name"], event["time_zone"] or event["start"]]
        head = [str(event["round"]), "\n".join(str(line) for line in lines if line)]
        for info in event["sessions"] or [{"key": "", "kind": "", "result": ""}]:
            start = _clock(info.get("start"), event["time_zone"])
            short = info["key"].removeprefix(prefix)
            table.add_row(*head, short, start, info["result"])
            head = ["", ""]
    Console().print(table)


def _clock(start: str | None, zone: str | None) -> str:
    """`15 Jul 15:45 CEST`: a local start as read at the circuit."""
    from datetime import datetime

    if start is None:
        return ""
    moment = datetime.fromisoformat(start)
    if zone:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo(zone))
    return moment.strftime("%d %b %H:%M %Z").strip()
