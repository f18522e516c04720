"""In-process fan-out: every subscriber gets each message on its own bounded queue.

A message is encoded to JSON text once, however many subscribers there are (a thousand phones
share one `json.dumps`). A subscriber that falls behind (a slow phone) loses its old messages,
never blocks the writer, and is sent a fresh snapshot instead (`resync`). For several web
processes the same messages go through Redis pub/sub or NATS (`pitboard.live.relay`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, Protocol

Message = dict[str, Any]


class Broadcast:
    def __init__(self, snapshot: Callable[[], Message | None] | None = None) -> None:
        self._queues: set[asyncio.Queue[str]] = set()
        self._snapshot = snapshot
        self.listeners: list[Callable[[Message], None]] = []  # e.g. a relay to Redis

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def subscribe(self, size: int = 256) -> asyncio.Queue[str]:
        """A queue of JSON texts, starting with the snapshot (when there is one yet)."""
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=size)
        self._put_snapshot(queue)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        self._queues.discard(queue)

    def publish(self, message: Message) -> None:
        for listener in self.listeners:
            listener(message)
        if not self._queues:
            return
        text = json.dumps(message)
        for queue in self._queues:
            if queue.full():
                self._resync(queue)
            else:
                queue.put_nowait(text)

    def _resync(self, queue: asyncio.Queue[str]) -> None:
        while not queue.empty():
            queue.get_nowait()
        self._put_snapshot(queue)

    def _put_snapshot(self, queue: asyncio.Queue[str]) -> None:
        snapshot = None if self._snapshot is None else self._snapshot()
        if snapshot is not None:
            queue.put_nowait(json.dumps(snapshot))


class LiveSource(Protocol):
    """What the live API serves from: a writer's `Ingest` or a viewer's followed session."""

    broadcast: Broadcast

    def tower_json(self) -> Message | None:
        """The tower now, or None while a viewer has not had its first snapshot."""
