"""Shared fixtures for the UI tests: a fixed-seed config and a ready app."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tui_playground.config import Config

SEED = "0.5"


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch):
    """A blinking cursor would make screenshots depend on timing."""
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def config() -> Config:
    return Config(seed=SEED, dataset="spiral", layers=(4, 2))
