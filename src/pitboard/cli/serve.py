"""`pitboard serve`: the results site, API and race control over a store (uvicorn).

`pitboard serve --demo` first loads the demo season into a fresh SQLite file: the shipped GT4
European Series 2023 calendar with the synthetic Misano weekend (48 invented crews, practice,
qualifying and two races with weather and media links; results published, one stewards'
decision), and creates three race control users whose passwords are printed.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import click

from pitboard.cli import fail

DEMO_SEASON = "gt4-europe-2023"
DEMO_USERS = (("admin", "admin", ""), ("control", "race_control", ""), ("team", "team", ""))


@click.command(help=__doc__)
@click.option(
    "--db",
    "db",
    default=None,
    help="Store: a SQLite path or a SQLAlchemy URL "
    "(default: PITBOARD_DB, else ./pitboard.db; with --demo a fresh temporary file).",
)
@click.option("--demo", is_flag=True, help="Load the demo season first (works offline).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--follow",
    default=None,
    metavar="URL",
    help="Viewer process: serve live timing from the writer's redis://… or nats://… stream.",
)
@click.option(
    "--channel",
    default="pitboard.live",
    show_default=True,
    help="With --follow: the channel prefix the writer publishes on (its --channel).",
)
def serve(
    db: str | None, demo: bool, host: str, port: int, follow: str | None, channel: str
) -> None:
    from pitboard.model import PitboardError
    from pitboard.store import open_store
    from pitboard.web import create_app

    listening = _listen_or_fail(host, port)  # before any work: a busy port fails at once
    folder = Path(tempfile.mkdtemp(prefix="pitboard-demo-")) if demo and db is None else None
    if folder is not None:
        db = str(folder / "demo.db")
    try:
        store = open_store(db)
        app = create_app(store=store)
        if follow:
            from pitboard.live.relay import follow as follow_writer

            follow_writer(app, follow, channel)
        if demo:
            click.echo(f"pitboard: loading the demo season into {store.url} ...")
            for line in load_demo(store):
                click.echo(f"  {line}")
    except PitboardError as error:
        listening.close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        fail(error)
    click.echo(f"pitboard: serving http://{host}:{port}/  (Ctrl-C to stop)", nl=True)
    from pitboard.web.server import run

    run(app, host, port, sockets=[listening])


def _listen_or_fail(host: str, port: int) -> socket.socket:
    """A socket bound to `host:port` for uvicorn to serve on; one line and exit 1 when the
    address is taken or cannot be used."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        listening = socket.socket(family, socket.SOCK_STREAM)
    except OSError as error:
        fail(f"cannot listen on {host}:{port}: {error}")
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        fail(f"cannot listen on {host}:{port}: {error.strerror or error}")
    return listening


def load_demo(store: Any) -> list[str]:
    """Load the demo season (unless the store has it already); returns lines to print."""
    from pitboard.formats.season import load_season
    from pitboard.store import NotFound
    from pitboard.web.accounts import Role, add_user, user_by_name

    lines = []
    try:
        store.load_season(DEMO_SEASON)
        lines.append(f"{DEMO_SEASON} is in the store already")
    except NotFound:
        store.save_season_plan(load_season(DEMO_SEASON))
        lines.extend(_load_weekend(store))
    for name, role, team in DEMO_USERS:
        if user_by_name(store.engine, name) is None:
            password = secrets.token_urlsafe(9)
            token = add_user(store.engine, name, password, Role(role), team=team)
            lines.append(f"race control log-in: {name} / {password}  (API token: {token})")
    return lines


def _load_weekend(store: Any) -> list[str]:
    from pitboard.demo.weekend import SYNTHETIC, misano_weekend
    from pitboard.reports.store_weekend import SYNTHETIC as MARK
    from pitboard.store import JournalInput

    weekend = misano_weekend()
    event = f"{weekend.season}-{weekend.event}"
    media = _media()
    store.append_journal(MARK, {"event": event, "note": SYNTHETIC_NOTE})
    _journal_quotes(store, event)
    for part in weekend.sessions:
        key = f"{event}-{part.key}"
        start = part.start.replace(tzinfo=None)
        store.save_session(
            key, part.session, event=event, scheduled_start=start, duration=part.minutes * 60_000
        )
        store.append_journal_many(
            JournalInput("weather", _weather(reading, part.start.tzinfo), key)
            for reading in part.weather
        )
        for title, kind, url in media.get(part.key, []):
            store.append_journal("media", {"title": title, "kind": kind, "url": url}, session=key)
        _publish(store, key, part.key)
    return [f"{event}: {len(weekend.sessions)} sessions ({SYNTHETIC})"]


SYNTHETIC_NOTE = "every team, driver, lap and reading of this event is invented"


def _journal_quotes(store: Any, event: str) -> None:
    """The demo press officer's quotes (car 17), so the site's reports print them too."""
    from pitboard.demo.weekend_field import FOLLOWED
    from pitboard.reports.press_kit import read_quotes
    from pitboard.reports.store_weekend import QUOTE

    path = Path(str(resources.files("pitboard.demo").joinpath("weekend_quotes.toml")))
    for quote in read_quotes(path):
        payload = {"event": event, "car": FOLLOWED, "driver": quote.driver, "part": quote.part}
        payload |= {"when": quote.when} if quote.when else {}
        store.append_journal(QUOTE, {**payload, **quote.texts})


def _weather(reading: Any, zone: Any) -> dict[str, Any]:
    at = datetime.fromtimestamp(reading.time_utc, UTC).astimezone(zone)
    return {
        "at": at.strftime("%H:%M"),
        "air_temp": float(reading.air_temp) if reading.air_temp is not None else None,
        "track_temp": float(reading.track_temp) if reading.track_temp is not None else None,
    }


def _media() -> dict[str, list[tuple[str, str, str]]]:
    """Session key (fp1 ... race2) -> (title, kind, url) from the demo's media file."""
    text = resources.files("pitboard.demo").joinpath("weekend_media.toml").read_text("utf-8")
    data = tomllib.loads(text)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for tv in data.get("tv", []):
        parts = ["q1", "q2"] if tv.get("part") == "qualifying" else [str(tv.get("part"))]
        for part in parts:
            found.setdefault(part, []).append(("Watch on TV (demo link)", "tv", str(tv["url"])))
    if "photos" in data:
        for part in ("fp1", "fp2", "q1", "q2", "race1", "race2"):
            found.setdefault(part, []).append(("Photos (demo link)", "photos", str(data["photos"])))
    return found


# The demo stewards' one decision: Race 2, car 3, five seconds (an invented incident).
DEMO_DECISION = ("race2", "3", 5_000, "pit lane speeding (demo)")


def _publish(store: Any, key: str, part: str) -> None:
    """Every session provisional, then official; the session of `DEMO_DECISION` gets that
    decision between the two, so its official version is the first to count it. Stamped after
    the session ends (its local time), as on the day, not when the demo was loaded."""
    from pitboard.model import Penalty, PenaltyKind
    from pitboard.store import Decision, ResultState

    by, end = "Race Director (demo)", _session_end(store, key)
    after = end + timedelta(minutes=15)
    store.publish_result(key, ResultState.PROVISIONAL, reason="end of session", by=by, at=after)
    decided_part, car, millis, reason = DEMO_DECISION
    if part == decided_part:
        penalty = Penalty(car, PenaltyKind.TIME, millis=millis, reason=reason)
        decided = end + timedelta(minutes=40)
        store.save_penalties(key, [Decision(penalty, "Stewards (demo)", decided)])
    official = end + timedelta(hours=1)
    store.publish_result(key, ResultState.OFFICIAL, reason="results confirmed", by=by, at=official)


def _session_end(store: Any, key: str) -> datetime:
    """When the session ended, aware, in the circuit's time zone."""
    from zoneinfo import ZoneInfo

    info = store.load_session_info(key)
    event = store.load_event(info.event) if info.event else None
    if event is None or not event.circuit or info.scheduled_start is None:
        return datetime.now(UTC)
    zone = ZoneInfo(store.load_circuit(event.circuit).time_zone)
    start: datetime = info.scheduled_start.replace(tzinfo=zone)
    return start + timedelta(milliseconds=info.duration or 0)
