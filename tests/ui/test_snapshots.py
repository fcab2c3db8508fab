"""SVG snapshots of the main screen: fixed seed, paused after a fixed number
of epochs (never with a live training thread)."""

from __future__ import annotations

import pytest

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.ui.app import make_app

from ui_helpers import wait_ready

EPOCHS = 40
pytestmark = pytest.mark.usefixtures("kernels_warming")


def demo_config() -> Config:
    return Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES)


async def trained(pilot) -> None:
    await wait_ready(pilot)
    pilot.app.playground.action_step(EPOCHS)
    pilot.app.playground.render_now()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_main_screen(snap_compare, size):
    assert snap_compare(make_app(demo_config()), terminal_size=size, run_before=trained)
