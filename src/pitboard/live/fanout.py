"""In-process fan-out: every subscriber gets each message on its own bounded queue.

A subscriber that falls behind (a slow phone) loses its oldest messages, never blocks the writer,
and is sent a fresh snapshot instead (`resync`). For several web processes the same messages go
through Redis pub/sub or NATS (`pitboard.live.relay`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

Message = dict[str, Any]


class Broadcast:
    def __init__(self, snapshot: Callable[[], Message] | None = None) -> None:
        self._queues: set[asyncio.Queue[Message]] = set()
        self._snapshot = snapshot
        self.listeners: list[Callable[[Message], None]] = []  # e.g. a relay to Redis

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def subscribe(self, size: int = 256) -> asyncio.Queue[Message]:
        queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=size)
        if self._snapshot is not None:
            queue.put_nowait(self._snapshot())
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Message]) -> None:
        self._queues.discard(queue)

    def publish(self, message: Message) -> None:
        for listener in self.listeners:
            listener(message)
        for queue in self._queues:
            if queue.full():
                self._resync(queue)
            else:
                queue.put_nowait(message)

    def _resync(self, queue: asyncio.Queue[Message]) -> None:
        while not queue.empty():
            queue.get_nowait()
        if self._snapshot is not None:
            queue.put_nowait(self._snapshot())
