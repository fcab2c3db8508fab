"""Startup benchmark: what a first run costs, with an empty numba cache.

Headless: runs `spiral-tui train` in fresh processes with NUMBA_CACHE_DIR set
to a new empty folder: a small job cold (it runs uncompiled), a big job cold
(it compiles first), then both again warm; plus the cache-filling child alone,
one group of kernels after the other, and epochs/s of the uncompiled and
compiled paths.

App: starts the app (headless Textual, in a fresh process, empty cache) and
presses space as soon as it can: seconds from launch to the first frame, to
the painted thumbnails and boundary, to the first trained epoch on screen, to
the switch to the compiled kernels (those of the config's group) and to every
group loaded; key latency (key -> action, and key ->
the trainer has the change) and frames/s while the kernels compile; epochs/s
on screen before and after the switch.

    python benchmarks/startup.py [--app-only | --train-only | --first-frame]

Prints one JSON object. Wall times include Python's start-up; the machine is
shared and noisy, so compare numbers of one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import numpy as np
from latency import KeyTimer

from tui_playground.engine import compile_lock
from tui_playground.engine.compiled import GROUPS

SMALL = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
         "--epochs", "50", "--seed", "3", "--json"]
BIG = ["--dataset", "spiral", "--features", "all", "--layers", "8,8", "--batch", "1",
       "--epochs", "3000", "--every", "1000", "--seed", "3", "--json"]
DEFAULT = ["--dataset", "circle", "--layers", "4,2", "--batch", "10", "--epochs", "300", "--seed", "3", "--json"]


def run(args: list[str], env: dict) -> tuple[float, str, str]:
    """(wall seconds, stdout, stderr) of one command in a fresh process."""
    start = time.perf_counter()
    out = subprocess.run(args, capture_output=True, text=True, env=env, timeout=1800)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {out.stderr.strip()}")
    return wall, out.stdout, out.stderr.strip()


def train(args: list[str], env: dict) -> dict:
    wall, out, err = run([sys.executable, "-m", "tui_playground.cli", "train", *args], env)
    r = json.loads(out)
    return {"wall_s": round(wall, 2), "kernel": r["kernel"], "epochs_per_s": r["epochs_per_second"],
            "final": r["history"][-1], "notice": err or None}


def train_report() -> dict:
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        report = {"small_job": "train " + " ".join(SMALL), "big_job": "train " + " ".join(BIG)}
        report["small_cold"] = train(SMALL, env)
        report["default_setup_cold"] = train(DEFAULT, env)
        report["big_cold"] = train(BIG, env)  # compiles into the empty cache
        report["small_warm"] = train(SMALL, env)
        report["default_setup_warm"] = train(DEFAULT, env)
        report["big_warm"] = train(BIG, env)
        for job in ("small", "default_setup", "big"):
            assert report[f"{job}_cold"].pop("final") == report[f"{job}_warm"].pop("final"), "numbers changed"
        stop_compilers(cache)  # a compile a job started and left running (none once big_cold has compiled)
    with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        child = [sys.executable, "-m", "tui_playground.engine.compiled"]
        # Each group after the ones before it, in GROUPS' order: the app's staged warm-up.
        report["child_groups_cold_s"] = {group: round(run([*child, group], env)[0], 2) for group in GROUPS}
        report["child_load_warm_s"] = round(run(child, env)[0], 2)
    return report


# ---- the app, cold ----------------------------------------------------------------

APP_CASES = {
    "default setup (circle, [4,2], batch 10)": {"seed": "0.5"},
    "spiral, 7 features, [8,8,4], batch 1": {"seed": "0.5", "dataset": "spiral", "layers": [8, 8, 4],
                                            "features": ["x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"],
                                            "batch": 1},
}


def app_report(first_only: bool = False) -> dict:
    report = {}
    for name, config in APP_CASES.items():
        with tempfile.TemporaryDirectory(prefix="numba-cache-") as cache:
            env = {**os.environ, "NUMBA_CACHE_DIR": cache, "STARTUP_T0": repr(time.time())}
            flags = ["--first-frame"] if first_only else []
            out = subprocess.run([sys.executable, __file__, "--probe", json.dumps(config), *flags],
                                 capture_output=True, text=True, env=env, timeout=900)
            stop_compilers(cache)
            if out.returncode != 0:
                raise SystemExit(f"app probe failed: {out.stderr.strip()[-2000:]}")
            report[name] = json.loads(out.stdout.strip().splitlines()[-1])
    return report


def stop_compilers(cache: str) -> None:
    """Kill the compile child a probe's app left filling `cache` (it runs in
    its own session so that a closed app still fills the cache): left running,
    it took a core from the next probe, and first frames went 0.5 -> 1.4 -> 2.5 s."""
    for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()] if os.path.isdir("/proc") else []:
        if not compile_lock.is_compiler(pid):
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                environ = f.read().split(b"\0")
            if f"NUMBA_CACHE_DIR={cache}".encode() in environ:
                os.kill(pid, signal.SIGKILL)
        except OSError:
            continue


async def probe(config_dict: dict, after_s: float = 5.0, first_only: bool = False) -> dict:
    """In a fresh process: start the app, train at once, measure (see the module doc)."""
    from textual import events

    from tui_playground.config import Config
    from tui_playground.engine import compiled
    from tui_playground.engine.training import Trainer
    from tui_playground.ui.app import make_app
    from tui_playground.ui.playground.screen import PlaygroundScreen
    from tui_playground.ui.widgets.data_picker import DataPicker
    from tui_playground.ui.widgets.feature_list import FeatureList
    from tui_playground.ui.widgets.heatmap import BoundaryHeatmap

    t0 = float(os.environ["STARTUP_T0"])
    since = lambda: round(time.time() - t0, 3)  # noqa: E731
    marks: dict[str, float] = {}
    config = Config.from_dict(config_dict)
    app = make_app(config)
    screen = app.playground
    mount = PlaygroundScreen.on_mount

    def on_mount(self) -> None:
        mount(self)
        self.call_after_refresh(lambda: marks.setdefault("first_frame_s", since()))

    PlaygroundScreen.on_mount = on_mount
    frames, applied = [], []
    show, cycle = screen._show, screen.action_cycle

    def counted_show(*args, **kwargs) -> None:
        show(*args, **kwargs)
        frames.append(time.perf_counter())

    def counted_cycle(name: str, delta: int) -> None:
        cycle(name, delta)
        applied.append(time.perf_counter())

    screen._show, screen.action_cycle = counted_show, counted_cycle
    keys, rates_numpy = KeyTimer(app, applied), []
    async with app.run_test(size=(120, 40)) as pilot:
        while not (app.trainer is not None and app.query_one(DataPicker).samples is not None
                   and app.query_one(FeatureList).maps is not None and app.query_one(BoundaryHeatmap).grid is not None):
            if "thumbnails_painted_s" not in marks and app.query_one(DataPicker).samples is not None \
                    and app.query_one(FeatureList).maps is not None:
                marks["thumbnails_painted_s"] = since()
            await pilot.pause(0.01)
        await pilot.pause()
        marks.setdefault("thumbnails_painted_s", since())
        marks["thumbnails_and_boundary_painted_s"] = since()
        if first_only:
            return marks
        app.post_message(events.Key("space", " "))  # Pilot's press would wait for an idle app
        while screen.status.epoch < 1:
            await pilot.pause(0.005)
        marks["first_epoch_on_screen_s"] = since()
        frames.clear()
        warming_from = time.perf_counter()
        group = compiled.group_for(config)
        while compiled.status(group) == "warming":  # keys while the child compiles this config's kernels
            await asyncio.sleep(0.2)  # as benchmarks/ui.py
            await keys.press()
            if screen.status.rate > 0 and screen.status.path:
                rates_numpy.append(screen.status.rate)
        warming = time.perf_counter() - warming_from
        marks["switched_to_compiled_s"] = since()
        frames_warming = len(frames) / warming if warming > 0 else None
        await pilot.pause(1.0)  # the rate meter's window
        epoch0, start = app.trainer.epoch, time.perf_counter()
        await pilot.pause(after_s)
        compiled_rate = (app.trainer.epoch - epoch0) / (time.perf_counter() - start)
        app.post_message(events.Key("space", " "))
        while compiled.status() == "warming":  # the other groups (and no child left running for the next probe)
            await asyncio.sleep(0.2)
        marks["every_group_loaded_s"] = since()
    trainer = Trainer(config)
    trainer.step(5)
    start = time.perf_counter()
    done = 0
    while time.perf_counter() - start < after_s / 2:
        done += len(trainer.step(max(1, int(compiled_rate * 0.02))))
    headless = done / (time.perf_counter() - start)
    return {
        **marks,
        "status_after": compiled.status(group),
        **keys.report(suffix="_during_compile"), "keys_during_compile": len(keys.keys),
        "frames_per_s_during_compile": round(frames_warming, 1) if frames_warming else None,
        "epochs_per_s_on_screen_uncompiled": round(float(np.median(rates_numpy)), 1) if rates_numpy else None,
        "epochs_per_s_on_screen_compiled": round(compiled_rate),
        "epochs_per_s_headless_compiled": round(headless),
        "app_vs_headless": round(compiled_rate / headless, 2),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--app-only", action="store_true")
    p.add_argument("--train-only", action="store_true")
    p.add_argument("--first-frame", action="store_true",
                   help="the app only, up to its thumbnails and boundary painted (a cold start, in seconds)")
    p.add_argument("--probe", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.probe:
        print(json.dumps(asyncio.run(probe(json.loads(args.probe), first_only=args.first_frame))))
        return
    report = {}
    if not (args.app_only or args.first_frame):
        report["train"] = train_report()
    if not args.train_only:
        report["app"] = app_report(args.first_frame)
    from loadinfo import load_line

    print(load_line(), file=sys.stderr)  # stdout stays one JSON object
    report["load"] = os.getloadavg()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
