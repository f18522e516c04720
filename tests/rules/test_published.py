"""`classify_published`: rows published elsewhere as a classification (no laps to classify)."""

from __future__ import annotations

from pitboard.model import ClassificationStatus, Session, SessionKind
from pitboard.rules.published import classify_published

ROWS = [
    {"number": "11", "class": "F1", "drivers": ["A"], "status": "classified", "laps": 60,
     "total_time": 5_766_857},
    {"number": "28", "class": "F1", "drivers": ["B"], "status": "classified", "laps": 60,
     "total_time": 5_776_730},
    {"number": "3", "class": "F1", "drivers": ["C"], "status": "classified", "laps": 59,
     "total_time": None},
    {"number": "5", "class": "F1", "drivers": ["D"], "status": "classified", "laps": 59,
     "total_time": None},
    {"number": "9", "class": "F1", "drivers": ["E"], "status": "dnf", "laps": 12},
]  # fmt: skip


def test_rows_keep_their_order_status_and_times() -> None:
    found = classify_published(Session(SessionKind.RACE), ROWS)
    assert [r.number for r in found.rows] == ["11", "28", "3", "5", "9"]
    assert [r.position for r in found.rows] == [1, 2, 3, 4, 5]
    assert found.rows[-1].status is ClassificationStatus.DNF
    assert [str(r.gap_first) for r in found.rows[:3]] == ["-", "+9.873", "1 Lap"]
    assert found.rows[3].gap_previous is None  # same lap as the car ahead, no times published
    assert found.rows[4].gap_first is None
    assert found.classes == ["F1"]


def test_a_row_without_a_status_is_classified_when_it_has_a_position() -> None:
    rows = [{"number": "7", "position": 1, "driver": "Ada"}, {"number": "8", "position": None}]
    found = classify_published(Session(SessionKind.RACE), rows)
    assert [r.status for r in found.rows] == [
        ClassificationStatus.CLASSIFIED,
        ClassificationStatus.NOT_CLASSIFIED,
    ]
    assert found.rows[0].entry.driver_names == ["Ada"]
