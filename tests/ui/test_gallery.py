"""Gallery and seeds mode: layout and drawing, then Pilot tests of the screen
(open, tiles, selection, sort, Enter adopts the member, loss band)."""

from __future__ import annotations

import numpy as np
import pytest
from textual import events
from ui_helpers import notifications, text_rows, until_stopped, wait_ready, wait_until

from tui_playground.config import ACTIVATIONS, LOSSES, LR_SCHEDULE_CHOICES, OPTIMIZERS, Config, ConfigError
from tui_playground.engine.training import Trainer
from tui_playground.sweeps.presets import video
from tui_playground.ui.app import make_app
from tui_playground.ui.gallery.screen import GalleryScreen
from tui_playground.ui.gallery.variants import SHAPES, gallery_set
from tui_playground.ui.render.gallery_drawing import (
    band_cells,
    band_rows,
    fit_caption,
    move,
    sort_order,
    tile_layout,
    title_lines,
)
from tui_playground.ui.widgets.loss_band import LossBand
from tui_playground.ui.widgets.tile_grid import TileGrid
from tui_playground.ui.widgets.top_bar import beyond_mark

SNAPSHOT_EPOCHS = 30


def small_config() -> Config:
    return Config(seed="0.5", dataset="circle", layers=(4, 2))


def text_of(cells: np.ndarray) -> str:
    return "\n".join(text_rows(cells, pixel="▀"))


# ---- pure layout and drawing -------------------------------------------------


@pytest.mark.parametrize("width, height, count, at_least", [(118, 37, 16, 16), (118, 29, 16, 16),
                                                            (78, 21, 16, 16), (78, 16, 16, 16), (78, 16, 4, 4)])
def test_layout_shows_enough_tiles_at_least_min_side(width, height, count, at_least):
    layout = tile_layout(width, height, count)
    assert layout.per_page >= at_least
    assert layout.side >= 8
    assert layout.cols * layout.tile_width - 1 <= width
    assert layout.rows * layout.tile_height - 1 <= height


def test_layout_pages_when_tiles_would_be_too_small():
    layout = tile_layout(30, 10, 16)
    assert 1 <= layout.per_page < 16 and layout.side >= 8


def test_caption_keeps_label_by_shortening_the_loss_first():
    assert fit_caption("#12", "0.430", 9) == "#12 0.430"
    assert fit_caption("#12", "0.430", 8) == "#12 0.43"
    assert fit_caption("1", "0.422", 6) == "1 0.42"  # a digit goes before the leading zero
    assert fit_caption("#12", "0.430", 7) == "#12 .43"
    assert fit_caption("8,8", "", 6) == "8,8   "


def test_a_seed_tile_gives_up_the_start_of_its_name_before_the_losss_leading_zero():
    # 16 seeds at 80x24: tiles 8 wide; '…-10' is the end of '0.03819-10'
    assert fit_caption("…-1", "0.090", 8) == "…-1 0.09"
    assert fit_caption("…-10", "0.090", 8) == "…10 0.09"
    assert fit_caption("…-16", "0.090", 9) == "…-16 0.09"  # a digit first
    assert fit_caption("…-16", "0.090", 6) == "…6 .09"


def test_the_gallery_title_flows_over_lines_without_splitting_a_part():
    parts = ["GALLERY  hidden layers on circle", "+ xent mom sched stop", "epoch 100", "0.0 epochs/s", "selected 1"]
    assert title_lines(parts, 119) == [" · ".join(parts)]
    assert title_lines(parts, 79) == ["GALLERY  hidden layers on circle · + xent mom sched stop · epoch 100",
                                      "0.0 epochs/s · selected 1"]


def test_sort_order_puts_non_finite_last():
    assert list(sort_order(np.array([0.3, np.nan, 0.1, np.inf, 0.2]))) == [2, 4, 0, 1, 3]


def test_arrow_moves_stay_inside_the_grid():
    assert move(0, "right", 4, 10) == 1
    assert move(0, "left", 4, 10) == 0
    assert move(1, "down", 4, 10) == 5
    assert move(8, "down", 4, 10) == 8
    assert move(5, "up", 4, 10) == 1


def test_band_rows_are_min_median_max_per_epoch():
    losses = np.array([[0.5, 0.4], [0.3, np.nan], [0.1, 0.2]])
    band = band_rows(7, losses)
    np.testing.assert_array_equal(band[:, 0], [7, 8])
    np.testing.assert_allclose(band[0, 1:], [0.1, 0.3, 0.5])
    np.testing.assert_allclose(band[1, 1:], [0.2, 0.4, np.inf])


def test_band_cells_label_the_range_and_fill_between_min_and_max():
    band = np.array([[0, 0.2, 0.3, 0.5], [1, 0.1, 0.2, 0.4]])
    cells = band_cells(band, 4, 30)
    text = text_of(cells)
    assert text.splitlines()[0].startswith("0.500") and text.splitlines()[-1].startswith("0.100")
    assert (cells[:, 6:] != cells[0, 29]).any()  # something drawn in the chart area


def test_variant_sets_keep_the_seed_except_seeds():
    config = small_config()
    shapes = gallery_set("shapes", config).variants
    assert [c.layers for _, c in shapes][-len(SHAPES):] == list(SHAPES)
    assert {c.seed for _, c in shapes} == {"0.5"}
    seeds = gallery_set("seeds", config).variants
    assert len(seeds) == 16 and len({c.seed for _, c in seeds}) == 16
    assert [label for label, _ in seeds][:2] == ["0.5-1", "0.5-2"]  # named as sweep names them
    assert [label for label, _ in gallery_set("seeds", config.replace(seed="0.68314")).variants][11] == "…-12"
    video = gallery_set("video", config).variants
    assert len(video) == 14 and video[0][0] == "circle 1" and video[-1][0] == "spiral 8,8"


def beyond_config() -> Config:
    return Config(seed="0.5", layers=(4, 2), activation="relu,tanh", loss="cross-entropy", optimizer="adam",
                  beta1=0.8, lr_schedule="step:50:0.5", patience=20, min_delta=0.001)


def differences(a: Config, b: Config) -> set[str]:
    return {k for k, v in a.to_dict().items() if b.to_dict()[k] != v}


@pytest.mark.parametrize("kind, field, values", [
    ("optimizer", "optimizer", list(OPTIMIZERS)),
    ("loss", "loss", list(LOSSES)),
    ("activation", "activation", ["relu,tanh", *ACTIVATIONS]),  # its own list first
    ("schedule", "lr_schedule", ["step:50:0.5", *LR_SCHEDULE_CHOICES]),
    ("lr", "lr", [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0]),
])
def test_a_set_varies_one_setting_and_keeps_the_rest_of_the_config(kind, field, values):
    base = beyond_config()
    chosen = gallery_set(kind, base)
    assert chosen.varied == field and chosen.title.endswith("on circle")
    assert [getattr(c, field) for _, c in chosen.variants] == values
    for _, c in chosen.variants:
        assert differences(base, c) <= {field}


def test_shapes_carry_a_per_layer_activation_list_along():
    shapes = dict(gallery_set("shapes", beyond_config()).variants)
    assert shapes["1"].activation == "relu" and shapes["4,2"].activation == "relu,tanh"
    assert shapes["8,8,4"].activation == "relu,tanh,tanh"
    assert all(differences(beyond_config(), c) <= {"layers", "activation"} for c in shapes.values())


def test_the_video_networks_train_the_way_the_experiment_trains():
    base = beyond_config()
    chosen = gallery_set("video", base)
    for (_, c), step in zip(chosen.variants, video("0.5")):
        assert c == step.config.replace(loss="cross-entropy", optimizer="adam", beta1=0.8,
                                        lr_schedule="step:50:0.5", patience=20, min_delta=0.001)
    seeds = gallery_set("seeds", base).variants
    assert all(differences(base, c) == {"seed"} for _, c in seeds)


def test_a_set_the_experiment_cannot_vary_says_why():
    with pytest.raises(ConfigError, match="cross-entropy is for classification"):
        gallery_set("loss", small_config().with_data("reg-plane"))
    with pytest.raises(ConfigError, match="for two classes"):
        gallery_set("optimizer", small_config().with_classes(3))
    assert len(gallery_set("activation", small_config().with_classes(3)).variants) == len(ACTIVATIONS)


def test_the_mark_leaves_out_what_the_gallery_varies():
    base = beyond_config()
    assert beyond_mark(base) == "+ relu,tanh xent adam sched stop"
    assert beyond_mark(base, skip="optimizer") == "+ relu,tanh xent sched stop"
    assert beyond_mark(base, skip="patience") == "+ relu,tanh xent adam sched"
    assert beyond_mark(small_config()) == ""


# ---- the screen --------------------------------------------------------------


async def press(pilot, *keys: str) -> None:
    """Keys without Pilot's wait for an idle screen (a live gallery never idles:
    pilot.press would sit out its 2 s timeout per key)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause(0.02)


async def open_gallery(pilot, key: str = "ctrl+g") -> GalleryScreen:
    await wait_ready(pilot)
    await press(pilot, key)
    screen = pilot.app.screen
    assert isinstance(screen, GalleryScreen)
    await wait_until(pilot, lambda: screen._frame is not None and screen._frame.epoch >= 5, timeout=20)
    return screen


async def test_gallery_opens_with_labelled_live_tiles_and_sorts_and_selects():
    app = make_app(small_config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_gallery(pilot)
        grid = screen.query_one(TileGrid)
        assert grid.layout.per_page >= 12
        await wait_until(pilot, lambda: all(g is not None for g in grid.grids))
        shown = text_of(grid._cells)
        assert "4,2" in shown and "8,8" in shown and "0." in shown
        assert all(g is not None for g in grid.grids)
        epoch = screen._frame.epoch
        await wait_until(pilot, lambda: screen._frame.epoch > epoch)  # still training
        await press(pilot, "right", "down")
        assert grid.position == 1 + grid.layout.cols
        selected = grid.selected
        await press(pilot, "space")  # pause, so that no frame comes between sorting and checking
        await until_stopped(pilot, screen.worker)
        await press(pilot, "s")
        assert screen.sorted
        np.testing.assert_array_equal(grid.order, sort_order(screen._frame.losses[:, 1]))
        assert grid.selected == selected  # the selection follows the network, not the place
        await press(pilot, "escape")
        assert not isinstance(app.screen, GalleryScreen)


async def test_enter_opens_the_selected_network_with_its_weights_and_trains_on():
    app = make_app(small_config())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_gallery(pilot)
        await press(pilot, "right", "right")
        member = screen.query_one(TileGrid).selected
        label, config = screen.variants[member]
        await press(pilot, "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, GalleryScreen))
        await wait_until(pilot, lambda: app.trainer.config == config)  # adopted once the dialog result is in
        trainer = app.trainer
        assert trainer.config == config and app.config == config
        app.playground.playing = False
        await until_stopped(pilot, app.playground.worker)
        epoch, W, B = trainer.epoch, trainer.network.W.copy(), trainer.network.B.copy()
        alone = Trainer(config)  # the same run done alone gives the same weights
        alone.step(epoch)
        np.testing.assert_array_equal(W, alone.network.W)
        np.testing.assert_array_equal(B, alone.network.B)
        await press(pilot, "space")
        await wait_until(pilot, lambda: trainer.epoch > epoch)
        app.playground.playing = False
        await until_stopped(pilot, app.playground.worker)


async def test_seeds_mode_band_is_min_median_max_over_the_members():
    app = make_app(small_config())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_gallery(pilot, "ctrl+k")
        assert screen.kind == "seeds" and len(screen.variants) == 16
        assert screen.query_one(TileGrid).layout.per_page >= 4
        band_widget = screen.query_one(LossBand)
        assert band_widget.display and band_widget.size.height >= 3
        await press(pilot, "space")  # pause: the population stops after its slice
        await until_stopped(pilot, screen.worker)
        band = screen._frame.band
        epoch, low, median, high = band[-1]
        tests = np.array([h[h[:, 0] == epoch, 2][0] for h in screen.population.histories])
        np.testing.assert_allclose([low, median, high], [tests.min(), np.median(tests), tests.max()])
        assert "median" in text_of(band_widget._cells)


def gallery_at_fixed_epochs(kind: str):
    """A snapshot's run_before: the gallery of `kind`, trained SNAPSHOT_EPOCHS here."""
    async def run_before(pilot) -> None:
        await wait_ready(pilot)
        screen = GalleryScreen(pilot.app.config, kind, live=False)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        screen.step_now(SNAPSHOT_EPOCHS)
        await wait_until(pilot, lambda: screen._frame is not None and screen._frame.epoch == SNAPSHOT_EPOCHS)
        await pilot.pause()

    return run_before


def test_gallery_snapshot(snap_compare):
    app = make_app(Config(seed="0.5", dataset="xor", layers=(4, 2)))
    assert snap_compare(app, terminal_size=(120, 40), run_before=gallery_at_fixed_epochs("shapes"))


# ---- settings beyond the playground ------------------------------------------


def title_of(screen: GalleryScreen) -> str:
    return str(screen.query_one("#gallery-title").render())


async def test_keys_vary_the_new_settings_and_every_member_trains_its_whole_config():
    base = Config(seed="0.5", layers=(4, 2), loss="cross-entropy", optimizer="adam", lr_schedule="exp:0.99")
    app = make_app(base)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_gallery(pilot)
        assert "hidden layers on circle · + xent adam sched · epoch" in title_of(screen)
        await press(pilot, "j")  # the main screen's optimizer key: a gallery over optimizers
        assert screen.kind == "optimizer"
        assert screen.query_one(TileGrid).labels == ["sgd", "momentum", "rmsprop", "adam"]
        await wait_until(pilot, lambda: screen._frame is not None and screen._frame.epoch >= 3, timeout=20)
        assert "GALLERY  optimizers on circle · + xent sched · epoch" in title_of(screen)
        await press(pilot, "space")
        await until_stopped(pilot, screen.worker)
        pop = screen.population
        for k, (_, config) in enumerate(screen.variants):
            trainer = pop.trainer(k)
            assert trainer.config == config and config.loss == "cross-entropy" and config.lr_schedule == "exp:0.99"
            assert trainer.current_lr == pytest.approx(0.03 * 0.99 ** trainer.epoch)
        state = pop.trainer(3).state().optimizer  # adam's moments and step count, grown by training
        assert state.t[0] > 0
        await press(pilot, "c")
        assert screen.kind == "loss" and screen.query_one(TileGrid).labels == ["square", "xent"]
        assert "losses on circle · + adam sched" in title_of(screen)
        await press(pilot, "a")
        assert screen.kind == "activation" and "gaussian" in screen.query_one(TileGrid).labels
        await press(pilot, "f", "l", "h")
        assert screen.kind == "shapes"
        await press(pilot, "escape")


async def cycle_kinds(pilot, config: Config, presses: int) -> list[str]:
    screen = GalleryScreen(config, "shapes", live=False)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    kinds = []
    for _ in range(presses):
        await pilot.press("v")
        kinds.append(screen.kind)
    return kinds


async def test_v_cycles_every_set_the_experiment_can_vary_and_keys_say_why_not():
    app = make_app(small_config().with_data("reg-plane"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        kinds = await cycle_kinds(pilot, app.config, 7)
        assert kinds == ["video", "lr", "activation", "optimizer", "schedule", "shapes", "video"]  # no loss
        screen = app.screen
        await pilot.press("c")
        assert screen.kind == "video"  # kept
        assert any("No loss gallery for this experiment: loss cross-entropy is for classification" in n.message
                   for n in notifications(app))


async def test_stop_rules_stop_members_one_by_one_and_the_band_keeps_where_they_stopped():
    app = make_app(Config(seed="0.5", layers=(4, 2), lr=0.3, until_loss=0.05, max_epochs=15))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await press(pilot, "ctrl+k")
        screen = app.screen
        await wait_until(pilot, lambda: "16 seeds of this experiment (0.5-1 … 0.5-16) · + stop" in title_of(screen))
        await wait_until(pilot, lambda: screen._frame is not None and screen._frame.stopped.all(), timeout=30)
        await press(pilot, "space")
        await until_stopped(pilot, screen.worker)
        pop = screen.population
        for k, (_, config) in enumerate(screen.variants):  # each stopped where its single run stops
            alone = Trainer(config)
            alone.step(100)
            assert (pop.trainer(k).epoch, pop.trainer(k).stop_reason) == (alone.epoch, alone.stop_reason)
        assert pop.epochs.max() == 15 and pop.epochs.min() < 15  # some reached the loss, some the epoch limit
        finals = pop.losses[:, 1]
        epoch, low, median, high = screen._frame.band[-1]
        assert epoch == 15
        np.testing.assert_allclose([low, median, high], [finals.min(), np.median(finals), finals.max()])
        assert screen.query_one(TileGrid).dim == set(range(16))
        assert "16 stopped" in title_of(screen)


def test_gallery_of_optimizers_snapshot(snap_compare):
    config = Config(seed="0.5", dataset="xor", layers=(4, 2), activation="relu,tanh", loss="cross-entropy",
                    lr_schedule="exp:0.99")
    assert snap_compare(make_app(config), terminal_size=(100, 30),
                        run_before=gallery_at_fixed_epochs("optimizer"))
