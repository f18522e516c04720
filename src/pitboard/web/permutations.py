"""The standings page's "who can still win" section: per class, the title chances before the
next race (`pitboard.rules.permutations`), crew-mates on one line, played forward from what the
standings service scored and the rounds it says are still to run (as `pitboard standings
--permutations` does)."""

from __future__ import annotations

from typing import Any

from pitboard.reports.standings import SeasonStandings, crews
from pitboard.rules.permutations import TitleChance, title_permutations


def permutations_json(found: SeasonStandings) -> list[dict[str, Any]]:
    """Per class: the races still to run, who can still win (crews) and what each needs, from
    the results the standings scored (no race is classified again)."""
    left = len(found.remaining)
    if not left or not found.races:
        return []
    sections = []
    for car_class, rows in found.scored.items():
        chances = title_permutations(
            rows, found.rules, found.remaining, found.sprints, names=found.names
        )
        sections.append(_section(car_class, left, chances, found))
    return sections


def _section(
    car_class: str, left: int, chances: list[TitleChance], found: SeasonStandings
) -> dict[str, Any]:
    by_driver = {c.driver: c for c in chances}
    contenders = [c.standing for c in chances if c.can_win]
    return {
        "class": car_class,
        "races_left": left,
        "contenders": [
            {
                "names": [found.names.get(name, name) for name in crew.names],
                "points": str(crew.standing.points),
                "clinched": by_driver[crew.standing.driver].clinched,
                "needs": by_driver[crew.standing.driver].needs,
            }
            for crew in crews(contenders, found.cars)
        ],
        "ruled_out": sum(1 for c in chances if not c.can_win),
    }
