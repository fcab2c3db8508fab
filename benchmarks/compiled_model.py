"""How well engine.compiled.compiled_seconds (the quiet-core guess behind the
app's "then ~N epochs/s" while the kernels compile) predicts the compiled
kernels' CPU time per epoch, over a grid of the playground's settings; with
--fit, the least-squares coefficients of its terms from the same timings.

Run: python benchmarks/compiled_model.py [--fit] [--epochs 200]

Each config is timed as Trainer.step runs it (thread CPU time, best of 3 slices
of `epochs` epochs, the loss passes on the same core); the ratio printed is the
guess over the measured time, so 1.0 is exact and 2.0 a guess twice too slow (a
promise half the real speed). Then the same with the loss passes on a worker
thread (engine.loss_thread, as a Trainer runs on two cores), by wall time.
The machine is shared: the load is printed before and after.
"""

from __future__ import annotations

import argparse
import itertools
import time

import numpy as np
from loadinfo import load_line

from tui_playground.config import Config
from tui_playground.engine import compiled
from tui_playground.engine.compiled import compiled_seconds, model_terms
from tui_playground.engine.training import Trainer

FEATURES = {2: ("x1", "x2"), 4: ("x1", "x2", "x1sq", "x2sq"),
            7: ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")}
LAYERS = [(2,), (4, 2), (8,), (8, 8), (6, 6, 6), (8, 8, 8)]


def grid() -> list[Config]:
    """Shapes from 2-2-1 to 7-8x3-1, batch 1-30, 20-80 % training points, tanh and relu."""
    configs = []
    for (nf, layers), batch, pct, act in itertools.product(
            [(2, (2,)), (2, (4, 2)), (4, (8,)), (7, (8, 8)), (4, (6, 6, 6)), (7, (8, 8, 8))],
            [1, 3, 10, 30], [20, 50, 80], ["tanh", "relu"]):
        if (pct != 50 and act == "relu") or (pct == 20 and batch == 3):
            continue  # a smaller grid: every term still varies
        configs.append(Config(seed="model", dataset="spiral", features=FEATURES[nf], layers=layers,
                              activation=act, batch=batch, train_pct=pct))
    return configs


def measured_seconds(config: Config, epochs: int, loss_thread: bool = False) -> float:
    """CPU seconds per epoch on the compiled kernels, best of 3 slices, with
    the loss passes on the training's own core (what the model is fitted to);
    with loss_thread, wall seconds per epoch with them on the worker
    (engine.loss_thread), which compiled_seconds(..., loss_thread=True) guesses."""
    trainer = Trainer(config)
    trainer.loss_thread = loss_thread
    clock = time.perf_counter if loss_thread else time.thread_time
    trainer.step(2)
    best = float("inf")
    for _ in range(3):
        start = clock()
        trainer.step(epochs)
        best = min(best, (clock() - start) / epochs)
    return best


def nonnegative_fit(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least squares of relative errors (small and large configs count alike)
    with every coefficient >= 0: a term whose coefficient comes out negative
    is dropped and the rest refitted (a negative cost per link or per point
    would only fit this grid, and could promise the impossible outside it)."""
    weights = 1.0 / y
    keep = np.ones(A.shape[1], dtype=bool)
    while True:
        coef = np.zeros(A.shape[1])
        coef[keep], *_ = np.linalg.lstsq(A[:, keep] * weights[:, None], y * weights, rcond=None)
        if (coef >= 0).all():
            return coef
        keep &= coef > 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--fit", action="store_true", help="print least-squares coefficients of the terms")
    args = parser.parse_args()
    compiled.load("classic")
    print(load_line())
    rows, times, ratios, piped, names = [], [], [], [], []
    for config in grid():
        t = Trainer(config)
        n_train, n_test = len(t.data.train_y), len(t.data.test_y)
        seconds = measured_seconds(config, args.epochs)
        guess = compiled_seconds(config, n_train, n_test, 1)
        wall = measured_seconds(config, args.epochs, loss_thread=True)
        wall_guess = compiled_seconds(config, n_train, n_test, 1, loss_thread=True)
        rows.append(model_terms(config, n_train, n_test))
        times.append(seconds)
        ratios.append(guess / seconds)
        piped.append(wall_guess / wall)
        names.append(f"{'-'.join(map(str, config.shape))} batch {config.batch} {config.activation} {n_train}")
        print(f"  {'-'.join(map(str, config.shape)):12s} batch {config.batch:2d} {config.activation:4s} "
              f"{n_train:3d}/{n_test:3d} points: {seconds * 1e6:7.1f} us/epoch, guess {guess * 1e6:7.1f}, "
              f"guess/measured {guess / seconds:4.2f}; loss thread: {wall * 1e6:7.1f} us/epoch (wall), "
              f"guess/measured {wall_guess / wall:4.2f}")
    for what, r in (("", np.array(ratios)), (" with the loss thread (wall time)", np.array(piped))):
        print(f"guess/measured over {len(r)} configs{what}: median {np.median(r):.2f}, "
              f"range {r.min():.2f}-{r.max():.2f}")
    if args.fit:
        A, y = np.array(rows), np.array(times)
        coef = nonnegative_fit(A, y)
        print("least-squares coefficients of engine.compiled.model_terms (seconds):")
        print("  " + ", ".join(f"{c:.3g}" for c in coef))
        fitted = A @ coef / y
        print(f"  fitted/measured: median {np.median(fitted):.2f}, range {fitted.min():.2f}-{fitted.max():.2f}")
        worst = np.argsort(np.abs(np.log(fitted)))[-5:]
        print("  furthest off: " + "; ".join(f"{names[k]} {fitted[k]:.2f}" for k in worst))
    print(load_line())


if __name__ == "__main__":
    main()
