"""The writer's full garbage collections leave their survivors frozen (`gc.freeze`), so the next
one walks only what came since; registered once however often it is asked for."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pitboard.live import pauses


@pytest.fixture
def restored() -> Iterator[None]:
    callbacks = list(gc.callbacks)
    yield
    gc.callbacks[:] = callbacks
    gc.unfreeze()


@pytest.mark.usefixtures("restored")
def test_a_full_collection_freezes_its_survivors_and_a_young_one_does_not() -> None:
    gc.unfreeze()
    pauses.freeze_after_full_collections()
    pauses.freeze_after_full_collections()
    assert gc.callbacks.count(pauses._freeze_survivors) == 1
    kept = [[index] for index in range(1_000)]
    gc.collect(0)
    assert gc.get_freeze_count() == 0  # only a full collection freezes
    gc.collect()
    assert gc.get_freeze_count() >= len(kept)
    assert gc.get_count()[2] == 0 and len(gc.get_objects(generation=2)) == 0
