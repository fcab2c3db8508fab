"""The quick lane's list of slow modules stays true to the tree."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[1]


def slow_modules() -> dict[str, str]:
    # by path: `import conftest` would find whichever conftest pytest loaded first
    spec = importlib.util.spec_from_file_location("lanes_conftest", ROOT / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SLOW_MODULES


def test_every_slow_module_exists():
    missing = [name for name in slow_modules() if not (ROOT / name).is_file()]
    assert not missing, f"SLOW_MODULES names files that are gone: {missing}"


def test_the_quick_lane_leaves_out_the_slow_modules(pytestconfig):
    assert "slow" in " ".join(pytestconfig.getini("markers"))
