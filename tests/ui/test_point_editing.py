"""Placing points by hand in the app (key m): keys, mouse, undo, live training, sessions."""

from __future__ import annotations

import numpy as np
import pytest
from ui_helpers import screen_text, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.files.session import load_session, save_session
from tui_playground.ui.app import make_app
from tui_playground.ui.widgets.heatmap import BoundaryHeatmap


async def start_editing(pilot, app) -> BoundaryHeatmap:
    heat = app.query_one(BoundaryHeatmap)
    await pilot.press("m")
    await wait_until(pilot, lambda: app.playground.points.active and heat.has_focus)
    return heat


async def test_keys_place_points_and_the_network_trains_on_them(tmp_path):
    app = make_app(Config(seed="0.5", layers=(3,), batch=1, lr=0.1))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        heat = await start_editing(pilot, app)
        editor = app.playground.points.editor
        assert editor.counts == (250, 250)  # it starts from the data in use
        await pilot.press("ctrl+x")
        await wait_until(pilot, lambda: editor.points == [])
        await pilot.press(*["left"] * 8, "enter", *["right"] * 16, "c", "enter", "c", "up", "enter",
                          *["down"] * 2, "c", "enter")
        await wait_until(pilot, lambda: len(editor.points) == 4)
        assert [(p.label, p.test) for p in editor.points] == [(1, False), (-1, True), (1, False), (-1, True)]
        xs = [p.x for p in editor.points]
        assert xs[0] < 0 < xs[1] and xs[2] == xs[3] == xs[1]
        await wait_until(pilot, lambda: len(app.trainer.data.train_y) == 2 and len(app.trainer.data.test_y) == 2)
        assert "2 train 2 test" in str(app.screen.query_one("#output-title").render())
        await pilot.press("s", "s", "s")
        await wait_until(pilot, lambda: app.trainer.epoch == 3)
        await pilot.press("delete")  # the nearest to the cursor: the last point
        await wait_until(pilot, lambda: len(editor.points) == 3)
        assert editor.points[-1].y > editor.points[0].y - 1
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(editor.points) == 4)
        save_session(app.trainer, tmp_path / "s.json")  # the placed points are the session's data
        loaded = load_session(tmp_path / "s.json")
        assert loaded.data.train_xy.tolist() == [[p.x, p.y] for p in editor.points if not p.test]
        await pilot.press("escape")
        assert not app.playground.points.active and not heat.editing


async def test_a_click_puts_a_point_where_it_lands_and_k_classes_get_class_numbers():
    app = make_app(Config(seed="0.5", dataset="blobs", classes=4, layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        heat = await start_editing(pilot, app)
        await pilot.press("ctrl+x", "c", "c")
        left, top = heat.origin
        n = heat.pixels
        await pilot.click(BoundaryHeatmap, offset=(left + n - 1, top))  # the top right corner
        editor = app.playground.points.editor
        assert len(editor.points) == 1
        p = editor.points[0]
        assert p.label == 2 and p.x > 5.5 and p.y > 5.5


async def test_new_data_ends_the_editing():
    app = make_app(Config(seed="0.5"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        await pilot.press("escape")
        await pilot.press("m")
        await wait_until(pilot, lambda: app.playground.points.active)
        app.playground.action_set_data("xor")
        assert not app.playground.points.active
        await wait_until(pilot, lambda: app.trainer.data.name == "xor")
        assert np.isfinite(app.trainer.train_loss)


async def answer(pilot, text: str, **checks: bool) -> None:
    """Type `text` into the open dialog's field and press Enter."""
    from tui_playground.ui.dialogs.file_dialogs import AskDialog

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AskDialog) and pilot.app.screen.is_mounted)
    pilot.app.screen.query_one("#text").value = text
    for check_id, value in checks.items():
        pilot.app.screen.query_one(f"#{check_id}").value = value
    await pilot.press("enter")
    await pilot.pause()


def placed(editor) -> list[tuple[float, float, float, bool]]:
    return [(p.x, p.y, p.label, p.test) for p in editor.points]


async def test_save_and_load_keys_round_trip_the_points_through_the_csv_data_reads(tmp_path):
    from tui_playground.engine.datafile import load_points
    from tui_playground.ui.dialogs.file_dialogs import AskDialog

    app = make_app(Config(seed="0.5", dataset="blobs", classes=4, layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        # the footer redraws after the mode starts: wait for it rather than read it at once
        await wait_until(pilot, lambda: all(word in screen_text(app) for word in ("Save", "Load")))
        editor = app.playground.points.editor
        await pilot.press("ctrl+x", "enter", "left", "c", "enter", "up", "c", "c", "enter", "up", "up", "enter")
        saved = placed(editor)
        assert [p[2] for p in saved] == [0, 1, 3, 3] and [p[3] for p in saved] == [False, True, False, True]
        path = tmp_path / "mine.csv"
        await pilot.press("ctrl+s")
        await answer(pilot, str(path))
        assert not isinstance(app.screen, AskDialog)
        assert path.read_text().splitlines()[0] == "x,y,label,split,plane_x,plane_y"
        # the file is one --data reads: the same points, classes and coordinates
        pf = load_points(str(path), rescale=False, classes=4, keep_classes=True)
        assert sorted(pf.points) == sorted((x, y, label) for x, y, label, _test in saved)
        await pilot.press("ctrl+x", "enter")
        assert len(editor.points) == 1
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, AskDialog) and app.screen.query_one("#text").value == str(path)
        await answer(pilot, str(path))
        assert not isinstance(app.screen, AskDialog)
        assert sorted(placed(editor)) == sorted(saved)  # same points, same splits
        assert placed(editor) == [p for p in saved if not p[3]] + [p for p in saved if p[3]]  # train first
        await wait_until(pilot, lambda: len(app.trainer.data.train_y) == 2 and len(app.trainer.data.test_y) == 2)
        await pilot.press("ctrl+z")  # the load is undone like any change
        assert len(editor.points) == 1


async def test_a_bad_path_or_file_is_one_line_in_the_dialog_and_changes_nothing(tmp_path):
    app = make_app(Config(seed="0.5", layers=(3,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        editor = app.playground.points.editor
        before = placed(editor)
        for bad, why in ((tmp_path / "no" / "p.csv", "does not exist"), (tmp_path, "is a directory")):
            await pilot.press("ctrl+s")
            await answer(pilot, str(bad))
            dialog = app.screen
            assert why in dialog.error and "\n" not in dialog.error and str(bad) in dialog.error
            await pilot.press("escape")
        assert list(tmp_path.iterdir()) == []
        broken = tmp_path / "broken.csv"
        broken.write_text("x,y,label\n1,2,1\n1,oops,-1\n")
        await pilot.press("ctrl+o")
        await answer(pilot, str(broken))
        assert "line 3: y is not a number" in app.screen.error and "\n" not in app.screen.error
        await pilot.press("escape")
        assert placed(editor) == before and app.playground.points.active


EXAMPLES = __import__("pathlib").Path(__file__).parents[2] / "examples"


async def test_l_loads_any_csv_i_reads_rescaled_and_its_labels_set_the_classes():
    app = make_app(Config(seed="0.5", layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        await pilot.press("ctrl+o")
        await answer(pilot, str(EXAMPLES / "penguins.csv"))  # millimetres, three species
        editor = app.playground.points.editor
        assert app.playground.points.active and len(editor.points) == 300 and app.config.classes == 3
        assert max(max(abs(p.x), abs(p.y)) for p in editor.points) == pytest.approx(5)  # rescaled like i
        assert {p.label for p in editor.points} == {0.0, 1.0, 2.0}
        assert editor.dataset().units.class_names == ("Adelie", "Chinstrap", "Gentoo")
        await wait_until(pilot, lambda: app.trainer.config.classes == 3 and len(app.trainer.data.train_y) == 150)


async def test_points_off_the_plane_are_warned_about():
    app = make_app(Config(seed="0.5", layers=(4,)))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await start_editing(pilot, app)
        notes: list[tuple[str, str]] = []
        app.playground.notify = lambda message, **kw: notes.append((message, kw.get("severity", "information")))
        await pilot.press("ctrl+o")
        await answer(pilot, str(EXAMPLES / "survey.csv"), rescale=False)  # metres, kept as they are
        assert len(app.playground.points.editor.points) == 300
        assert ("300 of 300 points fall outside the plane (-6 to 6): tick rescale to fit them in.", "warning") in notes
