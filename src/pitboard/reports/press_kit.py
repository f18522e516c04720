"""What the press officer writes by hand: the drivers' quotes and the media links (TOML files).

The report never invents a quote: it prints the quotes in the file, in the report's language,
where the file places them, and nothing when there are none.

quotes.toml::

    [[quote]]
    driver = "Elin Vallgren"
    part = "race2"            # weekend, practice, qualifying, race1, race2, next
    en = "..."
    sv = "..."

media.toml::

    photos = "https://..."
    [[tv]]
    part = "qualifying"       # qualifying, race1, race2
    url = "https://..."
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitboard.model import FormatError

PARTS = ("weekend", "practice", "qualifying", "race1", "race2", "next")
# What a race quote takes for granted (`when = "gained"`): printed only if the result says so,
# so that "I could pick off a few cars" is not printed after the car lost places.
WHEN = ("gained", "lost", "finished", "retired")


@dataclass(frozen=True, slots=True)
class Quote:
    driver: str
    part: str
    texts: dict[str, str]  # language -> the words as the driver said them
    when: str = ""  # one of WHEN, or "" (always printed)


@dataclass(frozen=True, slots=True)
class MediaLink:
    part: str
    url: str


@dataclass(frozen=True, slots=True)
class Media:
    tv: tuple[MediaLink, ...] = ()
    photos: str | None = None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise FormatError(f"{path}: cannot read: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise FormatError(f"{path}: {error}") from None


def _text(path: Path, table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise FormatError(f"{path}: {where}: field '{key}' must be text, got {value!r}")
    return value.strip()


def read_quotes(path: Path) -> list[Quote]:
    quotes = []
    for index, table in enumerate(_read(path).get("quote", []), start=1):
        where = f"quote {index}"
        part = _text(path, table, "part", where)
        if part not in PARTS:
            raise FormatError(f"{path}: {where}: unknown part {part!r} (have: {', '.join(PARTS)})")
        texts = {k: v.strip() for k, v in table.items() if len(k) == 2 and isinstance(v, str)}
        if not texts:
            raise FormatError(f'{path}: {where}: no text (give it as en = "...", sv = "...")')
        when = table.get("when", "")
        if when not in ("", *WHEN):
            raise FormatError(f"{path}: {where}: unknown when {when!r} (have: {', '.join(WHEN)})")
        quotes.append(Quote(_text(path, table, "driver", where), part, texts, when))
    return quotes


def read_media(path: Path) -> Media:
    data = _read(path)
    links = []
    for index, table in enumerate(data.get("tv", []), start=1):
        where = f"tv {index}"
        links.append(MediaLink(_text(path, table, "part", where), _text(path, table, "url", where)))
    photos = data.get("photos")
    if photos is not None and not isinstance(photos, str):
        raise FormatError(f"{path}: field 'photos' must be a link, got {photos!r}")
    return Media(tuple(links), photos)
