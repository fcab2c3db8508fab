"""The engine never imports the UI libraries (DESIGN.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest

ENGINE_MODULES = ["config", "engine.rng", "engine.datasets", "engine.features", "engine.fdmath",
                  "engine.network", "engine.kernels", "engine.training", "engine.boundary",
                  "engine.reference", "headless"]


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_module_loads_no_ui_library(module):
    code = (f"import sys, tui_playground.{module}; "
            "print(','.join(m for m in ('textual', 'rich') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
