"""Where an epoch of the compiled kernel goes, batch 1 and 10 (spiral, 7
features, [8,8], tanh): the training pass split into forward, backward and
update, the loss pass (with and without the metric counts), and the Python
around the kernel (Trainer.step and `train`'s loop with a history row and its
metrics every epoch), all on one thread; then the wall time of a step with the
loss passes on the worker thread (engine.loss_thread).

Run: python benchmarks/kernel_profile.py [--epochs 200] [--rounds 7]

Each piece is a loop compiled here from the kernels' own inlined parts
(engine.kernels: _forward and _backward_update_sgd or, batch > 1, _forward_batch,
_backward_batch and _update, _loss_into), run on the same
arrays; the pieces take turns, best of `rounds` in thread CPU time (the
machine is shared: the best round is the least disturbed). The differences
between the cumulative loops give each part: backward = (forward + backward)
- forward, update = training pass - (forward + backward).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from loadinfo import load_line
from numba import njit

from tui_playground.config import Config
from tui_playground.engine import kernels as K
from tui_playground.engine.compiled import load as load_compiled_kernels
from tui_playground.engine.metrics import STATS_WIDTH
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="1", dataset="spiral", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                layers=(8, 8), activation="tanh")


@njit(nogil=True)
def passes(Xtr, Ytr, sizes, W, B, dead, acts, accW, accB, count, lr, batch, epochs, stage):
    """train_epochs' training pass up to `stage`: 0 forward only, 1 forward and
    backward, 2 with the updates (batch > 1: a batch's points taken together;
    batch 1: stage 1 updates as it back-props, as train_epochs does)."""
    L, M, n = W.shape[0], W.shape[1], Xtr.shape[0]
    z, a = np.zeros((L, M)), np.zeros((L + 1, M))
    dout, din = np.zeros((L + 1, M)), np.zeros((L, M))
    P = max(1, min(batch, n))
    zs, outs = np.zeros((L, M * P)), np.zeros((L + 1, M * P))
    douts, dins = np.zeros((L + 1, M * P)), np.zeros((L, M * P))
    for _ in range(epochs):
        if batch == 1:  # back-prop and update are one step (_backward_update_sgd): "update" is 0
            for p in range(n):
                K._forward(Xtr[p], sizes, W, B, acts, z, a)
                if stage >= 1:
                    K._backward_update_sgd(Ytr[p], sizes, W, B, dead, acts, z, a, dout, din, lr, 0, 0.0)
        else:
            for start in range(0, n, P):
                size = min(P, n - start)
                K._forward_batch(Xtr, start, P, sizes, W, B, acts, zs, outs)
                if stage >= 1:
                    K._backward_batch(Ytr, start, size, P, sizes, W, acts, zs, outs, douts, dins, accW, accB)
                    count[0] += size
                if stage >= 2 and (start + size) % batch == 0:
                    K._update(sizes, W, B, dead, accW, accB, count, lr, 0, 0.0)
    return count[0]


@njit(nogil=True)
def two_networks(Xtr, Ytr, sizes, W, B, dead, W2, B2, dead2, acts, lr, epochs):
    """Batch 1's training pass for two networks, their points in turn in one
    loop: ~1x one network's time if a pass waited on the chain of one point
    after another (the other's work filling the gaps), ~2x if bound by its work."""
    L, M, n = W.shape[0], W.shape[1], Xtr.shape[0]
    z, a, z2, a2 = np.zeros((L, M)), np.zeros((L + 1, M)), np.zeros((L, M)), np.zeros((L + 1, M))
    dout, din, dout2, din2 = np.zeros((L + 1, M)), np.zeros((L, M)), np.zeros((L + 1, M)), np.zeros((L, M))
    for _ in range(epochs):
        for p in range(n):
            K._forward(Xtr[p], sizes, W, B, acts, z, a)
            K._forward(Xtr[p], sizes, W2, B2, acts, z2, a2)
            K._backward_update_sgd(Ytr[p], sizes, W, B, dead, acts, z, a, dout, din, lr, 0, 0.0)
            K._backward_update_sgd(Ytr[p], sizes, W2, B2, dead2, acts, z2, a2, dout2, din2, lr, 0, 0.0)
    return epochs


@njit(nogil=True)
def loss_pass(Xtr, Ytr, Xte, Yte, sizes, W, B, acts, losses):
    for e in range(losses.shape[0]):
        K._loss_into(Xtr, Ytr, sizes, W, B, acts, K.SQUARE, losses[e], 0)
        K._loss_into(Xte, Yte, sizes, W, B, acts, K.SQUARE, losses[e], 1)
    return losses.shape[0]


def pieces(batch: int, epochs: int) -> dict:
    """name -> () -> None, each running `epochs` epochs' worth of one piece on
    fresh copies of the same trainer's arrays."""
    t = Trainer(SPIRAL.replace(batch=batch))
    t.step(5)
    n, d = t.network, t.data
    acts = K.layer_codes(n.sizes, 1, 1)

    def fresh():
        return n.W.copy(), n.B.copy(), n.dead.copy(), np.zeros_like(n.W), np.zeros_like(n.B), np.zeros(1)

    def full(width):
        def run():
            W, B, dead, accW, accB, count = fresh()
            K.train_epochs(t._Xtr, d.train_y, t._Xte, d.test_y, n.sizes, W, B, dead, accW, accB, count,
                           0.03, 0, 0.0, 1, 1, batch, np.empty((epochs, width)))
        return run

    def trainer_step():
        tr = Trainer(SPIRAL.replace(batch=batch))
        tr.loss_thread = False  # this thread's CPU is the whole epoch's (the worker: beside())
        tr.step(5)
        return lambda: tr.step_measured(epochs)

    def train_loop():
        from tui_playground.cli.train import train

        tr = Trainer(SPIRAL.replace(batch=batch))
        tr.loss_thread = False
        tr.step(5)
        return lambda: train(tr, tr.epoch + epochs, 1, None, [])

    W, B, dead, accW, accB, count = fresh()

    def stage(k):
        return lambda: passes(t._Xtr, d.train_y, n.sizes, *fresh()[:3], acts, *fresh()[3:], 0.03, batch, epochs, k)

    return {
        "forward": stage(0),
        "forward + backward": stage(1),
        "training pass (+ update)": stage(2),
        "loss pass, losses only": lambda: loss_pass(t._Xtr, d.train_y, t._Xte, d.test_y, n.sizes, W, B, acts,
                                                    np.empty((epochs, 2))),
        "loss pass + metric counts": lambda: loss_pass(t._Xtr, d.train_y, t._Xte, d.test_y, n.sizes, W, B, acts,
                                                       np.empty((epochs, STATS_WIDTH))),
        "kernel (train_epochs, counts)": full(STATS_WIDTH),
        "two networks' points in turn": (
            (lambda: two_networks(t._Xtr, d.train_y, n.sizes, *fresh()[:3], *fresh()[:3], acts, 0.03, epochs))
            if batch == 1 else (lambda: None)),
        "Trainer.step_measured": trainer_step(),
        "train loop, a row + metrics/epoch": train_loop(),
    }


def profile(batch: int, epochs: int, rounds: int) -> dict[str, float]:
    """name -> best CPU microseconds per epoch over `rounds` rounds taken in turn."""
    runs = pieces(batch, epochs)
    for run in runs.values():
        run()  # compile / warm
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.thread_time()
            run()
            best[name] = min(best[name], (time.thread_time() - start) / epochs * 1e6)
    return best


def beside(batch: int, epochs: int, rounds: int) -> tuple[float, float]:
    """Trainer.step_measured with its loss passes on the worker thread
    (engine.loss_thread), as `train` runs it on two cores: best wall and this
    thread's CPU microseconds per epoch over `rounds` steps of `epochs`."""
    tr = Trainer(SPIRAL.replace(batch=batch))
    tr.step(epochs)
    wall = cpu = float("inf")
    for _ in range(rounds):
        w, c = time.perf_counter(), time.thread_time()
        tr.step_measured(epochs)
        wall = min(wall, (time.perf_counter() - w) / epochs * 1e6)
        cpu = min(cpu, (time.thread_time() - c) / epochs * 1e6)
    return wall, cpu


def report(batch: int, us: dict[str, float]) -> None:
    whole = us["train loop, a row + metrics/epoch"]
    fwd, fb, tp = us["forward"], us["forward + backward"], us["training pass (+ update)"]
    parts = {
        "forward (250 points)": fwd,
        "backward": fb - fwd,
        "update": tp - fb,
        "loss pass (500 points), losses": us["loss pass, losses only"],
        "metric counts in the loss pass": us["loss pass + metric counts"] - us["loss pass, losses only"],
        "kernel call (train_epochs) - its parts": us["kernel (train_epochs, counts)"] - tp
        - us["loss pass + metric counts"],
        "Trainer.step_measured's Python": us["Trainer.step_measured"] - us["kernel (train_epochs, counts)"],
        "train loop's Python (history row, metrics)": whole - us["Trainer.step_measured"],
    }
    print(f"\nbatch {batch}: {whole:7.1f} us per epoch in all ({1e6 / whole:5.0f} epochs/s of CPU), best of rounds")
    for name, value in parts.items():
        print(f"  {name:44s} {value:7.1f} us  {value / whole * 100:5.1f} %")
    if batch == 1:
        two = us["two networks' points in turn"] / tp
        print(f"  two networks' training passes in one loop: {two:.2f}x one network's (1: latency-bound, 2: work-bound)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, nargs="*", default=[1, 10])
    args = parser.parse_args()
    load_compiled_kernels("classic")
    print(load_line())
    for batch in args.batch:
        report(batch, profile(batch, args.epochs, args.rounds))
        wall, cpu = beside(batch, args.epochs, args.rounds)
        print(f"  with the loss passes on the worker thread (engine.loss_thread): {wall:7.1f} us per epoch of wall "
              f"time ({1e6 / wall:5.0f} epochs/s), {cpu:7.1f} us of it this thread's CPU")
    print(load_line())


if __name__ == "__main__":
    main()
