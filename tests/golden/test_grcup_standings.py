"""GR Cup 2025: the official drivers' championship computed from the 14 race results.

Expected values are the official final standings sheet (`GR Drivers Championship-1.csv`): its
per-race points, pole and fastest-lap points, totals and positions. Our side is computed from
the official race results (provisional where no official file exists, as in the race golden
tests) with the `grcup-2025` ruleset, through `class_standings`. The sheet's points are only
compared, never used; its Number and per-race Status columns are the entry list (who drove
which car in which race; '/' = not entered), since most result files are anonymised.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from tests.golden.compare import Comparison, match_table
from tests.golden.races import RACES, official_rows

from pitboard.model import Classification, ClassifiedCar, Driver, SessionKind, Standing
from pitboard.rules.championships import load_championship
from pitboard.rules.class_standings import class_standings

SHEET = "grcup2025/indianapolis/GR Drivers Championship-1.csv"
# The sheet's race columns, in championship order, and our golden race names.
RACES_IN_ORDER = (
    ("Sonoma Raceway_Race 1", "grcup-sonoma-r1"),
    ("Sonoma Raceway_Race 2", "grcup-sonoma-r2"),
    ("COTA_Race 1", "grcup-cota-r1"),
    ("COTA_Race 2", "grcup-cota-r2"),
    ("Sebring_Race 1", "grcup-sebring-r1"),
    ("Sebring_Race 2", "grcup-sebring-r2"),
    ("VIR_Race 1", "grcup-vir-r1"),
    ("VIR_Race 2", "grcup-vir-r2"),
    ("Road America_Race 1", "grcup-road-america-r1"),
    ("Road America_Race 2", "grcup-road-america-r2"),
    ("Barber_Race 1", "grcup-barber-r1"),
    ("Barber_Race 2", "grcup-barber-r2"),
    ("Indy_Race 1", "grcup-indianapolis-r1"),
    ("Indy_Race 2", "grcup-indianapolis-r2"),
)
NOT_ENTERED = "/"


@dataclass(frozen=True)
class SheetRow:
    position: int
    driver: str
    points: Decimal
    number: str
    races: tuple[tuple[str, str, str, str], ...]  # per race: points, pole, fastest lap, status

    def entered(self, race: int) -> bool:
        return self.races[race][3] != NOT_ENTERED

    def race_points(self, race: int) -> Decimal:
        """Points + pole + fastest-lap points; blank, '/' and 'NS' are no points."""
        values = self.races[race][:3]
        return sum((Decimal(v) for v in values if v.isdigit()), Decimal(0))


def _read_sheet(path: Path) -> list[SheetRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    header = {name: index for index, name in enumerate(rows[0])}
    sheet = []
    for values in rows[1:]:
        races = tuple(
            tuple(values[header[f"{race}_{column}"]] for column in COLUMNS)
            for race, _ in RACES_IN_ORDER
        )
        sheet.append(
            SheetRow(
                int(values[header["Pos"]]),
                values[header["Participant"]],
                Decimal(values[header["Points"]]),
                values[header["Number"]],
                races,  # type: ignore[arg-type]
            )
        )
    return sheet


COLUMNS = ("Points", "PolePoints", "FastestLapPoints", "Status")


@cache
def _sheet(root: Path) -> tuple[SheetRow, ...]:
    return tuple(_read_sheet(root / SHEET))


def _with_driver(row: ClassifiedCar, drivers: dict[str, str]) -> ClassifiedCar:
    """The car with its registered driver for this race, else the name (or number) it ran as."""
    name = drivers.get(row.number) or " ".join(row.entry.driver_names) or f"#{row.number}"
    entry = replace(row.entry, drivers=(Driver(name),))
    car = ClassifiedCar(row.position, entry, row.status, row.class_position, row.laps)
    return car


def _groups(path: Path) -> list[tuple[str, str]]:
    """(NUMBER, GROUP) of each row of a result file, in file order."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [(row["NUMBER"].strip(), (row.get("GROUP") or "").strip()) for row in rows]


def _car_03_restored(root: Path, name: str, rows: list[ClassifiedCar]) -> list[ClassifiedCar]:
    """Dataset defect: the anonymised files write car #03 (Karl Forman) as "3", the number of
    Jason Kos's car; Kos's #3 runs in the Legends group (GROUP column, as at Indianapolis where
    both numbers are written in full), #03 does not. A "3" outside Legends is #03."""
    groups = _groups(root / RACES[name].official)
    assert [n for n, _ in groups] == [r.number for r in rows], name
    restored = []
    for row, (_, group) in zip(rows, groups, strict=True):
        if row.number == "3" and group != "Legends":
            row = replace(row, entry=replace(row.entry, number="03"))
        restored.append(row)
    return restored


def _race(root: Path, index: int, name: str) -> Classification:
    drivers = {s.number: s.driver for s in _sheet(root) if s.entered(index)}
    official = _car_03_restored(root, name, official_rows(root, RACES[name]))
    rows = [_with_driver(r, drivers) for r in official]
    return Classification(SessionKind.RACE, rows, sorted({r.entry.car_class for r in rows}))


@cache
def _standings(root: Path) -> tuple[Standing, ...]:
    races = [_race(root, i, name) for i, (_, name) in enumerate(RACES_IN_ORDER)]
    registered = {s.driver for s in _sheet(root)}
    rules = load_championship("grcup", 2025)
    by_class = class_standings(races, rules, registered=registered)
    assert set(by_class) == {"Am"}
    return by_class["Am"].drivers


def _race_comparison(root: Path, index: int) -> Comparison:
    label, _ = RACES_IN_ORDER[index]
    ours = {s.driver: s for s in _standings(root)}
    result = Comparison(f"grcup-2025 {label}")
    for official in _sheet(root):
        if not official.entered(index):
            continue
        result.rows += 1
        mine = ours[official.driver].round_points(index + 1) if official.driver in ours else None
        if mine == official.race_points(index):
            result.exact += 1
        else:
            result.differences.append(
                f"{official.driver} #{official.number}: ours={mine} "
                f"official={official.race_points(index)}"
            )
    return result


def _total_comparison(root: Path) -> Comparison:
    ours = {s.driver: s for s in _standings(root)}
    blocks: dict[int, int] = {}
    for s in ours.values():
        blocks[s.position] = blocks.get(s.position, 0) + 1
    result = Comparison("grcup-2025 total")
    for official in _sheet(root):
        result.rows += 1
        mine = ours.get(official.driver)
        wrong = []
        if mine is None or mine.points != official.points:
            wrong.append(f"points ours={mine and mine.points} official={official.points}")
        elif not mine.position <= official.position < mine.position + blocks[mine.position]:
            wrong.append(f"position ours={mine.position} official={official.position}")
        if wrong:
            result.differences.append(f"{official.driver}: " + "; ".join(wrong))
        else:
            result.exact += 1
    return result


SONOMA_R1_CAR_78 = (
    "Ethan Ayars",
    "Max Schweid",
    "Christian Weir",
    "Jackson Tovo",
    "Zach Hollingshead",
    "Livio Galanti",
)
# Every row that differs from the sheet, with why; each is pinned by a test named after it.
KNOWN = {
    # Both 0 points with two 17th places as their best results; Gilleland also has a 19th, so
    # count-back puts him ahead, the sheet lists Hewitt 35th and Gilleland 36th. The sheet does
    # not say how it orders drivers without points (every other tie on the sheet, 2 and 0
    # points, follows count-back). See test_hewitt_and_gilleland_zero_points_sheet_order.
    "Miles Hewitt",
    "Andrew Gilleland",
    # Sonoma R1: the sheet gives #78 Ayars (P6) no points and P7..P11 the points of 6th..10th;
    # no document says why, so the ruleset scores the race as run (no override copied from the
    # sheet). Their totals differ by the same; DeLong is one place higher on the sheet because
    # Ayars's 8 points put him ahead here. See
    # test_sonoma_r1_car_78_sheet_gives_no_points_no_document_says_why.
    *SONOMA_R1_CAR_78,
    "Parker DeLong",
}


def _driver(difference: str) -> str:
    return difference.split(":", 1)[0].split(" #", 1)[0]


def test_grcup_2025_drivers_championship(real_data: Path) -> None:
    results = [_race_comparison(real_data, i) for i in range(len(RACES_IN_ORDER))]
    results.append(_total_comparison(real_data))
    print()
    print(match_table(results))
    found = {_driver(d) for r in results for d in r.differences}
    assert found <= KNOWN, "\n".join(d for r in results for d in r.differences)
    assert found == KNOWN, f"fixed, drop from KNOWN: {sorted(KNOWN - found)}"
    # every race's points are exact but Sonoma R1's (KNOWN)
    assert all(r.ok for r in results[1:-1])
    assert {_driver(d) for d in results[0].differences} == set(SONOMA_R1_CAR_78)


def test_hewitt_and_gilleland_zero_points_sheet_order(real_data: Path) -> None:
    hewitt, gilleland = _row(real_data, "Miles Hewitt"), _row(real_data, "Andrew Gilleland")
    assert hewitt.points == gilleland.points == 0
    assert hewitt.finishes[:18] == gilleland.finishes[:18]  # two 17th places each
    assert gilleland.finishes[18] == 1 and hewitt.finishes[18] == 0  # his 19th decides ours
    sheet = {s.driver: s.position for s in _sheet(real_data)}
    assert (sheet["Miles Hewitt"], sheet["Andrew Gilleland"]) == (35, 36)
    assert gilleland.position < hewitt.position


def test_anonymised_files_write_car_03_as_3_the_group_tells_them_apart(real_data: Path) -> None:
    # Sebring to Barber: Kos (#3) did not enter, Forman (#03) did: the lone "3" is Forman's.
    forman = _row(real_data, "Karl Forman")
    assert not any(forman.finishes[:10]) and forman.finishes[10] == 2  # P11: VIR R2, RA R2
    sheet = {s.driver: s.position for s in _sheet(real_data)}
    assert sheet["Karl Forman"] == 29 == _row(real_data, "Karl Forman").position


def test_grcup_2025_no_pole_or_fastest_lap_points_on_the_sheet(real_data: Path) -> None:
    extras = {v for row in _sheet(real_data) for race in row.races for v in race[1:3]}
    assert extras == {"0"}
    rules = load_championship("grcup", 2025)
    assert rules.race.pole == 0 and rules.race.fastest_lap == 0


def _row(root: Path, driver: str) -> Standing:
    return next(s for s in _standings(root) if s.driver == driver)


def test_indianapolis_r2_cars_88_and_021_not_registered_points_pass_down(real_data: Path) -> None:
    # #88 Henry Drury P5, #021 Michael Edwards P11: not on the sheet. Koch (P6) scores 5th
    # place's 10, Schweid (P12) 10th place's 1.
    assert _row(real_data, "Ford Koch").round_points(14) == 10
    assert _row(real_data, "Max Schweid").round_points(14) == 1
    assert all(s.driver != "Henry Drury" for s in _standings(real_data) if s.points)


def test_sonoma_r1_car_78_sheet_gives_no_points_no_document_says_why(real_data: Path) -> None:
    # Ayars (#78, entered: Status blank) finished P6; the sheet gives him 0 and Schweid (P7) 6th
    # place's 8, as if #78 had been out of the points. Without a reason in any document the
    # ruleset scores the race as run: Ayars 8, Schweid 6, Galanti (P11) nothing.
    sheet = {s.driver: s for s in _sheet(real_data)}
    assert sheet["Ethan Ayars"].entered(0) and sheet["Ethan Ayars"].race_points(0) == 0
    assert sheet["Max Schweid"].race_points(0) == 8 and sheet["Livio Galanti"].race_points(0) == 1
    assert _row(real_data, "Ethan Ayars").round_points(1) == 8
    assert _row(real_data, "Max Schweid").round_points(1) == 6
    assert _row(real_data, "Livio Galanti").round_points(1) == 0
    assert not load_championship("grcup", 2025).overrides


def test_car_47_changed_hands_each_driver_scores_their_own_races(real_data: Path) -> None:
    # Ayden Kirk drove #47 at Sonoma R2 (P6: 8), Parker DeLong from Road America (R1 P5: 10).
    assert _row(real_data, "Ayden Kirk").round_points(2) == 8
    assert _row(real_data, "Parker DeLong").round_points(9) == 10
    assert _row(real_data, "Parker DeLong").round_points(2) == 0
