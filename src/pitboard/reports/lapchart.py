"""The lap chart of one class: where a car ran at the end of every lap, and how far behind the
class leader. Position on lap n = 1 + the class cars that completed lap n before it did."""

from __future__ import annotations

from pitboard.model import CarNumber, Lap, Session


def _crossings(session: Session, car_class: str) -> dict[CarNumber, list[Lap]]:
    by_car = session.laps_by_car()
    return {
        number: laps
        for number, laps in by_car.items()
        if number in session.entries and session.entries[number].car_class == car_class
    }


def class_positions(session: Session, car: CarNumber) -> list[int]:
    """The car's class position at the end of each lap it completed (index 0 = lap 1)."""
    car_class = session.entries[car].car_class
    laps = _crossings(session, car_class)
    rivals = [lap_list for number, lap_list in laps.items() if number != car]
    positions: list[int] = []
    for index, lap in enumerate(laps.get(car, [])):
        ahead = sum(
            1
            for other in rivals
            if len(other) > index and (other[index].elapsed or 0) < (lap.elapsed or 0)
        )
        positions.append(1 + ahead)
    return positions


def gaps_to_class_leader(session: Session, car: CarNumber) -> list[int]:
    """Milliseconds behind the first class car across the line on each lap the car completed."""
    car_class = session.entries[car].car_class
    laps = _crossings(session, car_class)
    gaps: list[int] = []
    for index, lap in enumerate(laps.get(car, [])):
        first = min((other[index].elapsed or 0) for other in laps.values() if len(other) > index)
        gaps.append((lap.elapsed or 0) - first)
    return gaps
