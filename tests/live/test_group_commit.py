"""Group commit (issue 14): the requests that arrive in one turn of the event loop are journaled
in one commit (`Ingest.submit_soon`), each answered once its inputs are on disk and applied."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.live.test_journal_overlap import Batch
from tests.live.test_live_api import RACE

from pitboard.live.ingest import COMMIT_DELAY_S, COMMIT_SIBLINGS, Ingest


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


def test_after_a_large_group_the_next_waits_briefly_for_as_many_requests(ingest: Ingest) -> None:
    """Heavy traffic (a group of `COMMIT_SIBLINGS` or more): the senders that one commit answered
    send again a moment apart; the next group waits (up to `COMMIT_DELAY_S`) for as many as the
    last, so they go in one commit instead of alternating halves."""
    counting = CountingJournal(ingest)
    setup, race = RACE.inputs[:12], RACE.inputs[12:]
    size = COMMIT_SIBLINGS + 2
    first, early, late = race[:size], race[size : size + 5], race[size + 5 : 2 * size]

    async def send() -> None:
        await ingest.submit_soon(setup)
        await asyncio.gather(*[ingest.submit_soon([item]) for item in first])
        waiting = [ingest.submit_soon([item]) for item in early]
        arrived: list[asyncio.Future[None]] = []
        # a moment later, before the wait's own deadline (the loop runs the earlier timer first)
        asyncio.get_running_loop().call_later(
            COMMIT_DELAY_S / 4, lambda: arrived.extend(ingest.submit_soon([item]) for item in late)
        )
        await asyncio.gather(*waiting)
        await asyncio.gather(*arrived)

    asyncio.run(send())
    assert counting.commits == [12, size, size]
    assert ingest.live.inputs == 12 + 2 * size


def test_after_a_small_group_a_request_commits_at_once(ingest: Ingest) -> None:
    """Light traffic (a group of fewer than `COMMIT_SIBLINGS`): the next request is not held back
    for others, so a race at its real rate shows each crossing as soon as it is on disk."""
    counting = CountingJournal(ingest)
    setup, race = RACE.inputs[:12], RACE.inputs[12:]
    size = COMMIT_SIBLINGS - 1

    async def send() -> None:
        await ingest.submit_soon(setup)
        await asyncio.gather(*[ingest.submit_soon([item]) for item in race[:size]])
        lone = ingest.submit_soon([race[size]])
        arrived: list[asyncio.Future[None]] = []
        asyncio.get_running_loop().call_later(
            COMMIT_DELAY_S / 4, lambda: arrived.append(ingest.submit_soon([race[size + 1]]))
        )
        await lone  # in a commit of its own: the one a moment later was not waited for
        await asyncio.sleep(COMMIT_DELAY_S / 2)
        await asyncio.gather(*arrived)

    asyncio.run(send())
    assert counting.commits == [12, size, 1, 1]
