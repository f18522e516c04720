"""The fan-out: one text for every viewer, in order; a viewer too far behind gets a snapshot."""

from __future__ import annotations

import asyncio

from pitboard.live.fanout import Broadcast


def test_every_viewer_gets_the_snapshot_then_each_message_in_order() -> None:
    async def run() -> list[list[str]]:
        state = {"laps": 0}
        broadcast = Broadcast(lambda: {"type": "snapshot", **state})
        viewers = [broadcast.subscribe(), broadcast.subscribe()]
        for laps in (1, 2):
            state["laps"] = laps
            broadcast.publish({"type": "changes", "laps": laps})
        return [[await viewer.next() for _ in range(3)] for viewer in viewers]

    expected = [
        '{"type": "snapshot", "laps": 0}',
        '{"type": "changes", "laps": 1}',
        '{"type": "changes", "laps": 2}',
    ]
    assert asyncio.run(run()) == [expected, expected]


def test_a_viewer_too_far_behind_skips_to_a_fresh_snapshot() -> None:
    async def run() -> tuple[list[str], int]:
        state = {"laps": 0}
        broadcast = Broadcast(lambda: {"type": "snapshot", **state}, behind=2)
        viewer = broadcast.subscribe()
        await viewer.next()  # the first snapshot
        for laps in (1, 2, 3, 4):
            state["laps"] = laps
            broadcast.publish({"type": "changes", "laps": laps})
        got = [await viewer.next()]
        broadcast.publish({"type": "changes", "laps": 5})
        got.append(await viewer.next())
        return got, viewer.resyncs

    got, resyncs = asyncio.run(run())
    assert got == ['{"type": "snapshot", "laps": 4}', '{"type": "changes", "laps": 5}']
    assert resyncs == 1


def test_a_viewer_that_left_is_not_counted() -> None:
    async def run() -> int:
        broadcast = Broadcast()
        viewer = broadcast.subscribe()
        broadcast.unsubscribe(viewer)
        broadcast.publish({"type": "changes"})
        return broadcast.subscribers

    assert asyncio.run(run()) == 0
