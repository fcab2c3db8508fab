"""UI benchmark: frames/s, epochs/s while rendering (and headless, for the
same setup: the app's share; and how much of the training thread's time is
spent training), key latency p50/p95.

Runs the app headless through Pilot, training flat out, and presses keys that
change the learning rate while it trains. Key latency is from the key's post
to the screen's action (`key_latency_ms`) and to the trainer having the new
rate (`command_latency_ms`: the worker applies it after its slice in
progress, so this is at most about one slice). Prints one JSON object.

    python benchmarks/ui.py [--seconds 8] [--size 120x40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import numpy as np
from latency import KeyTimer

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine import compiled
from tui_playground.engine.training import Trainer
from tui_playground.ui.app import make_app


def headless_epochs_per_s(config: Config, seconds: float, per_call: int) -> float:
    """The same setup without the app: epochs/s of Trainer.step on this thread."""
    trainer = Trainer(config)
    trainer.step(5)
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        done += len(trainer.step(per_call))
    return done / (time.perf_counter() - start)


async def measure(seconds: float, size: tuple[int, int]) -> dict:
    config = Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES, batch=1)
    compiled.load()  # the compiled path (benchmarks/startup.py measures the app before it)
    app = make_app(config)
    frames: list[float] = []
    handling: list[float] = []
    applied: list[float] = []
    screen = app.playground
    original_show, original_cycle = screen._show, screen.action_cycle

    def show(*args, **kwargs) -> None:
        started = time.perf_counter()
        original_show(*args, **kwargs)
        frames.append(time.perf_counter())
        handling.append(time.perf_counter() - started)

    def cycle(name: str, delta: int) -> None:
        original_cycle(name, delta)
        applied.append(time.perf_counter())  # the screen's config has the new rate

    screen._show, screen.action_cycle = show, cycle
    async with app.run_test(size=size) as pilot:
        while app.trainer is None:
            await pilot.pause(0.05)
        trainer = app.trainer
        in_step = [0.0]
        step = trainer.step

        def timed_step(*args, **kwargs):
            started = time.perf_counter()
            try:
                return step(*args, **kwargs)
            finally:
                in_step[0] += time.perf_counter() - started

        trainer.step = timed_step  # the worker steps this very trainer
        await pilot.press("space")
        await pilot.pause(1.0)  # warm up
        frames.clear(), handling.clear()
        in_step[0] = 0.0
        epoch0, t0 = app.trainer.epoch, time.perf_counter()
        keys = KeyTimer(app, applied)
        while time.perf_counter() - t0 < seconds:
            await asyncio.sleep(0.2)
            await keys.press()
        elapsed = time.perf_counter() - t0
        epochs = app.trainer.epoch - epoch0
        kernel_share = in_step[0] / elapsed
        await pilot.press("space")
    headless = headless_epochs_per_s(config, seconds / 2, max(1, int(epochs / elapsed * 0.02)))
    return {
        "headless_epochs_per_s": round(headless),
        "app_vs_headless": round(epochs / elapsed / headless, 2),
        # Of the training thread's time, the share inside Trainer.step (the rest:
        # frames' snapshots, commands, waiting for the GIL between slices).
        "training_thread_in_step": round(kernel_share, 2),
        "size": f"{size[0]}x{size[1]}",
        "frames_per_s": round(len(frames) / elapsed, 1),
        "epochs_per_s": round(epochs / elapsed),
        "frame_handling_ms_p50": round(float(np.median(handling)) * 1000, 2) if handling else None,
        **keys.report(),
        "keys": len(keys.keys),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--size", default="120x40")
    args = p.parse_args()
    from loadinfo import load_line

    print(load_line(), file=sys.stderr)  # stdout stays one JSON object
    size = tuple(int(v) for v in args.size.split("x"))
    print(json.dumps(asyncio.run(measure(args.seconds, size)), indent=1))


if __name__ == "__main__":
    main()
