"""`pitboard import alkamel|ergast|acc`: official files into the store (`PITBOARD_DB`).

Each import reads and checks the whole input first and writes in one transaction: bad input
exits 1 with one line naming the file, the line or JSON path and the value, and nothing is
written. A progress bar is drawn on stderr when it is a terminal (never with --quiet).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from pitboard.cli import fail
from pitboard.cli.classify import SESSION_KINDS

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress

    from pitboard.importers.progress import Progress
    from pitboard.store import Store

QUIET = click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
DB_HELP = "The database is PITBOARD_DB (a SQLite path or a SQLAlchemy URL), else ./pitboard.db."


class _Bar:
    """A Rich progress bar on stderr, one task per import step."""

    def __init__(self, progress: RichProgress) -> None:
        self.progress = progress
        self.task: Any = None

    def start(self, description: str, total: int) -> None:
        self.task = self.progress.add_task(description, total=total)

    def advance(self, steps: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, steps)


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Progress]:
    """A Rich bar on stderr, or nothing when --quiet or stderr is not a terminal."""
    from pitboard.importers.progress import quiet_progress

    if quiet or not sys.stderr.isatty():
        yield quiet_progress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *Progress.get_default_columns()[:1], *columns, console=Console(stderr=True)
    ) as bar:
        yield _Bar(bar)


def run_import(step: Callable[[Store, Progress], str], quiet: bool) -> None:
    """Open the store, run the import, print its one-line summary; errors as one line."""
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    try:
        with open_store() as store, progress_bar(quiet) as progress:
            summary = step(store, progress)
    except PitboardError as error:
        fail(error)
    except OSError as error:
        fail(f"{error.filename or ''}: {error.strerror}".lstrip(": "))
    click.echo(summary)


@click.group(name="import", help=f"Import official files into the store. {DB_HELP}")
def import_() -> None:
    pass


@import_.command(name="ergast")
@click.argument("directory")
@click.option(
    "--on-error",
    type=click.Choice(["raise", "collect"]),
    default="raise",
    show_default=True,
    help="raise: a bad row stops the import, nothing is written. collect: import the good rows "
    "and list each row left out on stderr.",
)
@QUIET
def ergast(directory: str, on_error: str, quiet: bool) -> None:
    """Import a whole Ergast CSV directory: one season `f1-YYYY` per year, its races as events
    (`f1-YYYY-rNN`) with a race session (`f1-YYYY-rNN-race`), entries and published results.
    Points are never imported: `pitboard standings f1-YYYY` computes them."""
    from pitboard.model import FormatError

    issues: list[FormatError] | None = [] if on_error == "collect" else None

    def step(store: Store, progress: Progress) -> str:
        from pitboard.importers.ergast import import_ergast

        seasons = import_ergast(store, directory, progress, issues)
        first, last = (seasons[0], seasons[-1]) if seasons else ("-", "-")
        summary = f"imported {len(seasons)} seasons ({first} .. {last}) into {store.url}"
        for issue in issues or []:
            click.echo(f"pitboard: skipped: {issue}", err=True)
        return f"{summary}; {len(issues)} rows left out" if issues else summary

    run_import(step, quiet)


@import_.command(name="alkamel")
@click.argument("laps")
@click.option("--session", "key", required=True, help="Session key, e.g. gt4-2023-r2-race1.")
@click.option("--event", help="Event key the session belongs to (must exist).")
@click.option(
    "--kind",
    type=click.Choice(SESSION_KINDS),
    help="Session kind (default: guessed from the file name).",
)
@click.option("--results", help="The official results file of the session.")
@click.option("--weather", help="The weather file of the session.")
@QUIET
def alkamel(
    laps: str,
    key: str,
    event: str | None,
    kind: str | None,
    results: str | None,
    weather: str | None,
    quiet: bool,
) -> None:
    """Import an Al Kamel session: the lap analysis LAPS, optionally its results and weather."""

    def step(store: Store, progress: Progress) -> str:
        from pitboard.importers.alkamel import import_alkamel
        from pitboard.model import SessionKind

        session = import_alkamel(
            store,
            key,
            laps,
            event=event,
            kind=SessionKind(kind) if kind else None,
            results=results,
            weather=weather,
            progress=progress,
        )
        cars, count = len(session.entries), len(session.laps)
        return f"imported {key}: {session.kind.value}, {cars} cars, {count} laps"

    run_import(step, quiet)


@import_.command(name="acc")
@click.argument("file")
@click.option("--session", "key", required=True, help="Session key, e.g. acc-brands-hatch-r.")
@click.option("--event", help="Event key the session belongs to (must exist).")
@QUIET
def acc(file: str, key: str, event: str | None, quiet: bool) -> None:
    """Import an Assetto Corsa Competizione server result file (UTF-16 or UTF-8 JSON): entries,
    laps with their drivers, and the server's post-race penalties as decisions."""

    def step(store: Store, progress: Progress) -> str:
        from pitboard.importers.acc import import_acc

        result = import_acc(store, key, file, event=event, progress=progress)
        session = result.session
        return (
            f"imported {key}: {session.kind.value}, {len(session.entries)} cars, "
            f"{len(session.laps)} laps, {len(result.penalties)} penalties"
        )

    run_import(step, quiet)
