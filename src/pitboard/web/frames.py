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

A slow viewer never holds up the others: once more than `BEHIND_BYTES` wait unsent to it (the
transport's flow control tells its protocol), it gets no more changes; when its backlog has
drained below `RESUME_BYTES` it is sent a fresh snapshot (made once for all viewers catching up
at the same message) and changes after that.
A viewer that stops reading altogether is closed by uvicorn's ping timeout.
"""

from __future__ import annotations

import asyncio
import struct
import weakref
from collections.abc import Callable

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame

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
    """One viewer's connection, as the fan-out writes to it.

    Its protocol (`FramesWebSocketProtocol`) tells it what changes: `stopped` once the
    connection takes no more frames (a close frame sent, the transport closing or lost),
    `paused` when more than `BEHIND_BYTES` wait unsent (the transport's flow control, its
    limits set when the viewer joins a fan-out), `resumed` when they have drained below
    `RESUME_BYTES`. So the fan-out's pass needs nothing of a socket but its one write."""

    __slots__ = ("_protocol", "behind", "fanout", "open", "resyncs")

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol
        self.fanout: FrameFanout | None = None
        self.open = True
        self.behind = False  # skipped changes: owes a snapshot
        self.resyncs = 0

    @property
    def transport(self) -> asyncio.Transport:
        return self._protocol.transport

    def write(self, frame: bytes) -> None:
        if not self.open:
            return
        try:  # noqa: SIM105 - free unless raised; suppress() costs a context a viewer
            self._protocol.transport.write(frame)
        except (OSError, RuntimeError):  # gone before its protocol heard: it is leaving
            pass

    def stopped(self) -> None:
        self.open = False
        if self.fanout is not None:
            self.fanout.drop(self)

    def paused(self) -> None:
        self.behind = True
        if self.fanout is not None:
            self.fanout.drop(self)

    def resumed(self) -> None:
        if self.fanout is not None and self.behind and self.open:
            self.fanout.owed[self] = None


class FramesWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol, offering the app a `FrameSocket` (ASGI extension) and
    telling it when the connection stops or resumes taking frames."""

    frame_socket: FrameSocket | None = None

    async def run_asgi(self) -> None:
        if not self.conn.extensions:  # frames carry no per-message compression
            self.frame_socket = FrameSocket(self)
            self.scope["extensions"][EXTENSION] = {"socket": self.frame_socket}
        await super().run_asgi()

    @property
    def close_sent(self) -> bool:
        return self._close_sent

    @close_sent.setter
    def close_sent(self, sent: bool) -> None:
        self._close_sent = sent
        if sent:
            self._stopped()

    def _stopped(self) -> None:
        if self.frame_socket is not None:
            self.frame_socket.stopped()

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self._stopped()

    def shutdown(self) -> None:
        super().shutdown()
        self._stopped()

    def handle_close(self, event: Frame) -> None:
        super().handle_close(event)
        self._stopped()  # the peer closed: no data frame may follow (RFC 6455 §5.5.1)

    def pause_writing(self) -> None:
        super().pause_writing()
        if self.frame_socket is not None:
            self.frame_socket.paused()

    def resume_writing(self) -> None:
        super().resume_writing()
        if self.frame_socket is not None:
            self.frame_socket.resumed()


class FrameFanout:
    """The frame-taking viewers of one broadcast.

    The messages of one update (a crossing's `issue` messages and its `changes`) are written
    together: one write a viewer, not one a message — on a busy line with two stray reads that
    is a third of the system calls. They go out when the publisher says the update is complete
    (`Broadcast.flush`: the writer does, before its HTTP response), at the latest at the end of
    the event-loop turn that published them. The pass over the viewers is one call a viewer,
    its transport's `write`: the viewers that stopped or fell behind are out of it (their
    protocols say so), and those that caught up are sent a snapshot after it."""

    def __init__(
        self, broadcast: Broadcast, soon: Callable[[Callable[[], None]], object] | None = None
    ) -> None:
        self.broadcast = broadcast
        self._sockets: dict[FrameSocket, None] = {}  # in the order they joined
        self._writes: dict[FrameSocket, Callable[[bytes], object]] = {}  # those taking all
        self.owed: dict[FrameSocket, None] = {}  # fell behind, drained since: owe a snapshot
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
        self._sockets[socket] = None
        socket.fanout = self
        transport = socket.transport
        transport.set_write_buffer_limits(high=BEHIND_BYTES, low=RESUME_BYTES)
        socket.open = socket.open and not transport.is_closing()
        if socket.open and not socket.behind:
            self._writes[socket] = transport.write
        snapshot = self.broadcast.snapshot_text()
        if snapshot is not None:
            socket.write(text_frame(snapshot))

    def leave(self, socket: FrameSocket) -> None:
        if socket in self._sockets:
            del self._sockets[socket]
            self.drop(socket)
            self.owed.pop(socket, None)
            socket.fanout = None
            self.broadcast.leave()

    def drop(self, socket: FrameSocket) -> None:
        """Out of the pass (stopped, or behind); a stopped one owes nothing either."""
        self._writes.pop(socket, None)
        if not socket.open:
            self.owed.pop(socket, None)

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
        for write in tuple(self._writes.values()):  # a write may pause its viewer: a copy
            try:  # noqa: SIM105 - free unless raised; suppress() costs a context a viewer
                write(frames)
            except (OSError, RuntimeError):  # gone before its protocol heard: it is leaving
                pass
        if self.owed:
            self._catch_up()

    def _catch_up(self) -> None:
        """A fresh snapshot to the viewers that caught up, then they are in the pass again.
        While the source has none (a viewer process that has not had the writer's yet) they
        wait for the next flush."""
        text = self.broadcast.snapshot_text()
        if text is None:
            return
        snapshot = text_frame(text)
        owed, self.owed = self.owed, {}
        for socket in owed:
            socket.behind = False
            socket.resyncs += 1
            self._writes[socket] = socket.transport.write  # before the write: it may pause
            socket.write(snapshot)


# By the broadcast's id: a fan-out lives as long as its broadcast, whose sinks hold it.
_FANOUTS: weakref.WeakValueDictionary[int, FrameFanout] = weakref.WeakValueDictionary()


def fanout_of(broadcast: Broadcast) -> FrameFanout:
    """The broadcast's frame fan-out, made when its first such viewer comes."""
    fanout = _FANOUTS.get(id(broadcast))
    if fanout is None or fanout.broadcast is not broadcast:
        fanout = _FANOUTS[id(broadcast)] = FrameFanout(broadcast)
    return fanout
