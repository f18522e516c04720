"""`pitboard report weekend SEASON EVENT --entry N`: the press office's weekend report.

With `--db` (a SQLite path or SQLAlchemy URL) the weekend is read from the store: any event with
results. Without it the demo weekend (`gt4-europe-2023 misano`) is generated on the fly: no
database is needed. Its calendar is the shipped season file
(pitboard/seasons/gt4-europe-2023.toml), its quotes (car 17) and media links the demo's files,
unless --quotes / --media name others.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from pitboard.cli import fail
from pitboard.model import PitboardError
from pitboard.reports.weekend_data import CalendarRound, Weekend

FORMATS = ("md", "html", "pdf")


@click.group(help="Reports written from the results.")
def report() -> None:
    pass


@report.command(
    "weekend",
    help="A press release for one car's weekend: SEASON (e.g. gt4-europe-2023), EVENT (misano).",
)
@click.argument("season")
@click.argument("event")
@click.option("--entry", "car", required=True, help="Car number, as written: 17, 021.")
@click.option("--lang", "language", type=click.Choice(["en", "sv"]), default="en")
@click.option("--format", "form", type=click.Choice(FORMATS), default="md")
@click.option("--quotes", type=click.Path(path_type=Path, dir_okay=False), help="Quotes TOML.")
@click.option("--media", type=click.Path(path_type=Path, dir_okay=False), help="Media TOML.")
@click.option("--db", default=None, help="Read the weekend from this store (path or URL).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write here (a PDF goes to stdout only when asked with '-').")  # fmt: skip
def weekend(
    season: str,
    event: str,
    car: str,
    language: str,
    form: str,
    quotes: Path | None,
    media: Path | None,
    db: str | None,
    output: Path | None,
) -> None:
    from pitboard.reports.i18n import Language
    from pitboard.reports.press_kit import read_media, read_quotes
    from pitboard.reports.weekend import weekend_report

    try:
        data = load_weekend(season, event) if db is None else _stored_weekend(db, season, event)
        quotes = quotes or _demo_file(season, event, car, "weekend_quotes.toml")
        media = media or _demo_file(season, event, None, "weekend_media.toml")
        written = weekend_report(
            data,
            car,
            Language(language),
            read_quotes(quotes) if quotes else (),
            read_media(media) if media else None,
        )
    except PitboardError as error:
        fail(error)
    _write(written, form, output, f"{season}-{event}-{car}-{language}.pdf")


def _write(written: Any, form: str, output: Path | None, default_pdf: str) -> None:
    from pitboard.reports.render_html import report_html, report_pdf
    from pitboard.reports.render_text import report_markdown

    if form == "pdf":
        target = output or Path(default_pdf)
        pdf = report_pdf(written)
        if str(target) == "-":
            sys.stdout.buffer.write(pdf)
        else:
            target.write_bytes(pdf)
            click.echo(f"wrote {target}", err=True)
        return
    text = report_markdown(written) if form == "md" else report_html(written)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _stored_weekend(db: str, season: str, event: str) -> Weekend:
    from pitboard.reports.store_weekend import find_event, store_weekend
    from pitboard.store import open_store

    with open_store(db) as store:
        return store_weekend(store, find_event(store, season, event).key)


def _demo_file(season: str, event: str, car: str | None, name: str) -> Path | None:
    from pitboard.demo.weekend import EVENT, SEASON
    from pitboard.demo.weekend_field import FOLLOWED

    if (season, event) != (SEASON, EVENT) or car not in (None, FOLLOWED):
        return None
    return Path(str(resources.files("pitboard.demo").joinpath(name)))


def load_weekend(season: str, event: str) -> Weekend:
    """The weekend's sessions (today the bundled synthetic Misano weekend, generated on the fly)
    and the season's calendar from the shipped season file."""
    from pitboard.demo.weekend import EVENT, SEASON, misano_weekend
    from pitboard.reports.weekend_data import WeekendSession, points_places
    from pitboard.rules.championships import load_championship
    from pitboard.rules.rulesets import load_ruleset

    if (season, event) != (SEASON, EVENT):
        raise PitboardError(f"no results for {season} {event} (the demo is {SEASON} {EVENT})")
    name, calendar = season_calendar(season)
    demo = misano_weekend()
    sessions = tuple(
        WeekendSession(s.key, s.session, s.start, s.weather, s.grid_from) for s in demo.sessions
    )
    this = next(r for r in calendar if r.key == event)
    rules = load_ruleset("gt4-europe")
    scoring = points_places(load_championship("gt4-europe", 2023))
    return Weekend(season, name, this, sessions, tuple(calendar), rules, scoring, synthetic=True)


def season_calendar(season: str) -> tuple[str, list[CalendarRound]]:
    """The season's name (without the year) and its rounds, from the shipped season file."""
    from pitboard.formats.season import load_season
    from pitboard.reports.store_weekend import country_code

    plan = load_season(season)
    circuits = {circuit.key: circuit for circuit in plan.circuits}
    rounds = []
    for event in plan.events:
        circuit = circuits.get(event.circuit or "")
        if event.start is None or event.end is None:
            continue
        short = event.key.removeprefix(f"{plan.season.key}-")
        country = country_code(circuit.country if circuit else "")
        rounds.append(
            CalendarRound(event.round, short, event.name, country, event.start, event.end)
        )
    return plan.season.name, rounds
