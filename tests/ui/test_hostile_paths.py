"""The app's own file dialogs on hostile paths: a FIFO, a device, a folder, a
file too large. Each answers with one line in the dialog (which stays open,
nothing changed), never hangs and never raises (issue 11)."""

from __future__ import annotations

import os

import pytest
from ui_helpers import wait_ready

from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.file_dialogs import AskDialog
from tui_playground.ui.playground.screen import PlaygroundScreen


@pytest.fixture
async def ready(config, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        yield app, pilot


async def submit(app, pilot, key: str, text: str) -> str:
    """Open the dialog of `key`, submit `text`: the error line it shows."""
    await pilot.press(key)
    dialog = app.screen
    assert isinstance(dialog, AskDialog)
    dialog.query_one("#text").value = text
    await pilot.press("enter")
    await pilot.pause()
    assert app.screen is dialog, "the dialog closed as if it had worked"
    error = dialog.error
    await pilot.press("escape")
    assert isinstance(app.screen, PlaygroundScreen)
    return error


@pytest.mark.parametrize("key, path, words", [
    ("i", "fifo", "FIFO"),
    ("i", "/dev/zero", "device"),
    ("i", "folder", "directory"),
    ("i", "/no/such.csv", "No such file"),
    ("ctrl+o", "fifo", "FIFO"),
    ("ctrl+o", "/dev/zero", "device"),
    ("ctrl+o", "folder", "director"),
    ("ctrl+s", "fifo", "FIFO"),
    ("ctrl+s", "/dev/null", ""),
    ("ctrl+s", "folder", "folder"),
    ("ctrl+e", "fifo", "not a folder"),
    ("ctrl+e", "/no/such/folder", "no such folder"),
])
async def test_a_hostile_path_is_one_line_in_the_dialog(ready, key, path, words):
    app, pilot = ready
    config = app.config
    error = await submit(app, pilot, key, path)
    assert error and "\n" not in error and words in error
    assert app.config == config


async def test_a_file_too_large_is_refused_before_reading(ready, tmp_path):
    app, pilot = ready
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(1 << 30)  # sparse: 1 GB that costs nothing
    error = await submit(app, pilot, "i", "big.csv")
    assert "at most" in error and "\n" not in error


@pytest.mark.parametrize("seed, words", [
    ("7" * 201, "Up to 200 printable characters (this one has 201)"),
    ("a\x1b[2Jb", "Only printable characters"),
    ("   ", "can't be empty"),
])
async def test_a_bad_seed_keeps_the_dialog_open_and_the_run(ready, seed, words):
    """It closed the dialog and restarted the run, losing every epoch (issue 25)."""
    from tui_playground.ui.dialogs.seed_dialog import SeedDialog

    app, pilot = ready
    config, trainer = app.config, app.trainer
    await pilot.press("e")
    dialog = app.screen
    assert isinstance(dialog, SeedDialog)
    dialog.query_one("#seed").value = seed
    await pilot.press("enter")
    await pilot.pause()
    assert app.screen is dialog, "the dialog closed as if it had worked"
    assert words in str(dialog.query_one("#error").content)
    await pilot.press("escape")
    assert isinstance(app.screen, PlaygroundScreen)
    assert app.config == config and app.trainer is trainer


async def test_a_100_kb_paste_is_not_echoed_whole(ready):
    """The error repeats the text typed; a pasted 100 KB pushed the buttons off screen (issue 25)."""
    app, pilot = ready
    error = await submit(app, pilot, "i", "x" * 100_000 + "\x1b[2J.csv")
    assert 0 < len(error) <= 240 and "\x1b" not in error
