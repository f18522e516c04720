"""`pitboard grid show RACE` and `pitboard grid penalty RACE CAR`: a race's starting grid.

The grid is built from the qualifying the weekend format links to the race (Q1 -> Race 1,
Q2 -> Race 2) — its latest published result, or its timing while none is published — with the
grid penalties recorded for the race.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from pitboard.cli import fail

if TYPE_CHECKING:
    from pitboard.model.grid import GridSlot


@click.group(help="Starting grids (PITBOARD_DB, else ./pitboard.db).")
def grid() -> None:
    pass


@grid.command()
@click.argument("race")
@click.option("--json", "as_json", is_flag=True, help="Print the grid as JSON.")
def show(race: str, as_json: bool) -> None:
    """Show the starting grid of RACE (a race session key, e.g. gt4-europe-2023-misano-race1)."""
    from pitboard.model import PitboardError
    from pitboard.store import open_store

    try:
        with open_store() as store:
            slots = store.load_grid(race)
    except PitboardError as error:
        fail(error)
    if as_json:
        from pitboard.formats.grid_json import grid_slot_to_dict

        click.echo(json.dumps([grid_slot_to_dict(slot) for slot in slots], ensure_ascii=False))
        return
    _print(race, slots)


@grid.command()
@click.argument("race")
@click.argument("car")
@click.option("--places", type=click.IntRange(min=1), help="Places the car drops on the grid.")
@click.option("--pit-lane", is_flag=True, help="The car starts from the pit lane.")
@click.option("--reason", required=True, help="Why (e.g. 'impeding in Q1').")
@click.option("--by", "by", required=True, help="Who decided (e.g. 'Stewards').")
def penalty(race: str, car: str, places: int | None, pit_lane: bool, reason: str, by: str) -> None:
    """Record a grid penalty for CAR in RACE: --places N, --pit-lane, or both."""
    from pitboard.model import PitboardError
    from pitboard.model.grid import GridPenalty
    from pitboard.store import open_store

    if not places and not pit_lane:
        fail("grid penalty: give --places N or --pit-lane")
    given = GridPenalty(car, places=places or 0, pit_lane=pit_lane, reason=reason)
    try:
        with open_store() as store:
            (number,) = store.save_grid_penalties(race, [given], by=by)
    except PitboardError as error:
        fail(error)
    parts = (_places(places) if places else "", "pit-lane start" if pit_lane else "")
    what = " and ".join(part for part in parts if part)
    click.echo(f"{race}: grid penalty {number} on car {car} ({what}) recorded")


def _places(places: int) -> str:
    return f"{places} place" if places == 1 else f"{places} places"


def _note(slot: GridSlot) -> str:
    notes = [f"-{_places(slot.penalty_places)}" if slot.penalty_places else ""]
    notes.append("pit lane" if slot.pit_lane else "")
    notes.append("no time" if slot.time is None else "")
    return ", ".join(note for note in notes if note)


def _print(race: str, slots: list[GridSlot]) -> None:
    from rich.console import Console
    from rich.table import Table

    from pitboard.model.clock import format_lap_time

    table = Table(title=f"{race} starting grid")
    for name, justify in (("Pos", "right"), ("Car", "right"), ("Class", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("In class", justify="right")
    table.add_column("Starts")
    table.add_column("Qualifying", justify="right")
    table.add_column("Note")
    for slot in slots:
        starts = slot.driver or ", ".join(slot.entry.driver_names)
        time = format_lap_time(slot.time) if slot.time is not None else "-"
        table.add_row(
            str(slot.position),
            slot.number,
            slot.entry.car_class,
            str(slot.class_position),
            starts,
            time,
            _note(slot),
        )
    Console().print(table)
