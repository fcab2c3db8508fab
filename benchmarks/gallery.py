"""Gallery benchmark: frames/s and network-epochs/s with 16 tiles training.

Runs the app headless through Pilot, opens the seeds gallery (16 members of
spiral, all features, [8, 8], batch 1) and counts the frames drawn, then
times Escape (stop the population and return). Prints one JSON object.

    python benchmarks/gallery.py [--seconds 6] [--size 120x40] [--kind seeds]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import numpy as np

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.ui.app import make_app
from tui_playground.ui.gallery.screen import GalleryScreen


async def measure(seconds: float, size: tuple[int, int], kind: str) -> dict:
    config = Config(seed="0.5", dataset="spiral", layers=(8, 8), features=FEATURE_NAMES, batch=1)
    app = make_app(config)
    frames: list[float] = []
    handling: list[float] = []
    original = GalleryScreen._draw

    def draw(self, *args, **kwargs) -> None:
        started = time.perf_counter()
        original(self, *args, **kwargs)
        frames.append(time.perf_counter())
        handling.append(time.perf_counter() - started)

    GalleryScreen._draw = draw
    try:
        async with app.run_test(size=size) as pilot:
            while app.trainer is None:
                await pilot.pause(0.05)
            await pilot.press("S" if kind == "seeds" else "G")
            screen = app.screen
            while screen._frame is None or screen._frame.epoch < 5:
                await pilot.pause(0.05)
            await pilot.pause(0.5)  # warm up
            frames.clear(), handling.clear()
            epoch0, t0 = screen._frame.epoch, time.perf_counter()
            await pilot.pause(seconds)
            elapsed = time.perf_counter() - t0
            epochs = screen._frame.epoch - epoch0
            members = len(screen.variants)
            started = time.perf_counter()
            await pilot.press("escape")
            while isinstance(app.screen, GalleryScreen):
                await pilot.pause(0.005)
            back_ms = (time.perf_counter() - started) * 1000
    finally:
        GalleryScreen._draw = original
    return {
        "size": f"{size[0]}x{size[1]}",
        "tiles": members,
        "frames_per_s": round(len(frames) / elapsed, 1),
        "epochs_per_s_per_member": round(epochs / elapsed),
        "network_epochs_per_s": round(epochs * members / elapsed),
        "frame_handling_ms_p50": round(float(np.median(handling)) * 1000, 2) if handling else None,
        "escape_ms": round(back_ms, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--size", default="120x40")
    p.add_argument("--kind", default="seeds", choices=("seeds", "shapes"))
    args = p.parse_args()
    from loadinfo import load_line

    print(load_line(), file=sys.stderr)  # stdout stays one JSON object
    size = tuple(int(v) for v in args.size.split("x"))
    print(json.dumps(asyncio.run(measure(args.seconds, size, args.kind)), indent=1))


if __name__ == "__main__":
    main()
