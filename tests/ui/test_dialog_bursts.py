"""Every dialog closes once: two Enters in one input read (a fast double tap
over SSH, a paste ending in a newline), or Escape right behind a long typed
value, must not pop the screen under it (ScreenStackError, the app gone) nor
do the dialog's work twice (ui/dialogs/dialog.py)."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from ui_helpers import burst, paste, screen_stack_is_sane, wait_ready, wait_until

from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.dialog import DismissOnce
from tui_playground.ui.dialogs.edit_value import EditValueDialog
from tui_playground.ui.dialogs.file_dialogs import AskDialog, LinkDialog
from tui_playground.ui.dialogs.help import HelpScreen
from tui_playground.ui.dialogs.seed_dialog import SeedDialog
from tui_playground.ui.gallery.screen import GalleryScreen
from tui_playground.ui.playground.screen import PlaygroundScreen
from tui_playground.ui.widgets.network_view import NetworkView


@pytest.fixture
async def ready(config, tmp_path, monkeypatch):
    """A paused app in a temporary folder, its notifications recorded."""
    monkeypatch.chdir(tmp_path)
    app = make_app(config)
    told: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, **kw: (told.append(str(message)), notify(message, **kw)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        yield app, pilot, told


async def settle(pilot) -> None:
    """Until the burst's keys and what they caused have been handled."""
    for _ in range(5):
        await pilot.pause(0.05)


async def back_on_main(app, pilot) -> None:
    await settle(pilot)
    await wait_until(pilot, lambda: isinstance(app.screen, PlaygroundScreen))
    assert screen_stack_is_sane(app) and len(app.screen_stack) == 1


def count(told: list[str], words: str) -> int:
    return sum(words in m for m in told)


async def test_save_with_two_enters_saves_once_and_keeps_the_app(ready, tmp_path):
    app, pilot, told = ready
    await pilot.press("ctrl+s")
    assert isinstance(app.screen, AskDialog)
    burst(app, "enter", "enter")
    await back_on_main(app, pilot)
    assert (tmp_path / "spiral-session.json").is_file()
    assert count(told, "Saved the session") == 1


async def test_load_with_a_paste_ending_in_a_newline_loads_once(ready, tmp_path):
    app, pilot, told = ready
    await pilot.press("ctrl+s")
    burst(app, "enter")
    await back_on_main(app, pilot)
    await pilot.press("ctrl+o")
    dialog = app.screen
    assert isinstance(dialog, AskDialog)
    dialog.query_one("#text").value = ""
    paste(app, "spiral-session.json\n")  # bracketed: the newline is not a key...
    burst(app, "enter", "enter")  # ...but the Enter typed after it and a double tap are
    await back_on_main(app, pilot)
    assert count(told, "Loaded spiral-session.json") == 1


async def test_a_typed_link_ending_in_two_enters_opens_once(ready):
    app, pilot, told = ready
    await pilot.press("ctrl+u")
    burst(app, *"#activation=relu&seed=9&networkShape=3", "enter", "enter")
    await back_on_main(app, pilot)
    assert (app.config.activation, app.config.seed, app.config.layers) == ("relu", "9", (3,))
    assert count(told, "Opened the playground link") == 1


async def test_import_with_two_enters_imports_once(ready, tmp_path):
    app, pilot, told = ready
    (tmp_path / "pts.csv").write_text("x,y,label\n1,2,1\n-1,-2,-1\n2,1,1\n-2,-1,-1\n")
    await pilot.press("i")
    app.screen.query_one("#text").value = ""
    burst(app, *"pts.csv", "enter", "enter")
    await back_on_main(app, pilot)
    assert app.config.data_file == "pts.csv"
    assert count(told, "4 points") == 1


async def test_export_with_two_enters_writes_one_set(ready, tmp_path):
    app, pilot, told = ready
    await pilot.press("ctrl+e")
    burst(app, "enter", "enter")
    await back_on_main(app, pilot)
    await wait_until(pilot, lambda: count(told, "Wrote ") >= 1)
    await settle(pilot)
    assert count(told, "Wrote ") == 1
    assert len(list(tmp_path.glob("*-loss.csv"))) == 1


async def test_seed_with_two_enters_changes_it_once(ready):
    app, pilot, _told = ready
    await pilot.press("e")
    assert isinstance(app.screen, SeedDialog)
    burst(app, "7", "enter", "enter")  # the field starts selected: 7 replaces it
    await back_on_main(app, pilot)
    assert app.config.seed == "7"


@pytest.mark.parametrize("key, dialog, closing", [
    ("u", LinkDialog, ("enter", "enter")),
    ("u", LinkDialog, ("enter", "escape")),
    ("question_mark", HelpScreen, ("escape", "escape")),
])
async def test_viewers_close_once(ready, key, dialog, closing):
    app, pilot, _told = ready
    await pilot.press(key)
    assert isinstance(app.screen, dialog)
    burst(app, *closing)
    await back_on_main(app, pilot)


async def test_the_command_palette_runs_its_command_once(ready):
    app, pilot, _told = ready
    await pilot.press("ctrl+p")
    burst(app, *"Step")
    palette = app.screen
    await wait_until(pilot, lambda: palette.query_one(CommandList).option_count >= 1)  # found, in a worker
    burst(app, "enter", "enter", "enter", "enter")
    await back_on_main(app, pilot)
    await wait_until(pilot, lambda: app.trainer.epoch >= 1)
    await settle(pilot)
    assert app.trainer.epoch == 1  # "Step" once, however many Enters


async def test_the_network_edit_dialog_sets_the_value_once(ready):
    app, pilot, _told = ready
    view = app.query_one(NetworkView)
    view.focus()
    await pilot.press("down")  # layer 1, neuron 2: its bias
    await pilot.press("enter")
    assert isinstance(app.screen, EditValueDialog)
    burst(app, *"0.5", "enter", "enter")  # the field starts selected: 0.5 replaces it
    await back_on_main(app, pilot)
    assert app.trainer.network.B[0, 1] == 0.5


@pytest.mark.parametrize("opener", ["ctrl+s", "ctrl+u", "i", "ctrl+e", "e"])
async def test_escape_behind_a_long_typed_value_closes_once(ready, opener):
    app, pilot, _told = ready
    await pilot.press(opener)
    assert isinstance(app.screen, DismissOnce)
    burst(app, *("x" * 300), "enter", "escape", "escape")
    await settle(pilot)
    # Enter may have been refused (the dialog then stays, with its error) and
    # Escape closed it; or Enter was taken: either way one dialog closed once.
    await back_on_main(app, pilot)


async def test_the_gallery_opens_a_network_once(ready):
    app, pilot, told = ready
    await pilot.press("ctrl+g")
    screen = app.screen
    assert isinstance(screen, GalleryScreen)
    await wait_until(pilot, lambda: screen._frame is not None, timeout=30)
    burst(app, "enter", "enter")
    await back_on_main(app, pilot)
    await wait_until(pilot, lambda: count(told, "Opened ") >= 1)
    await settle(pilot)
    assert count(told, "Opened ") == 1
    app.playground.playing = False
