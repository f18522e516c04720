"""`pitboard standings SEASON --permutations`: per class, who can still win the title and what
each needs (`pitboard.rules.permutations`), played forward from the results the standings service
(`pitboard.reports.standings`, as the site's standings page) scored and the rounds it says are
still to run: a race of the calendar without a published result (an Ergast round: none of its
races published).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pitboard.rules.permutations import TitleChance
    from pitboard.store import Store

Tables = dict[str, list["TitleChance"]]


def season_permutations(
    store: Store, season: str, car_class: str | None
) -> tuple[Tables, dict[str, str], list[int]]:
    """Per class, every driver's title chances; display names; the rounds still to run."""
    from pitboard.reports.standings import season_standings
    from pitboard.rules.permutations import title_permutations

    found = season_standings(store, season)
    tables = {
        name: title_permutations(rows, found.rules, found.remaining, found.sprints, found.names)
        for name, rows in found.scored.items()
        if car_class is None or name == car_class
    }
    return tables, found.names, found.remaining


def chances_json(chances: list[TitleChance], names: dict[str, str]) -> list[dict[str, object]]:
    from pitboard.reports.standings import points_text as format_points

    return [
        {
            "position": c.standing.position,
            "driver": names.get(c.driver, c.driver),
            "points": format_points(c.standing.points),
            "can_win": c.can_win,
            "clinched": c.clinched,
            "needs": c.needs,
        }
        for c in chances
    ]


def chances_lines(
    season: str, car_class: str, chances: list[TitleChance], names: dict[str, str], left: int
) -> list[str]:
    """The permutations of one class in words, one line per driver who can still win."""
    from pitboard.reports.standings import points_text as format_points

    title = f"{season} title permutations — {car_class}"
    if not left:
        champion = next((c for c in chances if c.clinched), None)
        who = names.get(champion.driver, champion.driver) if champion else "nobody"
        return [title, f"  season complete: champion {who}"]
    lines = [f"{title} ({left} round{'s' if left > 1 else ''} to run)"]
    for chance in (c for c in chances if c.can_win):
        name = names.get(chance.driver, chance.driver)
        points = format_points(chance.standing.points)
        lines.append(f"  {name} ({points}): {chance.needs}")
    out = [names.get(c.driver, c.driver) for c in chances if not c.can_win]
    if out:
        more = ", …" if len(out) > 5 else ""
        lines.append(f"  can no longer win: {len(out)} ({', '.join(out[:5])}{more})")
    return lines
