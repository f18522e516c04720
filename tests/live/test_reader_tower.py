"""A reader's `GET /live` (a results site beside the writer) reads the journal only after the
store was written (review finding of issue 14: it read the journal on every request); otherwise
the tower comes from memory. Counted, not timed: the reader's journal reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.live.test_live_api import RACE

from pitboard.live.ingest import Ingest, LiveHub
from pitboard.model import Session, SessionKind
from pitboard.store import Store, open_store
from pitboard.web.live_api import router

URL = "/api/v1/sessions/r1/live"


class CountingReads:
    """Put in front of a store's `read_journal`: counts the calls."""

    def __init__(self, store: Store) -> None:
        self.read = store.read_journal
        self.calls = 0
        store.read_journal = self  # type: ignore[method-assign]

    def __call__(self, **query: Any) -> Any:
        self.calls += 1
        return self.read(**query)


def test_a_reader_reads_the_journal_only_after_a_write(tmp_path: Path) -> None:
    path = str(tmp_path / "live.db")
    writer_store = open_store(path)
    entries = {entry.number: entry for entry in RACE.entries}
    writer_store.save_session("r1", Session(SessionKind.RACE, entries))
    writer = Ingest.open(writer_store, "r1")
    writer.submit(RACE.inputs[:60])

    reader_store = open_store(path)
    reads = CountingReads(reader_store)
    app = FastAPI()
    app.state.store, app.state.live = reader_store, LiveHub(reader_store)
    app.include_router(router)
    with TestClient(app) as client:
        first = client.get(URL).json()
        assert first == writer.tower_json()
        opened = reads.calls
        assert opened >= 1  # the reader's replay when it opened the session
        for _ in range(5):
            assert client.get(URL).json() == first
        assert reads.calls == opened  # nothing written: served from memory

        writer.submit(RACE.inputs[60:200])
        after = client.get(URL).json()
        assert after == writer.tower_json() != first
        assert reads.calls > opened  # written: caught up from the journal
        caught_up = reads.calls
        client.get(URL)
        assert reads.calls == caught_up
    writer.close()
    writer_store.close()
    reader_store.close()
