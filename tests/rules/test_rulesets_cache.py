"""The cache of parsed rulesets (`pitboard.rules.rulesets._parsed`) is what `tomllib` reads in
the TOML files, and a ruleset whose text changed is parsed again, not taken from the cache."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pitboard.rules import rulesets
from pitboard.rules.rulesets import (
    HERE,
    available_rulesets,
    cache_source,
    load_ruleset,
    parse_ruleset,
    read_toml,
)


def test_the_cache_is_written_for_the_files_as_they_are() -> None:
    written = (HERE / "_parsed.py").read_text(encoding="utf-8")
    assert written == cache_source(), (
        "a ruleset changed: write the cache again (see pitboard.rules.rulesets)"
    )


@pytest.mark.parametrize("name", available_rulesets())
def test_each_ruleset_loads_as_tomllib_reads_its_file(name: str) -> None:
    text = (HERE / f"{name}.toml").read_text(encoding="utf-8")
    assert load_ruleset(name) == parse_ruleset(tomllib.loads(text), name)


def test_a_changed_text_is_parsed_not_taken_from_the_cache() -> None:
    text = (HERE / "default.toml").read_text(encoding="utf-8")
    changed = text.replace('minimum_distance = "0"', 'minimum_distance = "0.5"')
    assert changed != text
    assert read_toml("default", changed)["classification"]["minimum_distance"] == "0.5"
    assert read_toml("default", text)["classification"]["minimum_distance"] == "0"


def test_a_ruleset_file_changed_after_the_cache_was_written_loads_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "default.toml").write_text(
        'name = "default"\n[classification]\nchequered_flag_required = true\n', encoding="utf-8"
    )
    monkeypatch.setattr(rulesets, "DIRECTORY", str(tmp_path))
    assert available_rulesets() == ["default"]
    assert load_ruleset("default").chequered_flag_required is True
