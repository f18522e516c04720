"""The P3 protocol: framing, escapes, CRC, records; decode ∘ encode = id; fuzz."""

from __future__ import annotations

import struct

from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.formats.p3 import (
    EOR,
    SOR,
    P3Passing,
    P3Reader,
    P3Resend,
    P3Status,
    P3Unknown,
    crc16,
    decode_records,
    encode_record,
    escape,
    passing_from_p3,
    unescape,
)
from pitboard.model import FormatError
from pitboard.model.passing import Loop

u8 = st.integers(0, 0xFF)
u16 = st.integers(0, 0xFFFF)
u32 = st.integers(0, 0xFFFF_FFFF)
optional = st.none
extra = st.lists(st.tuples(st.integers(0x40, 0x7F), st.binary(max_size=12)), max_size=3)
passings = st.builds(
    P3Passing,
    number=u32,
    transponder=u32,
    rtc_time=st.integers(0, 2**64 - 1),
    strength=optional() | u16,
    hits=optional() | u16,
    flags=optional() | u16,
    decoder=optional() | u32,
    extra=extra.map(tuple),
)
statuses = st.builds(
    P3Status,
    noise=optional() | u16,
    gps=optional() | u8,
    temperature=optional() | st.integers(-32768, 32767),
    satellites=optional() | u8,
    decoder=optional() | u32,
    extra=extra.map(tuple),
)
resends = st.builds(P3Resend, first=u32, last=u32)
unknowns = st.builds(P3Unknown, tor=st.integers(0x10, 0xFFFF), fields=extra.map(tuple))
records = passings | statuses | resends | unknowns


def test_crc16_is_ccitt_false() -> None:
    # the standard check value of CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) for "123456789"
    assert crc16(b"123456789") == 0x29B1


def test_a_passing_on_the_wire_byte_by_byte() -> None:
    record = P3Passing(number=1, transponder=0x8E, rtc_time=5, decoder=None)
    wire = encode_record(record)
    assert wire[0] == SOR and wire[-1] == EOR
    assert SOR not in wire[1:-1] and EOR not in wire[1:-1]
    body = unescape(wire[1:-1])
    assert body[0] == 0x02  # version
    assert struct.unpack_from("<H", body, 1)[0] == len(body) + 2  # length counts SOR and EOR
    assert struct.unpack_from("<H", body, 7)[0] == 0x0001  # TOR PASSING
    # tag 0x03, 4 bytes: the transponder 0x8E goes out escaped as 8D AE
    assert bytes.fromhex("03048dae000000") in wire


def test_escape_covers_8a_to_8f() -> None:
    assert escape(bytes(range(0x89, 0x92))) == bytes.fromhex("898daa8dab8dac8dad8dae8daf9091")


@given(records)
def test_decode_of_encode_is_identity(record: object) -> None:
    assert decode_records(encode_record(record)) == [record]  # type: ignore[arg-type]


@given(st.lists(records, min_size=1, max_size=5), st.integers(1, 7))
def test_a_stream_cut_anywhere_decodes_the_same(batch: list[object], step: int) -> None:
    wire = b"".join(encode_record(r) for r in batch)  # type: ignore[arg-type]
    reader = P3Reader()
    out = []
    for index in range(0, len(wire), step):
        out += reader.feed(wire[index : index + step])
    assert out == batch


def test_bad_crc_is_reported_and_the_next_record_still_read() -> None:
    good = encode_record(P3Passing(number=7, transponder=1234, rtc_time=10**15))
    broken = bytearray(good)
    broken[-2] ^= 0x01  # a flipped bit in the last field
    out = decode_records(bytes(broken) + b"\x00junk" + good)
    assert isinstance(out[0], FormatError) and "CRC" in str(out[0])
    assert isinstance(out[1], FormatError) and "outside" in str(out[1])
    assert out[2] == P3Passing(number=7, transponder=1234, rtc_time=10**15)


def test_a_record_cut_short_by_the_next_one() -> None:
    good = encode_record(P3Status(noise=40, decoder=9))
    out = decode_records(good[:9] + good)
    assert isinstance(out[0], FormatError) and "cut short" in str(out[0])
    assert out[1] == P3Status(noise=40, decoder=9)


def test_a_passing_without_a_transponder_is_an_error_naming_the_field() -> None:
    out = decode_records(encode_record(P3Unknown(0x0001, ((0x01, b"\1\0\0\0"),))))
    assert isinstance(out[0], FormatError)
    assert "transponder" in str(out[0]) and "rtc_time" in str(out[0])


def test_passing_from_p3_maps_decoders_to_loops() -> None:
    record = P3Passing(number=3, transponder=2000001, rtc_time=1_695_556_800_123_456, decoder=1002)
    passing = passing_from_p3(record, {1002: Loop.PIT_IN})
    assert (passing.transponder, passing.loop, passing.decoder, passing.number) == (
        "2000001",
        Loop.PIT_IN,
        "1002",
        3,
    )
    assert passing.timestamp == 1_695_556_800_123_456


@settings(max_examples=500)
@given(st.binary(max_size=300))
def test_fuzz_any_bytes_give_records_or_errors(data: bytes) -> None:
    for item in decode_records(data):
        assert isinstance(item, (P3Passing, P3Status, P3Resend, P3Unknown, FormatError))


@settings(max_examples=300)
@given(records, st.integers(0, 200), u8)
def test_fuzz_one_byte_changed_never_raises(record: object, where: int, byte: int) -> None:
    wire = bytearray(encode_record(record))  # type: ignore[arg-type]
    wire[where % len(wire)] = byte
    for item in decode_records(bytes(wire)):
        assert isinstance(item, (P3Passing, P3Status, P3Resend, P3Unknown, FormatError))
