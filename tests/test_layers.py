"""The package's shape, read from its own imports (ast, not by running it).

Every import counts: at the top, inside functions, under TYPE_CHECKING.
Layers, lowest first; a module imports only from its own layer or below:

    config < engine < (sweeps.presets, .member, .spec, .results, .training) < (files, sweeps) < ui < cli

and on top of that: config imports nothing of the package; the engine only
config; nothing below the UI imports Textual or Rich; ui/render (pure
drawing) imports no Textual and nothing of ui outside render. No two
modules import each other, directly or around a loop.
docs/architecture.md explains the layers.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = "tui_playground"
# Module-name prefix -> layer. The longest matching prefix wins.
LAYERS = {
    PACKAGE: 0,  # the package's __init__: version, environment
    f"{PACKAGE}.config": 0,
    f"{PACKAGE}.engine": 1,
    f"{PACKAGE}.sweeps": 3,  # a sweep's results file, runs here or on a Dask cluster, report
    f"{PACKAGE}.sweeps.presets": 2,  # named experiments (the tour plays them)
    f"{PACKAGE}.sweeps.member": 2,  # one trained network's numbers, and whether it learned
    f"{PACKAGE}.sweeps.spec": 2,  # sweep specs: variants x seeds
    f"{PACKAGE}.sweeps.results": 2,  # per-variant statistics of a sweep's members
    f"{PACKAGE}.sweeps.training": 2,  # training a sweep's members in a Population
    f"{PACKAGE}.files": 3,  # exports (atomic writes), sessions and their format checks
    f"{PACKAGE}.lessons": 3,  # lesson files, goals, the headless check, progress (the panel is ui/lessons)
    f"{PACKAGE}.ui": 4,
    f"{PACKAGE}.cli": 5,
}
UI_LAYER = LAYERS[f"{PACKAGE}.ui"]
RENDER = f"{PACKAGE}.ui.render"
UI_LIBRARIES = ("textual", "rich")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules.get(name, Path()).name == "__init__.py"


def imported_names(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """Absolute names of everything `path` imports: modules where a module of
    the package is meant (`from . import fdmath`), the package otherwise."""
    package = name if is_package(name, modules) else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules)
    return found


@cache
def package_modules(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted((root / PACKAGE).rglob("*.py"))}


@cache
def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> every name it imports (package modules and outside libraries)."""
    modules = package_modules(root)
    return {name: imported_names(path, name, modules) for name, path in modules.items()}


def internal(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph restricted to the package's own modules (no self-edges)."""
    return {m: {t for t in targets if t in graph and t != m} for m, targets in graph.items()}


def layer(name: str) -> int:
    """The layer of module `name` (the package itself holds only its __init__)."""
    prefixes = [p for p in LAYERS if name == p or (p != PACKAGE and name.startswith(p + "."))]
    assert prefixes, f"{name} is in no layer: add it to LAYERS (and to docs/architecture.md)"
    return LAYERS[max(prefixes, key=len)]


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop [a, b, ..., a], or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                return path[path.index(t):] + [t]
            if t not in state and (loop := visit(t)):
                return loop
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (loop := visit(m)):
            return loop
    return None


def is_library(name: str, library: str) -> bool:
    return name == library or name.startswith(library + ".")


# ---- the rules -------------------------------------------------------------------


def test_no_import_cycles():
    loop = find_cycle(internal(import_graph()))
    assert loop is None, "import cycle: " + " -> ".join(loop)


def test_every_module_has_a_layer():
    modules = import_graph()
    assert len(modules) > 40
    for m in modules:
        layer(m)  # fails naming a module that is in no layer


def test_every_module_imports_only_its_layer_or_below():
    wrong = [f"{m} (layer {layer(m)}) imports {t} (layer {layer(t)})"
             for m, targets in internal(import_graph()).items() for t in sorted(targets) if layer(t) > layer(m)]
    assert wrong == []


def in_package(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_config_imports_nothing_of_the_package_and_the_engine_only_config():
    graph = internal(import_graph())
    config = [m for m in graph if in_package(m, f"{PACKAGE}.config")]
    assert len(config) >= 4
    for m in config:
        assert all(in_package(t, f"{PACKAGE}.config") for t in graph[m]), m
    engine = [m for m in graph if m.startswith(f"{PACKAGE}.engine")]
    assert len(engine) >= 10
    for m in engine:
        assert all(t.startswith(f"{PACKAGE}.engine") or in_package(t, f"{PACKAGE}.config") for t in graph[m]), m


def test_nothing_below_the_ui_imports_textual_or_rich():
    wrong = [f"{m} imports {t}" for m, targets in import_graph().items() if layer(m) < UI_LAYER
             for t in targets if any(is_library(t, lib) for lib in UI_LIBRARIES)]
    assert wrong == []


def render_violations(graph: dict[str, set[str]]) -> list[str]:
    """Imports of ui/render modules that reach Textual or the rest of ui/."""
    render = [m for m in graph if m == RENDER or m.startswith(RENDER + ".")]
    return [f"{m} imports {t}" for m in render for t in sorted(graph[m])
            if is_library(t, "textual")
            or (t.startswith(f"{PACKAGE}.ui.") and t != RENDER and not t.startswith(RENDER + "."))]


def test_ui_render_imports_no_textual_and_nothing_of_the_ui_outside_render():
    graph = import_graph()
    drawing = ("drawing", "palette", "network_drawing", "gallery_drawing", "svg_blocks")
    assert {f"{RENDER}.{m}" for m in drawing} <= set(graph)
    assert render_violations(graph) == []


# ---- the checker itself ----------------------------------------------------------


def write_package(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / PACKAGE / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_relative_and_function_level_imports_are_resolved(tmp_path):
    root = write_package(tmp_path, {
        "__init__.py": "",
        "config.py": "",
        "engine/__init__.py": "",
        "engine/rng.py": "from . import fdmath\nfrom ..config import X\n",
        "engine/fdmath.py": "import numba\n",
        "cli/__init__.py": "from .app import main\n",
        "cli/app.py": "def main():\n    from ..ui.app import run\n    from .. import __version__\n",
        "ui/__init__.py": "",
        "ui/app.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..engine.rng import R\n",
    })
    graph = import_graph(root)
    assert graph[f"{PACKAGE}.engine.rng"] == {f"{PACKAGE}.engine", f"{PACKAGE}.engine.fdmath", f"{PACKAGE}.config"}
    assert graph[f"{PACKAGE}.cli.app"] == {f"{PACKAGE}.ui.app", PACKAGE}
    assert f"{PACKAGE}.engine.rng" in graph[f"{PACKAGE}.ui.app"] and "numba" in graph[f"{PACKAGE}.engine.fdmath"]


def test_a_lazy_import_back_is_a_cycle_and_an_upward_import_breaks_the_layers(tmp_path):
    root = write_package(tmp_path, {
        "__init__.py": "",
        "config.py": "",
        "cli.py": "def main():\n    from .headless import run\n",
        "headless.py": "from .cli import UsageError\n",
        "engine.py": "def f():\n    from .files import save\n",
        "files.py": "",
    })
    graph = internal(import_graph(root))
    assert find_cycle(graph) in ([f"{PACKAGE}.cli", f"{PACKAGE}.headless", f"{PACKAGE}.cli"],
                                 [f"{PACKAGE}.headless", f"{PACKAGE}.cli", f"{PACKAGE}.headless"])
    assert layer(f"{PACKAGE}.files") > layer(f"{PACKAGE}.engine")  # engine -> files goes up
    with pytest.raises(AssertionError, match="headless is in no layer"):
        layer(f"{PACKAGE}.headless")
    del graph[f"{PACKAGE}.headless"]
    graph[f"{PACKAGE}.cli"] = set()
    assert find_cycle(graph) is None


def test_render_may_import_render_and_the_engine_but_not_textual_or_widgets(tmp_path):
    root = write_package(tmp_path, {
        "__init__.py": "",
        "config.py": "",
        "ui/__init__.py": "",
        "ui/widgets.py": "import textual\n",
        "ui/render/__init__.py": "",
        "ui/render/palette.py": "from ...config import Config\n",
        "ui/render/drawing.py": "from .palette import P\nfrom textual.strip import Strip\nfrom ..widgets import W\n",
    })
    assert render_violations(import_graph(root)) == [
        f"{RENDER}.drawing imports textual.strip", f"{RENDER}.drawing imports {PACKAGE}.ui.widgets"]
