"""The data picker: the blobs tile, the classes row (keys and mouse), and
thumbnails drawn in K class colours when K > 2."""

from __future__ import annotations

from ui_helpers import text_rows, wait_ready, wait_until

from tui_playground.config import Config
from tui_playground.ui.app import make_app
from tui_playground.ui.render.drawing import PIXEL, decode
from tui_playground.ui.render.palette import FIRST_CLASS_SLOT, FIRST_POINT_SLOT, LEVELS, NUM_SHADES
from tui_playground.ui.widgets.data_picker import TILES, VALUE_ROWS, DataPicker

SIZE = (120, 40)
CLASSES_ROW = len(TILES) + [f for _label, f in VALUE_ROWS].index("classes")


def tile_classes(picker: DataPicker, name: str) -> set[int]:
    """The classes whose colours a tile's thumbnail shows (class slots), or
    {-1} per shade used (two-class and regression thumbnails are shades)."""
    tw = picker.tile_size(picker.size.width, picker.size.height)
    top, left = next((ty, tx) for ty, tx, h, w, t in picker.hits if t == ("data", TILES.index(name)))
    cells = picker._cells[top : top + tw // 2, left + 1 : left + 1 + tw]
    slots = {s for key in cells.ravel() for ch, fg, bg, _ in [decode(key)] if ch == PIXEL for s in (fg, bg)}
    return {(s - FIRST_CLASS_SLOT) // LEVELS if FIRST_CLASS_SLOT <= s < FIRST_POINT_SLOT else -1 for s in slots
            if s != NUM_SHADES // 2}  # grey ground


async def thumbnails_ready(pilot, picker: DataPicker) -> None:
    await wait_until(pilot, lambda: bool(picker.samples))


async def test_the_blobs_tile_picks_blobs_with_three_classes_by_key_and_by_click():
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4,)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        await thumbnails_ready(pilot, picker)
        assert "blobs" in "".join(text_rows(picker._cells))
        picker.focus()
        await pilot.press("left", "down", "down", "enter")  # spiral -> gauss -> reg-plane -> blobs
        assert picker.cursor == TILES.index("blobs")
        await wait_until(pilot, lambda: app.trainer.config.dataset == "blobs")
        assert app.config.classes == 3 and app.trainer.network.sizes[-1] == 3
        await pilot.click(DataPicker, offset=picker.centre_of(("data", TILES.index("circle"))))
        assert app.config.dataset == "circle" and app.config.classes == 2
        await pilot.click(DataPicker, offset=picker.centre_of(("data", TILES.index("blobs"))))
        assert app.config.dataset == "blobs" and app.config.classes == 3


async def test_the_classes_row_steps_k_by_keys_and_shows_it():
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4,)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        row = lambda: next(r for r in text_rows(picker._cells) if "classes" in r)  # noqa: E731
        assert row().split()[-1] == "2"
        picker.focus()
        await pilot.press("down", "down")  # spiral -> reg-gauss -> the classes row
        assert picker.cursor == CLASSES_ROW and "◂" in row() and "▸" in row()
        await pilot.press("right", "right")
        assert app.config.classes == 4 and app.config.dataset == "spiral"
        await wait_until(pilot, lambda: app.trainer.config.classes == 4)
        assert row().split()[-2:] == ["4", "▸"]
        await pilot.press(*["right"] * 5)
        assert app.config.classes == 6  # 6 at most
        await pilot.press(*["left"] * 6)
        assert app.config.classes == 2 and app.config.dataset == "spiral"
        await pilot.press("up")  # above the value rows: the last tile
        assert picker.cursor == TILES.index("blobs")


async def test_the_classes_row_steps_k_by_click_and_wheel():
    from textual import events

    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4,)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        k = [f for _label, f in VALUE_ROWS].index("classes")
        await pilot.click(DataPicker, offset=picker.centre_of(("value", k, 1)))  # right half: up
        assert app.config.classes == 3
        x, y = picker.centre_of(("value", k, -1))
        picker.post_message(events.MouseScrollUp(picker, x, y, 0, 0, 0, False, False, False))
        await wait_until(pilot, lambda: app.config.classes == 4)
        await pilot.click(DataPicker, offset=picker.centre_of(("value", k, -1)))  # left half: down
        assert app.config.classes == 3
        await wait_until(pilot, lambda: app.trainer.config.classes == 3)
        assert picker.cursor == CLASSES_ROW


async def test_with_k_classes_the_multiclass_thumbnails_show_k_class_colours():
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4,)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        await thumbnails_ready(pilot, picker)
        assert tile_classes(picker, "spiral") == {-1}  # two classes: the playground's shades
        assert tile_classes(picker, "blobs") == {0, 1, 2}  # blobs has at least 3
        for k in (4, 6, 3):
            app.playground.action_classes(k - app.config.classes)
            await wait_until(pilot, lambda: picker.config.classes == k)
            assert tile_classes(picker, "spiral") == set(range(k))
            assert tile_classes(picker, "blobs") == set(range(k))
            assert tile_classes(picker, "circle") == {-1}  # a two-class set stays two-class


async def test_the_picker_fits_80x24_with_every_tile_and_value_row():
    app = make_app(Config(seed="0.5", dataset="spiral", layers=(4,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        picker = app.query_one(DataPicker)
        text = "\n".join(text_rows(picker._cells))
        for label, _field in VALUE_ROWS:
            assert label in text
        tiles = [t for *_, t in picker.hits if t[0] == "data"]
        assert len(tiles) == len(TILES)
        bottom = max(ty + h for ty, tx, h, w, t in picker.hits)
        assert bottom <= picker.size.height
