"""The race chart's class-position axis counts places: whole numbers only."""

from __future__ import annotations

import dataclasses
import re

from pitboard.model import ClassificationStatus, Flag, SessionKind
from pitboard.reports.charts import race_chart_svg
from pitboard.reports.facts import RaceFacts, SessionFacts
from pitboard.reports.i18n import Language
from pitboard.rules.track_status import TrackPeriod


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


def test_the_cautions_of_the_race_are_shaded_and_named() -> None:
    result = SessionFacts(
        "race1", SessionKind.RACE, ClassificationStatus.CLASSIFIED, 2, 2, 4, 100_000,
        99_000, 6,
    )  # fmt: skip
    fcy = TrackPeriod(Flag.FCY, 200_000, 260_000, (3, 4), 8)
    red = TrackPeriod(Flag.RED, 500_000, 500_000, (6, 6), 1)
    plain = RaceFacts(result, 3, (3, 3, 2, 2, 2, 2), (900,) * 6, (), ())
    shaded = dataclasses.replace(plain, cautions=(fcy, red))
    english = race_chart_svg(shaded, Language("en"), "Race 1")
    assert "<!-- Full-course yellow -->" in english and "<!-- Red flag -->" in english
    assert english.count("fill: #e3a008") >= 3  # a band in each of the two axes, the legend
    assert english.count("fill: #d1242f") >= 3
    swedish = race_chart_svg(shaded, Language("sv"), "Race 1")
    assert "<!-- Gul flagga över hela banan -->" in swedish and "<!-- Röd flagga -->" in swedish
    none = race_chart_svg(plain, Language("en"), "Race 1")
    assert "#e3a008" not in none and "Full-course yellow" not in none
