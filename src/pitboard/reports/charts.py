"""Race charts (matplotlib, SVG): the car's class position lap by lap, and its gap to the class
leader, the stops marked and the caution periods of its race shaded (a colour per kind, named in
a legend below). Server-side, no JavaScript, the same picture in HTML and PDF."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from pitboard.reports.facts import RaceFacts
from pitboard.reports.flags import FLAG_COLOURS, FLAG_NAMES, caution_kinds
from pitboard.reports.i18n import Language

INK, ACCENT, GRID = "#1d2330", "#0b6e4f", "#d9dde3"


def race_chart_svg(race: RaceFacts, lang: Language, title: str) -> str:
    figure = Figure(figsize=(6.6, 2.5), dpi=100)
    left, right = figure.subplots(1, 2)
    laps = list(range(len(race.chart) + 1))
    positions = [race.start or race.chart[0], *race.chart]
    left.step(laps, positions, where="post", color=ACCENT, linewidth=1.8)
    left.invert_yaxis()
    left.yaxis.set_major_locator(MaxNLocator(integer=True))  # positions: 18th, never 18.5th
    left.set_title(lang.text("Class position"), fontsize=9, color=INK)
    gaps = [0.0, *[gap / 1000 for gap in race.leader_gaps]]
    right.plot(laps, gaps, color=INK, linewidth=1.5)
    right.set_title(lang.text("Gap to the class leader (s)"), fontsize=9, color=INK)
    for axes in (left, right):
        axes.set_xlabel(lang.text("Lap"), fontsize=8)
        axes.tick_params(labelsize=7)
        axes.grid(color=GRID, linewidth=0.6)
        for stop in race.stops:
            axes.axvline(stop.lap, color="#b0b6bf", linestyle="--", linewidth=1)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        _shade_cautions(axes, race, len(race.chart))
    kinds = caution_kinds(race.cautions)
    if kinds:
        handles = [Patch(color=FLAG_COLOURS[flag], alpha=0.3) for flag in kinds]
        names = [lang.text(FLAG_NAMES[flag]) for flag in kinds]
        figure.legend(handles, names, loc="lower center", ncol=len(kinds), fontsize=7,
                      frameon=False)  # fmt: skip
        figure.tight_layout(rect=(0, 0.08, 1, 1))
    else:
        figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _shade_cautions(axes: Axes, race: RaceFacts, laps: int) -> None:
    """A band over the race's laps that ended under each caution (lap n runs from n - 1 to n)."""
    for period in race.cautions:
        first, last = period.race_laps
        if first - 1 < laps:
            axes.axvspan(first - 1, min(last, laps), color=FLAG_COLOURS[period.flag], alpha=0.3,
                         linewidth=0)  # fmt: skip
