"""The journal commits in a thread while the batch is applied (issue 14): nothing is stored or
shown before the commit returned, and a commit that fails leaves no state the journal lacks."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from tests.live.test_live_api import RACE

from pitboard.live.ingest import Ingest


class Batch:
    """A journal transaction (`LiveJournal.begin`) whose commit fails (rolled back) if asked."""

    def __init__(self, batch: Any, fail: bool, committed: Any = None) -> None:
        self.batch, self.fail, self.committed = batch, fail, committed

    def append_laps(self, session: str, laps: Any) -> None:
        self.batch.append_laps(session, laps)

    def rollback(self) -> None:
        self.batch.rollback()

    def commit(self) -> int:
        if self.fail:
            self.batch.rollback()
            raise OSError("disk full")
        last = int(self.batch.commit())
        if self.committed is not None:
            self.committed()
        return last


class Journal:
    """In front of the ingest's journal: fails its commits while `failing`, and notes, as each
    commit returns, what the subscribers had been sent and what laps the store held."""

    def __init__(self, ingest: Ingest) -> None:
        self.ingest = ingest
        self.begin_records = ingest.journal.begin
        self.failing = False
        self.at_commit: list[tuple[int, int]] = []  # (messages sent, laps stored)
        self.messages: list[str] = []
        ingest.broadcast.sinks.append(lambda number, text: self.messages.append(text))
        ingest.broadcast.join()
        ingest.journal.begin = self.begin  # type: ignore[method-assign]

    def begin(self, records: Any) -> Batch:
        return Batch(self.begin_records(records), self.failing, self.note)

    def note(self) -> None:
        stored = self.ingest.journal.store.load_session("r1").laps
        self.at_commit.append((len(self.messages), len(stored)))


def replayed(ingest: Ingest) -> Ingest:
    return Ingest.open(ingest.journal.store, "r1", lock=False, record=False)


def test_nothing_is_shown_before_the_commit_returned_and_the_laps_go_with_it(
    ingest: Ingest,
) -> None:
    journal = Journal(ingest)
    cut = len(RACE.inputs) // 2
    ingest.submit(RACE.inputs[:cut])
    sent, laps = len(journal.messages), len(ingest.journal.store.load_session("r1").laps)
    ingest.submit(RACE.inputs[cut:])
    assert laps > 0 and len(ingest.live.builder.laps) > laps  # both batches complete laps
    # as the second commit returned: its laps stored with it, the subscribers not told yet
    assert journal.at_commit[-1] == (sent, len(ingest.live.builder.laps))
    assert len(journal.messages) > sent
    assert ingest.journal.store.load_session("r1").laps == ingest.live.builder.laps


def test_a_batch_that_fails_to_apply_is_not_journaled_and_leaves_no_state(
    ingest: Ingest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold raises half-way through a batch whose commit is under way: the commit is rolled
    back (no record, no lap of the batch), the state made again from the journal."""
    cut = len(RACE.inputs) // 2
    ingest.submit(RACE.inputs[:cut])
    before, laps = ingest.tower_json(), list(ingest.live.builder.laps)
    records = len(list(ingest.journal.read()))
    apply, count = ingest.live.apply, [0]

    def failing(item: Any) -> Any:
        count[0] += 1
        if count[0] == 20:
            raise RuntimeError("a bug")
        return apply(item)

    monkeypatch.setattr(ingest.live, "apply", failing)
    with pytest.raises(RuntimeError, match="a bug"):
        ingest.submit(RACE.inputs[cut:])
    assert count[0] == 20
    assert len(list(ingest.journal.read())) == records
    assert ingest.journal.store.load_session("r1").laps == laps == ingest.live.builder.laps
    assert ingest.live.inputs == cut
    assert ingest.tower_json() == before == replayed(ingest).tower_json()
    ingest.submit(RACE.inputs[cut:])  # a fresh session: the patched one is gone
    assert replayed(ingest).tower_json() == ingest.tower_json()


def test_a_failed_commit_leaves_the_state_the_journal_gives(ingest: Ingest) -> None:
    """The batch was applied while its commit ran; the commit fails: the state is made again
    from the journal, nothing of the batch is shown or stored, and sent again it applies once."""
    journal = Journal(ingest)
    cut = len(RACE.inputs) // 2
    ingest.submit(RACE.inputs[:cut])
    before = ingest.tower_json()
    sent, laps = len(journal.messages), list(ingest.live.builder.laps)
    journal.failing = True
    with pytest.raises(OSError, match="disk full"):
        ingest.submit(RACE.inputs[cut:])
    assert ingest.live.inputs == cut
    assert ingest.live.builder.laps == laps
    assert ingest.tower_json() == before == replayed(ingest).tower_json()
    assert len(journal.messages) == sent
    assert ingest.journal.store.load_session("r1").laps == laps
    journal.failing = False
    ingest.submit(RACE.inputs[cut:])  # the retry: nothing of it counts as applied before
    assert ingest.live.inputs == len(RACE.inputs)
    assert ingest.duplicates == 0
    assert replayed(ingest).tower_json() == ingest.tower_json()
    assert ingest.journal.store.load_session("r1").laps == ingest.live.builder.laps


def test_a_failed_group_commit_leaves_the_state_the_journal_gives(ingest: Ingest) -> None:
    journal = Journal(ingest)
    cut = len(RACE.inputs) // 2

    async def send(inputs: Any) -> None:
        await ingest.submit_soon(inputs)

    asyncio.run(send(RACE.inputs[:cut]))
    before = ingest.tower_json()
    journal.failing = True
    with pytest.raises(OSError, match="disk full"):
        asyncio.run(send(RACE.inputs[cut:]))
    assert ingest.live.inputs == cut
    assert ingest.tower_json() == before == replayed(ingest).tower_json()
    journal.failing = False
    asyncio.run(send(RACE.inputs[cut:]))
    assert replayed(ingest).tower_json() == ingest.tower_json()
    assert ingest.live.inputs == len(RACE.inputs)


def test_readers_get_the_tower_before_the_batch_until_its_commit_returned(
    ingest: Ingest,
) -> None:
    """A group commit's batch is applied while its commit runs and the event loop serves
    readers (`GET /live`, a new viewer's snapshot): they get the tower without the batch."""
    release = threading.Event()
    begin = ingest.journal.begin

    def slow(records: Any) -> Batch:
        return Batch(begin(records), fail=False, committed=lambda: release.wait(10))

    cut = len(RACE.inputs) // 2

    async def send() -> None:
        await ingest.submit_soon(RACE.inputs[:cut])
        before = ingest.tower_json()
        ingest.journal.begin = slow  # type: ignore[method-assign]
        waiter = ingest.submit_soon(RACE.inputs[cut:])
        while ingest._waiting:  # until the group is taken: its commit is under way
            await asyncio.sleep(0)
        assert ingest.live.inputs == len(RACE.inputs)  # applied meanwhile
        assert ingest.tower_json() == before
        assert ingest.snapshot() == {"type": "snapshot", **before}
        release.set()
        await waiter
        assert ingest.tower_json() != before
        assert ingest.tower_json() == replayed(ingest).tower_json()

    asyncio.run(send())
