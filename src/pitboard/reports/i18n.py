"""Words, numbers, ordinals and dates in the report's language (English or Swedish).

Every text comes from the message catalogue: English is the source language (the msgids), other
languages are gettext `.po` files in `pitboard/locale/<lang>/LC_MESSAGES/pitboard.po`, read at
run time through Babel (no compile step, so a fresh `pip install -e .` works). Ordinals use the
locale's CLDR ordinal plural rules (`one`/`two`/`few`/`other`), dates Babel's CLDR patterns.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from decimal import Decimal
from functools import cache
from importlib import resources

from babel import Locale
from babel.dates import format_date, format_interval
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from pitboard.model import PitboardError

LANGUAGES = ("en", "sv")
DOMAIN = "pitboard"


# English ordinal suffixes by CLDR ordinal category; each is a msgid in context "ordinal",
# marked with C_ so that `pybabel extract -k C_:1c,2` keeps them in the catalogue.
def C_(context: str, message: str) -> str:
    """Mark a text with its context for the catalogue; translated where it is used."""
    return message


_ORDINALS = {
    "one": C_("ordinal", "{n}st"),
    "two": C_("ordinal", "{n}nd"),
    "few": C_("ordinal", "{n}rd"),
    "other": C_("ordinal", "{n}th"),
}


class LanguageError(PitboardError):
    """A report language pitboard has no catalogue for."""


def N_(message: str) -> str:
    """Mark a text for the catalogue where it is defined; it is translated where it is used."""
    return message


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    path = resources.files("pitboard").joinpath(f"locale/{language}/LC_MESSAGES/{DOMAIN}.po")
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Language:
    """The report's language: translated texts and locale-aware numbers and dates."""

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            raise LanguageError(f"no report language {code!r} (have: {', '.join(LANGUAGES)})")
        self.code = code
        self.locale = Locale.parse(code)
        self._t = _translations(code)

    def text(self, message: str, /, **values: object) -> str:
        return self._t.gettext(message).format(**values)

    def plural(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        return self._t.ngettext(singular, plural, count).format(count=count, **values)

    def ordinal(self, number: int) -> str:
        form = self.locale.ordinal_form(number)
        return self._t.pgettext("ordinal", _ORDINALS.get(form, _ORDINALS["other"])).format(n=number)

    def date(self, day: dt.date) -> str:
        return format_date(day, "long", locale=self.locale)

    def date_range(self, start: dt.date, end: dt.date) -> str:
        """`Jul 14 – 16` / `14–16 juli`; one day is just that day."""
        if start == end:
            return format_date(
                start, "d MMMM" if self.code == "sv" else "MMMM d", locale=self.locale
            )
        return format_interval(start, end, "MMMMd", locale=self.locale)

    def names(self, names: list[str]) -> str:
        return format_list(names, locale=self.locale)

    def decimal(self, value: Decimal | float, pattern: str = "0.0") -> str:
        return format_decimal(value, pattern, locale=self.locale)

    def seconds(self, millis: int) -> str:
        return format_decimal(Decimal(millis) / 1000, "0.000", locale=self.locale)

    def country(self, code: str) -> str:
        return str(self.locale.territories.get(code.upper(), code))
