"""The public live stream on a WebSocket server of its own (`pitboard ingest --ws-port N`).

Same path and messages as the web app's route (`WS /api/v1/sessions/{id}/live`: the snapshot,
then the changes), but served by the `websockets` library directly instead of through ASGI: a
published message is written to every viewer's socket by `websockets.broadcast` (one encoded
text; per viewer only its frame header and a `transport.write`), from inside `Broadcast.publish`
— no task, future or ASGI message per viewer. A viewer whose socket has more than
`behind_bytes` unsent (a phone that stopped reading) is disconnected (1013, try again later):
the page reconnects and starts again from a snapshot; it never holds the others back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from urllib.parse import unquote

from websockets.asyncio.connection import broadcast
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.frames import Frame, Opcode
from websockets.protocol import State

from pitboard.live.fanout import LiveSource
from pitboard.model import PitboardError

PREFIX, SUFFIX = "/api/v1/sessions/", "/live"


class TowerStream:
    """The viewers of each session, as a `Broadcast` sender: `await stream.serve(host, port)`."""

    def __init__(self, lookup: Callable[[str], LiveSource], behind_bytes: int = 1 << 20) -> None:
        self.lookup = lookup  # session key -> its source; raises for an unknown session
        self.behind_bytes = behind_bytes
        self.viewers: dict[str, set[ServerConnection]] = {}
        self._closing: set[asyncio.Task[None]] = set()

    async def serve(self, host: str, port: int) -> Server:
        """Listen (port 0: any free port, see `server.sockets`); close with `server.close()`."""
        return await serve(
            self.watch, host, port, compression=None, max_size=4096, ping_interval=20
        )

    async def watch(self, connection: ServerConnection) -> None:
        """One viewer: the snapshot, then every message of its session until it goes."""
        path = connection.request.path.partition("?")[0] if connection.request else ""
        session = unquote(path[len(PREFIX) : -len(SUFFIX)]) if _is_live_path(path) else ""
        try:
            source = self.lookup(session) if session else None
        except PitboardError:  # the store's NotFound: no such session
            source = None
        if source is None:
            await connection.close(4404, "no such live session")
            return
        viewers = self._viewers_of(session, source)
        snapshot = source.broadcast.join()
        if snapshot is not None:
            broadcast([connection], snapshot)  # written now: no message can come in between
        viewers.add(connection)
        try:
            async for _ in connection:  # what the viewer sends is ignored
                pass
        finally:
            viewers.discard(connection)
            source.broadcast.leave()

    def _viewers_of(self, session: str, source: LiveSource) -> set[ServerConnection]:
        if session not in self.viewers:
            viewers: set[ServerConnection] = set()
            self.viewers[session] = viewers
            source.broadcast.senders.append(lambda text: self._send(viewers, text))
        return self.viewers[session]

    def _send(self, viewers: set[ServerConnection], text: str) -> None:
        """One frame for everyone: a server's frames are unmasked and (no compression) the
        same bytes for every viewer, so each socket gets the prepared frame as it is."""
        frame = Frame(Opcode.TEXT, text.encode()).serialize(mask=False)
        slow = []
        for viewer in viewers:
            transport = viewer.transport
            if viewer.protocol.state is not State.OPEN or transport is None:
                continue
            if transport.get_write_buffer_size() > self.behind_bytes:
                slow.append(viewer)
            else:
                transport.write(frame)
        for viewer in slow:
            self._drop(viewers, viewer)

    def _drop(self, viewers: set[ServerConnection], viewer: ServerConnection) -> None:
        viewers.discard(viewer)
        task = asyncio.ensure_future(viewer.close(1013, "too far behind: reconnect"))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)


def _is_live_path(path: str) -> bool:
    return path.startswith(PREFIX) and path.endswith(SUFFIX) and len(path) > 22
