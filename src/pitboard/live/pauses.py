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
"""

from __future__ import annotations

import gc
from typing import Any


def _freeze_survivors(phase: str, info: dict[str, Any]) -> None:
    if phase == "stop" and info.get("generation") == 2:
        gc.freeze()


def freeze_after_full_collections() -> None:
    """From now on, each full collection's survivors are frozen (once per process)."""
    if _freeze_survivors not in gc.callbacks:
        gc.callbacks.append(_freeze_survivors)
