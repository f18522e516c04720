"""The live stream's fast path: one prepared WebSocket frame written to every viewer's socket.

Through ASGI every message to every viewer is an ASGI `websocket.send` call, a wake-up of the
viewer's task and a frame built by the WebSocket library — about 50 µs a viewer, so the thousandth
phone saw a change 50 ms after the first. Yet the frame is the same bytes for everyone: a
server's text frame is unmasked and, without compression, only a header and the UTF-8 text.

`FramesWebSocketProtocol` is uvicorn's own sans-I/O WebSocket protocol with one ASGI extension
added to the scope, `pitboard.frames`: a `FrameSocket` that writes complete frames straight to
the connection's transport. The live route (`web.live_api`) hands such sockets to the
broadcast's `FrameFanout`, which builds a message's frame once and writes the frames of one
event-loop turn to every socket in one pass: one system call a viewer and update, and no task,
future or ASGI message per viewer. Under another server (or the test client) the extension is
absent and the route serves the viewer through ASGI as before.

A slow viewer never holds up the others: once more than `BEHIND_BYTES` wait unsent to it, it
gets no more changes; when its backlog has drained below `RESUME_BYTES` it is sent a fresh
snapshot (made once for all viewers catching up at the same message) and changes after that.
A viewer that stops reading altogether is closed by uvicorn's ping timeout.
"""

from __future__ import annotations

import asyncio
import struct
import weakref
from collections.abc import Callable

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from pitboard.live.fanout import Broadcast

EXTENSION = "pitboard.frames"
BEHIND_BYTES = 1 << 20
RESUME_BYTES = 1 << 16
TEXT = 0x81  # FIN + opcode 1 (text)


def text_frame(text: str) -> bytes:
    """A complete, unmasked, uncompressed server-to-client text frame (RFC 6455 §5.2)."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", TEXT, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", TEXT, 126, size)
    else:
        head = struct.pack("!BBQ", TEXT, 127, size)
    return head + payload


class FrameSocket:
    """One viewer's connection, as the fan-out writes to it."""

    __slots__ = ("_protocol", "behind", "resyncs")

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol
        self.behind = False  # skipped changes: owes a snapshot
        self.resyncs = 0

    def write(self, frame: bytes) -> None:
        protocol = self._protocol
        if protocol.close_sent or protocol.disconnected or protocol.transport.is_closing():
            return
        try:  # noqa: SIM105 - free unless raised; suppress() costs a context a viewer
            protocol.transport.write(frame)
        except (OSError, RuntimeError):  # gone between the check and the write: it is leaving
            pass

    def backlog(self) -> int:
        """Bytes written to this viewer that the kernel has not taken yet."""
        return self._protocol.transport.get_write_buffer_size()


class FramesWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, offering the app a `FrameSocket` (ASGI extension)."""

    async def run_asgi(self) -> None:
        if not self.conn.extensions:  # frames carry no per-message compression
            self.scope["extensions"][EXTENSION] = {"socket": FrameSocket(self)}
        await super().run_asgi()


class FrameFanout:
    """The frame-taking viewers of one broadcast.

    The messages of one update (a crossing's `issue` messages and its `changes`) are written
    together: one write a viewer, not one a message — on a busy line with two stray reads that
    is a third of the system calls. They go out when the publisher says the update is complete
    (`Broadcast.flush`: the writer does, before its HTTP response), at the latest at the end of
    the event-loop turn that published them."""

    def __init__(
        self, broadcast: Broadcast, soon: Callable[[Callable[[], None]], object] | None = None
    ) -> None:
        self.broadcast = broadcast
        self._sockets: dict[FrameSocket, None] = {}  # in the order they joined
        self._pending: list[bytes] = []  # frames published this turn
        self._soon = soon or (lambda flush: asyncio.get_running_loop().call_soon(flush))
        broadcast.sinks.append(self._publish)
        broadcast.flushers.append(self.flush)

    def __len__(self) -> int:
        return len(self._sockets)

    def join(self, socket: FrameSocket) -> None:
        """The viewer gets the snapshot now (if there is one yet), then every change."""
        self.flush()  # what the others are owed predates the snapshot
        self.broadcast.join()
        snapshot = self.broadcast.snapshot_text()
        if snapshot is not None:
            socket.write(text_frame(snapshot))
        self._sockets[socket] = None

    def leave(self, socket: FrameSocket) -> None:
        if socket in self._sockets:
            del self._sockets[socket]
            self.broadcast.leave()

    def _publish(self, number: int, text: str) -> None:
        self._pending.append(text_frame(text))
        if len(self._pending) == 1:
            self._soon(self.flush)

    def flush(self) -> None:
        """Write what was published since the last flush to every viewer, in one pass."""
        if not self._pending:
            return
        frames = b"".join(self._pending)
        self._pending.clear()
        snapshot: bytes | None = None
        for socket in self._sockets:
            if not socket.behind:
                if socket.backlog() <= BEHIND_BYTES:
                    socket.write(frames)
                    continue
                socket.behind = True
            elif socket.backlog() <= RESUME_BYTES:
                snapshot = snapshot or self._snapshot()
                if snapshot:
                    socket.write(snapshot)
                    socket.behind = False
                    socket.resyncs += 1

    def _snapshot(self) -> bytes:
        """The snapshot's frame, or nothing while the source has none (a viewer process that
        has not had the writer's yet): then the viewer waits behind for the next flush."""
        text = self.broadcast.snapshot_text()
        return b"" if text is None else text_frame(text)


# By the broadcast's id: a fan-out lives as long as its broadcast, whose sinks hold it.
_FANOUTS: weakref.WeakValueDictionary[int, FrameFanout] = weakref.WeakValueDictionary()


def fanout_of(broadcast: Broadcast) -> FrameFanout:
    """The broadcast's frame fan-out, made when its first such viewer comes."""
    fanout = _FANOUTS.get(id(broadcast))
    if fanout is None or fanout.broadcast is not broadcast:
        fanout = _FANOUTS[id(broadcast)] = FrameFanout(broadcast)
    return fanout
