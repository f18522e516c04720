"""`pitboard simulate`, `pitboard ingest`, `pitboard replay`: live timing from the command line."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from pitboard.cli import fail
from pitboard.model import PitboardError
from pitboard.model.passing import Loop

MIN_MINUTES = 3  # shorter, and no car completes a lap after the time is up

SIM_HELP = """Simulate a GT4-style race as a stream of decoder passings (SYNTHETIC: invented cars,
teams, drivers and results).

\b
  pitboard simulate --prepare live.db --session demo-race     entry list into the store
  pitboard simulate --to http://127.0.0.1:8123 --session demo-race --token T --speed 60
  pitboard simulate --to p3://127.0.0.1:5403 --speed 10         be the decoders (P3 server)
  pitboard simulate --to file:race.jsonl                        JSON lines, header first
"""


@click.command(help=SIM_HELP)
@click.option("--seed", default=1, show_default=True)
@click.option("--cars", default=48, show_default=True, type=click.IntRange(1, 200))
@click.option("--minutes", default=60, show_default=True, type=click.IntRange(MIN_MINUTES, 24 * 60))
@click.option("--red-flag", is_flag=True, help="Stop the race for a while (5% of its length).")
@click.option("--clean", is_flag=True, help="One transponder a car, no lost or stray reads.")
@click.option("--speed", default=1.0, show_default=True, help="1 real time, 0 no waiting.")
@click.option("--to", "target", default="", help="file:PATH, http://HOST:PORT or p3://HOST:PORT")
@click.option("--session", default="sim-race", show_default=True, help="Session key (store, API).")
@click.option("--token", envvar="PITBOARD_TOKEN", default="", help="Bearer token for HTTP.")
@click.option("--prepare", "prepare_db", default="", help="Save the session's entries in this DB.")
@click.option(
    "--retry-for",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0),
    help="HTTP: seconds to keep retrying a batch the server does not answer.",
)
def simulate(
    seed: int,
    cars: int,
    minutes: int,
    red_flag: bool,
    clean: bool,
    speed: float,
    target: str,
    session: str,
    token: str,
    prepare_db: str,
    retry_for: float,
) -> None:
    from pitboard.sim import RaceSettings, simulate_race

    race = simulate_race(RaceSettings(seed, cars, minutes, red_flag, noise=not clean))
    click.echo(race.label, err=True)
    try:
        if prepare_db:
            _prepare(race, prepare_db, session)
        if target:
            _send(race, target, session, token, speed, retry_for)
    except (PitboardError, OSError, RuntimeError) as error:
        fail(error)


def _prepare(race: Any, database: str, session: str) -> None:
    from pitboard.model import Session, SessionKind
    from pitboard.store import open_store

    with open_store(database) as store:
        entries = {entry.number: entry for entry in race.entries}
        store.save_session(session, Session(SessionKind.RACE, entries, name=race.label))
    click.echo(f"{database}: session {session!r} with {len(race.entries)} entries", err=True)


def _send(race: Any, target: str, session: str, token: str, speed: float, retry_for: float) -> None:
    from pitboard.sim import outputs

    if target.startswith("file:"):
        count = outputs.write_file(race, Path(target[5:]))
        click.echo(f"{target[5:]}: {count} inputs", err=True)
    elif target.startswith(("http://", "https://")):
        if not token:
            raise RuntimeError("--to http needs --token (or PITBOARD_TOKEN)")
        waiting = f"{target}: no answer yet, retrying for up to {retry_for:g} s"
        retries = outputs.send_http(
            race, target, session, token, speed, retry_for, lambda: click.echo(waiting, err=True)
        )
        click.echo(f"{len(race.inputs)} inputs sent ({retries} retries)", err=True)
    elif target.startswith("p3://"):
        host, port = _host_port(target[5:])
        asyncio.run(_serve_decoders(race, host, port, speed))
    else:
        raise RuntimeError(f"--to: expected file:, http:// or p3://, got {target!r}")


async def _serve_decoders(race: Any, host: str, port: int, speed: float) -> None:
    from pitboard.sim.outputs import DecoderServer

    decoders = DecoderServer()
    server = await asyncio.start_server(decoders.handle, host, port)
    async with server:
        await decoders.run(race, speed)
        await asyncio.sleep(1.0)


def _host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit():
        raise RuntimeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


INGEST_HELP = """Be the one writer of a live session: journal every input, then apply it.

Serves the live API (POST passings/inputs/flags with --token, GET and WebSocket /live) and reads
P3 decoders. On start the session is rebuilt from its journal.

\b
  pitboard ingest --db live.db --session demo-race --http 127.0.0.1:8123 --token T
  pitboard ingest ... --p3 127.0.0.1:5403 --loop 1002=pit_in --loop 1003=pit_out
  pitboard ingest ... --publish redis://127.0.0.1:6379   viewers follow (serve --follow)
  pitboard ingest ... --rmonitor-port 50000              RMonitor for scoreboards
"""


@click.command(help=INGEST_HELP)
@click.option("--db", "database", required=True, help="SQLite path or SQLAlchemy URL.")
@click.option("--session", required=True)
@click.option("--http", "http", default="127.0.0.1:8123", show_default=True)
@click.option("--token", envvar="PITBOARD_TOKEN", required=True, help="Bearer token for writes.")
@click.option("--p3", "p3", multiple=True, help="HOST:PORT of a P3 decoder to connect to.")
@click.option("--loop", "loops", multiple=True, help="DECODER=LOOP, e.g. 1002=pit_in.")
@click.option("--publish", default="", help="redis://… or nats://… for viewer processes.")
@click.option("--channel", default="pitboard.live", show_default=True, help="Channel prefix.")
@click.option("--rmonitor-port", "rmonitor", default=0, help="Serve RMonitor on this TCP port.")
@click.option(
    "--stream",
    type=click.Choice(["frames", "asgi"]),
    default="frames",
    show_default=True,
    help="How WebSocket viewers are written to: one prepared frame for all, or ASGI per viewer.",
)
def ingest(
    database: str,
    session: str,
    http: str,
    token: str,
    p3: tuple[str, ...],
    loops: tuple[str, ...],
    publish: str,
    channel: str,
    rmonitor: int,
    stream: str,
) -> None:
    try:
        outputs = Outputs(p3, _loops(loops), publish, channel, rmonitor, _host_port(http)[0])
        app = _ingest_app(database, session, token, outputs)
        host, port = _host_port(http)
    except (PitboardError, RuntimeError) as error:
        fail(error)
    from pitboard.live.pauses import collect_as_a_writer
    from pitboard.web.server import run

    collect_as_a_writer()  # no half-second pause for the viewers late in a race
    run(app, host, port, frames=stream == "frames")


def _loops(pairs: tuple[str, ...]) -> dict[int, Loop]:
    from pitboard.sim.race import DECODERS

    loops = {int(decoder): loop for loop, decoder in DECODERS.items()}
    for pair in pairs:
        decoder, _, name = pair.partition("=")
        try:
            loops[int(decoder)] = Loop(name)
        except ValueError:
            raise RuntimeError(f"--loop: expected DECODER=LOOP, got {pair!r}") from None
    return loops


@dataclass(frozen=True)
class Outputs:
    """What an ingest reads besides HTTP, and where it sends the tower."""

    p3: tuple[str, ...] = ()
    loops: dict[int, Loop] = field(default_factory=dict)
    publish: str = ""
    channel: str = "pitboard.live"
    rmonitor: int = 0
    host: str = "127.0.0.1"


def _ingest_app(database: str, session: str, token: str, outputs: Outputs) -> Any:
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    from pitboard.live.ingest import LiveHub
    from pitboard.store import open_store
    from pitboard.web.live_api import LivePosts, router

    store = open_store(database)
    hub = LiveHub(store)
    started = time.perf_counter()
    live = hub.writer(session)  # the one writer; replays the journal before serving
    click.echo(
        f"{session}: {live.live.inputs} inputs replayed in {time.perf_counter() - started:.2f}s",
        err=True,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        async with _running(outputs, session, live):
            yield
        hub.close()

    app = FastAPI(title="pitboard ingest", lifespan=lifespan)
    app.state.store, app.state.live, app.state.live_token = store, hub, token
    app.include_router(router)
    return LivePosts(app)  # the writes of records on the lean path, the rest through FastAPI


@asynccontextmanager
async def _running(outputs: Outputs, session: str, live: Any) -> AsyncIterator[None]:
    """The decoder feeds, the relay to viewers and the RMonitor server, for as long as served."""
    from pitboard.live.p3feed import connect_decoder

    tasks = [connect_decoder(*_host_port(a), live, outputs.loops) for a in outputs.p3]
    running = [asyncio.create_task(task) for task in tasks]
    closing: list[Any] = []
    if outputs.publish:
        from pitboard.live.relay import Publisher, open_bus

        bus = await open_bus(outputs.publish)
        publisher = await Publisher(bus, session, live, outputs.channel).start()
        closing += [publisher.close, bus.close]
        click.echo(f"{session}: publishing to {outputs.publish} ({publisher.channel})", err=True)
    if outputs.rmonitor:
        from pitboard.live.scoreboard import serve_rmonitor

        server = await serve_rmonitor(live, outputs.host, outputs.rmonitor)
        closing.append(server.close)
        click.echo(f"{session}: RMonitor on {outputs.host}:{outputs.rmonitor}", err=True)
    try:
        yield
    finally:
        for task in running:
            task.cancel()
        for close in closing:
            await close()


REPLAY_HELP = """Re-run a journal (a store, or a simulator JSON-lines file) through the live
session, at any speed, and print the classification it ends with.

\b
  pitboard replay live.db --session demo-race --speed 0
  pitboard replay race.jsonl --speed 20 --json
"""


@click.command(help=REPLAY_HELP)
@click.argument("journal")
@click.option("--session", default="", help="Session key (a store journal).")
@click.option("--speed", default=0.0, show_default=True, help="0: as fast as possible.")
@click.option("--json", "as_json", is_flag=True, help="The final tower as JSON.")
def replay(journal: str, session: str, speed: float, as_json: bool) -> None:
    from pitboard.live.replay import read_jsonl, read_store_journal, run

    skipped: list[str] = []
    try:
        if journal.endswith(".jsonl"):
            recording = read_jsonl(Path(journal))
        else:
            key = session or _only_session(journal)
            recording = read_store_journal(journal, key, skipped)
        live = run(recording, speed)
    except (PitboardError, OSError, RuntimeError) as error:
        fail(error)
    for text in skipped:
        click.echo(f"skipped {text}", err=True)
    from pitboard.live.tower_json import tower_to_json

    tower = tower_to_json(live.tower())
    if as_json:
        click.echo(json.dumps(tower, indent=1))
        return
    _print_tower(tower, len(recording.inputs), live.issue_count)


def _only_session(database: str) -> str:
    raise RuntimeError(
        f"{database}: not a simulator journal (*.jsonl); to replay a store's journal, give the"
        " store and --session (the session key in the store)"
    )


def _print_tower(tower: dict[str, Any], inputs: int, issues: int) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=int(os.environ.get("COLUMNS", "100")))
    for car_class in tower["classes"]:
        table = Table(title=car_class, box=None, pad_edge=False)
        for column in ("Pos", "No", "Driver", "Laps", "Gap", "Best", "Stops", "Status"):
            table.add_column(column)
        for row in (r for r in tower["rows"] if r["class"] == car_class):
            best = row["best_lap_ms"]
            table.add_row(
                str(row["class_position"]),
                row["number"],
                row["driver"],
                str(row["laps"]),
                row["class_gap"] or "",
                "" if best is None else f"{best // 60000}:{best % 60000 / 1000:06.3f}",
                str(row["pit_stops"]),
                row["status"],
            )
        console.print(table)
    console.print(f"{inputs} inputs replayed, {issues} reported; flag {tower['flag']}")
