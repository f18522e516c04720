"""Delimited text as the timekeepers write it: BOM or not, `;` or `,`, padded header names,
a trailing separator on every line. Rows stream out with their line numbers.

Anything that is not such a table (a missing file, a directory, an empty file, binary data, text
that is not UTF-8) raises a FormatError naming the file and, where there is one, the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import chain

from pitboard.model import FormatError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from os import PathLike

    Source = str | PathLike[str]  # a file's path (no pathlib on the `classify` path)

SEPARATORS = (";", ",", "\t")
MAX_HEADER = 1 << 20  # a header line longer than this is not a header
CSV_FIELD_LIMIT = csv.field_size_limit()  # a longer line may hold a field `csv` refuses


class Block:
    """Whole lines of a table read together by `Table.blocks`, as the file's bytes: the offset
    of their first byte in the file, and the bytes, every line ending `\\n` (the file's last
    line is given one if it has none)."""

    __slots__ = ("data", "start")

    def __init__(self, start: int, data: bytes) -> None:
        self.start, self.data = start, data


class Table:
    """An open delimited file: its normalised header, then the rest read once, as `rows`, a
    stream of (line, fields), or as `blocks`, many lines at a time, then `rows` if need be.
    A plain class (a dataclass runs the compiler at import, on every command's path)."""

    __slots__ = ("_body", "_first", "_handle", "_source", "header", "path", "rows", "separator")

    def __init__(
        self,
        path: str,
        header: list[str],
        separator: str,
        handle: io.TextIOBase | io.TextIOWrapper,
        source: Source | None = None,
        first: str | None = None,
    ) -> None:
        self.path, self.header, self.separator = path, header, separator
        self._source, self._first, self._body = source, first, 0
        self._handle: io.TextIOBase | io.TextIOWrapper | io.BufferedReader = handle
        self.rows: Iterator[tuple[int, list[str]]] = _rows(handle, handle, path, separator, source)

    def blocks(self, size: int) -> Iterator[Block]:
        """The rest of the file about `size` bytes at a time, in whole lines, as long as it is
        plain UTF-8 text: no quote or NUL, no line longer than `csv` allows, so that each line's
        fields are what `rows` makes of it, `line.split(separator)`. At the first block that
        is not, it stops and `rows` reads the rest, from that block's first line. Nothing when
        the file cannot be read again from an offset (a pipe): `rows` reads it all. Reading
        bytes (no decoder, no line objects) and splitting many lines in one call (`fields`)
        are what let a reader do no Python work per row (bench/classify.py)."""
        raw = self._binary()
        if raw is None:
            return
        start, pending = raw.tell(), b""
        while True:
            data = raw.read(size)
            if data:
                data = pending + data if pending else data
                cut = data.rfind(b"\n") + 1
                if not cut:  # no line end yet: a line longer than `size`, or lone `\r` endings
                    if len(data) > CSV_FIELD_LIMIT:
                        self.rows = self._rows_at(raw, start)
                        return
                    pending = data
                    continue
                data, pending = data[:cut], data[cut:]
            elif pending:
                data, pending = pending + b"\n", b""
            else:
                raw.close()
                self.rows = iter(())
                return
            if b'"' in data or b"\x00" in data or len(data) > CSV_FIELD_LIMIT or not _is_utf8(data):
                self.rows = self._rows_at(raw, start)
                return
            yield Block(start, data)
            start += len(data)

    def fields(self, block: Block) -> tuple[list[bytes], int, int] | None:
        """The fields of a block whose lines all have the same number of fields, split at
        once, with that number and the number of lines. Each line's fields are followed by
        one `\\n` item: row r's field i is `flat[r * (width + 1) + i]`, column i
        `flat[i : lines * (width + 1) : width + 1]`. A `\\r\\n` line end is taken off the
        last field as `rows` takes it off the line. None when the number of fields differs
        between the lines (a blank line has one) or a `\\r` is not at a line's end."""
        data, separator = block.data, self.separator.encode()
        text = data.replace(b"\n", separator + b"\n" + separator)
        lines = (len(text) - len(data)) // (2 * len(separator))
        flat = text.split(separator)
        width = flat.index(b"\n")
        stride = width + 1
        # Each line end is one `\n` item (no field holds one): all of them are where a line of
        # `width` fields puts them exactly when the stride positions hold `lines` of them.
        if len(flat) != lines * stride + 1 or flat[width::stride].count(b"\n") != lines:
            return None
        if b"\r" in data:
            # Every `\r` ends a line's last field, and there are as many as lines (the length
            # of the bytes without them: `replace` finds a byte with `memchr`, `count` does not).
            end = lines * stride
            last = b"\n".join(flat[width - 1 : end : stride]) + b"\n"
            crs = len(data) - len(data.replace(b"\r", b""))
            if crs != lines or last.count(b"\r\n") != lines:
                return None  # a lone `\r` is a line end to `rows`; or the endings are mixed
            if len(last) == 2 * lines:  # each last field is the `\r` alone: a trailing separator
                flat[width - 1 : end : stride] = [b""] * lines
            else:
                flat[width - 1 : end : stride] = last.replace(b"\r\n", b"\n").split(b"\n")[:-1]
        return flat, width, lines

    def rows_from(self, block: Block) -> Iterator[tuple[int, list[str]]]:
        """`rows` from the first line of `block` (the last block `blocks` gave) on."""
        handle = self._handle
        assert isinstance(handle, io.BufferedReader)  # `blocks` reads the bytes
        return self._rows_at(handle, block.start)

    def _binary(self) -> io.BufferedReader | None:
        """The file's bytes after the header, for `blocks`; None for a stream that cannot go
        back to an offset (the text handle then stays, for `rows`)."""
        handle, first = self._handle, self._first
        if not isinstance(handle, io.TextIOWrapper) or first is None or not handle.seekable():
            return None
        if handle.encoding.lower().replace("_", "-") not in ("utf-8", "utf-8-sig"):
            return None  # the blocks are read as UTF-8: another encoding is read by `rows`
        raw = handle.buffer
        if not isinstance(raw, io.BufferedReader):
            return None
        handle.detach()
        self._handle = raw
        raw.seek(0)
        bom = raw.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8  # utf-8-sig took it off
        self._body = len(first.encode()) + (len(codecs.BOM_UTF8) if bom else 0)
        raw.seek(self._body)
        return raw

    def _rows_at(self, raw: io.BufferedReader, start: int) -> Iterator[tuple[int, list[str]]]:
        """`rows` from byte `start`, the start of a line, as text again. The lines before are
        counted only now (the blocks before it end lines with `\\n` alone or `\\r\\n`)."""
        raw.seek(self._body)
        after = 1 + raw.read(start - self._body).count(b"\n")
        handle = self._handle = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return _rows(handle, handle, self.path, self.separator, self._source, after)

    def optional(self, *names: str) -> int | None:
        """Position of the first of `names` in the header (names are upper case, unpadded)."""
        for name in names:
            if name in self.header:
                return self.header.index(name)
        return None

    def column(self, *names: str) -> int:
        """Like `optional`, but the column must be there."""
        index = self.optional(*names)
        if index is None:
            raise FormatError(f"missing column {names[0]}", path=self.path, line=1)
        return index

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        self._handle.close()

    def truncated(self, line: int, fields: list[str]) -> FormatError:
        """The error for a row that ends before the columns a reader needs."""
        missing = self.header[len(fields)] if len(fields) < len(self.header) else "?"
        return FormatError(
            f"truncated row, {len(fields)} of {len(self.header)} fields, ends before column "
            f"{missing}:",
            path=self.path,
            line=line,
            value=self.separator.join(fields),
        )


def normalise_header(fields: list[str]) -> list[str]:
    names = [name.strip().upper() for name in fields]
    while names and names[-1] == "":
        names.pop()  # the trailing separator
    return names


def sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def open_table(path: Source) -> Table:
    """Open a delimited file for streaming; raise FormatError for anything not a table."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by _rows
    except OSError as error:
        raise FormatError(f"cannot open file: {error.strerror or error}", path=name) from None
    return table_from_stream(handle, name, path)


def table_from_stream(
    handle: io.TextIOBase | io.TextIOWrapper, path: str, source: Source | None = None
) -> Table:
    try:
        first = _first_line(handle, path, source)
    except BaseException:
        handle.close()
        raise
    separator = sniff_separator(first)
    try:
        header = normalise_header(next(csv.reader([first], delimiter=separator)))
    except (csv.Error, StopIteration):
        handle.close()
        raise FormatError("bad header line", path=path, line=1, value=first[:80]) from None
    return Table(path, header, separator, handle, source, first)


def _first_line(handle: io.TextIOBase | io.TextIOWrapper, path: str, source: Source | None) -> str:
    try:
        first = handle.readline(MAX_HEADER)
    except UnicodeDecodeError:
        raise _decode_error(path, source) from None
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    if "\x00" in first:
        raise FormatError("binary data, expected a text table", path=path, line=1)
    if not first.strip():
        raise FormatError("empty file, expected a header line", path=path, line=1)
    if len(first) >= MAX_HEADER:
        raise FormatError("header line too long, expected a text table", path=path, line=1)
    return first


def _rows(
    handle: io.TextIOBase | io.TextIOWrapper,
    lines: Iterable[str],
    path: str,
    separator: str,
    source: Source | None,
    line: int = 1,
) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line numbers (`lines` come after line `line`; `handle` is closed at the
    end). A line without quotes, NUL or an overlong field is split on the separator, which is
    exactly what `csv` makes of it, three times faster (timing files never quote); from the
    first line that has any of them on, `csv` reads the rest."""
    lines = iter(lines)
    try:
        for text in lines:
            line += 1
            if '"' in text or "\x00" in text or len(text) > CSV_FIELD_LIMIT:
                yield from _csv_rows(chain([text], lines), path, separator, source, line - 1)
                return
            fields = text.rstrip("\r\n").split(separator)
            if fields[0].strip() or any(field.strip() for field in fields):
                yield line, fields
    except UnicodeDecodeError:
        raise _decode_error(path, source) from None
    finally:
        handle.close()


def _csv_rows(
    lines: Iterator[str], path: str, separator: str, source: Source | None, before: int
) -> Iterator[tuple[int, list[str]]]:
    """The `csv` module's rows of `lines`, the first of which is line `before + 1`."""
    reader = csv.reader(lines, delimiter=separator)
    line = before
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise _decode_error(path, source) from None
        except csv.Error as error:
            raise FormatError(f"bad CSV ({error})", path=path, line=line + 1) from None
        line = before + reader.line_num
        if "\x00" in "".join(fields):
            raise FormatError("binary data in a text table", path=path, line=line)
        if fields and (fields[0].strip() or any(field.strip() for field in fields)):
            yield line, fields


def _is_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


def _decode_error(path: str, source: Source | None) -> FormatError:
    """Find the first line that is not UTF-8 (the decoder reads ahead, so look again)."""
    if source is None:
        return FormatError("not UTF-8 text", path=path)
    try:
        with open(source, "rb") as raw:
            return _locate_bad_bytes(raw, path)
    except OSError:
        return FormatError("not UTF-8 text", path=path)


def _locate_bad_bytes(raw: io.BufferedReader, path: str) -> FormatError:
    start = raw.read(4)
    if _looks_like_utf16(start):
        return FormatError("not UTF-8 text (looks like UTF-16)", path=path, line=1)
    if b"\x00" in start:
        return FormatError("binary data, expected a text table", path=path, line=1)
    raw.seek(0)
    header: list[str] = []
    separator = b","
    for number, data in enumerate(raw, start=1):
        try:
            text = data.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            return _bad_bytes_error(path, number, data, error.start, separator, header)
        if number == 1:
            separator = sniff_separator(text).encode()
            header = normalise_header(text.split(separator.decode()))
    return FormatError("not UTF-8 text", path=path)


def _looks_like_utf16(start: bytes) -> bool:
    """A UTF-16 byte order mark, or ASCII text with every other byte zero."""
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    zeros = [byte == 0 for byte in start]
    return len(start) == 4 and zeros in ([False, True, False, True], [True, False, True, False])


def _bad_bytes_error(
    path: str, line: int, data: bytes, offset: int, separator: bytes, header: list[str]
) -> FormatError:
    index = data[:offset].count(separator)
    field = data.split(separator)[index].rstrip(b"\r\n")
    return FormatError(
        "not UTF-8 text (Latin-1?)",
        path=path,
        line=line,
        column=(header[index] or None) if index < len(header) else None,
        value=field.decode("utf-8", "backslashreplace"),
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,:]*")


def spreadsheet_safe(cell: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection): text that
    starts with `= + - @`, a tab or a carriage return gets a leading `'`; numbers and gaps
    (`-3`, `+0.170`, `+1:02.345`) and the leader's gap `-` alone stay as they are. Every CSV
    the site serves goes through it."""
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_START) and text != "-" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
