"""What each part of the package loads when imported, checked in a fresh
interpreter: below the UI nothing loads Textual or Rich; a Config loads no
NumPy and no numba; `spiral-tui --help` loads neither (so it stays fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "tui_playground"
UI_LIBRARIES = ("textual", "rich")
NUMERIC_LIBRARIES = ("numpy", "numba")


def below_the_ui() -> list[str]:
    """Every module of the package except the UI's (ui/) and __main__."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == "ui" or parts[-1] == "__main__":
            continue
        names.append(".".join(("tui_playground", *parts)).removesuffix(".__init__"))
    return names


# A snippet to run in a fresh interpreter, the modules it must not load.
CASES = {
    **{f"import {m}": (f"import {m}", UI_LIBRARIES) for m in below_the_ui()},
    "Config()": ("from tui_playground.config import Config; Config()", NUMERIC_LIBRARIES + UI_LIBRARIES),
    "spiral-tui --help": ("from tui_playground.cli import main; main(['--help'])", NUMERIC_LIBRARIES + ("textual",)),
    # The app's first frame: data, feature maps, the untrained network and boundary.
    "a Trainer's first snapshot": ("from tui_playground.config import Config; "
                                   "from tui_playground.engine.training import Trainer; "
                                   "Trainer(Config()).snapshot(grids=True)", ("numba",) + UI_LIBRARIES),
}
PROBE = """
import json, sys
try:
    exec({code!r})
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps([m for m in {forbidden!r} if m in sys.modules]))
"""


def loaded(code: str, forbidden: tuple[str, ...]) -> list[str]:
    probe = PROBE.format(code=code, forbidden=forbidden)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stderr.rsplit("LOADED ", 1)[1])


def test_the_cases_cover_every_layer_below_the_ui():
    modules = below_the_ui()
    for expected in ("tui_playground.config", "tui_playground.engine.training", "tui_playground.sweeps.training",
                     "tui_playground.files.exports", "tui_playground.files.session", "tui_playground.cli.train"):
        assert expected in modules
    assert not any(".ui" in m for m in modules)


@pytest.mark.parametrize("case", CASES)
def test_loads_none_of_the_forbidden_libraries(case):
    code, forbidden = CASES[case]
    assert loaded(code, forbidden) == []


def test_the_probe_sees_a_library_that_is_loaded():  # positive control
    assert loaded("import tui_playground.engine.kernels", NUMERIC_LIBRARIES) == ["numpy", "numba"]
