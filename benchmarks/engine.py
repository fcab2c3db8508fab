"""Engine speed: epochs/s for the interactive cases, on the compiled kernels and
on the uncompiled exact path (NumPy, what trains while numba compiles), ms for
the boundary grids, and the settings beyond the playground against plain SGD.

Run: python benchmarks/engine.py [--before REV] [--node-only | --before-only | --worker-only]   (noisy: compare in one run)

First, `train` with default flags beside the playground's own code under node,
as issue 21 measured it: whole runs of 3000 epochs (spiral, 7 features, [8,8],
tanh, batch 1 and 10), one per seed 1, 2, 3, each side timed the same way (from
the first epoch to the last) and taken in turn; best/best and median/median,
by wall time and by CPU time, when node and the harness of
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
from tui_playground.engine.metrics import STATS_WIDTH
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


def worker_table(rounds: int = 5, epochs: int = 200) -> None:
    """Each BEYOND setting in steps of `epochs` epochs, its loss passes on the
    training's core and on the worker thread (engine.loss_thread), taken in
    turn: wall ms per epoch (median of rounds) and the ratio."""
    runs = {}
    for name, config in BEYOND.items():
        for worker in (False, True):
            trainer = Trainer(config)
            trainer.loss_thread = worker
            trainer.step(epochs)
            runs[name, worker] = trainer
    times: dict = {key: [] for key in runs}
    for _ in range(rounds):
        for key, trainer in runs.items():
            start = time.perf_counter()
            trainer.step(epochs)
            times[key].append((time.perf_counter() - start) / epochs)
    print(f"\nthe same, steps of {epochs} epochs, wall ms per epoch (median of {rounds} rounds taken in turn): "
          f"the loss passes on the same core, on the worker thread (engine.loss_thread)")
    for name in BEYOND:
        alone, beside = (statistics.median(times[name, w]) for w in (False, True))
        print(f"  {name:28s} {alone * 1e3:7.3f} ms  {beside * 1e3:7.3f} ms  {alone / beside:5.2f}x")


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
            losses = np.empty((epochs, STATS_WIDTH))  # with the metric counts, as a Trainer asks (if REV has them)
            kernels.train_epochs(t._Xtr, t.data.train_y, t._Xte, t.data.test_y, n.sizes, W, B, dead,
                                 np.zeros_like(W), np.zeros_like(B), np.zeros(1), config.lr, reg, config.reg_rate,
                                 act, out_act, config.batch, losses)
            return losses

        assert np.array_equal(run(before)[:, :2], run(after)[:, :2]), "before and after give different losses"
        times = taking_turns({"before": ((lambda: run(before)), 5), "after": ((lambda: run(after)), 5)}, rounds=30)
        b, a = statistics.median(times["before"]), statistics.median(times["after"])
        print(f"  {name:45s} before {b * 1e3:7.3f}  after {a * 1e3:7.3f}  after/before {a / b:5.3f}")
    classes_before_after(rev)


CLASS_CASES = {
    "blobs 4 classes [6] tanh batch 10": Config(seed="k", dataset="blobs", classes=4, layers=(6,), lr=0.3, batch=10),
    "spiral 3 classes 7 features [8,8] batch 1": SPIRAL.replace(classes=3, batch=1),
    "spiral [8,8] adam + cross-entropy batch 10": SPIRAL.replace(optimizer="adam", loss="cross-entropy", lr=0.01,
                                                                 batch=10),
    "spiral [8,8] elu + momentum batch 10": SPIRAL.replace(activation="elu", optimizer="momentum", lr=0.01, batch=10),
    "spiral [8,8] adam + L1 batch 1": SPIRAL.replace(optimizer="adam", lr=0.01, reg="L1", reg_rate=0.001,
                                                     batch=1),
}


def classes_before_after(rev: str) -> None:
    """K classes and settings beyond the playground as the app runs them: a
    step of 5 epochs, then Trainer.metrics(), on REV's package and on this tree's."""
    trees = {"before": "tui_playground_before", "after": "tui_playground"}
    runs = {}
    for name, config in CLASS_CASES.items():
        for tree, package in trees.items():
            importlib.import_module(f"{package}.engine.compiled").load()
            trainer = importlib.import_module(f"{package}.engine.training").Trainer(config)
            trainer.step(2)
            runs[f"{name}|{tree}"] = ((lambda t=trainer: (t.step(5), t.metrics())), 5)
    times = taking_turns(runs, rounds=30)
    print(f"\nK classes and beyond, compiled, a step of 5 epochs and Trainer.metrics(), {rev} (before) and this tree "
          f"(after), "
          f"CPU ms per epoch, taken in turn")
    for name in CLASS_CASES:
        b, a = (statistics.median(times[f"{name}|{tree}"]) for tree in trees)
        print(f"  {name:45s} before {b * 1e3:7.3f}  after {a * 1e3:7.3f}  after/before {a / b:5.3f}")


PG_DIR = os.environ.get("PG_DIR", "/tmp/pg")  # the playground's harness (benchmarks/node_playground.md)
SEEDS = ("1", "2", "3")
RUN_EPOCHS = 3000


def node_run(seed: str, batch: int, epochs: int = RUN_EPOCHS) -> dict | None:
    """One whole run of the playground's own training code under node (the
    harness's WHOLE mode): wall and CPU seconds from the first epoch to the
    last, and the losses after it; None without node or harness."""
    bench = Path(PG_DIR) / "bench.js"
    if shutil.which("node") is None or not bench.exists():
        return None
    out = subprocess.run(["node", str(bench)], cwd=PG_DIR, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "WHOLE": f"{seed},{batch},{epochs}"})
    if out.returncode or not out.stdout.strip():
        return None
    return json.loads(out.stdout)


def our_run(seed: str, batch: int, every: int = 1, epochs: int = RUN_EPOCHS, loss_thread: bool = True) -> dict:
    """One whole run of `spiral-tui train`'s loop (--every `every`, every
    row's metrics recorded, as --json and --csv do) on the kernels a warm
    cache gives: timed like node_run, from the first epoch to the last (the
    data and the first weights are made before, as the harness makes them).
    loss_thread=False: the loss passes on the training's own core
    (engine.loss_thread), as on a one-core machine."""
    from tui_playground.cli.train import train

    trainer = Trainer(SPIRAL.replace(seed=seed, batch=batch))
    trainer.loss_thread = loss_thread
    metrics: list = []
    start, cpu = time.perf_counter(), time.process_time()
    train(trainer, epochs, every, None, metrics)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "train_loss": trainer.train_loss,
            "test_loss": trainer.test_loss}


def _rates(runs: list[dict], key: str) -> tuple[float, float]:
    """(best, median) epochs/s of whole runs, by wall (`seconds`) or CPU time."""
    rates = [RUN_EPOCHS / r[key] for r in runs]
    return max(rates), statistics.median(rates)


def _cpu_share(runs: list[dict]) -> float:
    """CPU seconds over wall seconds of the runs: the cores they kept busy."""
    return sum(r["cpu_seconds"] for r in runs) / sum(r["seconds"] for r in runs)


def against_node(seeds: tuple[str, ...] = SEEDS) -> None:
    """The engine with default flags beside the playground's code under node,
    as issue 21 measured it: spiral, 7 features, [8,8], tanh, whole runs of
    3000 epochs, batch 1 and 10, one run per seed, node's and ours taken in
    turn; best and median over the seeds, by wall time and by CPU time (the
    steadier one on a shared machine). Checks both sides end on the same losses."""
    print(f"\nspiral 7 features [8,8] tanh, whole runs of {RUN_EPOCHS} epochs, seeds {', '.join(seeds)} taken in turn: "
          f"`train` with default flags (--every 1, metrics every row) against the playground's code under node")
    ours: dict[int, list] = {1: [], 10: []}
    sparse: dict[int, list] = {1: [], 10: []}
    one_core: dict[int, list] = {1: [], 10: []}
    node: dict[int, list] = {1: [], 10: []}
    for seed in seeds:
        for b in (1, 10):
            n = node_run(seed, b)
            ours[b].append(our_run(seed, b))
            sparse[b].append(our_run(seed, b, every=RUN_EPOCHS))
            one_core[b].append(our_run(seed, b, loss_thread=False))
            if n is not None:
                node[b].append(n)
                same = (n["train_loss"], n["test_loss"]) == (ours[b][-1]["train_loss"], ours[b][-1]["test_loss"])
                if not same:
                    print(f"  MISMATCH seed {seed} batch {b}: node {n['test_loss']!r}, ours {ours[b][-1]['test_loss']!r}")
    for b in (1, 10):
        (best, median), (cbest, cmedian) = _rates(ours[b], "seconds"), _rates(ours[b], "cpu_seconds")
        every_n = _rates(sparse[b], "seconds")
        line = (f"  batch {b:2d}: ours best {best:5.0f} median {median:5.0f} epochs/s "
                f"(--every {RUN_EPOCHS}: best {every_n[0]:5.0f}, every 1 / every {RUN_EPOCHS} {best / every_n[0]:4.2f})")
        (s_best, s_median), cpu_share = _rates(one_core[b], "seconds"), _cpu_share(ours[b])
        line += (f"\n            the loss pass on the same core (engine.loss_thread off): best {s_best:5.0f} "
                 f"median {s_median:5.0f}; with it on, the run used {cpu_share:4.2f} cores")
        if node[b]:
            (n_best, n_median), (nc_best, nc_median) = _rates(node[b], "seconds"), _rates(node[b], "cpu_seconds")
            line += (f"\n            node best {n_best:5.0f} median {n_median:5.0f} epochs/s; "
                     f"ours/node best/best {best / n_best:4.1f}x, median/median {median / n_median:4.1f}x; "
                     f"by CPU time {cbest / nc_best:4.1f}x, {cmedian / nc_median:4.1f}x; "
                     f"loss pass on the same core {s_best / n_best:4.1f}x, {s_median / n_median:4.1f}x")
        else:
            line += "  (no node or no harness in $PG_DIR: see benchmarks/node_playground.md)"
        print(line)
    if all(node.values()):
        print("  both sides ended every run on the same losses" if all(
            (n["train_loss"], n["test_loss"]) == (o["train_loss"], o["test_loss"])
            for b in (1, 10) for n, o in zip(node[b], ours[b])) else "  (the losses differ: see MISMATCH above)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", nargs="?", const="c78dea2", metavar="REV",
                        help="also time the playground's cases on REV's kernels (default c78dea2)")
    parser.add_argument("--node-only", action="store_true", help="only the comparison with node")
    parser.add_argument("--before-only", action="store_true", help="only --before's comparison")
    parser.add_argument("--worker-only", action="store_true",
                        help="only the settings beyond the playground with and without the loss thread")
    args = parser.parse_args()
    load_compiled_kernels()
    print(load_line())
    if args.worker_only:
        worker_table()
        print(load_line())
        return
    if args.before_only:
        before_after(args.before or "c78dea2")
        print(load_line())
        return
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
    worker_table()
    if args.before:
        before_after(args.before)
    print(load_line())


if __name__ == "__main__":
    main()
