"""On the main screen: Reset that a link reproduces (the count by the seed, in
`u`'s link, read back by `spiral-tui train --url`), and a loss chart that never
mixes losses, picks its scale and tells train from test (Trainer: config.resets,
the history restart on a loss change)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from ui_helpers import screen_text, text_rows, wait_ready, wait_until

from tui_playground.config import Config, from_url
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.file_dialogs import LinkDialog
from tui_playground.ui.widgets.loss_chart import LossChart
from tui_playground.ui.widgets.loss_panel import LossPanel
from tui_playground.ui.widgets.top_bar import TopBar

SIZES = [(80, 24), (120, 40)]


def train_from_link(link: str) -> dict:
    """`spiral-tui train --url LINK --epochs 0 --json`, as a user would run it."""
    out = subprocess.run([sys.executable, "-m", "tui_playground.cli", "train", "--url", link, "--epochs", "0", "--json"],
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("size", SIZES)
async def test_r_r_then_u_gives_a_link_that_train_turns_into_the_screens_train_loss(size):
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4, 2)))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        first = app.trainer.network.W.copy()
        await pilot.press("r", "r")
        await wait_until(pilot, lambda: app.trainer.config.resets == 2)
        assert not np.array_equal(app.trainer.network.W, first)
        await wait_until(pilot, lambda: "seed 0.5 reset 2" in app.screen.query_one(TopBar).render().plain)
        panel = app.screen.query_one(LossPanel)
        await wait_until(pilot, lambda: panel.train == app.trainer.train_loss)
        await pilot.press("u")
        assert isinstance(app.screen, LinkDialog)
        link = app.screen.query_one("#link").text
        assert "&resets=2" in link and from_url(link).resets == 2
        shown = app.trainer.train_loss
        await pilot.press("escape")
        assert f"Train loss {shown:6.3f}" in screen_text(app)
    result = train_from_link(link)
    assert result["train_loss"] == shown and result["config"]["resets"] == 2


async def test_restart_and_a_new_seed_count_from_zero_again():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: app.trainer.config.resets == 1 and app.config.resets == 1)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: app.trainer.config.resets == 0)
        assert app.config.resets == 0
        await pilot.press("r", "g")
        await wait_until(pilot, lambda: app.trainer.config.seed != "0.5")
        await wait_until(pilot, lambda: app.config == app.trainer.config)
        assert app.config.resets == 0


@pytest.mark.parametrize("size", SIZES)
async def test_changing_the_loss_at_epoch_0_starts_the_chart_again_under_the_new_loss(size):
    app = make_app(Config(seed="0.5", lr=0.1))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        if size == (80, 24):
            await pilot.press("ctrl+n")  # small terminals: the chart takes the heatmap's place
        chart = app.screen.query_one(LossChart)
        assert chart.display
        square = app.trainer.train_loss
        await pilot.press("c")
        await wait_until(pilot, lambda: chart.loss == "cross-entropy")
        assert chart.history[:, 1].tolist() == [app.trainer.train_loss] != [square]
        app.playground.action_step(20)
        await wait_until(pilot, lambda: len(chart.history) == 21)
        assert chart.history[0, 0] == 0 and "xent" in text_rows(chart._cells)[0]
        app.playground.action_cycle("loss", -1)
        app.playground.action_step(5)
        await wait_until(pilot, lambda: chart.loss == "square" and len(chart.history) == 6)
        assert chart.history[0, 0] == 20  # square again from epoch 20: the chart marks it
        assert "◂" in text_rows(chart._cells)[-1]
        np.testing.assert_array_equal(chart.history, app.trainer.history.array())


async def test_the_chart_goes_log_by_itself_once_the_losses_span_a_decade_and_I_still_toggles():
    app = make_app(Config(seed="0.5", dataset="circle", lr=0.3, features=("x1", "x2", "x1sq", "x2sq")))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        chart = app.screen.query_one(LossChart)
        app.playground.action_step(300)
        await wait_until(pilot, lambda: len(chart.history) == 301, timeout=60)
        h = chart.history[:, 1:3]
        assert h.max() > 10 * h.min()  # this run falls more than a decade
        assert chart.log_scale and "log" in text_rows(chart._cells)[0]
        await pilot.press("ctrl+l")
        assert not chart.log_scale and "linear" in text_rows(chart._cells)[0]
        await pilot.press("ctrl+l")
        assert chart.log_scale
