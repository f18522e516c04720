"""Imports point inward: model <- rules <- {formats, store} <- live <- {reports, web} <- cli.

The guard reads every import form: `import pitboard.x`, `from pitboard.x import y`,
`from pitboard import x`, relative imports (`from ..x import y`, `from . import x`) and
`importlib.import_module("pitboard.x")` / `__import__` with a literal name.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "pitboard"

# What each layer may import from pitboard (besides itself). `cli` is the outermost layer.
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
DYNAMIC_IMPORTERS = {"import_module", "__import__"}


def _package(path: Path, root: Path) -> list[str]:
    """The dotted package `path` belongs to, as parts (what `from . import` starts from)."""
    return list(path.relative_to(root.parent).parent.parts)


def imported_modules(path: Path, root: Path = SRC) -> set[str]:
    """Every module `path` imports, relative forms resolved to absolute dotted names."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module.split(".") if node.module else []
            if node.level:
                package = _package(path, root)
                base = package[: len(package) - (node.level - 1)] + base
            names.update(".".join([*base, alias.name]) for alias in node.names)
            names.add(".".join(base))
        elif isinstance(node, ast.Call) and _is_dynamic_import(node):
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
    return {name for name in names if name}


def _is_dynamic_import(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in DYNAMIC_IMPORTERS and bool(node.args)


def violations(layer: str, path: Path, root: Path = SRC) -> list[str]:
    """Each import of `path` (in `layer`) that points outward, as a readable line."""
    found = []
    for name in sorted(imported_modules(path, root)):
        parts = name.split(".")
        if parts[0] != root.name or len(parts) < 2 or parts[1] == layer:
            continue
        target = parts[1]
        is_layer = (root / target).is_dir() or (root / f"{target}.py").is_file()
        if is_layer and target not in ALLOWED[layer]:
            found.append(f"{path.relative_to(root)} imports {name}")
    return found


def _layer_files(root: Path = SRC) -> list[tuple[str, Path]]:
    return [
        (layer, path)
        for layer in ALLOWED
        if (root / layer).is_dir()
        for path in sorted((root / layer).rglob("*.py"))
    ]


def test_every_package_is_a_known_layer() -> None:
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert packages - {"cli", "locale"} <= set(ALLOWED), packages - set(ALLOWED)


@pytest.mark.parametrize(("layer", "path"), _layer_files(), ids=lambda v: str(v))
def test_imports_point_inward(layer: str, path: Path) -> None:
    assert violations(layer, path) == []


@pytest.mark.parametrize(
    ("layer", "path"), [lf for lf in _layer_files() if lf[0] in STDLIB_ONLY], ids=str
)
def test_core_uses_only_the_standard_library(layer: str, path: Path) -> None:
    assert outside_the_standard_library(path) == []


def outside_the_standard_library(path: Path, root: Path = SRC) -> list[str]:
    tops = {name.split(".")[0] for name in imported_modules(path, root)}
    return sorted(tops - {root.name} - set(sys.stdlib_module_names))


FORBIDDEN_FORMS = {
    "absolute": "import pitboard.web.app\n",
    "absolute-as": "import pitboard.web as w\n",
    "from-module": "from pitboard.web.app import create_app\n",
    "from-package": "from pitboard import web\n",
    "relative-parent": "from ..web import app\n",
    "relative-parent-module": "from ..web.app import create_app\n",
    "relative-top": "from .. import web\n",
    "nested-in-function": "def f():\n    from pitboard.web import app\n",
    "import-module": "import importlib\nimportlib.import_module('pitboard.web.app')\n",
    "dunder-import": "__import__('pitboard.web')\n",
}


def _fake_tree(tmp_path: Path, source: str) -> tuple[Path, Path]:
    root = tmp_path / "pitboard"
    for layer in ("rules", "web", "model"):
        (root / layer).mkdir(parents=True)
        (root / layer / "__init__.py").write_text("", encoding="utf-8")
    module = root / "rules" / "bad.py"
    module.write_text(source, encoding="utf-8")
    return root, module


@pytest.mark.parametrize("form", sorted(FORBIDDEN_FORMS))
def test_the_guard_sees_every_import_form(tmp_path: Path, form: str) -> None:
    root, module = _fake_tree(tmp_path, FORBIDDEN_FORMS[form])
    assert violations("rules", module, root), f"{form} went unseen"


@pytest.mark.parametrize(
    "source",
    [
        "from . import points\n",
        "from .points import x\n",
        "from ..model import Lap\n",
        "from pitboard import model\n",
        "import json\n",
    ],
)
def test_the_guard_lets_inward_imports_pass(tmp_path: Path, source: str) -> None:
    root, module = _fake_tree(tmp_path, source)
    assert violations("rules", module, root) == []


def test_the_guard_sees_third_party_imports_in_the_core(tmp_path: Path) -> None:
    root, module = _fake_tree(tmp_path, "import json\nfrom sqlalchemy import orm\n")
    assert outside_the_standard_library(module, root) == ["sqlalchemy"]
