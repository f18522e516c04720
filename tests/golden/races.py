"""The real races of the golden suite: where each lap file and its official result live.

Every race is classified from its lap file alone and compared, row by row, with the result the
timekeeper or the organiser published. Nothing here is derived from pitboard's own output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from golden.compare import Comparison, compare
from golden.lemans import read_lemans_results
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.formats.alkamel.results import read_results
from pitboard.formats.penalties import read_penalties
from pitboard.model import ClassificationStatus, ClassifiedCar, Entry, Penalty, Session, SessionKind
from pitboard.rules import classify
from pitboard.rules.rulesets import load_ruleset

# IMSA and GR Cup list a retired car as "Classified": its status tells nothing apart.
ALKAMEL_FIELDS = (
    "position",
    "class_position",
    "laps",
    "total_time",
    "gap_first",
    "gap_previous",
    "best_lap",
    "best_lap_number",
)
# results_in.csv has no gaps and no best laps; it does tell DNF / NC apart.
LEMANS_FIELDS = ("position", "class_position", "laps", "total_time", "status")

GRCUP = "grcup2025"
# (name, lap analysis, official result: the OFFICIAL file where one exists, else provisional)
GRCUP_RACES = (
    (
        "barber-r1",
        "barber/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "barber/03_Provisional Results_Race 1_Anonymized.CSV",
    ),
    (
        "barber-r2",
        "barber/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV",
        "barber/03_Results GR Cup Race 2 Official_Anonymized.CSV",
    ),
    (
        "cota-r1",
        "COTA/Race 1/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "COTA/Race 1/00_Results GR Cup Race 1 Official_Anonymized.CSV",
    ),
    (
        "cota-r2",
        "COTA/Race 2/23_AnalysisEnduranceWithSections_ Race 2_Anonymized.CSV",
        "COTA/Race 2/03_Provisional Results_ Race 2_Anonymized.CSV",
    ),
    (
        "sonoma-r1",
        "Sonoma/Race 1/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "Sonoma/Race 1/03_Results_Anonymized.CSV",
    ),
    (
        "sonoma-r2",
        "Sonoma/Race 2/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV",
        "Sonoma/Race 2/03_Results_Anonymized.CSV",
    ),
    (
        "indianapolis-r1",
        "indianapolis/23_AnalysisEnduranceWithSections_Race 1.CSV",
        "indianapolis/03_GR Cup Race 1 Official Results.CSV",
    ),
    (
        "indianapolis-r2",
        "indianapolis/23_AnalysisEnduranceWithSections_Race 2.CSV",
        "indianapolis/03_GR Cup Race 2 Official Results.CSV",
    ),
    (
        "road-america-r1",
        "road-america/Road America/Race 1/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "road-america/Road America/Race 1/03_Results GR Cup Race 1 Official1_Anonymized.CSV",
    ),
    (
        "road-america-r2",
        "road-america/Road America/Race 2/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV",
        "road-america/Road America/Race 2/03_Results GR Cup Race 2 Official_Anonymized.CSV",
    ),
    (
        "sebring-r1",
        "sebring/Sebring/Race 1/23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "sebring/Sebring/Race 1/00_Results GR Race 1 Official_Anonymized.CSV",
    ),
    (
        "sebring-r2",
        "sebring/Sebring/Race 2/23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV",
        "sebring/Sebring/Race 2/00_Results GR Race 2 Official_Anonymized.CSV",
    ),
    (
        "vir-r1",
        "virginia-international-raceway/VIR/Race 1/"
        "23_AnalysisEnduranceWithSections_Race 1_Anonymized.CSV",
        "virginia-international-raceway/VIR/Race 1/"
        "03_Results GR Cup Race 1 Official_Anonymized.CSV",
    ),
    (
        "vir-r2",
        "virginia-international-raceway/VIR/Race 2/"
        "23_AnalysisEnduranceWithSections_Race 2_Anonymized.CSV",
        "virginia-international-raceway/VIR/Race 2/"
        "03_Results GR Cup Race 2 Official_Anonymized.CSV",
    ),
)

# IMSA: every `*-race-laps.csv` beside its `*-race-results.csv` (the Roar's qualifying race too;
# Daytona has results only). Named `imsa-<year>-<event folder>`.
IMSA_EVENTS = (
    "2021/01-roar-before-the-24",
    "2021/05-sebring-international-raceway",
    "2021/08-mid-ohio-sports-car-course",
    "2021/12-6h---watkins-glen-international",
    "2021/13-weathertech-240---wgi",
    "2021/14-lime-rock-park",
    "2021/15-road-america",
    "2021/17-weathertech-raceway-laguna-seca",
    "2021/18-long-beach-street-circuit",
    "2021/19-virginia-international-raceway",
    "2021/22-road-atlanta",
    "2023/07-sebring-international-raceway",
    "2023/08-long-beach-street-circuit",
    "2023/10-weathertech-raceway-laguna-seca",
    "2023/12-watkins-glen-international",
    "2023/13-canadian-tire-motorsport-park",
    "2023/14-lime-rock-park",
    "2023/17-road-america",
    "2023/18-virginia-international-raceway",
    "2023/19-indianapolis-motor-speedway-rc",
    "2023/21-road-atlanta",
)

LEMANS_RACES = (
    ("lemans-2023", 2023, "wec/2023/le_mans_24h__23_Analysis_Race_Hour 24.csv"),
    ("lemans-2024", 2024, "wec/2024/le_mans_24h.csv"),
)


@dataclass(frozen=True)
class Race:
    name: str
    laps: str  # relative to the real-data folder
    official: str  # idem; for Le Mans the results_in.csv file
    ruleset: str
    fields: tuple[str, ...]
    year: int | None = None  # Le Mans: the year to take from results_in.csv


def _imsa_race(event: str) -> Race:
    name = "imsa-" + event.replace("/", "-")
    return Race(name, f"imsa/{event}/*-race-laps.csv", "", "imsa", ALKAMEL_FIELDS)


def all_races() -> list[Race]:
    races = [_imsa_race(event) for event in IMSA_EVENTS]
    races += [
        Race(f"grcup-{name}", f"{GRCUP}/{laps}", f"{GRCUP}/{official}", "grcup", ALKAMEL_FIELDS)
        for name, laps, official in GRCUP_RACES
    ]
    races += [
        Race(name, laps, "lemans/results_in.csv", "wec", LEMANS_FIELDS, year)
        for name, year, laps in LEMANS_RACES
    ]
    return races


RACES = {race.name: race for race in all_races()}

PENALTIES = Path(__file__).resolve().parent / "penalties"


def stewards_decisions(race: Race) -> list[Penalty]:
    """The post-race penalties the official documents show (tests/golden/penalties/<race>.toml)."""
    path = PENALTIES / f"{race.name}.toml"
    return read_penalties(path) if path.is_file() else []


def _resolve(root: Path, pattern: str) -> Path:
    if "*" not in pattern:
        return root / pattern
    matches = sorted(root.glob(pattern))
    if len(matches) != 1:
        raise FileNotFoundError(f"{pattern}: expected one file, found {len(matches)}")
    return matches[0]


def lap_file(root: Path, race: Race) -> Path:
    return _resolve(root, race.laps)


def official_file(root: Path, race: Race) -> Path:
    if race.official:
        return root / race.official
    laps = lap_file(root, race)
    return laps.with_name(laps.name.replace("-race-laps.csv", "-race-results.csv"))


def official_rows(root: Path, race: Race) -> list[ClassifiedCar]:
    if race.year is not None:
        return read_lemans_results(official_file(root, race), race.year)
    return with_class_positions(read_results(official_file(root, race)))


def with_class_positions(rows: list[ClassifiedCar]) -> list[ClassifiedCar]:
    """IMSA and GR Cup results have no PIC column: the class position is the order in class."""
    if any(row.class_position for row in rows):
        return rows
    counts: dict[str, int] = {}
    for row in rows:
        if row.status is ClassificationStatus.DNS:
            continue
        counts[row.entry.car_class] = counts.get(row.entry.car_class, 0) + 1
        row.class_position = counts[row.entry.car_class]
    return rows


def with_entry_list(session: Session, official: list[ClassifiedCar]) -> Session:
    """Add the entered cars that never crossed the line: a lap file has no row for them.

    The entry list is an input of the race (published before it); we take car number and class
    from the official result, nothing else.
    """
    for row in official:
        if row.number not in session.entries:
            session.entries[row.number] = Entry(row.number, row.entry.car_class)
    return session


def read_race(root: Path, race: Race) -> Session:
    session = read_analysis(lap_file(root, race), SessionKind.RACE)
    return with_entry_list(session, official_rows(root, race))


def our_rows(root: Path, race: Race, penalties: Sequence[Penalty] = ()) -> list[ClassifiedCar]:
    return classify(read_race(root, race), load_ruleset(race.ruleset), penalties).rows


# An official non-starter ("Not started") has no position and no gaps: only its status and
# its (zero) laps are compared.
NOT_STARTED_FIELDS = ("status", "laps")


def compare_rows(
    name: str, ours: Sequence[ClassifiedCar], official: Sequence[ClassifiedCar], race: Race
) -> Comparison:
    started = [r for r in official if r.status is not ClassificationStatus.DNS]
    not_started = [r for r in official if r.status is ClassificationStatus.DNS]
    result = compare(name, ours, started, race.fields)
    extra = compare(name, ours, not_started, NOT_STARTED_FIELDS)
    result.rows += extra.rows
    result.exact += extra.exact
    result.differences += extra.differences
    return result


def compare_race(
    root: Path, race: Race, penalties: Sequence[Penalty] = (), name: str | None = None
) -> Comparison:
    ours = our_rows(root, race, penalties)
    return compare_rows(name or race.name, ours, official_rows(root, race), race)
