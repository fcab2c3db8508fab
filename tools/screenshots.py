"""Write screenshots/*.svg (and .png when `rsvg-convert` is installed) of the
main screen for a fixed seed, paused after a fixed number of epochs.

    python tools/screenshots.py [--out screenshots] [STEM ...]

With STEMs (e.g. classes-120x40) only those pictures are made.
"""

from __future__ import annotations

import os

# Pictures show what a truecolor terminal shows (headless Textual would pick
# 16 colours, which merge most shades). Must be set before Textual loads.
os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")

import argparse  # noqa: E402
import asyncio  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

# A maintainer's tool, not shipped: the package from this checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui_playground.config import Config  # noqa: E402
from tui_playground.engine.features import FEATURE_NAMES  # noqa: E402
from tui_playground.ui.app import make_app  # noqa: E402
from tui_playground.ui.gallery.screen import GalleryScreen  # noqa: E402
from tui_playground.ui.render.svg_blocks import blocks_as_rects  # noqa: E402

# Five points around the cursor, placed with enter (the points editor's keys).
CLUSTER = ("enter", "right", "right", "enter", "down", "enter", "left", "left", "enter", "up", "up", "right", "enter")

SHOTS = (
    # (file stem, config, epochs, terminal size)
    ("main-120x40", Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES,
                           batch=1, show_test=True), 300, (120, 40)),
    ("main-80x24", Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES,
                          batch=1), 300, (80, 24)),
    ("circle-120x40", Config(seed="0.5", dataset="circle", layers=(4, 2)), 100, (120, 40)),
    # a 4-arm spiral, 4 classes (seed 3 learns it: about 89% train, 87% test accuracy)
    ("classes-120x40", Config(seed="3", dataset="spiral", classes=4, layers=(8, 8, 8), features=FEATURE_NAMES,
                              lr=0.1, batch=10, train_pct=70), 2000, (120, 40)),
    # the points editor: three classes of points placed by hand (the data cleared first),
    # trained on for 300 epochs after; the cursor and the editor's keys stay on screen
    ("points-120x40", Config(seed="0.5", dataset="blobs", classes=3, layers=(6,), features=("x1", "x2"),
                             batch=1, lr=0.1, train_pct=80), 0, (120, 40),
     ("m", "ctrl+x", *["left"] * 12, *["up"] * 6, *CLUSTER, "c", *["right"] * 24, *["down"] * 2, *CLUSTER,
      "c", *["left"] * 12, *["down"] * 11, *CLUSTER, *["right"] * 3, *["up"] * 4), 300),
    # the loss chart on a log scale, focused, its cursor moved back from the last epoch
    # (tab goes top bar, data, features, network, chart: no view has the focus at the start)
    ("loss-chart-120x40", Config(seed="0.5", dataset="spiral", layers=(8, 8), features=FEATURE_NAMES,
                                 batch=1, lr=0.01), 300, (120, 40), (*["tab"] * 5, *["left"] * 12)),
    # the network view focused, a neuron and one of its incoming links selected (keys pressed)
    # a light theme (catppuccin-latte, as the command palette offers it) at 80x24, settings beyond the
    # playground set (their values on the top bar's third line), the chart under the heatmap
    ("light-80x24", Config(seed="0.5", dataset="spiral", layers=(8, 8), features=FEATURE_NAMES, batch=1,
                           optimizer="momentum", loss="cross-entropy", lr_schedule="step:100:0.5", resets=2,
                           show_test=True), 300, (80, 24)),
    ("network-120x40", Config(seed="0.5", dataset="spiral", layers=(8, 8), features=FEATURE_NAMES,
                              batch=1), 300, (120, 40), (*["tab"] * 4, "right", "down", "down", "full_stop")),
)


# Pictures under another theme than the default (a light one: every view draws with its colours).
THEMES = {"light-80x24": "catppuccin-latte"}


async def shoot(config: Config, epochs: int, size: tuple[int, int], path: Path, keys: tuple[str, ...] = (),
                epochs_after: int = 0) -> None:
    """Train `epochs`, press `keys`, train `epochs_after` more, save the screen as SVG."""
    from tui_playground.engine import compiled

    compiled.load(compiled.group_for(config))  # the picture says "compiled", and the epochs come quickly
    app = make_app(config)
    async with app.run_test(size=size) as pilot:
        while app.trainer is None:
            await pilot.pause(0.05)
        if path.stem in THEMES:
            app.theme = THEMES[path.stem]
        await pilot.pause()
        app.playground.action_step(epochs)
        await trained(pilot, app, epochs)
        if keys:
            await pilot.press(*keys)
            await pilot.pause(0.2)
        if epochs_after:
            app.playground.action_step(epochs_after)
            await trained(pilot, app, epochs + epochs_after)
        app.save_screenshot(path.name, str(path.parent))


async def trained(pilot, app, epochs: int) -> None:
    """Until the trainer has `epochs` epochs and a frame of them is drawn."""
    for _ in range(3000):  # five minutes at most (a stop rule would end it sooner: none is set here)
        if app.playground.status.epoch >= epochs:
            break
        app.playground.render_now()
        await pilot.pause(0.1)
    await pilot.pause(0.2)


# (file stem, config, variant set, epochs, terminal size): the gallery, trained without a worker
GALLERY_SHOTS = (
    ("gallery-120x40", Config(seed="0.5", dataset="spiral", features=FEATURE_NAMES, activation="relu",
                              lr=0.01, reg="L1", reg_rate=0.001, batch=1), "shapes", 300, (120, 40)),
    # 16 seeds at 80x24: tiles named by the end of the seed's name, the loss band under them
    ("seeds-80x24", Config(seed="0.03819", dataset="circle", layers=(4, 2)), "seeds", 100, (80, 24)),
)


async def shoot_gallery(config: Config, kind: str, epochs: int, size: tuple[int, int], path: Path) -> None:
    app = make_app(config)
    async with app.run_test(size=size) as pilot:
        while app.trainer is None:
            await pilot.pause(0.05)
        screen = GalleryScreen(config, kind, live=False)
        await app.push_screen(screen)
        await pilot.pause()
        screen.step_now(epochs)
        await pilot.pause(0.2)
        app.save_screenshot(path.name, str(path.parent))


def to_png(rsvg: str, svg: Path, png: Path, width: int) -> None:
    """rsvg-convert lacks Textual's web font: draw block glyphs as rectangles first."""
    with tempfile.NamedTemporaryFile("w", suffix=".svg", encoding="utf-8") as fixed:
        fixed.write(blocks_as_rects(svg.read_text(encoding="utf-8")))
        fixed.flush()
        subprocess.run([rsvg, "-w", str(width), fixed.name, "-o", str(png)], check=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="screenshots", type=Path)
    p.add_argument("stems", nargs="*", help="only these pictures (file names without .svg)")
    args = p.parse_args()
    wanted = lambda stem: not args.stems or stem in args.stems  # noqa: E731
    args.out.mkdir(parents=True, exist_ok=True)
    rsvg = shutil.which("rsvg-convert")
    for stem, config, epochs, size, *more in SHOTS:
        if not wanted(stem):
            continue
        svg = args.out / f"{stem}.svg"
        asyncio.run(shoot(config, epochs, size, svg, *more))
        print(svg)
        if rsvg:
            png = svg.with_suffix(".png")
            to_png(rsvg, svg, png, size[0] * 12)
            print(png)
    for stem, config, kind, epochs, size in GALLERY_SHOTS:
        if not wanted(stem):
            continue
        svg = args.out / f"{stem}.svg"
        asyncio.run(shoot_gallery(config, kind, epochs, size, svg))
        print(svg)
        if rsvg:
            to_png(rsvg, svg, svg.with_suffix(".png"), size[0] * 12)
            print(svg.with_suffix(".png"))


if __name__ == "__main__":
    main()
