"""Short garbage-collection pauses for the live writer (`pitboard ingest`).

A writer keeps every input, lap and passing of the session for as long as it runs: by the end
of a 24-hour race some 600,000 objects the cyclic garbage collector tracks. CPython's full
(generation 2) collection walks all of them, and it comes whenever the long-lived objects have
grown by a quarter: a pause of about half a second every few hours of race on this machine,
during which no viewer gets an update. After each full collection the survivors are moved to
the permanent generation (`gc.freeze`), which collections never walk: the next full collection
walks only what survived since, and takes milliseconds. The cost: a cycle of frozen objects
that later becomes garbage is never freed — a writer's frozen objects are its session's data,
kept until it ends anyway. Measured by `bench/live.py --latency --trace` (the writer's full
collections and how long each took) and in docs/benchmarks-live.md.

`pitboard ingest` also collects the youngest generation less often (`fewer_young_collections`):
under one passing a POST, CPython's default (a young collection each time the tracked objects
grew by 700) made some 150 young collections of ~0.35 ms in 20,000 POSTs, and as many as 7,000
about 10 of ~1.6 ms (timed with `gc.callbacks`, the POSTs made
in-process to the app of `pitboard ingest`). Fewer, longer pauses (still shorter than a
group commit's delay), and 5–10 µs less CPU a POST (the HTTP row of `bench/ingest.py`, three
rounds alternated with and without, load 1.5–1.8).
"""

from __future__ import annotations

import gc
from typing import Any


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


YOUNG_COLLECTION = 7_000  # allocations between young collections (CPython's default: 700)


def fewer_young_collections() -> None:
    """A young collection every `YOUNG_COLLECTION` allocations (the older generations still
    every 10 younger ones)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION, middle, old)


def freeze_after_full_collections() -> None:
    """From now on, each full collection's survivors are frozen (once per process)."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)


def collect_as_a_writer() -> None:
    """How `pitboard ingest` collects garbage once it is ready to serve: the first full
    collection now (what the imports and the replayed journal made is frozen, not walked by a
    collection while the first thousands of writes come in), each later one's survivors
    frozen, and fewer young collections."""
    freeze_after_full_collections()
    gc.collect()
    fewer_young_collections()
