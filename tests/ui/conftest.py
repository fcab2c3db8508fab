"""Shared fixtures for the UI tests: a fixed-seed config and a ready app."""

from __future__ import annotations

import pytest
import textual.constants
from textual.widgets import Input

from tui_playground.config import Config

SEED = "0.5"


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor would make screenshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture(autouse=True)
def truecolor(monkeypatch):
    """Headless apps would pick 16 colours, which merge most of the 31 shades:
    tests and snapshots see what a truecolor terminal shows."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")


@pytest.fixture
def config() -> Config:
    return Config(seed=SEED, dataset="spiral", layers=(4, 2))


@pytest.fixture
def kernels_warming(monkeypatch):
    """The top bar says whether the compiled kernels are loaded yet, which
    depends on what ran before in this process (a test that loaded them):
    snapshots pin it to what a fresh start shows, "numpy, compiling". Training
    gives the same numbers on either path."""
    from tui_playground.engine import compiled

    monkeypatch.setattr(compiled, "status", lambda group=None: "warming")
