"""Issue 13's done-when on the real data: every Al Kamel lap analysis in the shared corpus (found
by sniffing every file, not by name) goes through the timing depth without error — sectors,
every car's lap analysis, the fastest lap, the track status and the compliance checks — and the
sums hold: a lap's three sectors add up to its lap time, to the millisecond.

Expected values are worked out here from the laps as read (minimums, sums, counts), never
taken from the functions under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import real_data_dir
from pitboard.formats.registry import ANALYSIS, read, sniff
from pitboard.model import Flag, FormatError, Lap, Session, SessionKind
from pitboard.rules.compliance import check
from pitboard.rules.lap_analysis import analyse_car, counted_laps, fastest_lap
from pitboard.rules.rulesets.compliance import load_compliance
from pitboard.rules.track_status import CAUTION, caution_laps_by_car, track_periods

# A file's series ruleset: its own compliance rules (IMSA sets a minimum drive time; the GR Cup
# and WEC rulesets set none), and the GT4 European rules, which fire on any race run otherwise.
SERIES = {"imsa": "imsa", "grcup2025": "grcup", "wec": "wec"}


def _analysis_files() -> list[str]:
    root = real_data_dir()
    found = []
    for path in sorted(root.rglob("*")):
        try:
            kind = sniff(path) if path.is_file() else None
        except FormatError:
            continue  # not a timing file pitboard reads (standings, F1, PDFs, ...)
        if kind == ANALYSIS:
            found.append(path.relative_to(root).as_posix())
    return found


FILES = _analysis_files()


def test_the_corpus_has_its_85_lap_analyses(real_data: Path) -> None:
    assert len(FILES) == 85
    assert {relative.split("/")[0] for relative in FILES} == set(SERIES)


def _full(lap: Lap) -> bool:
    return len(lap.sectors) == 3 and None not in lap.sectors and lap.time is not None


@pytest.mark.parametrize("relative", FILES)
def test_timing_depth_on_every_real_lap_analysis(real_data: Path, relative: str) -> None:
    session = read(real_data / relative)
    assert isinstance(session, Session)
    full = [lap for lap in session.laps if _full(lap)]
    wrong = [(lap.car, lap.number) for lap in full if sum(lap.sectors) != lap.time]  # type: ignore[arg-type]
    assert wrong == [], "sectors that do not add up to the lap time"
    _lap_analysis(session)
    _track_status(session)
    _compliance(session, relative)


def _sector_counts(lap: Lap, index: int, race: bool) -> bool:
    """The rule of docs/lap-analysis.md, restated: not a race's lap-1 S1, not the last sector of
    a lap ending under red; in qualifying not a deleted lap's unless it ended under red or is an
    out-lap; in a race a deleted lap keeps its sectors."""
    red = lap.flag is Flag.RED
    out_lap = lap.number == 1 or lap.pit_time is not None
    if not race and not lap.valid and not red and not out_lap:
        return False
    return not (race and lap.number == 1 and index == 0) and not (
        red and index == len(lap.sectors) - 1
    )


def _lap_analysis(session: Session) -> None:
    counting = counted_laps(session)
    race = session.kind is SessionKind.RACE
    valid = [lap for laps in counting.values() for lap in laps if lap.valid]
    every = [lap for laps in counting.values() for lap in laps]
    columns = max((len(lap.sectors) for lap in session.laps), default=0)
    field = [
        min((t for lap in every
             if len(lap.sectors) > i and (t := lap.sectors[i]) is not None
             and _sector_counts(lap, i, race)),
            default=None)
        for i in range(columns)
    ]  # fmt: skip
    timed = [lap.time for lap in valid if lap.time]
    fastest = fastest_lap(session)
    assert (fastest.time if fastest else None) == min(timed, default=None)
    for car, laps in counting.items():
        analysis = analyse_car(session, car)
        assert [row.number for row in analysis.rows] == [lap.number for lap in laps]
        mine = [lap for lap in laps if lap.valid]
        best = min((lap.time for lap in mine if lap.time), default=None)
        bests = [row for row in analysis.rows if row.best]
        assert [row.time for row in bests] == ([best] if best is not None else [])
        for row in analysis.rows:
            for index, (time, mark) in enumerate(zip(row.sectors, row.sector_marks, strict=True)):
                if mark.value == "purple":
                    assert time == field[index], (car, row.number, index)
        if analysis.ideal_lap is not None:  # every sector has a best: the sum is a lap's floor
            full = [lap.time for lap in mine if _full(lap)]
            assert analysis.ideal_lap <= min(full, default=analysis.ideal_lap), car
        driven = sum(lap.time for lap in laps if lap.time)
        assert sum(analysis.drive_times.values()) == driven, car


def _track_status(session: Session) -> None:
    periods = track_periods(session.laps)
    flagged = [lap for lap in session.laps if lap.flag is not None and lap.elapsed is not None]
    assert sum(period.crossings for period in periods) == len(flagged)
    under = sum(1 for lap in session.laps if lap.flag in CAUTION)
    assert sum(caution_laps_by_car(session).values()) == under


def _compliance(session: Session, relative: str) -> None:
    own = load_compliance(SERIES[relative.split("/")[0]])
    gt4 = load_compliance("gt4-europe")
    if session.kind is not SessionKind.RACE:
        assert check(session, own) == check(session, gt4) == []  # race rules only
        return
    if relative.startswith("imsa/"):  # no IMSA race penalised a drive time (the results)
        assert check(session, own) == []
    laps = {(lap.car, lap.number) for lap in session.laps}
    for breach in check(session, gt4):
        assert all((breach.car, number) in laps for number in breach.laps), breach
