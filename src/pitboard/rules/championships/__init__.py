"""Championship rulesets shipped with pitboard: one TOML file per era, e.g. `f1-1950-1953.toml`."""

from __future__ import annotations

import tomllib
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from pitboard.model import (
    ChampionshipRules,
    CountingPart,
    PointsSystem,
    RaceOverride,
    RulesError,
    SharedDrive,
)
from pitboard.model.championship import ShortRace

RULE_KEYS = {"pass_down", "min_drive_seconds", "count_each_car", "best_car_only"}
FILE_KEYS = {
    "series",
    "seasons",
    "source",
    "race",
    "sprint",
    "counting",
    "short_race",
    "season",
    "overrides",
    "teams",
} | RULE_KEYS
# `[teams]` (and `[season.YYYY.teams]`): the teams' (F1 constructors') championship of the era.
# It keeps the drivers' points tables, overrides (half points, cars that may not score),
# short-race scales and counting unless it gives its own; exclusions and source are its own.
TEAM_KEYS = {
    "race",
    "sprint",
    "counting",
    "excluded",
    "source",
    "best_car_only",
    "skip_rounds",
}
SEASON_KEYS = {
    "race",
    "sprint",
    "counting",
    "overrides",
    "short_race",
    "source",
    "excluded",
    "teams",
} | RULE_KEYS
SYSTEM_KEYS = {
    "positions",
    "fastest_lap",
    "fastest_lap_top",
    "fastest_lap_classified",
    "pole",
    "shared_drives",
}
COUNTING_KEYS = {"first", "last", "best"}
OVERRIDE_KEYS = {
    "round",
    "factor",
    "positions",
    "fastest_lap",
    "note",
    "no_points",
    "reallocate",
}
SHORT_RACE_KEYS = {"below", "factor", "positions", "fastest_lap"}


def available_championships() -> list[str]:
    """Names of the shipped era files, e.g. `f1-1950-1953`."""
    files = resources.files(__name__).iterdir()
    return sorted(f.name.removesuffix(".toml") for f in files if f.name.endswith(".toml"))


def load_championship(series: str, season: int) -> ChampionshipRules:
    """The rules of `series` in `season`, from the era file whose `seasons` cover it."""
    for name in available_championships():
        data = _read(name)
        first, last = _seasons(data, name)
        if data.get("series") == series and first <= season <= last:
            return parse_championship(data, season, name)
    raise RulesError(f"no {series!r} championship ruleset covers {season}")


def load_team_championship(series: str, season: int) -> ChampionshipRules:
    """The teams' championship rules of `series` in `season` (the era file's `[teams]`)."""
    for name in available_championships():
        data = _read(name)
        first, last = _seasons(data, name)
        if data.get("series") == series and first <= season <= last:
            if "teams" not in data:
                raise RulesError(f"no {series!r} teams' championship in {season} ({name})")
            return parse_championship(data, season, name, teams=True)
    raise RulesError(f"no {series!r} championship ruleset covers {season}")


def _read(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"championship ruleset {name!r}: {error}") from None


def _seasons(data: dict[str, Any], name: str) -> tuple[int, int]:
    seasons = data.get("seasons")
    if not (isinstance(seasons, list) and len(seasons) == 2):
        raise RulesError(f"championship ruleset {name!r}: 'seasons' must be [first, last]")
    return int(seasons[0]), int(seasons[1])


def parse_championship(
    data: dict[str, Any], season: int, name: str, teams: bool = False
) -> ChampionshipRules:
    """One season's rules: the era's defaults with the `[season.YYYY]` table laid over them
    (with `teams`: the teams' championship, `[teams]` and `[season.YYYY.teams]` over those)."""
    _check_keys(data, FILE_KEYS, name)
    extra = data.get("season", {}).get(str(season), {})
    _check_keys(extra, SEASON_KEYS, f"{name} [season.{season}]")
    merged = {**data, **extra}
    if teams:
        merged = _teams(data, extra, merged, season, name)
    try:
        return ChampionshipRules(
            name=f"{data.get('series', name)}-{'teams-' if teams else ''}{season}",
            season=season,
            race=_system(merged["race"], name),
            sprint=_system(merged["sprint"], name) if "sprint" in merged else None,
            counting=tuple(_part(p, name) for p in merged.get("counting", [])),
            overrides=tuple(_override(o, name) for o in merged.get("overrides", [])),
            short_races=tuple(_short(s, name) for s in merged.get("short_race", [])),
            excluded=tuple(str(d) for d in merged.get("excluded", [])),
            source=str(merged.get("source", "")),
            pass_down=_flag(merged, "pass_down"),
            count_each_car=_flag(merged, "count_each_car"),
            best_car_only=_flag(merged, "best_car_only"),
            skip_rounds=tuple(int(r) for r in merged.get("skip_rounds", [])),
            min_drive_time=_drive_time(merged.get("min_drive_seconds")),
        )
    except (KeyError, ValueError, TypeError, InvalidOperation) as error:
        raise RulesError(f"championship ruleset {name!r} ({season}): {error!r}") from None


def _teams(
    data: dict[str, Any], extra: dict[str, Any], merged: dict[str, Any], season: int, name: str
) -> dict[str, Any]:
    """The teams' table of a season: `[teams]`, then `[season.YYYY.teams]`, over what the
    drivers' rules of the season share with it (points tables, overrides, short-race scales,
    counting)."""
    era = data.get("teams", {})
    own = extra.get("teams", {})
    _check_keys(era, TEAM_KEYS, f"{name} [teams]")
    _check_keys(own, TEAM_KEYS, f"{name} [season.{season}.teams]")
    inherited = ("race", "sprint", "overrides", "short_race", "counting")
    shared = {k: merged[k] for k in inherited if k in merged}
    return {**shared, **era, **own}


def _flag(table: dict[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, not {value!r}")
    return value


def _drive_time(seconds: Any) -> int | None:
    """`min_drive_seconds` in the file, milliseconds in the rules."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int) or seconds < 0:
        raise ValueError(f"min_drive_seconds must be a whole number of seconds, not {seconds!r}")
    return seconds * 1000


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise RulesError(f"championship ruleset {where!r}: unknown key {unknown[0]!r}")


def _points(values: list[Any]) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(v)) for v in values)


def _system(table: dict[str, Any], name: str) -> PointsSystem:
    _check_keys(table, SYSTEM_KEYS, name)
    top = table.get("fastest_lap_top")
    return PointsSystem(
        positions=_points(table["positions"]),
        fastest_lap=Decimal(str(table.get("fastest_lap", "0"))),
        fastest_lap_top=None if top is None else int(top),
        fastest_lap_classified=bool(table.get("fastest_lap_classified", False)),
        pole=Decimal(str(table.get("pole", "0"))),
        shared_drives=SharedDrive(table.get("shared_drives", "split")),
    )


def _part(table: dict[str, Any], name: str) -> CountingPart:
    _check_keys(table, COUNTING_KEYS, name)
    last = table.get("last")
    return CountingPart(
        int(table["first"]), None if last is None else int(last), int(table["best"])
    )


def _override(table: dict[str, Any], name: str) -> RaceOverride:
    _check_keys(table, OVERRIDE_KEYS, name)
    positions = table.get("positions")
    return RaceOverride(
        round=int(table["round"]),
        factor=Decimal(str(table.get("factor", "1"))),
        positions=None if positions is None else _points(positions),
        fastest_lap=bool(table.get("fastest_lap", True)),
        note=str(table.get("note", "")),
        no_points=tuple(str(d) for d in table.get("no_points", [])),
        reallocate=bool(table.get("reallocate", False)),
    )


def _short(table: dict[str, Any], name: str) -> ShortRace:
    _check_keys(table, SHORT_RACE_KEYS, name)
    positions = table.get("positions")
    return ShortRace(
        below=Decimal(str(table["below"])),
        factor=Decimal(str(table.get("factor", "1"))),
        positions=None if positions is None else _points(positions),
        fastest_lap=bool(table.get("fastest_lap", True)),
    )
