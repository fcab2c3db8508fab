"""Engine speed: epochs/s for the interactive cases, on the compiled kernels and
on the uncompiled exact path (NumPy, what trains while numba compiles), ms for
the boundary grids, and the settings beyond the playground against plain SGD.

Run: python benchmarks/engine.py [--before REV] [--node-only]   (numbers are noisy, compare in one run)

First, `train` with default flags beside the playground's own code under node
(batch 1 and 10, taking turns): the ratio when node and the harness of
benchmarks/node_playground.md (in $PG_DIR, default /tmp/pg) are there, the
epochs/s otherwise. The load average is printed before and after.
One epoch = the pass over the training points plus the train and test loss.

--before REV also builds the kernels of git revision REV (default: c78dea2,
main before issue 14 touched them) from a temporary copy of the package and
times the playground's own cases on both, taking turns, with the very same
arrays (and checks they give the same losses): the new settings must not slow
the playground's case down.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from loadinfo import load_line

from tui_playground.config import Config
from tui_playground.engine.boundary import neuron_grids
from tui_playground.engine.compiled import load as load_compiled_kernels
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="1", dataset="spiral", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                layers=(8, 8), activation="tanh")
CASES = {
    "spiral 7 features [8,8] tanh batch 1": SPIRAL.replace(batch=1),
    "spiral 7 features [8,8] tanh batch 10": SPIRAL.replace(batch=10),
    "spiral 7 features [8,8] relu L1 batch 1": SPIRAL.replace(batch=1, activation="relu", reg="L1", reg_rate=0.001, lr=0.01),
    "circle default [4,2] tanh batch 10": Config(seed="1"),
}
# Settings beyond the playground on spiral [8,8] batch 1, each against plain SGD (the first).
BASE = SPIRAL.replace(batch=1, lr=0.01)
BEYOND = {
    "sgd (the playground's)": BASE,
    "adam": BASE.replace(optimizer="adam"),
    "cross-entropy": BASE.replace(loss="cross-entropy"),
    "adam + cross-entropy": BASE.replace(optimizer="adam", loss="cross-entropy"),
    "momentum": BASE.replace(optimizer="momentum"),
    "rmsprop": BASE.replace(optimizer="rmsprop"),
    "adam + L1": BASE.replace(optimizer="adam", reg="L1", reg_rate=0.001),
    "elu": BASE.replace(activation="elu"),
    "swish": BASE.replace(activation="swish"),
    "softplus,sine per layer": BASE.replace(activation="softplus,sine"),
    "cosine schedule": BASE.replace(lr_schedule="cosine:1000"),
}
LIMIT = {"adam": 1.5, "cross-entropy": 1.5}  # issue 14: at most 1.5x plain SGD's epoch time
# Settings beyond the playground on the uncompiled path (what a first launch trains with).
ADAM_CE_ELU = SPIRAL.replace(optimizer="adam", loss="cross-entropy", activation="elu", lr=0.01)
NUMPY_BEYOND = {
    "spiral [8,8] adam + cross-entropy + elu batch 1": ADAM_CE_ELU.replace(batch=1),
    "spiral [8,8] adam + cross-entropy + elu batch 10": ADAM_CE_ELU.replace(batch=10),
    "spiral [8,8] sine batch 1": SPIRAL.replace(activation="sine", lr=0.01, batch=1),
    "spiral [8,8] sine batch 10": SPIRAL.replace(activation="sine", lr=0.01, batch=10),
}


def epochs_per_second(config: Config, path: str = "compiled", slices: int = 60,
                      epochs: int = 10) -> tuple[float, float]:
    """(best, median) epochs/s over short slices: the best slice is what the code
    can do, the median what this (shared, noisy) machine gave."""
    trainer = Trainer(config)
    trainer.step(2, path=path)
    rates = []
    for _ in range(slices):
        start = time.perf_counter()
        trainer.step(epochs, path=path)
        rates.append(epochs / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def grid_ms(config: Config, repeats: int = 50) -> float:
    snap = Trainer(config).snapshot()
    neuron_grids(snap.network, config)
    start = time.perf_counter()
    for _ in range(repeats):
        neuron_grids(snap.network, config)
    return (time.perf_counter() - start) / repeats * 1000


def taking_turns(runs: dict, rounds: int = 15) -> dict[str, list[float]]:
    """name -> CPU seconds per epoch of each round; runs: name -> (callable running
    `epochs` epochs, epochs). Every round runs each once, in turn, so that the
    machine's ups and downs hit all of them alike (thread CPU time, not wall time)."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, (run, epochs) in runs.items():
            start = time.thread_time()
            run()
            times[name].append((time.thread_time() - start) / epochs)
    return times


def trainer_run(config: Config, epochs: int = 5):
    trainer = Trainer(config)
    trainer.step(2)
    return (lambda: trainer.step(epochs)), epochs


def beyond_table() -> None:
    times = taking_turns({name: trainer_run(config) for name, config in BEYOND.items()})
    base = statistics.median(times["sgd (the playground's)"])
    print("\nspiral [8,8] batch 1, compiled, ms per epoch (median of rounds taken in turn), ratio to plain sgd")
    for name, t in times.items():
        ratio = statistics.median(t) / base
        limit = f"   (limit {LIMIT[name]}x: {'ok' if ratio <= LIMIT[name] else 'OVER'})" if name in LIMIT else ""
        print(f"  {name:28s} {statistics.median(t) * 1e3:7.3f} ms  {ratio:5.2f}x{limit}")


def kernels_at(rev: str):
    """engine.kernels of git revision `rev`, imported from a temporary copy of the package."""
    root = Path(__file__).resolve().parents[1]
    tmp = Path(tempfile.mkdtemp(prefix="spiral-tui-before-"))
    archive = subprocess.run(["git", "-C", str(root), "archive", rev, "tui_playground"], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    (tmp / "tui_playground").rename(tmp / "tui_playground_before")
    sys.path.insert(0, str(tmp))
    return importlib.import_module("tui_playground_before.engine.kernels")


def before_after(rev: str) -> None:
    from tui_playground.engine import kernels as after

    before = kernels_at(rev)
    before.warm_up()
    print(f"\nthe playground's cases, compiled kernels of {rev} (before) and of this tree (after), "
          f"CPU ms per epoch, same arrays, taken in turn")
    for name, config in CASES.items():
        t = Trainer(config)
        n = t.network
        act, out_act, reg = t._codes()

        def run(kernels, epochs=5):
            W, B, dead = n.W.copy(), n.B.copy(), n.dead.copy()
            losses = np.empty((epochs, 2))
            kernels.train_epochs(t._Xtr, t.data.train_y, t._Xte, t.data.test_y, n.sizes, W, B, dead,
                                 np.zeros_like(W), np.zeros_like(B), np.zeros(1), config.lr, reg, config.reg_rate,
                                 act, out_act, config.batch, losses)
            return losses

        assert np.array_equal(run(before), run(after)), "before and after give different losses"
        times = taking_turns({"before": ((lambda: run(before)), 5), "after": ((lambda: run(after)), 5)}, rounds=30)
        b, a = statistics.median(times["before"]), statistics.median(times["after"])
        print(f"  {name:45s} before {b * 1e3:7.3f}  after {a * 1e3:7.3f}  after/before {a / b:5.3f}")


PG_DIR = os.environ.get("PG_DIR", "/tmp/pg")  # the playground's harness (benchmarks/node_playground.md)


def node_rates() -> dict[int, tuple[float, float]] | None:
    """batch -> (best, median) epochs/s of the playground's own training code
    under node (60 slices of 10 epochs, as ours), or None without node or harness."""
    bench = Path(PG_DIR) / "bench.js"
    if shutil.which("node") is None or not bench.exists():
        return None
    out = subprocess.run(["node", str(bench)], cwd=PG_DIR, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "SLICES": "60", "EPOCHS": "10"})
    if out.returncode:
        return None
    return {r["batch"]: (r["best"], r["median"]) for r in json.loads(out.stdout)}


def default_train_rates(batch: int, slices: int = 60, epochs: int = 10) -> tuple[float, float]:
    """(best, median) epochs/s of `spiral-tui train`'s loop with its default
    --every 1 and every row's metrics recorded (as --json and --csv do), on the
    kernels a warm cache gives, over short slices."""
    from tui_playground.cli.train import train

    trainer = Trainer(SPIRAL.replace(batch=batch))
    trainer.step(2)
    rates = []
    for _ in range(slices):
        metrics: list = []
        start = time.perf_counter()
        train(trainer, trainer.epoch + epochs, 1, None, metrics)
        rates.append(epochs / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def against_node(rounds: int = 3) -> None:
    """The engine with default flags beside the playground's code under node,
    batch 1 and 10, taking turns in one run: the ratio (or epochs/s alone)."""
    print(f"\nspiral 7 features [8,8] tanh, `train` with default flags (--every 1, metrics every row) "
          f"against the playground's code under node; {rounds} rounds taken in turn, 60 slices of 10 epochs")
    ours: dict[int, list] = {1: [], 10: []}
    node: dict[int, list] = {1: [], 10: []}
    for _ in range(rounds):
        rates = node_rates()
        for b in (1, 10):
            if rates is not None:
                node[b].append(rates[b])
            ours[b].append(default_train_rates(b))
    for b in (1, 10):
        best = max(r[0] for r in ours[b])
        median = statistics.median(r[1] for r in ours[b])
        line = f"  batch {b:2d}: ours best {best:6.0f} median {median:6.0f} epochs/s"
        if node[b]:
            n_best = max(r[0] for r in node[b])
            n_median = statistics.median(r[1] for r in node[b])
            line += (f"; node best {n_best:5.0f} median {n_median:5.0f}; ratio best/best {best / n_best:4.1f}x, "
                     f"median/median {median / n_median:4.1f}x")
        else:
            line += "  (no node or no harness in $PG_DIR: see benchmarks/node_playground.md)"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", nargs="?", const="c78dea2", metavar="REV",
                        help="also time the playground's cases on REV's kernels (default c78dea2)")
    parser.add_argument("--node-only", action="store_true", help="only the comparison with node")
    args = parser.parse_args()
    load_compiled_kernels()
    print(load_line())
    against_node()
    if args.node_only:
        print(load_line())
        return
    print(f"{'case':45s} {'compiled':>17s} {'numpy (uncompiled)':>20s}")
    print(f"{'':45s} {'best':>8s} {'median':>8s} {'best':>9s} {'median':>8s}   epochs/s")
    for name, config in CASES.items():
        best, median = epochs_per_second(config)
        np_best, np_median = epochs_per_second(config, "numpy", slices=12, epochs=3)
        print(f"{name:45s} {best:8.0f} {median:8.0f} {np_best:9.1f} {np_median:8.1f}")
    for name, config in NUMPY_BEYOND.items():
        np_best, np_median = epochs_per_second(config, "numpy", slices=12, epochs=3)
        print(f"{name:45s} {'':17s} {np_best:9.1f} {np_median:8.1f}")
    print(f"{'100x100 grid, every neuron, spiral [8,8]':45s} {grid_ms(SPIRAL):8.2f} ms")
    beyond_table()
    if args.before:
        before_after(args.before)
    print(load_line())


if __name__ == "__main__":
    main()
