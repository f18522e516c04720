"""The race chart's class-position axis counts places: whole numbers only."""

from __future__ import annotations

import re

from pitboard.model import ClassificationStatus, SessionKind
from pitboard.reports.charts import race_chart_svg
from pitboard.reports.facts import RaceFacts, SessionFacts
from pitboard.reports.i18n import Language


def _position_ticks(svg: str) -> list[str]:
    """The tick labels of the first (class position) axes' y axis, as matplotlib writes them."""
    first = svg.split('id="axes_2"', 1)[0]
    ticks = first.split('<g id="ytick_')[1:]
    return [found[1] for tick in ticks if (found := re.search(r"<!-- (.*?) -->", tick))]


def test_class_position_ticks_are_whole_places() -> None:
    result = SessionFacts(
        "race2", SessionKind.RACE, ClassificationStatus.CLASSIFIED, 18, 18, 26, 105_000,
        104_000, 5,
    )  # fmt: skip
    race = RaceFacts(result, 18, (18, 19, 19, 18, 18), (0, 900, 1_800, 2_500, 2_000), (), ())
    ticks = _position_ticks(race_chart_svg(race, Language("en"), "Race 2"))
    assert ticks, "no tick labels found"
    assert all(re.fullmatch(r"\d+", tick) for tick in ticks), ticks
