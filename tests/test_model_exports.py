"""`pitboard.model` re-exports its names lazily: each one resolves to its submodule's object,
and the list the module `__getattr__` reads matches the `X as X` imports mypy reads."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pitboard.model

INIT = Path(pitboard.model.__file__)


def _typed_reexports() -> dict[str, str]:
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(INIT.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pitboard."):
            for alias in node.names:
                assert alias.asname == alias.name, f"{alias.name} is not re-exported as itself"
                found[alias.name] = node.module.removeprefix("pitboard.model.")
    return found


def test_the_lazy_table_matches_the_typed_imports() -> None:
    assert _typed_reexports() == pitboard.model._EXPORTS


def test_each_name_is_its_submodules_object() -> None:
    for name, module in pitboard.model._EXPORTS.items():
        defining = importlib.import_module(f"pitboard.model.{module}")
        assert getattr(pitboard.model, name) is getattr(defining, name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        pitboard.model.NoSuchThing  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("pitboard.model.NoSuchThing resolved")


def test_a_name_loads_only_its_own_submodules() -> None:
    code = (
        "import sys\nfrom pitboard.model import Lap\n"
        "print(sorted(m for m in sys.modules if m.startswith('pitboard.model.')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() and "championship" not in done.stdout, done.stdout
