"""The app with settings beyond the playground: a stop rule pauses it with a
message; the top bar marks the settings and shows the scheduled rate."""

from __future__ import annotations

from ui_helpers import notifications, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.widgets.top_bar import TopBar


async def test_max_epochs_pauses_the_app_with_a_message():
    app = make_app(Config(seed="0.5", max_epochs=12))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.playground.playing)
        await wait_until(pilot, lambda: app.query_one(TopBar).state == "paused")
        assert app.trainer.epoch == 12 and app.trainer.stop_reason == "max-epochs"
        assert any("Epoch 12 reached (max-epochs 12)" in n.message for n in notifications(app))


async def test_until_loss_pauses_right_after_the_epoch_that_reaches_it():
    app = make_app(Config(seed="0.5", lr=0.3, until_loss=0.2))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("space")
        await wait_until(pilot, lambda: not app.playground.playing)
        history = app.trainer.history.array()
        assert app.trainer.stop_reason == "until-loss" and app.trainer.test_loss <= 0.2
        assert (history[:-1, 2] > 0.2).all()  # no earlier epoch had reached it
        assert any("at or below 0.2" in n.message for n in notifications(app))


def bar_text(config: Config, **status) -> str:

    from tui_playground.ui.render.settings_text import bar_lines
    from tui_playground.ui.widgets.top_bar import Status

    return " ".join(line.plain for line in bar_lines(config, Status(**status), 120).lines) + " "


def test_top_bar_shows_every_setting_beyond_the_playground_with_its_value_and_the_scheduled_rate():
    plain = bar_text(Config(seed="1"))
    assert " lr 0.03 " in plain and " loss square " in plain and " until off " in plain
    beyond = bar_text(Config(seed="1", optimizer="adam", loss="cross-entropy", activation="elu",
                             lr_schedule="step:10:0.5", patience=5, beta1=0.8), lr_now=0.0075)
    for chip in (" act elu ", " loss cross-entropy ", "adam β1=0.8 ", " step:10:0.5 ", " 5 ", " lr 0.03→0.0075 "):
        assert chip in beyond


async def test_keys_step_through_the_settings_and_the_trainer_follows():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("c", "j", "j", "j", "f", "y", "w", "v")
        c = app.config
        assert (c.loss, c.optimizer, c.lr_schedule, c.until_loss, c.patience, c.max_epochs) == (
            "cross-entropy", "adam", "step:100:0.5", 0.1, 10, 100)
        await wait_until(pilot, lambda: app.trainer.config == app.config)
        await pilot.press("s")
        await wait_until(pilot, lambda: app.trainer.epoch == 1)
        assert app.trainer.state().optimizer.t[0] > 0  # adam ran
        await wait_until(pilot, lambda: all(v in app.query_one(TopBar).render().plain
                                            for v in ("adam", "step:100:0.5", "until 0.1", "10", "100")))
        await pilot.press("C", "J", "J", "J", "F", "Y", "W", "V")
        assert app.config.beyond_playground == () and app.config.stop_rules == {}


async def test_help_lists_the_new_keys():
    from tui_playground.ui.dialogs.help import HelpScreen

    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 60)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        listed: dict[str, str] = {}
        for _title, rows in app.screen.sections:  # the main screen's meaning first, then the modes'
            for k, d in rows:
                listed.setdefault(k, d)
        assert listed["j J"] == "Optimizer: next / prev" and listed["c C"] == "Loss: next / prev"
        assert listed["f F"] == "LR schedule: next / prev" and {"y Y", "w W", "v V"} <= set(listed)
