"""Le Mans final classifications from `lemans/results_in.csv` (gdsotirov/lemans24), as rows.

`Year;Pos;Class;No;...;Laps;Distance;Time;Reason`: Pos is a number, or DNF / NC / DSQ / DNS / RES.
RES (reserve) cars did not take part and are left out. The file lists the classified cars, then
the others, in the published order: a row's position is its place in that order. Class
positions are counted in that order too, with results_in's class names mapped to the timekeeper's
(LMP2 Pro-Am is a trophy inside LMP2 in the lap files).
"""

from __future__ import annotations

import csv
from pathlib import Path

from pitboard.model import ClassificationStatus, ClassifiedCar, Entry, parse_duration

STATUSES = {
    "DNF": ClassificationStatus.DNF,
    "NC": ClassificationStatus.NOT_CLASSIFIED,
    "DSQ": ClassificationStatus.DSQ,
    "DNS": ClassificationStatus.DNS,
}
CLASSES = {
    "Hypercar": "HYPERCAR",
    "LMP2": "LMP2",
    "LMP2(Pro-Am)": "LMP2",
    "LMGTEAm": "LMGTE Am",
    "LMGT3": "LMGT3",
    "Innovative": "INNOVATIVE CAR",
}


def read_lemans_results(path: Path, year: int) -> list[ClassifiedCar]:
    with path.open(encoding="utf-8", newline="") as handle:
        records = [r for r in csv.DictReader(handle, delimiter=";") if r["Year"] == str(year)]
    rows: list[ClassifiedCar] = []
    counts: dict[str, int] = {}
    for record in records:
        if record["Pos"] == "RES":
            continue
        row = _row(record, len(rows) + 1)
        counts[row.entry.car_class] = counts.get(row.entry.car_class, 0) + 1
        row.class_position = counts[row.entry.car_class]
        rows.append(row)
    return rows


def _row(record: dict[str, str], position: int) -> ClassifiedCar:
    pos = record["Pos"]
    if pos.isdigit() and int(pos) != position:
        raise ValueError(f"results_in.csv: Pos {pos} listed at place {position}")
    time = record["Time"].strip()
    return ClassifiedCar(
        position=position,
        entry=Entry(number=record["No"].strip(), car_class=CLASSES[record["Class"]]),
        status=STATUSES.get(pos, ClassificationStatus.CLASSIFIED),
        laps=int(record["Laps"]),
        total_time=parse_duration(time) if time else None,
    )
