"""RMonitor out: scoreboards and displays that speak the Orbits protocol connect over TCP and
get the live session as RMonitor lines (`formats.rmonitor`).

On connecting a display gets the whole picture: run ($B), classes ($C), competitors ($A and
$COMP), a heartbeat ($F) and every car's race ($G) and best-lap ($H) position. Then, as the
session goes on: a $J for each lap completed, $F/$G/$H for what changed, and a $F heartbeat
every second. A display that stops reading is let go rather than slowing the writer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pitboard.formats.rmonitor import (
    FLAG_WORDS,
    LAPS_UNKNOWN,
    NO_FLAG,
    ClassInfo,
    Competitor,
    CompetitorExtended,
    Heartbeat,
    PassingInfo,
    PracticePosition,
    RacePosition,
    Record,
    RunInfo,
    write_lines,
)
from pitboard.live.fanout import Message
from pitboard.live.ingest import Ingest
from pitboard.model import Flag, Lap, Millis
from pitboard.rules.live import Outcome

HEARTBEAT_S = 1.0
MAX_BUFFERED = 1 << 20  # bytes waiting for one display before it is dropped
FLAGS = {flag.value: flag for flag in Flag}


class Scoreboard:
    def __init__(self, ingest: Ingest, run_name: str = "") -> None:
        self.ingest = ingest
        self.run_name = run_name or ingest.live.name or "Race"
        self.clients: set[asyncio.StreamWriter] = set()
        self.totals: dict[str, Millis] = {}  # car -> race time at its last crossing
        self.best_laps: dict[str, tuple[Millis, int]] = {}  # car -> (time, lap number)
        for lap in ingest.live.builder.laps:
            self._note(lap)
        self.tower: Message = ingest.tower_json()
        self.rows = {row["number"]: row for row in self.tower["rows"]}
        ingest.watchers.append(self._laps)
        ingest.broadcast.listeners.append(self._changes)

    def opening(self) -> list[Record]:
        """Everything a display needs when it connects."""
        classes = self._class_numbers()
        records: list[Record] = [RunInfo(1, self.run_name)]
        records += [ClassInfo(number, name) for name, number in classes.items()]
        for row in self.tower["rows"]:
            first, _, last = str(row["driver"]).partition(" ")
            number, class_number = row["number"], classes.get(row["class"], 0)
            records.append(Competitor(number, number, 0, first, last, "", class_number))
            records.append(
                CompetitorExtended(number, number, class_number, first, last, "", row["team"])
            )
        return [*records, self.heartbeat(), *self._positions(self.rows.values())]

    def heartbeat(self) -> Heartbeat:
        now = datetime.now()
        of_day = ((now.hour * 60 + now.minute) * 60 + now.second) * 1000
        laps = self.tower["remaining_laps"]
        flag = FLAGS.get(self.tower["flag"])
        return Heartbeat(
            LAPS_UNKNOWN if laps is None else laps,
            self.tower["remaining_ms"] or 0,
            of_day,
            self.tower["elapsed_ms"],
            NO_FLAG if flag is None else FLAG_WORDS[flag],
        )

    def _class_numbers(self) -> dict[str, int]:
        return {name: index + 1 for index, name in enumerate(self.tower["classes"])}

    def _positions(self, rows: Any) -> list[Record]:
        ranked = sorted(
            (row for row in self.rows.values() if row["best_lap_ms"] is not None),
            key=lambda row: row["best_lap_ms"],
        )
        best_rank = {row["number"]: rank for rank, row in enumerate(ranked, 1)}
        records: list[Record] = []
        for row in sorted(rows, key=lambda row: row["position"]):
            car = row["number"]
            records.append(RacePosition(row["position"], car, row["laps"], self.totals.get(car)))
            if car in best_rank:
                lap = self.best_laps.get(car, (row["best_lap_ms"], 0))[1]
                records.append(PracticePosition(best_rank[car], car, lap, row["best_lap_ms"]))
        return records

    def _note(self, lap: Lap) -> None:
        if lap.elapsed is not None:
            self.totals[lap.car] = lap.elapsed
        best = self.best_laps.get(lap.car)
        if lap.valid and lap.time is not None and (best is None or lap.time < best[0]):
            self.best_laps[lap.car] = (lap.time, lap.number)

    def _laps(self, outcomes: Sequence[Outcome]) -> None:
        laps = [outcome for outcome in outcomes if isinstance(outcome, Lap)]
        for lap in laps:
            self._note(lap)
        if laps:
            self.send([PassingInfo(lap.car, lap.time, lap.elapsed) for lap in laps])

    def _changes(self, message: Message) -> None:
        if message.get("type") not in ("snapshot", "changes"):
            return
        header = {key: value for key, value in message.items() if key not in ("type", "rows")}
        self.tower = {**self.tower, **header}
        self.rows.update((row["number"], row) for row in message["rows"])
        self.tower["rows"] = sorted(self.rows.values(), key=lambda row: row["position"])
        self.send([self.heartbeat(), *self._positions(message["rows"])])

    def send(self, records: list[Record]) -> None:
        data = write_lines(records)
        for client in list(self.clients):
            if client.transport.get_write_buffer_size() > MAX_BUFFERED:
                self._drop(client)
            else:
                client.write(data)

    def _drop(self, client: asyncio.StreamWriter) -> None:
        self.clients.discard(client)
        client.close()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One display: the opening, then whatever happens, until it hangs up."""
        writer.write(write_lines(self.opening()))
        self.clients.add(writer)
        try:
            while await reader.read(4096):  # displays send nothing we use
                pass
        except ConnectionError:
            pass
        finally:
            self._drop(writer)

    async def beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_S)
            self.send([self.heartbeat()])

    def detach(self) -> None:
        self.ingest.watchers.remove(self._laps)
        self.ingest.broadcast.listeners.remove(self._changes)
        for client in list(self.clients):
            self._drop(client)


class ScoreboardServer:
    def __init__(self, scoreboard: Scoreboard, server: asyncio.Server) -> None:
        self.scoreboard, self.server = scoreboard, server
        self._beating = asyncio.create_task(scoreboard.beat())

    @property
    def port(self) -> int:
        port: int = self.server.sockets[0].getsockname()[1]
        return port

    async def close(self) -> None:
        self._beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._beating
        self.scoreboard.detach()
        self.server.close()
        await self.server.wait_closed()


async def serve_rmonitor(ingest: Ingest, host: str, port: int) -> ScoreboardServer:
    """Serve the session as RMonitor on host:port (0: any free port)."""
    scoreboard = Scoreboard(ingest)
    server = await asyncio.start_server(scoreboard.handle, host, port)
    return ScoreboardServer(scoreboard, server)
