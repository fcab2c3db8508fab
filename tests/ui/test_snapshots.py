"""SVG snapshots of the main screen: fixed seed, paused after a fixed number
of epochs (never with a live training thread)."""

from __future__ import annotations

import pytest
from ui_helpers import wait_ready, wait_until

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.ui.app import make_app

EPOCHS = 40
pytestmark = pytest.mark.usefixtures("kernels_warming")


@pytest.fixture(autouse=True)
def kernels_loaded(monkeypatch):
    """The top bar says "numpy, compiling" while the kernels are on their way
    (a fresh checkout, or right after an engine change): the snapshots show the
    steady state, whatever numba's cache holds."""
    from tui_playground.engine import compiled

    monkeypatch.setattr(compiled, "status", lambda group=None: "compiled")


def demo_config() -> Config:
    return Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES)


async def trained(pilot) -> None:
    from tui_playground.ui.widgets.data_picker import DataPicker
    from tui_playground.ui.widgets.feature_list import FeatureList

    await wait_ready(pilot)
    # the thumbnails come from the same thread, a moment after the trainer (a loaded machine: later)
    await wait_until(pilot, lambda: pilot.app.query_one(DataPicker).samples
                     and pilot.app.query_one(FeatureList).maps is not None)
    pilot.app.playground.action_step(EPOCHS)
    pilot.app.playground.render_now()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_main_screen(snap_compare, size):
    assert snap_compare(make_app(demo_config()), terminal_size=size, run_before=trained)


async def confusion(pilot) -> None:
    await trained(pilot)
    await pilot.press("ctrl+n")
    await pilot.pause()


async def chart_cursor_log(pilot) -> None:
    from tui_playground.ui.widgets.loss_chart import LossChart

    await trained(pilot)
    pilot.app.screen.query_one(LossChart).focus()  # the cursor starts on the last epoch
    await pilot.press("ctrl+l", "left", "left", "left", "left", "left")
    await pilot.pause()


def test_confusion_matrix_under_the_heatmap(snap_compare):
    assert snap_compare(make_app(demo_config()), terminal_size=(120, 40), run_before=confusion)


def test_loss_chart_on_a_log_scale_with_the_cursor(snap_compare):
    assert snap_compare(make_app(demo_config()), terminal_size=(120, 40), run_before=chart_cursor_log)


def test_loss_chart_in_the_heatmaps_place_at_80x24(snap_compare):
    assert snap_compare(make_app(demo_config()), terminal_size=(80, 24), run_before=confusion)


def test_four_class_confusion_matrix(snap_compare):
    config = Config(seed="0.5", dataset="spiral", classes=4, layers=(8, 8), features=FEATURE_NAMES, lr=0.1)
    assert snap_compare(make_app(config), terminal_size=(120, 40), run_before=confusion)
