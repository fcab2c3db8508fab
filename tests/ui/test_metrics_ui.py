"""The metrics line under the losses: the values Trainer.metrics() measures,
in wordings that fit the column, live while training."""

from __future__ import annotations

import math
from types import SimpleNamespace

from ui_helpers import until_stopped, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.metrics_text import metrics_text, wordings
from tui_playground.ui.widgets.loss_panel import LossPanel


def accuracy(value: float) -> SimpleNamespace:
    return SimpleNamespace(accuracy=value)


def test_wordings_shrink_to_the_width_and_say_when_a_value_is_missing():
    pair = (accuracy(0.9644), accuracy(0.952))
    assert metrics_text(pair, 80) == "Accuracy 96.4% train · 95.2% test"
    assert metrics_text(pair, 30) == "Acc 96.4% train · 95.2% test"
    assert metrics_text(pair, 10) == "Acc 96.4%/95.2%"  # the shortest, even if it does not fit
    regression = (SimpleNamespace(rmse=0.0812, r2=0.96949), SimpleNamespace(rmse=0.0889, r2=math.nan))
    texts = wordings(*regression)
    assert texts == ["RMSE 0.081 train · 0.089 test  R² 0.969 train · — test",
                     "RMSE 0.081 · 0.089 test  R² 0.969 · — test",
                     "RMSE 0.081/0.089 R² 0.969/—"]
    assert metrics_text(regression, 45) == texts[1]
    assert metrics_text(None) == ""


def metrics_line(app) -> str:
    return app.screen.query_one(LossPanel).render().plain.splitlines()[2]


async def test_classification_shows_the_trainers_accuracy_and_follows_training():
    app = make_app(Config(seed="0.5", dataset="xor", lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await wait_until(pilot, lambda: metrics_line(app).startswith("Accuracy"))
        train, test = app.trainer.metrics()
        assert metrics_line(app) == f"Accuracy {train.accuracy:.1%} train · {test.accuracy:.1%} test"
        await pilot.press("space")
        await wait_until(pilot, lambda: app.trainer.epoch > 50)
        await pilot.press("space")
        await until_stopped(pilot, app.playground.worker)
        train, test = app.trainer.metrics()
        assert train.accuracy > 0.8  # xor is learnt: the line moved with training
        await wait_until(pilot, lambda: metrics_line(app) ==
                         f"Accuracy {train.accuracy:.1%} train · {test.accuracy:.1%} test")


async def test_regression_shows_rmse_and_r2_in_a_narrow_column():
    app = make_app(Config(seed="0.5", lr=0.01).with_data("reg-plane"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        await pilot.press(*"sss")
        await wait_until(pilot, lambda: app.trainer.epoch == 3)
        train, test = app.trainer.metrics()
        expected = f"RMSE {train.rmse:.3f}/{test.rmse:.3f} R² {train.r2:.3f}/{test.r2:.3f}"
        await wait_until(pilot, lambda: metrics_line(app) == expected)
