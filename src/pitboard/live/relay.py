"""Fan-out across processes: one writer publishes the tower's changes through Redis pub/sub or
NATS; every viewer process follows them and feeds its own WebSocket clients.

    writer  Publisher   -> "<prefix>.<session>"       {"seq": n, "epoch": e, "type": ...}
                                                      (or a JSON array of such, sent together)
    viewer  Follower    -> "<prefix>.<session>.sync"  "snapshot please"

Every message from the writer carries a sequence number (and the writer's epoch, new at each
start). A viewer applies `changes` only on top of the message before it; when it joins late,
misses a message or sees a new epoch, it asks on the sync channel, and the writer answers with
a snapshot numbered like the last change it holds. Until then the viewer's clients keep the
tower they have. Pub/sub keeps nothing: the sequence numbers are what make it safe.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from typing import Any, Protocol

from pitboard.live.fanout import Broadcast, Message
from pitboard.live.ingest import Ingest
from pitboard.model import PitboardError
from pitboard.store import Store

PREFIX = "pitboard.live"
ASK_EVERY_S = 1.0  # a viewer without a snapshot asks again this often (the writer may be away)


class RelayError(PitboardError):
    """A follow/publish address that is neither redis:// nor nats://."""


class Bus(Protocol):
    async def publish(self, channel: str, data: bytes) -> None: ...

    async def subscribe(self, channel: str) -> AsyncIterator[bytes]:
        """Subscribed when this returns (messages published after it are received)."""
        ...

    async def close(self) -> None: ...


class RedisBus:
    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        self.client = Redis.from_url(url)

    async def publish(self, channel: str, data: bytes) -> None:
        await self.client.publish(channel, data)

    async def subscribe(self, channel: str) -> AsyncIterator[bytes]:
        pubsub = self.client.pubsub()
        await pubsub.subscribe(channel)
        while (await pubsub.get_message(timeout=None)) is None:  # the confirmation
            pass
        return _redis_messages(pubsub)

    async def close(self) -> None:
        await self.client.aclose()


async def _redis_messages(pubsub: Any) -> AsyncIterator[bytes]:
    try:
        async for message in pubsub.listen():
            if message["type"] == "message":
                yield message["data"]
    finally:
        await pubsub.aclose()


class NatsBus:
    def __init__(self, client: Any) -> None:
        self.client = client

    @classmethod
    async def connect(cls, url: str) -> NatsBus:
        import nats

        return cls(await nats.connect(url, allow_reconnect=True, max_reconnect_attempts=-1))

    async def publish(self, channel: str, data: bytes) -> None:
        await self.client.publish(channel, data)

    async def subscribe(self, channel: str) -> AsyncIterator[bytes]:
        subscription = await self.client.subscribe(channel)
        await self.client.flush()  # the server has the subscription
        return _nats_messages(subscription)

    async def close(self) -> None:
        await self.client.drain()


async def _nats_messages(subscription: Any) -> AsyncIterator[bytes]:
    async for message in subscription.messages:
        yield message.data


async def open_bus(url: str) -> Bus:
    """A bus from `redis://host:port[/db]` or `nats://host:port`."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisBus(url)
    if url.startswith(("nats://", "tls://")):
        return await NatsBus.connect(url)
    raise RelayError(f"expected a redis:// or nats:// address to relay through, got {url!r}")


class Publisher:
    """The writer's side: every message of the session's broadcast, numbered, onto the bus."""

    def __init__(self, bus: Bus, session: str, ingest: Ingest, prefix: str = PREFIX) -> None:
        self.bus, self.ingest = bus, ingest
        self.channel = f"{prefix}.{session}"
        self.epoch = secrets.token_hex(4)
        self.seq = 0
        self.dropped = 0
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=1024)
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> Publisher:
        requests = await self.bus.subscribe(f"{self.channel}.sync")
        self.ingest.broadcast.listeners.append(self._numbered)
        self._snapshot()
        self._tasks = [
            asyncio.create_task(self._send()),
            asyncio.create_task(self._answer(requests)),
        ]
        return self

    def _numbered(self, message: Message) -> None:
        self.seq += 1
        self._put({"seq": self.seq, "epoch": self.epoch, **message})

    def _snapshot(self) -> None:
        """The tower now, numbered like the last message queued (state and number agree)."""
        self._put({"seq": self.seq, "epoch": self.epoch, **self.ingest.snapshot()})

    def _put(self, message: Message) -> None:
        try:
            self._queue.put_nowait(json.dumps(message).encode())
        except asyncio.QueueFull:  # the bus is away: viewers see the gap and ask for a snapshot
            self.dropped += 1

    async def _send(self) -> None:
        """One bus message for whatever was queued meanwhile (a crossing's `issue` messages and
        its `changes`): a viewer process then applies them in one go and writes them to its
        clients together (`web.frames`), instead of one pass over its sockets a message."""
        while True:
            batch = [await self._queue.get()]
            while not self._queue.empty():
                batch.append(self._queue.get_nowait())
            data = batch[0] if len(batch) == 1 else b"[" + b",".join(batch) + b"]"
            await self.bus.publish(self.channel, data)

    async def _answer(self, requests: AsyncIterator[bytes]) -> None:
        async for _ in requests:
            self._snapshot()

    async def close(self) -> None:
        if self._numbered in self.ingest.broadcast.listeners:
            self.ingest.broadcast.listeners.remove(self._numbered)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


class FollowedSession:
    """A viewer's copy of the writer's tower: applies numbered messages, re-broadcasts them."""

    def __init__(self) -> None:
        self.tower: Message | None = None
        self.epoch: str | None = None
        self.seq = -1
        self.synced = False
        self.wanted = asyncio.Event()  # a snapshot is needed
        self.wanted.set()
        self.broadcast = Broadcast(self.snapshot)

    def snapshot(self) -> Message | None:
        return None if self.tower is None else {"type": "snapshot", **self.tower}

    def tower_json(self) -> Message | None:
        return self.tower

    def receive(self, message: Message) -> None:
        seq, epoch = message.pop("seq", None), message.pop("epoch", None)
        if not isinstance(seq, int):
            return
        if message.get("type") == "snapshot":
            self._resync(message, seq, epoch)
        elif self.synced and epoch == self.epoch and seq == self.seq + 1:
            self.seq = seq
            if message.get("type") == "changes":
                self.tower = merge_changes(self.tower or {}, message)
            self.broadcast.publish(message)
        elif not self.synced or epoch != self.epoch or seq > self.seq:
            self.synced = False  # a gap, a restarted writer or no snapshot yet: ask
            self.wanted.set()

    def _resync(self, message: Message, seq: int, epoch: Any) -> None:
        current = self.synced and epoch == self.epoch and seq == self.seq
        self.tower = {key: value for key, value in message.items() if key != "type"}
        self.seq, self.epoch, self.synced = seq, epoch, True
        self.wanted.clear()
        if not current:  # the clients' towers may differ from this one: replace them
            self.broadcast.publish(message)


def merge_changes(tower: Message, changes: Message) -> Message:
    """`tower` with the header and the changed rows of `changes` (rows in position order)."""
    rows = {row["number"]: row for row in tower.get("rows", [])}
    rows.update((row["number"], row) for row in changes["rows"])
    header = {key: value for key, value in changes.items() if key not in ("type", "rows")}
    ordered = sorted(rows.values(), key=lambda row: (row["position"] is None, row["position"]))
    return {**header, "rows": ordered}


class Follower:
    """A viewer process's live sessions, each followed from the writer on first use."""

    def __init__(self, url: str, prefix: str = PREFIX, store: Store | None = None) -> None:
        self.url, self.prefix, self.store = url, prefix, store
        self.sessions: dict[str, FollowedSession] = {}
        self._bus: Bus | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def get(self, session: str) -> FollowedSession:
        """The session's copy; `NotFound` when the store does not know the session."""
        if session not in self.sessions:
            if self.store is not None:
                self.store.load_session_info(session)
            followed = self.sessions[session] = FollowedSession()
            self._tasks.append(asyncio.create_task(self._follow(session, followed)))
        return self.sessions[session]

    async def _follow(self, session: str, followed: FollowedSession) -> None:
        if self._bus is None:
            self._bus = await open_bus(self.url)
        channel = f"{self.prefix}.{session}"
        messages = await self._bus.subscribe(channel)
        asker = asyncio.create_task(self._ask(f"{channel}.sync", followed))
        try:
            async for data in messages:
                decoded = json.loads(data)  # a message, or a batch of them (`Publisher._send`)
                for message in decoded if isinstance(decoded, list) else [decoded]:
                    followed.receive(message)
                followed.broadcast.flush()
        finally:
            asker.cancel()

    async def _ask(self, channel: str, followed: FollowedSession) -> None:
        assert self._bus is not None
        while True:
            await followed.wanted.wait()
            await self._bus.publish(channel, b"snapshot")
            await asyncio.sleep(ASK_EVERY_S)  # then ask again if still without a snapshot

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._bus is not None:
            await self._bus.close()
            self._bus = None


def follow(app: Any, url: str, prefix: str = PREFIX) -> Follower:
    """Make a web app a viewer: its live GET and WebSocket serve the writer's stream from `url`
    (redis://… or nats://…) instead of ingesting themselves. Call before serving."""
    store = getattr(app.state, "store", None)
    follower = app.state.live = Follower(url, prefix, store if isinstance(store, Store) else None)
    return follower
