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
