"""In-process fan-out: each message is encoded once and shared by every viewer.

A published message becomes a link of a chain: its JSON text (one `json.dumps` for a thousand
phones) and the future of the next link. A viewer holds its place in the chain and awaits the
next link; publishing completes one future, which wakes every viewer waiting there — no queue, no
copy and no task per message and viewer. A viewer that falls more than `behind` messages back (a
slow phone) skips to the newest place and is sent a fresh snapshot instead (`resync`); it never
blocks the writer or the other viewers. For several web processes the same messages go through
Redis pub/sub or NATS (`pitboard.live.relay`).

Viewers that need no chain at all are *sinks*: called with each message's number and text as it
is published (the web layer's prepared-frame fan-out, `pitboard.web.frames`); they are counted
with `join`/`leave` like the chain's viewers. A sink may gather the messages of one update (a
crossing's `issue` messages and its `changes`) and write them together: the publisher calls
`flush` when an update is complete, so they go out then, not after whatever the publisher's
task does next (the HTTP response to the POST that made the update).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

Message = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Link:
    """One published message in the chain, and where the next one will be."""

    number: int
    text: str
    next: asyncio.Future[Link]


class Broadcast:
    def __init__(
        self, snapshot: Callable[[], Message | None] | None = None, behind: int = 256
    ) -> None:
        self._snapshot = snapshot
        self.behind = behind
        self.listeners: list[Callable[[Message], None]] = []  # e.g. a relay to Redis
        self.sinks: list[Callable[[int, str], None]] = []  # (number, JSON text) as published
        self.flushers: list[Callable[[], None]] = []  # the sinks' "write what you have now"
        self.subscribers = 0
        self._number = 0  # of the last message published
        self._tail: asyncio.Future[Link] | None = None  # the next message, once a viewer waits
        self._snapshot_text: tuple[int, str | None] | None = None

    def subscribe(self) -> Viewer:
        """A viewer (in the running event loop) starting at the snapshot, if there is one yet."""
        self.join()
        return Viewer(self, *self.place())

    def unsubscribe(self, viewer: Viewer) -> None:
        self.leave()

    def join(self) -> None:
        """Count a viewer in (a chain's `Viewer` or one a sink serves)."""
        if not self.subscribers:
            self._snapshot_text = None  # the source may have moved on unpublished meanwhile
        self.subscribers += 1

    def leave(self) -> None:
        self.subscribers -= 1
        if not self.subscribers:
            self._tail = None  # nobody waits: publishing needs no chain

    def place(self) -> tuple[asyncio.Future[Link], str | None]:
        """Where the next message will be, and the snapshot up to it."""
        if self._tail is None:
            self._tail = asyncio.get_running_loop().create_future()
        return self._tail, self.snapshot_text()

    def snapshot_text(self) -> str | None:
        """The snapshot as JSON, made once however many viewers (re)start at the same message."""
        if self._snapshot_text is None or self._snapshot_text[0] != self._number:
            snapshot = None if self._snapshot is None else self._snapshot()
            text = None if snapshot is None else json.dumps(snapshot, check_circular=False)
            self._snapshot_text = (self._number, text)
        return self._snapshot_text[1]

    @property
    def published(self) -> int:
        return self._number

    def publish(self, message: Message, text: str | None = None) -> None:
        """`text`: the message's JSON (`json.dumps(message)`) when the publisher made it."""
        for listener in self.listeners:
            listener(message)
        self._number += 1
        if self._tail is None and not self.sinks:
            return
        if text is None:
            text = json.dumps(message, check_circular=False)
        for sink in self.sinks:
            sink(self._number, text)
        if self._tail is not None:
            link = Link(self._number, text, self._tail.get_loop().create_future())
            tail, self._tail = self._tail, link.next
            tail.set_result(link)

    def flush(self) -> None:
        """An update is complete (its messages all published): sinks write them now."""
        for flush in self.flushers:
            flush()


class Viewer:
    """One viewer's place in a broadcast: `await viewer.next()` gives the next JSON text."""

    def __init__(self, broadcast: Broadcast, at: asyncio.Future[Link], first: str | None) -> None:
        self._broadcast = broadcast
        self._at = at
        self._first = first
        self.resyncs = 0

    async def next(self) -> str:
        if self._first is not None:
            first, self._first = self._first, None
            return first
        link = await self._at
        self._at = link.next
        if self._broadcast.published - link.number <= self._broadcast.behind:
            return link.text
        self.resyncs += 1  # too far behind: the newest state instead of the backlog
        self._at, snapshot = self._broadcast.place()
        return snapshot if snapshot is not None else await self.next()


class LiveSource(Protocol):
    """What the live API serves from: a writer's `Ingest` or a viewer's followed session."""

    broadcast: Broadcast

    def tower_json(self) -> Message | None:
        """The tower now, or None while a viewer has not had its first snapshot."""
