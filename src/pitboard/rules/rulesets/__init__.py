"""Classification rulesets shipped with pitboard, kept as TOML data files beside this module.

They are found through `__file__`, not `importlib.resources`, which would cost every command
`tempfile`, `shutil` and `zipfile` (~4 ms of `pitboard classify`, bench/classify.py).

The TOML files are the rulesets. `_parsed.py` beside them is a cache of what `tomllib` makes of
each file, with the text it was made from: `load_ruleset` takes the cached form only when the
file's text is the same, else parses the file (importing `tomllib` and compiling its regular
expressions is ~4 ms of a `pitboard classify` run). After changing a ruleset, write the cache
again (tests/rules/test_rulesets_cache.py fails until then):

    python -c "from pitboard.rules.rulesets import cache_source; print(cache_source(), end='')" \
        > src/pitboard/rules/rulesets/_parsed.py
"""

from __future__ import annotations

import os
from fractions import Fraction

from pitboard.model import ClassificationRules, PositionDropScope, RulesError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    HERE: Path

# This directory. `HERE`, the same as a Path, is made on first use (module `__getattr__`):
# importing pathlib is ~2 ms of a `pitboard classify` run (bench/classify.py).
DIRECTORY = os.path.dirname(os.path.abspath(__file__))


def __getattr__(name: str) -> Any:
    if name == "HERE":
        from pathlib import Path

        return Path(DIRECTORY)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def available_rulesets() -> list[str]:
    return sorted(
        name.removesuffix(".toml") for name in os.listdir(DIRECTORY) if name.endswith(".toml")
    )


def load_ruleset(name: str) -> ClassificationRules:
    if name not in available_rulesets():
        raise RulesError(f"no ruleset {name!r} (have: {', '.join(available_rulesets())})")
    with open(os.path.join(DIRECTORY, f"{name}.toml"), encoding="utf-8") as handle:
        text = handle.read()
    return parse_ruleset(read_toml(name, text), name)


def read_toml(name: str, text: str) -> dict[str, Any]:
    """`tomllib.loads(text)` for the ruleset NAME: the cached form when `_parsed.py` holds it
    for this very text (the caller must not change it)."""
    from pitboard.rules.rulesets._parsed import PARSED

    cached = PARSED.get(name)
    if cached is not None and cached[0] == text:
        return cached[1]
    import tomllib

    return tomllib.loads(text)


def cache_source() -> str:
    """The text of `_parsed.py` for the TOML files as they are now."""
    import ast
    import tomllib

    lines = [
        '"""What `tomllib` reads in each ruleset file, with the text it read (a cache, written by',
        "`pitboard.rules.rulesets.cache_source`; `load_ruleset` uses an entry only while the file",
        'still has that text)."""',
        "",
        "# ruff: noqa: E501 (one line a ruleset)",
        "# fmt: off",
        "PARSED = {",
    ]
    for name in available_rulesets():
        with open(os.path.join(DIRECTORY, f"{name}.toml"), encoding="utf-8") as handle:
            text = handle.read()
        data = tomllib.loads(text)
        if ast.literal_eval(repr(data)) != data:
            raise ValueError(f"{name}.toml holds values a Python literal cannot: {data!r}")
        lines.append(f"    {name!r}: ({text!r}, {data!r}),")
    return "\n".join([*lines, "}", ""])


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
