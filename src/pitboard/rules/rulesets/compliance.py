"""The `[compliance]` section of a ruleset file: what `rules.compliance.check` holds cars to.

Durations are written as the timing prints them (`"25:00"`, `"1:05"`, `"4:00:00"`); a pair
(`pit_window`, `max_drive_in_period`) is a two-item array. Keys are documented in
docs/rulesets.md. `overrides` (from `pitboard check --set KEY=VALUE`) replace keys of the
file, a pair written `A,B`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

from pitboard.model import Millis, RulesError, parse_duration
from pitboard.rules.compliance import ComplianceRules
from pitboard.rules.rulesets import HERE, available_rulesets

DURATIONS = ("min_drive_time", "max_drive_time", "min_pit_time", "max_stint")
PAIRS = ("pit_window", "max_drive_in_period")
KEYS = (*DURATIONS, *PAIRS, "mandatory_stops", "stop_needs_driver_change")


def load_compliance(name: str, overrides: Mapping[str, str] | None = None) -> ComplianceRules:
    if name not in available_rulesets():
        raise RulesError(f"no ruleset {name!r} (have: {', '.join(available_rulesets())})")
    data = tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8"))
    section = dict(data.get("compliance", {}))
    for key, text in (overrides or {}).items():
        section[key] = text.split(",") if key in PAIRS else text
    return parse_compliance(section, str(data.get("name", name)))


def parse_compliance(section: Mapping[str, Any], name: str) -> ComplianceRules:
    unknown = sorted(set(section) - set(KEYS))
    if unknown:
        raise RulesError(f"ruleset {name!r}: unknown compliance key {unknown[0]!r}")

    def duration(key: str) -> Millis | None:
        return _duration(name, key, section[key]) if key in section else None

    def pair(key: str) -> tuple[Millis, Millis] | None:
        return _pair(name, key, section[key]) if key in section else None

    return ComplianceRules(
        name=name,
        min_drive_time=duration("min_drive_time"),
        max_drive_time=duration("max_drive_time"),
        max_drive_in_period=pair("max_drive_in_period"),
        mandatory_stops=_count(name, section.get("mandatory_stops", 0)),
        stop_needs_driver_change=_flag(name, section.get("stop_needs_driver_change", False)),
        pit_window=pair("pit_window"),
        min_pit_time=duration("min_pit_time"),
        max_stint=duration("max_stint"),
    )


def _duration(name: str, key: str, value: object) -> Millis:
    try:
        return parse_duration(str(value).strip())
    except ValueError:
        raise RulesError(f"ruleset {name!r}: {key} = {value!r} is not a duration") from None


def _pair(name: str, key: str, value: object) -> tuple[Millis, Millis]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise RulesError(f"ruleset {name!r}: {key} = {value!r} is not a pair of durations")
    first, second = (_duration(name, key, item) for item in value)
    if second < first:
        raise RulesError(f"ruleset {name!r}: {key} = {value!r} ends before it begins")
    return first, second


def _count(name: str, value: object) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise RulesError(f"ruleset {name!r}: mandatory_stops = {value!r} is not a count")
    return int(text)


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).lower() in ("true", "false"):
        return str(value).lower() == "true"
    raise RulesError(f"ruleset {name!r}: stop_needs_driver_change = {value!r} is not true/false")
