"""Pilot tests for links, sessions, own data and exports in the app (file_actions.py)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from ui_helpers import notifications, text_rows, until_stopped, wait_ready, wait_until

from tui_playground.config import Config, from_url
from tui_playground.ui.app import make_app
from tui_playground.ui.dialogs.file_dialogs import AskDialog, LinkDialog
from tui_playground.ui.widgets.data_picker import DataPicker

LINK = ("https://playground.tensorflow.org/#activation=relu&batchSize=5&dataset=xor&learningRate=0.1"
        "&networkShape=3&seed=0.12345&cosX=false&hideText=true&collectStats=false")


@pytest.fixture
async def ready(config):
    """A paused app with its trainer ready, and its pilot."""
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        yield app, pilot


async def answer(pilot, text: str | None = None, *, toggle: str | None = None) -> AskDialog:
    """Type `text` into the open dialog (replacing its value), maybe toggle a checkbox, press Enter."""
    dialog = pilot.app.screen
    assert isinstance(dialog, AskDialog)
    if toggle:
        dialog.query_one(f"#{toggle}").toggle()
    if text is not None:
        dialog.query_one("#text").value = text
    await pilot.press("enter")
    await pilot.pause()
    return dialog


def weights(app) -> np.ndarray:
    return app.trainer.network.W.copy()


# ---- playground links ----------------------------------------------------------


async def test_u_shows_the_link_and_copies_it_with_osc52(ready, monkeypatch):
    app, pilot = ready
    sent = []
    monkeypatch.setattr(app._driver, "write", sent.append)
    await pilot.press("u")
    assert isinstance(app.screen, LinkDialog)
    link = app.config.to_url()
    assert app.clipboard == link
    assert f"\x1b]52;c;{base64.b64encode(link.encode()).decode()}\a" in sent
    assert app.screen.query_one("#link").text == link
    assert from_url(link, Config()) == app.config
    await pilot.press("escape")
    assert not isinstance(app.screen, LinkDialog)


async def test_pasting_a_playground_link_switches_to_it_from_its_seed(ready):
    app, pilot = ready
    await pilot.press("s", "s")
    await pilot.press("ctrl+u")
    await answer(pilot, LINK)
    assert not isinstance(app.screen, AskDialog)
    c = app.config
    assert (c.activation, c.batch, c.dataset, c.lr, c.layers, c.seed) == ("relu", 5, "xor", 0.1, (3,), "0.12345")
    assert app.trainer.config == c
    assert app.trainer.epoch == 0


async def test_a_bare_hash_works_too(ready):
    app, pilot = ready
    await pilot.press("ctrl+u")
    await answer(pilot, "#learningRate=0.3")
    assert app.config.lr == 0.3
    assert app.config.dataset == "spiral"  # keys the link lacks keep their values


BAD_LINKS = ["", "hello", "#activation=bogus", "https://example.com/#lr=1", "#noise=x"]


async def test_a_bad_link_says_why_in_the_dialog_and_changes_nothing(ready):
    app, pilot = ready
    before, w = app.config, weights(app)
    await pilot.press("ctrl+u")
    for bad in BAD_LINKS:
        dialog = await answer(pilot, bad)
        assert app.screen is dialog
        assert "link" in dialog.error and "\n" not in dialog.error, bad
        assert app.config == before == app.trainer.config
        assert np.array_equal(weights(app), w)
    await pilot.press("escape")
    assert not isinstance(app.screen, AskDialog) and app.config == before


# ---- sessions -------------------------------------------------------------------


async def test_save_then_load_restores_epoch_weights_and_history(ready, tmp_path):
    app, pilot = ready
    path = tmp_path / "run.json"
    await pilot.press("s", "s", "s")
    saved_w, saved_hist = weights(app), app.trainer.history.array()
    await pilot.press("ctrl+s")
    await answer(pilot, str(path))
    assert path.is_file() and json.loads(path.read_text())["epoch"] == 3
    await pilot.press("r", "s")  # move on: new weights, epoch 1
    await pilot.press("ctrl+o")
    await answer(pilot, str(path))
    assert not isinstance(app.screen, AskDialog)
    assert app.trainer.epoch == 3 and not app.playground.playing
    assert np.array_equal(weights(app), saved_w)
    assert np.array_equal(app.trainer.history.array(), saved_hist)
    await pilot.press("s")  # and it trains on from there
    assert app.trainer.epoch == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.json"]


async def test_loading_while_training_stops_the_old_run_and_shows_the_saved_one(ready, tmp_path):
    app, pilot = ready
    screen = app.playground
    path = tmp_path / "run.json"
    await pilot.press("s")
    await pilot.press("ctrl+s")
    await answer(pilot, str(path))
    screen.playing = True
    await wait_until(pilot, lambda: app.trainer.epoch > 20)
    old = app.trainer
    loading = screen.files.open_session(str(path), {})  # what the dialog's Enter calls: read off the UI thread
    await wait_until(pilot, lambda: loading.done)
    assert loading.value is None  # no error
    assert not screen.playing
    # The worker swaps trainers after its slice; the old one's frames are then ignored.
    await wait_until(pilot, lambda: app.trainer is not old and app.query_one("#top").epoch == 1)
    epoch = old.epoch
    await until_stopped(pilot, screen.worker)
    assert old.epoch == epoch and app.trainer.epoch == 1  # the old run stopped; the saved one shows
    assert app.query_one("#top").epoch == 1


BAD_SESSIONS = [
    (None, "can't open session"),
    ('{"format": "spiral-tui session", "version": 1, "config": {', "truncated"),
    ('{"hello": 1}', "not a spiral-tui session"),
    ('{"format": "spiral-tui session", "version": 99}', "newer"),
]


async def test_a_bad_session_file_says_why_and_the_run_is_untouched(ready, tmp_path):
    app, pilot = ready
    await pilot.press("s", "s")
    w, config = weights(app), app.config
    await pilot.press("ctrl+o")
    for k, (content, message) in enumerate(BAD_SESSIONS):
        path = tmp_path / f"bad{k}.json"
        if content is not None:
            path.write_text(content)
        dialog = await answer(pilot, str(path))
        assert app.screen is dialog and message in dialog.error
        assert app.trainer.epoch == 2 and app.config == config
        assert np.array_equal(weights(app), w)


async def test_saving_into_a_missing_folder_or_onto_a_folder_fails_cleanly(ready, tmp_path):
    app, pilot = ready
    await pilot.press("ctrl+s")
    dialog = await answer(pilot, str(tmp_path / "nope" / "run.json"))
    assert "can't save session" in dialog.error
    dialog = await answer(pilot, str(tmp_path))
    assert "folder" in dialog.error
    assert list(tmp_path.iterdir()) == []


# ---- your own data --------------------------------------------------------------


async def test_importing_a_csv_uses_its_points_and_the_data_panel_names_it(ready, tmp_path):
    app, pilot = ready
    path = tmp_path / "mine.csv"
    path.write_text("x,y,label\n" + "".join(f"{i},{i % 7},{'a' if i % 2 else 'b'}\n" for i in range(40)))
    await pilot.press("i")
    await answer(pilot, str(path))
    assert not isinstance(app.screen, AskDialog)
    assert app.config.data_file == str(path) and app.config.rescale
    assert app.trainer.config.data_file == str(path)
    data = app.trainer.data
    assert len(data.train_xy) + len(data.test_xy) == 40
    assert np.abs(data.train_xy).max() <= 5.0 + 1e-9
    panel = app.query_one(DataPicker)
    assert any("mine.csv" in panel.render_line(y).text for y in range(panel.size.height))


async def test_importing_three_names_makes_three_classes_and_exports_speak_the_files_units(ready, tmp_path):
    from tui_playground.files.exports import points_csv

    app, pilot = ready
    path = tmp_path / "three.csv"
    path.write_text("x,y,kind\n" + "".join(f"{100 + i},{2000 + i % 7},{'abc'[i % 3]}\n" for i in range(60)))
    await pilot.press("i")
    await answer(pilot, str(path))
    assert not isinstance(app.screen, AskDialog) and app.config.classes == 3  # no flag, no refusal
    await wait_until(pilot, lambda: app.trainer.config.classes == 3)
    rows = [line.split(",") for line in points_csv(app.trainer).splitlines()[1:]]
    assert sorted(r[:3] for r in rows) == sorted([repr(float(100 + i)), repr(float(2000 + i % 7)), "abc"[i % 3]]
                                                 for i in range(60))


async def test_import_without_rescale_keeps_coordinates(ready, tmp_path):
    app, pilot = ready
    path = tmp_path / "mine.csv"
    path.write_text("".join(f"{i / 10},{-i / 10},{i % 2}\n" for i in range(20)))
    await pilot.press("i")
    await answer(pilot, str(path), toggle="rescale")
    assert app.config.rescale is False
    xy = np.vstack([app.trainer.data.train_xy, app.trainer.data.test_xy])
    assert np.isclose(xy[:, 0].max(), 1.9)


BAD_CSVS = [
    ("x,y,label\n1,2,a\n3,oops,b\n4,5,a\n", "line 3: y is not a number"),
    ("1,2,a\n3,4,a\n", "2 to 6 distinct labels, found 1"),
    ("", "no data rows"),
    (None, "No such file"),
]


async def test_a_bad_csv_says_why_with_line_numbers_and_nothing_changes(ready, tmp_path):
    app, pilot = ready
    config, w = app.config, weights(app)
    await pilot.press("i")
    for k, (content, message) in enumerate(BAD_CSVS):
        path = tmp_path / f"bad{k}.csv"
        if content is not None:
            path.write_text(content)
        dialog = await answer(pilot, str(path))
        assert app.screen is dialog and message in dialog.error
        assert app.config == config == app.trainer.config
        assert np.array_equal(weights(app), w)


# ---- exports --------------------------------------------------------------------


async def test_exports_write_the_chosen_files_into_the_folder_and_nowhere_else(ready, tmp_path):
    app, pilot = ready
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "keep.txt").write_text("x")
    await pilot.press("s", "s")
    await pilot.press("ctrl+e")
    await answer(pilot, str(out))
    expected = ["spiral-epoch2-grid.csv", "spiral-epoch2-loss.csv", "spiral-epoch2-model.npz",
                "spiral-epoch2-points.csv", "spiral-epoch2-screen.svg"]  # ONNX only when asked
    # Written off the UI thread, each through a temporary file renamed into place: until all five are there.
    await wait_until(pilot, lambda: sorted(p.name for p in out.iterdir()) == expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", "out"]
    loss = (out / "spiral-epoch2-loss.csv").read_text().splitlines()
    assert loss[0] == "epoch,train_loss,test_loss" and len(loss) == 4
    assert len((out / "spiral-epoch2-grid.csv").read_text().splitlines()) == 1 + 100 * 100
    svg = (out / "spiral-epoch2-screen.svg").read_text()
    assert svg.startswith("<svg") and "Export" not in svg  # the playground, not the dialog


async def test_export_only_what_is_chosen(ready, tmp_path):
    app, pilot = ready
    await pilot.press("ctrl+e")
    dialog = app.screen
    for key in ("boundary", "screenshot", "points", "model"):
        dialog.query_one(f"#{key}").toggle()
    await answer(pilot, str(tmp_path))
    await wait_until(pilot, lambda: any("Wrote" in n.message for n in notifications(app)))  # all written
    assert [p.name for p in tmp_path.iterdir()] == ["spiral-epoch0-loss.csv"]


async def test_export_the_model_as_onnx_and_the_points_like_the_command_line(ready, tmp_path):
    import onnxruntime

    from tui_playground.engine.datafile import load_points
    from tui_playground.engine.model_export import load_npz, predict

    app, pilot = ready
    await pilot.press("s", "s", "s")
    await pilot.press("ctrl+e")
    dialog = app.screen
    for key in ("history", "boundary", "screenshot"):
        dialog.query_one(f"#{key}").toggle()
    dialog.query_one("#onnx").toggle()
    await answer(pilot, str(tmp_path))
    await wait_until(pilot, lambda: any("Wrote" in n.message for n in notifications(app)))  # all written
    assert len(list(tmp_path.iterdir())) == 3
    xy = np.random.default_rng(2).uniform(-6, 6, (50, 2))
    onnx_out = onnxruntime.InferenceSession(str(tmp_path / "spiral-epoch3-model.onnx")).run(None, {"xy": xy})[0]
    np.testing.assert_allclose(onnx_out, predict(load_npz(tmp_path / "spiral-epoch3-model.npz"), xy), atol=1e-9)
    points = load_points(str(tmp_path / "spiral-epoch3-points.csv"), rescale=False)
    assert len(points.points) == len(app.trainer.data.train_y) + len(app.trainer.data.test_y)


async def test_onnx_without_the_package_is_one_line_and_the_rest_is_written(ready, tmp_path, monkeypatch):
    import sys

    app, pilot = ready
    monkeypatch.setitem(sys.modules, "onnx", None)
    await pilot.press("ctrl+e")
    dialog = app.screen
    for key in ("history", "boundary", "screenshot", "points"):
        dialog.query_one(f"#{key}").toggle()
    dialog.query_one("#onnx").toggle()
    await answer(pilot, str(tmp_path))
    await wait_until(pilot, lambda: any("Wrote" in n.message for n in notifications(app)))
    assert [p.name for p in tmp_path.iterdir()] == ["spiral-epoch0-model.npz"]
    errors = [n.message for n in notifications(app) if n.severity == "error"]
    assert errors == ["ONNX export needs the onnx package: pip install 'spiral-tui[onnx]'"]


async def test_export_into_a_missing_folder_says_so_and_writes_nothing(ready, tmp_path):
    app, pilot = ready
    await pilot.press("ctrl+e")
    dialog = await answer(pilot, str(tmp_path / "missing"))
    assert app.screen is dialog and "no such folder" in dialog.error
    assert list(tmp_path.iterdir()) == []


async def test_file_actions_are_in_help_and_the_command_palette(ready):
    app, pilot = ready
    from tui_playground.ui.app import KEYS

    actions = {k.action for k in KEYS}
    assert {"show_url", "open_url", "save_session", "load_session", "import_data", "export"} <= actions
    commands = [c.title for c in app.get_system_commands(app.screen)]
    assert "Save the session" in commands and "Own data from a CSV" in commands


async def test_the_app_starts_on_a_points_file(tmp_path):
    points = tmp_path / "pts.csv"
    points.write_text("".join(f"{i % 9},{(i * 5) % 7},{i % 2}\n" for i in range(40)))
    app = make_app(Config(seed="1", data_file=str(points)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.trainer is not None)
        assert app.trainer.config.data_name == "pts.csv"
        assert "pts.csv" in "".join(text_rows(app.query_one(DataPicker)._cells))
