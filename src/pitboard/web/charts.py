"""Charts of a session as inline SVG built by hand (no JavaScript, no CDN). A race: the lap chart
(position per lap), the gap to the leader, the lap-time spread per car and the stint timeline.
Qualifying and practice: each car's best lap as its gap to pole, and every lap time through the
session (a timed session has no race order lap by lap).

Each chart has a `viewBox` and scales to the width of the page; colours are the class colours.
The caution periods (`rules.track_status`) are shaded bands, one colour per kind, on every chart
whose x axis is laps or time, and a strip of their own shows the session's track status.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from statistics import quantiles

from pitboard.model import Classification, Lap, Session, format_lap_time
from pitboard.reports.flags import FLAG_COLOURS, FLAG_NAMES, caution_kinds, cautions
from pitboard.rules.track_status import TrackPeriod

CLASS_COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989")
DRIVER_COLOURS = ("#3b82f6", "#f59e0b", "#10b981", "#ef4444")
WIDTH = 960
LEFT, RIGHT, TOP, BOTTOM = 48, 56, 16, 36


# The GT4 crew classes keep one colour on every page (the live tower lists them in another order).
NAMED_CLASS_COLOURS = dict(zip(("silver", "pro-am", "am"), CLASS_COLOURS, strict=False))


def class_colour(classes: Sequence[str], car_class: str) -> str:
    """A class's colour: fixed for the named crew classes, else by its place in the session."""
    named = NAMED_CLASS_COLOURS.get(car_class.lower())
    if named is not None:
        return named
    index = classes.index(car_class) if car_class in classes else len(classes)
    return CLASS_COLOURS[index % len(CLASS_COLOURS)]


def _svg(height: int, body: list[str], title: str) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _crossings(session: Session) -> dict[int, list[tuple[int, str]]]:
    """Lap number -> (elapsed, car) of every car that completed it, in crossing order."""
    by_lap: dict[int, list[tuple[int, str]]] = {}
    for lap in session.laps:
        if lap.elapsed is not None:
            by_lap.setdefault(lap.number, []).append((lap.elapsed, lap.car))
    for crossings in by_lap.values():
        crossings.sort()
    return by_lap


def _axes(height: int, x_max: int, y_labels: list[tuple[float, str]], x_word: str) -> list[str]:
    bottom = height - BOTTOM
    parts = [
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" class="axis"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" class="axis"/>',
    ]
    for y, text in y_labels:
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tick" text-anchor="end">{text}</text>'
        )
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
        )
    step = max(1, round(x_max / 10))
    for value in range(0, x_max + 1, step):
        x = LEFT + (WIDTH - LEFT - RIGHT) * value / max(x_max, 1)
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" class="tick" text-anchor="middle">{value}</text>'
        )
    parts.append(
        f'<text x="{(WIDTH + LEFT - RIGHT) / 2:.0f}" y="{height - 4}" class="tick" '
        f'text-anchor="middle">{x_word}</text>'
    )
    return parts


def caution_legend(periods: Sequence[TrackPeriod]) -> list[tuple[str, str]]:
    """(name, colour) of each caution kind the session had, in the order of FLAG_COLOURS."""
    return [(FLAG_NAMES[flag], FLAG_COLOURS[flag]) for flag in caution_kinds(periods)]


def _period_text(period: TrackPeriod) -> str:
    first, last = period.race_laps
    laps = f"lap {first}" if first == last else f"laps {first}–{last}"
    return f"{FLAG_NAMES[period.flag]}: {laps}"


def _bands(
    periods: Sequence[TrackPeriod], x_of: _Scale, top: float, bottom: float, *, by_lap: bool
) -> list[str]:
    """A shaded band per caution period across the plot. On a lap axis it covers the leader's
    laps that ended under the flag (lap n runs from x = n - 1 to n); on a time axis, from the
    first to the last crossing of the line under it."""
    bands = []
    for period in cautions(periods):
        first, last = period.race_laps
        x0, x1 = (x_of(first - 1), x_of(last)) if by_lap else (x_of(period.start), x_of(period.end))
        bands.append(
            f'<rect x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, 2):.1f}" '
            f'height="{bottom - top:.1f}" fill="{FLAG_COLOURS[period.flag]}" fill-opacity="0.22" '
            f'class="caution {period.flag.value}" data-laps="{first}-{last}">'
            f"<title>{_period_text(period)}</title></rect>"
        )
    return bands


def track_status_strip(session: Session, periods: Sequence[TrackPeriod]) -> str:
    """The session's track status on one line over time: green, then each caution period in
    its colour with the leader's laps under it; a legend of the kinds below."""
    ends = [lap.elapsed for lap in session.laps if lap.elapsed is not None]
    if not ends or not periods:
        return ""
    minutes = max(ends) // 60_000 + 1
    height = TOP + BOTTOM + 40
    x_of = _scale(0, minutes * 60_000, LEFT + 24, WIDTH - RIGHT)
    bar_top, bar_bottom = TOP + 14, TOP + 34
    body = _stint_axis(x_of, minutes, height, step=_minute_step(minutes))
    body.append(
        f'<rect x="{x_of(0):.1f}" y="{bar_top}" width="{x_of(minutes * 60_000) - x_of(0):.1f}" '
        f'height="{bar_bottom - bar_top}" fill="#1a7f37" fill-opacity="0.18"/>'
    )
    for band in _bands(periods, x_of, bar_top, bar_bottom, by_lap=False):
        body.append(band.replace('fill-opacity="0.22"', 'fill-opacity="0.9"'))
    body += _strip_labels(periods, x_of, bar_top - 3)
    x = LEFT + 24
    for name, colour in [("Green", "#1a7f37"), *caution_legend(periods)]:
        body.append(
            f'<rect x="{x}" y="{height - 17}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{height - 8}" class="tick">{name}</text>'
        )
        x += 28 + 8 * len(name)
    return _svg(height, body, "Track status: caution periods through the session")


def _strip_labels(periods: Sequence[TrackPeriod], x_of: _Scale, y: int) -> list[str]:
    """The leader's laps over each caution of the strip; a label that would run into the one
    before it goes a line higher, or, if that line is taken too, is left to the band's tooltip."""
    ends = [0.0, 0.0]  # where the last label of each line ends
    labels = []
    for period in cautions(periods):
        first, last = period.race_laps
        text = f"L{first}" if first == last else f"L{first}–{last}"
        x = x_of(period.start)
        line = next((n for n, end in enumerate(ends) if x >= end + 6), None)
        if line is None:
            continue
        ends[line] = x + 7 * len(text)  # about 7 units a character at the tick size
        labels.append(f'<text x="{x:.1f}" y="{y - 12 * line}" class="tick">{text}</text>')
    return labels


def _minute_step(minutes: int) -> int:
    return next((step for step in (5, 10, 15, 30, 60, 120) if minutes / step <= 12), 240)


def lap_chart(session: Session, result: Classification, periods: Sequence[TrackPeriod] = ()) -> str:
    """Overall position of every car at the end of every lap."""
    by_lap = _crossings(session)
    cars = len(result.rows)
    if not by_lap or not cars:
        return ""
    height = TOP + BOTTOM + cars * 14
    last_lap = max(by_lap)
    x_of = _scale(0, last_lap, LEFT, WIDTH - RIGHT)
    y_of = _scale(1, max(cars, 2), TOP + 6, height - BOTTOM - 6)
    labels = [(y_of(p), str(p)) for p in range(1, cars + 1) if p == 1 or p % 5 == 0]
    body = _axes(height, last_lap, labels, "lap")
    body += _bands(periods, x_of, TOP, height - BOTTOM, by_lap=True)
    paths: dict[str, list[str]] = {}
    for number, crossings in sorted(by_lap.items()):
        for place, (_, car) in enumerate(crossings, start=1):
            paths.setdefault(car, []).append(f"{x_of(number):.1f},{y_of(place):.1f}")
    for row in result.rows:
        points = paths.get(row.number)
        if not points:
            continue
        colour = class_colour(result.classes, row.entry.car_class)
        body.append(f'<polyline points="{" ".join(points)}" stroke="{colour}" class="line"/>')
        x, y = points[-1].split(",")
        body.append(
            f'<text x="{float(x) + 4:.1f}" y="{float(y) + 4:.1f}" class="label" '
            f'fill="{colour}">#{escape(row.number)}</text>'
        )
    return _svg(height, body, "Lap chart: position at the end of each lap")


def gap_chart(
    session: Session,
    result: Classification,
    periods: Sequence[TrackPeriod] = (),
    cap_s: int = 120,
) -> str:
    """Seconds behind the car that completed the same lap first (capped at `cap_s`)."""
    by_lap = _crossings(session)
    if not by_lap:
        return ""
    height = 360
    last_lap = max(by_lap)
    x_of = _scale(0, last_lap, LEFT, WIDTH - RIGHT)
    y_of = _scale(0, cap_s, TOP, height - BOTTOM)
    labels = [(y_of(s), f"{s} s") for s in range(0, cap_s + 1, 20)]
    body = _axes(height, last_lap, labels, "lap")
    body += _bands(periods, x_of, TOP, height - BOTTOM, by_lap=True)
    lines: dict[str, list[str]] = {}
    for number, crossings in sorted(by_lap.items()):
        leader = crossings[0][0]
        for elapsed, car in crossings:
            gap = min((elapsed - leader) / 1000, cap_s)
            lines.setdefault(car, []).append(f"{x_of(number):.1f},{y_of(gap):.1f}")
    for row in result.rows:
        if row.number in lines:
            colour = class_colour(result.classes, row.entry.car_class)
            points = " ".join(lines[row.number])
            body.append(f'<polyline points="{points}" stroke="{colour}" class="line thin"/>')
    return _svg(height, body, f"Gap to the leader, seconds (capped at {cap_s} s)")


def best_lap_chart(result: Classification, cap_ms: int = 10_000) -> str:
    """Per car in the order of the result: its best lap's gap to pole (bars capped at `cap_ms`)."""
    rows = [row for row in result.rows if row.best_lap is not None]
    if not rows:
        return ""
    pole = min(row.best_lap or 0 for row in rows)
    cap_ms = min(cap_ms, ((max(row.best_lap or 0 for row in rows) - pole) // 1000 + 1) * 1000)
    height = TOP + BOTTOM + 16 * len(rows)
    x_of = _scale(0, cap_ms, LEFT + 24, WIDTH - RIGHT - 40)
    body = []
    for second in range(0, cap_ms // 1000 + 1):
        x = x_of(second * 1000)
        body.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - BOTTOM}" class="grid"/>'
            f'<text x="{x:.1f}" y="{height - BOTTOM + 16}" class="tick" '
            f'text-anchor="middle">+{second} s</text>'
        )
    for index, row in enumerate(rows):
        y = TOP + 2 + 16 * index
        gap = (row.best_lap or 0) - pole
        end = x_of(min(gap, cap_ms))
        colour = class_colour(result.classes, row.entry.car_class)
        text = format_lap_time(row.best_lap or 0) if gap == 0 else f"+{gap / 1000:.3f}"
        body.append(
            f'<text x="{LEFT + 18}" y="{y + 10}" class="label" '
            f'text-anchor="end">#{escape(row.number)}</text>'
            f'<rect x="{x_of(0):.1f}" y="{y}" width="{max(end - x_of(0), 1):.1f}" height="12" '
            f'fill="{colour}"/>'
            f'<text x="{end + 4:.1f}" y="{y + 10}" class="tick">{text}</text>'
        )
    return _svg(height, body, "Best lap of each car: gap to pole, seconds")


def lap_times_chart(
    session: Session,
    result: Classification,
    periods: Sequence[TrackPeriod] = (),
    slack_ms: int = 2000,
) -> str:
    """Every valid lap as a dot: when it ended (minutes into the session) and its time. Laps
    slower than the slowest best lap by more than `slack_ms` (out-laps, in-laps, cool-down
    laps) are left out."""
    bests = [row.best_lap for row in result.rows if row.best_lap is not None]
    laps = [lap for lap in session.laps if lap.valid and lap.time and lap.elapsed is not None]
    if not bests or not laps:
        return ""
    pole = min(bests)
    slowest = min(max(bests), pole * 107 // 100) + slack_ms
    shown = [lap for lap in laps if (lap.time or 0) <= slowest]
    height = 360
    minutes = max(lap.elapsed or 0 for lap in laps) // 60_000 + 1
    x_of = _scale(0, minutes * 60_000, LEFT + 24, WIDTH - RIGHT)
    y_of = _scale(pole - 200, slowest, TOP, height - BOTTOM)
    body = _stint_axis(x_of, minutes, height, step=5 if minutes <= 40 else 10)
    body += _bands(periods, x_of, TOP, height - BOTTOM, by_lap=False)
    for ms in range((pole // 1000) * 1000, slowest + 1, 1000 if slowest - pole < 12_000 else 2000):
        if ms >= pole - 200:
            body.append(
                f'<line x1="{LEFT + 24}" y1="{y_of(ms):.1f}" x2="{WIDTH - RIGHT}" '
                f'y2="{y_of(ms):.1f}" class="grid"/><text x="{LEFT + 18}" y="{y_of(ms) + 4:.1f}" '
                f'class="tick" text-anchor="end">{format_lap_time(ms)[:-4]}</text>'
            )
    entries = session.entries
    for lap in shown:
        entry = entries.get(lap.car)
        colour = class_colour(result.classes, entry.car_class if entry else "")
        tip = f"#{escape(lap.car)} lap {lap.number}: {format_lap_time(lap.time or 0)}"
        body.append(
            f'<circle cx="{x_of(lap.elapsed or 0):.1f}" cy="{y_of(lap.time or 0):.1f}" r="2.6" '
            f'fill="{colour}" fill-opacity="0.7"><title>{tip}</title></circle>'
        )
    return _svg(height, body, "Lap times through the session (minutes in; faster is higher)")


def _green_times(laps: Sequence[Lap]) -> list[int]:
    """Lap times at racing speed: no lap 1, no in- or out-lap, no lap under yellow."""
    return [
        lap.time
        for lap in laps
        if lap.time is not None
        and lap.number > 1
        and not lap.in_pit
        and lap.pit_time is None
        and (lap.flag is None or lap.flag.value == "green")
        and lap.valid
    ]


def spread_chart(session: Session, result: Classification) -> str:
    """Per car: fastest, quartiles and median of its green-flag laps (a box plot)."""
    laps = session.laps_by_car()
    rows = [(row, _green_times(laps.get(row.number, []))) for row in result.rows]
    rows = [(row, times) for row, times in rows if len(times) >= 4]
    if not rows:
        return ""
    height = TOP + BOTTOM + 16 * len(rows)
    low = min(min(times) for _, times in rows)
    high = min(max(max(times) for _, times in rows), low + 8000)
    x_of = _scale(low - 200, high + 200, LEFT + 24, WIDTH - RIGHT)
    body = [_spread_axis(x_of, low, high, height)]
    for index, (row, times) in enumerate(rows):
        y = TOP + 8 + 16 * index
        colour = class_colour(result.classes, row.entry.car_class)
        q1, median, q3 = quantiles(times, n=4)
        lo, hi = min(times), min(max(times), high + 200)
        body.append(
            f'<text x="{LEFT + 18}" y="{y + 4}" class="label" '
            f'text-anchor="end">#{escape(row.number)}</text>'
            f'<line x1="{x_of(lo):.1f}" y1="{y}" x2="{x_of(hi):.1f}" y2="{y}" stroke="{colour}"/>'
            f'<rect x="{x_of(q1):.1f}" y="{y - 5}" width="{max(x_of(q3) - x_of(q1), 1):.1f}" '
            f'height="10" fill="{colour}" fill-opacity="0.35" stroke="{colour}"/>'
            f'<line x1="{x_of(median):.1f}" y1="{y - 5}" x2="{x_of(median):.1f}" y2="{y + 5}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return _svg(height, body, "Lap-time spread at racing speed: fastest, quartiles, median")


def _spread_axis(x_of: _Scale, low: int, high: int, height: int) -> str:
    parts = []
    first = (low // 1000) * 1000
    for ms in range(first, high + 1000, 1000):
        if ms < low - 200:
            continue
        x = x_of(ms)
        minutes, seconds = divmod(ms // 1000, 60)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - BOTTOM}" class="grid"/>'
            f'<text x="{x:.1f}" y="{height - BOTTOM + 16}" class="tick" '
            f'text-anchor="middle">{minutes}:{seconds:02d}</text>'
        )
    return "".join(parts)


def stint_chart(
    session: Session, result: Classification, periods: Sequence[TrackPeriod] = ()
) -> str:
    """Per car: who drove when (coloured by seat), with the pit stops as gaps."""
    laps = session.laps_by_car()
    ends = [lap.elapsed for lap in session.laps if lap.elapsed is not None]
    shown = [row for row in result.rows if laps.get(row.number)]
    if not ends or not shown:
        return ""
    height = TOP + BOTTOM + 16 * len(shown) + 20
    minutes = max(ends) // 60_000 + 1
    x_of = _scale(0, minutes * 60_000, LEFT + 24, WIDTH - RIGHT)
    body = _stint_axis(x_of, minutes, height)
    for index, row in enumerate(shown):
        y = TOP + 4 + 16 * index
        body.append(
            f'<text x="{LEFT + 18}" y="{y + 9}" class="label" '
            f'text-anchor="end">#{escape(row.number)}</text>'
        )
        body.extend(_stint_bars(laps[row.number], x_of, y))
    body += _bands(periods, x_of, TOP, height - BOTTOM - 20, by_lap=False)  # over the bars
    legend_y = height - 8
    for seat, colour in enumerate(DRIVER_COLOURS[:2], start=1):
        x = LEFT + 24 + (seat - 1) * 110
        body.append(
            f'<rect x="{x}" y="{legend_y - 9}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{x + 16}" y="{legend_y}" class="tick">driver {seat}</text>'
        )
    return _svg(height, body, "Stint timeline: who drove when, pit stops as gaps")


def _stint_axis(x_of: _Scale, minutes: int, height: int, step: int = 10) -> list[str]:
    parts = []
    for minute in range(0, minutes + 1, step):
        x = x_of(minute * 60_000)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - BOTTOM}" class="grid"/>'
            f'<text x="{x:.1f}" y="{height - BOTTOM + 14}" class="tick" '
            f'text-anchor="middle">{minute}′</text>'
        )
    return parts


def _stint_bars(laps: Sequence[Lap], x_of: _Scale, y: int) -> list[str]:
    bars = []
    for lap in laps:
        if lap.elapsed is None or lap.time is None:
            continue
        start = lap.elapsed - lap.time + (lap.pit_time or 0)
        seat = (lap.driver_number or 1) - 1
        colour = DRIVER_COLOURS[seat % len(DRIVER_COLOURS)]
        x0, x1 = x_of(start), x_of(lap.elapsed)
        tip = f"lap {lap.number}: {escape(lap.driver)}"
        bars.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 0.5):.1f}" height="12" '
            f'fill="{colour}"><title>{tip}</title></rect>'
        )
    return bars


class _Scale:
    """A linear map from data values to SVG coordinates."""

    def __init__(self, low: float, high: float, start: float, end: float) -> None:
        self.low, self.span = low, (high - low) or 1
        self.start, self.length = start, end - start

    def __call__(self, value: float) -> float:
        return self.start + self.length * (value - self.low) / self.span


def _scale(low: float, high: float, start: float, end: float) -> _Scale:
    return _Scale(low, high, start, end)
