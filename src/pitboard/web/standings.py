"""Championship standings per class, drivers and teams, as the site shows them: the JSON of
`pitboard.reports.standings` (the same service `pitboard standings` prints)."""

from __future__ import annotations

from typing import Any

from pitboard.reports.standings import (
    Crew,
    Race,
    SeasonStandings,
    Table,
    points_text,
    rank_text,
)


def standings_json(found: SeasonStandings) -> dict[str, Any]:
    season = found.season
    return {
        "season": {"key": season.key, "name": season.name, "year": season.year},
        "points": found.source,
        "races": [{"index": r.index, "label": r.label, "session": r.session} for r in found.races],
        "tables": [table_json(t, found.races) for t in found.tables],
    }


def _crew_json(crew: Crew, labels: dict[int, str]) -> dict[str, Any]:
    first = crew.standing
    return {
        "position": crew.rank,
        "rank": rank_text(crew.rank, crew.tied),
        "names": list(crew.names),
        "points": points_text(first.points),
        "wins": first.wins,
        "tied": crew.tied,
        "races": {labels.get(r.round, str(r.round)): points_text(r.points) for r in first.rounds},
    }


def table_json(table: Table, races: list[Race]) -> dict[str, Any]:
    labels = {race.index: race.label for race in races}
    return {
        "class": table.car_class,
        "of": table.who,
        "rows": [
            {
                "position": row.position,
                "rank": rank_text(row.position, row.tied),
                "name": row.driver,
                "points": points_text(row.points),
                "wins": row.wins,
                "tied": row.tied,
                "races": [
                    {"race": labels.get(r.round, str(r.round)), "points": points_text(r.points)}
                    for r in row.rounds
                ],
            }
            for row in table.rows
        ],
        "crews": [_crew_json(crew, labels) for crew in table.crews],
        "tie_breaks": table.ties,
    }
