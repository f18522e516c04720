"""bench/live.py's `LeanViewer`: the handshake checked, then every update's race clock and bytes
read from frames however the stream is cut into reads (what `--latency` counts must be what was
sent); the bare fan-out's frames are of the size asked and carry the clock the viewer reads."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from bench.live import WEBSOCKET_GUID, LeanViewer, bare_frame

from pitboard.web.frames import text_frame


class Transport:
    def __init__(self) -> None:
        self.written: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.written.append(data)


def handshake(viewer: LeanViewer) -> bytes:
    digest = hashlib.sha1((viewer.key + WEBSOCKET_GUID).encode()).digest()
    accept = base64.b64encode(digest).decode()
    return (
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
    ).encode()


def stream(viewer: LeanViewer, clocks: list[int]) -> tuple[bytes, list[int]]:
    """The server's side: the handshake, a snapshot, a ping, then one update a clock (an issue
    frame before every other one, and a long one: a 16-bit length); and each update's bytes."""
    data = handshake(viewer) + text_frame(json.dumps({"type": "snapshot", "elapsed_ms": 0}))
    data += bytes((0x89, 2)) + b"hi"
    sizes = []
    for index, clock in enumerate(clocks):
        update = b""
        if index % 2:
            update += text_frame(json.dumps({"type": "issue", "text": "stray"}))
        rows = [{"number": str(n)} for n in range(index * 30)]
        changes = {"type": "changes", "flag": "green", "elapsed_ms": clock, "rows": rows}
        update += text_frame(json.dumps(changes))
        data += update
        sizes.append(len(update))
    return data, sizes


@pytest.mark.parametrize("cut", [1, 2, 3, 7, 100, 1_000_000])
def test_the_lean_viewer_reads_every_update_clock_however_the_reads_are_cut(cut: int) -> None:
    seen: list[tuple[int, int, int]] = []
    opened: list[int] = []
    viewer = LeanViewer("/live", seen, opened)
    transport: Any = Transport()
    viewer.connection_made(transport)
    clocks = [1_000, 1_100, 3_600_250, 86_400_000]
    data, sizes = stream(viewer, clocks)
    for at in range(0, len(data), cut):
        viewer.data_received(data[at : at + cut])
    assert [clock for clock, _, _ in seen] == clocks
    assert [size for _, _, size in seen] == sizes
    assert opened == [1]
    assert transport.written[-1][0] == 0x8A  # the ping answered with a pong


def test_the_lean_viewer_refuses_a_wrong_accept_key() -> None:
    viewer = LeanViewer("/live", [], [])
    viewer.connection_made(Transport())
    with pytest.raises(RuntimeError, match="no WebSocket"):
        viewer.data_received(b"HTTP/1.1 101 OK\r\nSec-WebSocket-Accept: nope\r\n\r\n")


@pytest.mark.parametrize("size", [64, 127, 130, 300, 3_000, 65_539, 65_546, 70_000])
def test_a_bare_frame_has_the_size_asked_and_the_clock_the_viewer_reads(size: int) -> None:
    seen: list[tuple[int, int, int]] = []
    viewer = LeanViewer("/live", seen, [])
    viewer.connection_made(Transport())
    snapshot = text_frame(json.dumps({"type": "snapshot"}))
    frame = bare_frame(3_600_250, size)
    assert len(frame) == size
    viewer.data_received(handshake(viewer) + snapshot + frame)
    assert [(clock, bytes_) for clock, _, bytes_ in seen] == [(3_600_250, size)]
