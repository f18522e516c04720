"""What every classification shares once its order is known: car-number order for cars that
cannot be told apart otherwise, and numbering the rows overall and in class."""

from __future__ import annotations

from collections.abc import Sequence

from pitboard.model import CarNumber, ClassifiedCar


def car_number_key(number: CarNumber) -> tuple[int, int, str]:
    """Car-number order: by value (`"4"` after `"01"`), `"04"` before `"4"`, letters last."""
    digits = number.strip()
    if digits.isdigit():
        return 0, int(digits), digits
    return 1, 0, digits


def number_positions(rows: Sequence[ClassifiedCar]) -> None:
    """Give each row its place overall and in its class, in the order given."""
    for row, (position, class_position) in zip(rows, positions(rows), strict=True):
        row.position, row.class_position = position, class_position


def positions(rows: Sequence[ClassifiedCar]) -> list[tuple[int, int]]:
    """Each row's place overall and in its class, in the order given."""
    class_counts: dict[str, int] = {}
    places: list[tuple[int, int]] = []
    for index, row in enumerate(rows, start=1):
        car_class = row.entry.car_class
        class_counts[car_class] = class_position = class_counts.get(car_class, 0) + 1
        places.append((index, class_position))
    return places
