"""P3 decoders over TCP: as a client of a decoder (the usual set-up) or as a server decoders
connect to. Bad frames are journaled and reported and the feed goes on; passings a decoder sends
again (after a reconnect, on our RESEND) that are journaled already are skipped.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from pitboard.formats.p3 import P3Passing, P3Reader, P3Resend, encode_record, passing_from_p3
from pitboard.live.ingest import Ingest
from pitboard.model import FormatError
from pitboard.model.passing import Loop, Passing

RECONNECT_SECONDS = 0.5


class P3Feed:
    """Decodes one byte stream into the ingest."""

    def __init__(self, ingest: Ingest, loops: Mapping[int, Loop], source: str) -> None:
        self.ingest, self.loops, self.source = ingest, loops, source
        self.reader = P3Reader()
        self.records = 0
        self.resent = 0

    def feed(self, chunk: bytes) -> None:
        """One read: its passings submitted together, its bad frames reported as one."""
        passings: list[Passing] = []
        errors: list[FormatError] = []
        for item in self.reader.feed(chunk):
            self.records += 1
            if isinstance(item, FormatError):
                errors.append(item)
            elif isinstance(item, P3Passing):
                passing = passing_from_p3(item, self.loops)
                if (passing.decoder, passing.number or 0) in self.ingest.seen:
                    self.resent += 1
                else:
                    passings.append(passing)
        if errors:
            first = errors[0]
            self.ingest.report(self.source, first.message, first.value or "", len(errors))
        if passings:
            self.ingest.submit(passings)

    async def run(self, stream: asyncio.StreamReader) -> None:
        while chunk := await stream.read(65536):
            self.feed(chunk)


async def connect_decoder(
    host: str, port: int, ingest: Ingest, loops: Mapping[int, Loop], decoder: str | None = None
) -> None:
    """Stay connected to a decoder; on every (re)connect ask it to send again what we lack."""
    while True:
        try:
            stream, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(RECONNECT_SECONDS)
            continue
        first = _first_missing(ingest, decoder)
        writer.write(encode_record(P3Resend(first=first, last=0xFFFF_FFFF)))
        await writer.drain()
        await P3Feed(ingest, loops, f"p3://{host}:{port}").run(stream)
        writer.close()
        await asyncio.sleep(RECONNECT_SECONDS)


def _first_missing(ingest: Ingest, decoder: str | None) -> int:
    """The first passing number we lack from `decoder` (one decoder per connection, as P3 has
    it); from a connection that carries several decoders, everything again (1)."""
    if decoder is None:
        return 1
    return max((n for d, n in ingest.seen if d == decoder), default=0) + 1
