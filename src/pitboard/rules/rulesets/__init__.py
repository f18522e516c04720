"""Classification rulesets shipped with pitboard, kept as TOML data files beside this module.

They are found through `__file__`, not `importlib.resources`, which would cost every command
`tempfile`, `shutil` and `zipfile` (~4 ms of `pitboard classify`, bench/classify.py).
"""

from __future__ import annotations

import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Any

from pitboard.model import ClassificationRules, PositionDropScope, RulesError

HERE = Path(__file__).parent


def available_rulesets() -> list[str]:
    return sorted(path.stem for path in HERE.glob("*.toml"))


def load_ruleset(name: str) -> ClassificationRules:
    resource = HERE / f"{name}.toml"
    if name not in available_rulesets():
        raise RulesError(f"no ruleset {name!r} (have: {', '.join(available_rulesets())})")
    return parse_ruleset(tomllib.loads(resource.read_text(encoding="utf-8")), name)


def parse_ruleset(data: dict[str, Any], name: str) -> ClassificationRules:
    section = data.get("classification", {})
    try:
        return ClassificationRules(
            name=str(data.get("name", name)),
            minimum_distance=Fraction(str(section.get("minimum_distance", "0"))),
            minimum_distance_per_class=bool(section.get("minimum_distance_per_class", False)),
            chequered_flag_required=bool(section.get("chequered_flag_required", False)),
            position_drop_scope=PositionDropScope(section.get("position_drop_scope", "overall")),
            not_classified_positions=bool(section.get("not_classified_positions", True)),
        )
    except (ValueError, ZeroDivisionError) as error:
        raise RulesError(f"ruleset {name!r}: {error}") from None
