"""Shared fixtures of the live tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.live.test_live_api import RACE

from pitboard.live.ingest import Ingest
from pitboard.model import Session, SessionKind
from pitboard.store import open_store


@pytest.fixture
def ingest(tmp_path: Path) -> Iterator[Ingest]:
    """The writer of a fresh SQLite session with the entries of the live API's test race."""
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))
    ingest = Ingest.open(store, "r1")
    yield ingest
    ingest.close()
    store.close()
