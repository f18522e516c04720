"""Group commit (issue 14): the requests that arrive in one turn of the event loop are journaled
in one commit (`Ingest.submit_soon`), each answered once its inputs are on disk and applied."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from tests.live.test_journal_overlap import Batch
from tests.live.test_live_api import RACE

from pitboard.live.ingest import Ingest
from pitboard.model import Session, SessionKind
from pitboard.store import open_store


@pytest.fixture
def ingest(tmp_path: Path) -> Any:
    store = open_store(str(tmp_path / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session("r1", Session(SessionKind.RACE, entries))
    ingest = Ingest.open(store, "r1")
    yield ingest
    ingest.close()
    store.close()


class CountingJournal:
    """Put in front of the ingest's journal: counts its commits and the records of each."""

    def __init__(self, ingest: Ingest) -> None:
        self.begin_records = ingest.journal.begin
        self.commits: list[int] = []
        ingest.journal.begin = self.begin  # type: ignore[method-assign]

    def begin(self, records: Any) -> Any:
        self.commits.append(len(records))
        return self.begin_records(records)


def test_the_requests_of_one_turn_are_journaled_in_one_commit_in_their_order(
    ingest: Ingest,
) -> None:
    counting = CountingJournal(ingest)
    setup, race = RACE.inputs[:12], RACE.inputs[12:40]

    async def send() -> None:
        await ingest.submit_soon(setup)
        waiting = [ingest.submit_soon([item]) for item in race]  # one request a passing
        assert not any(waiter.done() for waiter in waiting)  # not before the commit
        await asyncio.gather(*waiting)

    asyncio.run(send())
    assert counting.commits == [12, len(race)]
    assert ingest.live.inputs == 12 + len(race)
    replayed = Ingest.open(ingest.journal.store, "r1", lock=False, record=False)
    assert replayed.tower_json() == ingest.tower_json()  # the journal holds them in order


def test_a_failed_commit_fails_every_request_of_its_group(ingest: Ingest) -> None:
    begin = ingest.journal.begin

    def broken(records: Any) -> Batch:
        return Batch(begin(records), fail=True)

    ingest.journal.begin = broken  # type: ignore[method-assign]

    async def send() -> list[Any]:
        waiting = [ingest.submit_soon([item]) for item in RACE.inputs[:3]]
        return await asyncio.gather(*waiting, return_exceptions=True)

    results = asyncio.run(send())
    assert [str(result) for result in results] == ["disk full"] * 3
    assert ingest.live.inputs == 0


def test_inputs_submitted_during_a_group_commit_join_the_next_group_in_order(
    ingest: Ingest,
) -> None:
    """A P3 feed (`submit`) beside HTTP senders (`submit_soon`): applied in journal order."""
    counting = CountingJournal(ingest)
    setup, race = RACE.inputs[:12], RACE.inputs[12:60]

    async def send() -> None:
        await ingest.submit_soon(setup)
        first = ingest.submit_soon(race[:20])
        while ingest._waiting:  # until the group is taken: its commit is under way
            await asyncio.sleep(0)
        assert ingest.submit(race[20:40]) == []  # joins the next group
        last = ingest.submit_soon(race[40:])
        await asyncio.gather(first, last)

    asyncio.run(send())
    assert counting.commits == [12, 20, 28]
    replayed = Ingest.open(ingest.journal.store, "r1", lock=False, record=False)
    assert replayed.live.builder.laps == ingest.live.builder.laps
    assert replayed.tower_json() == ingest.tower_json()
