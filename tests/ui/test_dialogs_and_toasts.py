"""Dialogs say what they mean and toasts stay out of the way: label text is
never read as markup, Enter confirms whichever control has focus (space ticks
a checkbox), the weight dialog promises a revival only for a dead link, and a
new toast replaces the one shown (runtime/toasts.py, dialogs/file_dialogs.py)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox
from ui_helpers import burst, screen_text, toast_texts, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.edit_value import EditValueDialog
from tui_playground.ui.dialogs.file_dialogs import AskDialog
from tui_playground.ui.playground.screen import PlaygroundScreen
from tui_playground.ui.widgets.network_view import NetworkView

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(params=SIZES, ids=["80x24", "120x40"])
async def ready(request, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4, 2)))
    async with app.run_test(size=request.param, notifications=True) as pilot:
        await wait_ready(pilot)
        yield app, pilot


async def test_the_export_dialog_shows_brackets_as_written(ready):
    app, pilot = ready
    await pilot.press("ctrl+e")
    assert isinstance(app.screen, AskDialog)
    await pilot.pause()
    assert "spiral-tui[onnx]" in screen_text(app)


async def test_enter_on_a_checkbox_confirms_and_space_ticks_it(ready, tmp_path):
    app, pilot = ready
    await pilot.press("ctrl+e")
    dialog = app.screen
    onnx = dialog.query_one("#onnx", Checkbox)
    history = dialog.query_one("#history", Checkbox)
    history.focus()
    await pilot.press("space")
    assert not history.value and history.has_focus  # space ticks, the dialog stays
    assert app.screen is dialog
    await pilot.press("enter")  # on a checkbox: confirms, ticks nothing
    await wait_until(pilot, lambda: isinstance(app.screen, PlaygroundScreen))
    assert not history.value and not onnx.value
    await wait_until(pilot, lambda: any(tmp_path.rglob("*grid.csv")))
    assert not any(tmp_path.rglob("*loss.csv"))  # unticked with space: not written


async def weight_dialog(app, pilot, *, bias: bool) -> str:
    view = app.query_one(NetworkView)
    view.focus()
    await pilot.press("escape")  # done: no cursor, and the keys back to the screen
    view.focus()
    await pilot.pause()
    await pilot.press("down")  # the cursor afresh: layer 1, neuron 2
    if not bias:
        await pilot.press("full_stop")  # its first incoming link
    await pilot.press("enter")
    assert isinstance(app.screen, EditValueDialog)
    text = screen_text(app)
    await pilot.press("escape")
    return text


async def test_the_weight_dialog_promises_a_revival_only_for_a_dead_link(ready):
    app, pilot = ready
    assert "back to life" not in await weight_dialog(app, pilot, bias=False)
    assert "back to life" not in await weight_dialog(app, pilot, bias=True)
    app.trainer.network.dead[0] = True  # paused: no thread owns it; as L1 kills them
    app.playground.render_now()
    view = app.query_one(NetworkView)
    await wait_until(pilot, lambda: view.network is not None and view.network.dead[0].all())
    assert "back to life" in await weight_dialog(app, pilot, bias=False)
    assert "back to life" not in await weight_dialog(app, pilot, bias=True)


async def test_quick_changes_leave_one_toast_the_newest(ready):
    app, pilot = ready
    await pilot.press("k", "K", "k", "m")  # each says something; m last
    await wait_until(pilot, lambda: any("Placing points" in t for t in toast_texts(app)))
    assert len(toast_texts(app)) == 1, toast_texts(app)


async def test_keys_in_one_read_leave_one_toast_the_newest(ready):
    """A terminal sends `k k k` typed fast (or pasted) in one read: the three
    toasts arrive before any is shown, and still only the newest stays."""
    app, pilot = ready
    burst(app, "k", "k", "k")  # spiral: 3, 4, 5 classes, each said in a toast
    await wait_until(pilot, lambda: app.playground.config.classes == 5)
    await wait_until(pilot, lambda: any("5 classes" in t for t in toast_texts(app)))
    assert len(toast_texts(app)) == 1, toast_texts(app)
