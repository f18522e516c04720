"""The MYLAPS/AMB P3 decoder protocol: binary records over TCP.

A record on the wire (little-endian numbers)::

    SOR 0x8E | version 0x02 | length u16 | CRC u16 | flags u16 | TOR u16 | fields... | EOR 0x8F

`length` is the whole record unescaped, SOR and EOR included. Between SOR and EOR every byte
0x8A..0x8F is sent as 0x8D followed by the byte + 0x20, so SOR and EOR only ever frame records.
The CRC is CRC-16/CCITT (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR) over the
unescaped record with its CRC field set to zero. Fields are TLV: tag u8, length u8, value.

Records read here: PASSING (TOR 0x0001), STATUS (0x0002) and RESEND (0x0004, a request to send
passings again from a passing number). Unknown TORs and field tags are kept, not refused. The
decoder is lenient the way a live feed must be: `P3Reader.feed` returns records and `FormatError`s
(bad CRC, bad length, a broken escape, bytes outside a record) and resynchronises on the next SOR;
no byte string makes it raise.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

from pitboard.model import FormatError
from pitboard.model.passing import Loop, Passing

SOR, EOR, ESCAPE = 0x8E, 0x8F, 0x8D
ESCAPE_OFFSET = 0x20
VERSION = 0x02
TOR_PASSING, TOR_STATUS, TOR_RESEND = 0x0001, 0x0002, 0x0004
DECODER_ID = 0x81  # a field every record from a decoder may carry
HEADER = struct.Struct("<BBHHHH")  # SOR, version, length, CRC, flags, TOR
MAX_FRAME = 4096  # a real record is < 100 bytes; a longer run without EOR is noise
SOURCE = "<p3>"

# tag -> (attribute, struct format) per record type
PASSING_FIELDS = {
    0x01: ("number", "<I"),
    0x03: ("transponder", "<I"),
    0x04: ("rtc_time", "<Q"),
    0x05: ("strength", "<H"),
    0x06: ("hits", "<H"),
    0x08: ("flags", "<H"),
    DECODER_ID: ("decoder", "<I"),
}
STATUS_FIELDS = {
    0x01: ("noise", "<H"),
    0x06: ("gps", "<B"),
    0x07: ("temperature", "<h"),
    0x0A: ("satellites", "<B"),
    DECODER_ID: ("decoder", "<I"),
}
RESEND_FIELDS = {0x01: ("first", "<I"), 0x02: ("last", "<I")}


@dataclass(frozen=True, slots=True)
class P3Passing:
    number: int
    transponder: int
    rtc_time: int  # µs since the Unix epoch on the decoder's clock
    strength: int | None = None
    hits: int | None = None
    flags: int | None = None
    decoder: int | None = None
    extra: tuple[tuple[int, bytes], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class P3Status:
    noise: int | None = None
    gps: int | None = None
    temperature: int | None = None  # tenths of a degree Celsius
    satellites: int | None = None
    decoder: int | None = None
    extra: tuple[tuple[int, bytes], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class P3Resend:
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class P3Unknown:
    tor: int
    fields: tuple[tuple[int, bytes], ...]


P3Record = P3Passing | P3Status | P3Resend | P3Unknown


def crc16(data: bytes) -> int:
    """CRC-16/CCITT as P3 uses it: polynomial 0x1021, start 0xFFFF."""
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[((crc >> 8) ^ byte) & 0xFF]
    return crc


def _crc_table() -> list[int]:
    table = []
    for index in range(256):
        crc = index << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
        table.append(crc & 0xFFFF)
    return table


_CRC_TABLE = _crc_table()


def escape(body: bytes) -> bytes:
    out = bytearray()
    for byte in body:
        if 0x8A <= byte <= 0x8F:
            out += bytes((ESCAPE, byte + ESCAPE_OFFSET))
        else:
            out.append(byte)
    return bytes(out)


def unescape(body: bytes) -> bytes:
    """The inverse of `escape`; raises FormatError on an escape byte with nothing valid after."""
    out = bytearray()
    pending = False
    for byte in body:
        if pending:
            if not 0x8A <= byte - ESCAPE_OFFSET <= 0x8F:
                raise FormatError("bad escape in P3 record", path=SOURCE, value=f"8d{byte:02x}")
            out.append(byte - ESCAPE_OFFSET)
            pending = False
        elif byte == ESCAPE:
            pending = True
        else:
            out.append(byte)
    if pending:
        raise FormatError("P3 record ends inside an escape", path=SOURCE, value=body.hex())
    return bytes(out)


# -- encoding ---------------------------------------------------------------------------------


def encode_record(record: P3Record, flags: int = 0) -> bytes:
    """One record as it goes on the wire: framed, CRC'd and escaped."""
    tor, fields = _fields_of(record)
    payload = b"".join(bytes((tag, len(value))) + value for tag, value in fields)
    length = HEADER.size + len(payload) + 1
    unescaped = HEADER.pack(SOR, VERSION, length, 0, flags, tor) + payload + bytes((EOR,))
    crc = crc16(unescaped)
    inner = unescaped[1:-1]
    inner = inner[:3] + struct.pack("<H", crc) + inner[5:]
    return bytes((SOR,)) + escape(inner) + bytes((EOR,))


def _fields_of(record: P3Record) -> tuple[int, list[tuple[int, bytes]]]:
    if isinstance(record, P3Unknown):
        return record.tor, list(record.fields)
    tor, spec = {
        P3Passing: (TOR_PASSING, PASSING_FIELDS),
        P3Status: (TOR_STATUS, STATUS_FIELDS),
        P3Resend: (TOR_RESEND, RESEND_FIELDS),
    }[type(record)]
    fields = [
        (tag, struct.pack(fmt, getattr(record, name)))
        for tag, (name, fmt) in spec.items()
        if getattr(record, name) is not None
    ]
    return tor, fields + list(getattr(record, "extra", ()))


# -- decoding ---------------------------------------------------------------------------------


class P3Reader:
    """A stream decoder: feed it bytes as they arrive, get records and errors back."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[P3Record | FormatError]:
        self._buffer += data
        out: list[P3Record | FormatError] = []
        while True:
            start = self._buffer.find(SOR)
            if start < 0:
                if self._buffer:
                    out.append(_noise(bytes(self._buffer)))
                    self._buffer.clear()
                return out
            if start > 0:
                out.append(_noise(bytes(self._buffer[:start])))
                del self._buffer[:start]
            frame = self._take_frame()
            if frame is None:
                return out
            out.append(_decode_frame(frame))

    def _take_frame(self) -> bytes | FormatError | None:
        """The bytes from SOR to EOR; None while incomplete; an error when cut by a new SOR."""
        end = self._buffer.find(EOR, 1)
        restart = self._buffer.find(SOR, 1)
        if restart >= 0 and (end < 0 or restart < end):
            cut = bytes(self._buffer[:restart])
            del self._buffer[:restart]
            return FormatError("P3 record cut short by the next one", path=SOURCE, value=cut.hex())
        if end < 0:
            if len(self._buffer) > MAX_FRAME:
                cut = bytes(self._buffer[:32])
                self._buffer.clear()
                return FormatError("P3 record without an end", path=SOURCE, value=cut.hex())
            return None
        frame = bytes(self._buffer[: end + 1])
        del self._buffer[: end + 1]
        return frame


def decode_records(data: bytes) -> list[P3Record | FormatError]:
    """Every record and every error in a complete byte string (a capture file)."""
    reader = P3Reader()
    out = reader.feed(data)
    leftover = bytes(reader._buffer)
    if leftover:
        out.append(FormatError("P3 record without an end", path=SOURCE, value=leftover.hex()))
    return out


def _noise(data: bytes) -> FormatError:
    return FormatError("bytes outside a P3 record", path=SOURCE, value=data[:32].hex())


def _decode_frame(frame: bytes | FormatError) -> P3Record | FormatError:
    if isinstance(frame, FormatError):
        return frame
    try:
        return _parse(bytes((SOR,)) + unescape(frame[1:-1]) + bytes((EOR,)))
    except FormatError as error:
        return error


def _parse(record: bytes) -> P3Record:
    if len(record) < HEADER.size + 1:
        raise FormatError("P3 record too short", path=SOURCE, value=record.hex())
    _, version, length, crc, _flags, tor = HEADER.unpack_from(record)
    if length != len(record):
        raise FormatError(
            f"P3 length {length} but {len(record)} bytes", path=SOURCE, value=record.hex()
        )
    zeroed = record[:4] + b"\0\0" + record[6:]
    if crc16(zeroed) != crc:
        raise FormatError(f"bad P3 CRC {crc:04x}", path=SOURCE, value=record.hex())
    if version != VERSION:
        raise FormatError(f"P3 version {version}", path=SOURCE, value=record.hex())
    fields = _tlv(record[HEADER.size : -1], record)
    return _build(tor, fields, record)


def _tlv(data: bytes, record: bytes) -> list[tuple[int, bytes]]:
    fields = []
    index = 0
    while index < len(data):
        if index + 2 > len(data) or index + 2 + data[index + 1] > len(data):
            raise FormatError("P3 field runs past the record", path=SOURCE, value=record.hex())
        tag, size = data[index], data[index + 1]
        fields.append((tag, bytes(data[index + 2 : index + 2 + size])))
        index += 2 + size
    return fields


def _build(tor: int, fields: list[tuple[int, bytes]], record: bytes) -> P3Record:
    kinds: dict[int, tuple[type[P3Passing | P3Status | P3Resend], Mapping[int, tuple[str, str]]]]
    kinds = {
        TOR_PASSING: (P3Passing, PASSING_FIELDS),
        TOR_STATUS: (P3Status, STATUS_FIELDS),
        TOR_RESEND: (P3Resend, RESEND_FIELDS),
    }
    if tor not in kinds:
        return P3Unknown(tor, tuple(fields))
    kind, spec = kinds[tor]
    values: dict[str, object] = {}
    extra = []
    for tag, value in fields:
        if (
            tag in spec
            and struct.calcsize(spec[tag][1]) == len(value)
            and spec[tag][0] not in values
        ):
            values[spec[tag][0]] = struct.unpack(spec[tag][1], value)[0]
        else:
            extra.append((tag, value))
    if kind is not P3Resend:
        values["extra"] = tuple(extra)
    try:
        return kind(**values)  # type: ignore[arg-type]
    except TypeError:
        missing = ", ".join(name for name, _ in spec.values() if name not in values)
        raise FormatError(f"P3 record lacks {missing}", path=SOURCE, value=record.hex()) from None


# -- to and from the model ------------------------------------------------------------------


def passing_from_p3(record: P3Passing, loops: Mapping[int, Loop] | None = None) -> Passing:
    """A decoder's read as a `Passing`; each decoder sits on one loop (`loops`, else the line)."""
    decoder = record.decoder if record.decoder is not None else 0
    loop = (loops or {}).get(decoder, Loop.FINISH)
    return Passing(
        timestamp=record.rtc_time,
        loop=loop,
        transponder=str(record.transponder),
        decoder=str(decoder),
        number=record.number,
    )


def p3_from_passing(passing: Passing) -> P3Passing:
    """The P3 record a decoder sends for `passing` (its transponder and decoder are numbers)."""
    if passing.transponder is None or not passing.transponder.isdigit():
        raise FormatError("P3 needs a numeric transponder", path=SOURCE, value=passing.transponder)
    decoder = int(passing.decoder) if passing.decoder.isdigit() else None
    return P3Passing(
        number=passing.number or 0,
        transponder=int(passing.transponder),
        rtc_time=passing.timestamp,
        hits=40,
        strength=120,
        decoder=decoder,
    )
