"""The top bar: every setting and its value on screen without a key press at
80x24 and 120x40, none cut; each reachable by focus and arrows; a value a key
changed is shown (underlined for a moment) where it lives."""

from __future__ import annotations

import pytest
from ui_helpers import wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.seed_dialog import SeedDialog
from tui_playground.ui.render.settings_text import FIELDS, bar_lines
from tui_playground.ui.widgets.top_bar import Status, TopBar

SIZES = [(80, 24), (120, 40)]
BUSY = Config(seed="0.68314", optimizer="adam", beta1=0.8, loss="cross-entropy", activation="relu,elu",
              layers=(4, 2), lr_schedule="step:100:0.5", until_loss=0.01, patience=50, min_delta=0.001,
              max_epochs=1000, resets=2, show_test=True, reg="L2", reg_rate=0.003)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("state", ["paused", "training"])
def test_every_setting_has_its_value_in_the_bar_and_no_line_is_cut(width, state):
    status = Status(state=state, epoch=123_456, rate=12_345.0, path="numpy, compiling", lr_now=0.0123)
    flowed = bar_lines(BUSY, status, width)
    assert all(line.cell_len <= width for line in flowed.lines)
    text = " ".join(line.plain for line in flowed.lines) + " "
    for value in ("0.68314 reset 2", "0.03→0.0123", "relu,elu", " L2 ", " 0.003 ", "β1=0.8", "step:100:0.5",
                  " 0.01 ", "50 Δ0.001", " 1000 ", "test on", " off ", "compiling", "123,456"):
        assert value in text, value
    assert len(flowed.lines) <= {80: 4, 120: 3}[width]  # everything beyond the playground set at once
    assert len(bar_lines(Config(seed="0.68314"), status, width).lines) <= {80: 3, 120: 2}[width]


@pytest.mark.parametrize("size", SIZES)
async def test_every_setting_is_reached_by_focus_and_arrows_and_steps_both_ways(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        bar = app.query_one(TopBar)
        bar.focus()
        for name in FIELDS:
            assert FIELDS[bar.field] == name
            before = (app.config, app.playground.speed_index)
            if name == "seed":  # typed, not stepped: up opens the dialog e opens
                await pilot.press("up")
                await wait_until(pilot, lambda: isinstance(app.screen, SeedDialog))
                await pilot.press("escape")
                await wait_until(pilot, lambda: not isinstance(app.screen, SeedDialog))
                assert (app.config, app.playground.speed_index) == before
                await pilot.press("right")
                continue
            await pilot.press("down" if name in ("lr", "speed") else "up")  # lr and speed stop at the top
            assert (app.config, app.playground.speed_index) != before, name
            await pilot.press("up" if name in ("lr", "speed") else "down")
            assert (app.config, app.playground.speed_index) == before, name
            await pilot.press("right")
        assert bar.field == 0  # round again


@pytest.mark.parametrize("size", SIZES)
async def test_a_key_shows_its_new_value_where_it_lives(size):
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=size) as pilot:
        await wait_ready(pilot)
        bar = app.query_one(TopBar)
        await pilot.press("j", "f", "f", "y", "w", "v", "t", "o")
        await wait_until(pilot, lambda: "momentum" in bar.render().plain or "mom" in bar.render().plain)
        text = bar.render().plain
        for value in ("exp:0.995", "until 0.1", " 10 ", " 100", "test on"):
            assert value in text, value
        assert "lr_schedule" in bar.changed or "discretize" in bar.changed
        rows = [line for line in text.splitlines()]
        assert len(rows) == bar.lines and all(len(r) <= size[0] for r in rows)


@pytest.mark.parametrize("width", [80, 120])
def test_the_chosen_setting_alone_is_marked_and_a_change_marks_only_its_own_value(width):
    # the reg. rate and the epochs/s were both named "rate": choosing the one marked the other too
    config = Config(seed="0.5", reg="L2", reg_rate=0.003)
    status = Status(state="paused", epoch=120, rate=431.0, speed="max")  # (training: the state is reversed)
    for name in FIELDS:
        flowed = bar_lines(config, status, width, chosen=name)
        marked = [line.plain[s.start:s.end] for line in flowed.lines for s in line.spans if "reverse" in str(s.style)]
        assert len(marked) == 1, (name, marked)
    changed = bar_lines(config, status, width, changed=frozenset({"rate"}))
    underlined = [line.plain[s.start:s.end] for line in changed.lines for s in line.spans if "underline" in str(s.style)]
    assert underlined == ["0.003"]
