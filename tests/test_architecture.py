"""Imports point inward: model <- rules <- {formats, store} <- live <- {reports, web} <- cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pitboard"

# What each layer may import from pitboard (besides itself).
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "rules": {"model"},
    "formats": {"model", "rules"},
    "store": {"model", "rules"},
    "demo": {"model", "rules", "formats"},
    "live": {"model", "rules", "formats", "store"},
    "sim": {"model", "rules", "formats", "demo", "live"},
    "reports": {"model", "rules", "formats", "store", "live", "importers"},
    "web": {"model", "rules", "formats", "store", "live", "reports", "importers"},
    "importers": {"model", "rules", "formats", "store"},
    "seasons": set(),  # data files only
}
STDLIB_ONLY = {"model", "rules"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _layer_files() -> list[tuple[str, Path]]:
    return [
        (layer, path)
        for layer in ALLOWED
        for path in sorted((SRC / layer).rglob("*.py"))
        if (SRC / layer).is_dir()
    ]


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda v: str(v))
def test_imports_point_inward(layer: str, path: Path) -> None:
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "pitboard" and len(parts) > 1 and parts[1] != layer:
            assert parts[1] in ALLOWED[layer], f"{path.relative_to(SRC)} imports {name}"


@pytest.mark.parametrize(
    ("layer", "path"), [lf for lf in _layer_files() if lf[0] in STDLIB_ONLY], ids=str
)
def test_core_uses_only_the_standard_library(layer: str, path: Path) -> None:
    import sys

    for name in _imports(path):
        top = name.split(".")[0]
        assert top == "pitboard" or top in sys.stdlib_module_names, f"{path.name} imports {name}"


def test_the_guard_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from pitboard.formats import text\n", encoding="utf-8")
    assert "pitboard.formats" in _imports(bad)
    assert "formats" not in ALLOWED["rules"]
