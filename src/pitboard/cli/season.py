"""`pitboard season show SEASON`: the season's rounds, their sessions and where each result is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from pitboard.cli import fail

if TYPE_CHECKING:
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


def season_summary(store: Store, key: str) -> dict[str, object]:
    record = store.load_season(key)
    events = []
    for event in store.load_events(key):
        sessions = [
            {
                "key": info.key,
                "kind": info.kind.value,
                "name": info.name,
                "result": _result_state(store, info.key),
            }
            for info in store.load_sessions(event.key)
        ]
        events.append(
            {
                "round": event.round,
                "key": event.key,
                "name": event.name,
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
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the season as JSON.")
def show(key: str, as_json: bool) -> None:
    """Show season KEY (e.g. f1-1988): its rounds with dates, sessions and result states."""
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

    table = Table(title=f"{summary['name']} ({summary['key']})")
    for name in ("Rd", "Event", "Date", "Session", "Kind", "Result"):
        table.add_column(name)
    events = summary["events"]
    assert isinstance(events, list)
    for event in events:
        first = True
        for info in event["sessions"] or [{"key": "", "kind": "", "result": ""}]:
            head = (
                (str(event["round"]), event["name"], event["start"] or "") if first else ("",) * 3
            )
            table.add_row(*head, info["key"], info["kind"], info["result"])
            first = False
    Console().print(table)
