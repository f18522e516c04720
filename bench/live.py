"""Live ingest throughput: passings/s with the journal on, beside the bare journal append.

Both runs write the same simulated 48-car races (twin transponders, strays: ~9,500 inputs a
race) to a fresh SQLite file (WAL) in batches of BATCH inputs, one commit a batch:
  bare    - `LiveJournal.append` only (JSON payloads, one transaction a batch)
  ingest  - `Ingest.submit`: the same append, then the live fold (laps, issues)
The figure that matters is the ingest rate; the ratio says what the fold costs over the disk.

    .venv/bin/python bench/live.py [--races 3] [--batch 500]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pitboard.live.ingest import Ingest
from pitboard.live.inputs import input_to_json
from pitboard.live.journal import LiveJournal
from pitboard.model import Session, SessionKind
from pitboard.sim import RaceSettings, SimulatedRace, simulate_race
from pitboard.store import open_store


def prepare(directory: Path, name: str, races: list[SimulatedRace]) -> str:
    path = str(directory / f"{name}.db")
    with open_store(path) as store:
        for index, race in enumerate(races):
            entries = {entry.number: entry for entry in race.entries}
            store.save_session(f"race{index}", Session(SessionKind.RACE, entries))
    return path


def bare(path: str, races: list[SimulatedRace], batch: int) -> float:
    with open_store(path) as store:
        started = time.perf_counter()
        for index, race in enumerate(races):
            journal = LiveJournal(store, f"race{index}")
            for at in range(0, len(race.inputs), batch):
                docs = [input_to_json(item) for item in race.inputs[at : at + batch]]
                journal.append([(doc.pop("kind"), doc) for doc in docs])
        return time.perf_counter() - started


def ingest(path: str, races: list[SimulatedRace], batch: int) -> float:
    with open_store(path) as store:
        started = time.perf_counter()
        for index, race in enumerate(races):
            live = Ingest.open(store, f"race{index}")
            for at in range(0, len(race.inputs), batch):
                live.submit(race.inputs[at : at + batch])
            live.close()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--races", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    races = [simulate_race(RaceSettings(seed=seed)) for seed in range(args.races)]
    inputs = sum(len(race.inputs) for race in races)
    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        bare_s = bare(prepare(base, "bare", races), races, args.batch)
        ingest_s = ingest(prepare(base, "ingest", races), races, args.batch)
    print(f"{inputs} inputs ({args.races} races of 48 cars), batches of {args.batch}")
    print(f"bare journal append : {inputs / bare_s:10,.0f} inputs/s")
    print(f"ingest (journal+fold): {inputs / ingest_s:10,.0f} inputs/s  target >= 20,000")
    print(f"ingest / bare        : {bare_s / ingest_s:10.2f}")


if __name__ == "__main__":
    main()
