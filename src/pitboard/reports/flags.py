"""The caution kinds as every chart shows them: a colour per flag (code 60 is shown with the
purple flag it is signalled by) and its name; the site's charts and the report's share them."""

from __future__ import annotations

from collections.abc import Iterable

from pitboard.model import Flag
from pitboard.reports.i18n import N_
from pitboard.rules.track_status import TrackPeriod

FLAG_COLOURS = {
    Flag.YELLOW: "#f5d90a",
    Flag.FCY: "#e3a008",
    Flag.SAFETY_CAR: "#fb8f44",
    Flag.CODE_60: "#8250df",
    Flag.RED: "#d1242f",
}
FLAG_NAMES = {
    Flag.YELLOW: N_("Yellow"),
    Flag.FCY: N_("Full-course yellow"),
    Flag.SAFETY_CAR: N_("Safety car"),
    Flag.CODE_60: N_("Code 60"),
    Flag.RED: N_("Red flag"),
}


def cautions(periods: Iterable[TrackPeriod]) -> list[TrackPeriod]:
    """The periods shaded on a chart: those of a caution kind."""
    return [period for period in periods if period.flag in FLAG_COLOURS]


def caution_kinds(periods: Iterable[TrackPeriod]) -> list[Flag]:
    """The caution kinds among the periods, in the order of FLAG_COLOURS (a legend's order)."""
    kinds = {period.flag for period in periods}
    return [flag for flag in FLAG_COLOURS if flag in kinds]
