"""The playground's kernel with its loss pass on a second core.

An epoch of the playground is its training pass and then a loss pass over
both sets (the chart's train and test loss, and the metrics counted from the
same outputs). The loss pass is about a third of an epoch at batch 1 and
reads nothing but that epoch's weights, so it can run beside the next epochs'
training: the training keeps each epoch's weights and biases
(kernels.train_epochs_kept), a worker thread computes their losses
(kernels.losses_of_kept) while the next CHUNK epochs train. Both kernels
release the GIL, and they are train_epochs' own two halves, so every loss,
weight and count is bit for bit what train_epochs gives (tests/engine/
test_loss_thread.py).

The training runs ahead of the losses by a chunk. A run whose loss stops
being finite must end right after that epoch, as train_epochs ends it: the
chunk's starting state was kept, so the run goes back to it and trains up to
that epoch on train_epochs. Anything raised meanwhile (Ctrl-C) puts the whole
state back as it was before the call: no half-counted epochs.

It pays only on a machine with a second core for it (os.sched_getaffinity),
and not for a population, whose members already share the cores between them
(engine.population turns it off). SPIRAL_TUI_LOSS_THREAD=0 turns it off too:
benchmarks/engine.py shows both.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from types import ModuleType

import numpy as np

CHUNK = 32  # epochs a chunk: ~3 ms at batch 1 (a hand-over costs ~30 us; 16 a chunk gave 4 % less)
AHEAD = 2  # chunks the training may run ahead of their losses (the worker may lose its core for a while)
MIN_EPOCHS = 8  # shorter steps go on train_epochs: too little to overlap

_Job = tuple[Future[int], int, list[np.ndarray]]  # (the losses' future, first epoch, the state before it)
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def available() -> bool:
    """Whether this process may use a second core for the loss pass."""
    if os.environ.get("SPIRAL_TUI_LOSS_THREAD", "1") == "0":
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except AttributeError:  # not on Linux: no affinity call
        return (os.cpu_count() or 1) >= 2


def _worker() -> ThreadPoolExecutor:
    """The one thread every Trainer of the process hands its loss passes to."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(1, thread_name_prefix="spiral-tui-losses")
        return _pool


def train_epochs(kernel: ModuleType, common: tuple[np.ndarray, ...], lr: float, reg: int, reg_rate: float,
                 act: int, out_act: int, batch: int, losses: np.ndarray) -> int:
    """kernel.train_epochs(*common, lr, reg, reg_rate, act, out_act, batch,
    losses), with the same result, the same state after it and the same
    return value (the epochs run), the loss passes done on the worker."""
    Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count = common
    state = (W, B, dead, accW, accB, count)
    at_start = [a.copy() for a in state]
    kept = [(np.empty((CHUNK, *W.shape)), np.empty((CHUNK, *B.shape))) for _ in range(AHEAD + 1)]
    jobs: deque[_Job] = deque()  # chunks whose losses are on the worker, oldest first
    epochs = int(losses.shape[0])

    def settle(job: _Job) -> int | None:
        """Wait for a chunk's losses; if one is not finite, go back to the
        chunk's start and end the run as train_epochs would: its epochs run."""
        future, start, before = job
        k = future.result()
        bad = np.flatnonzero(~np.isfinite(losses[start:start + k, :2]).all(axis=1))
        if not len(bad):
            return None
        _put_back(state, before)
        return start + int(kernel.train_epochs(*common, lr, reg, reg_rate, act, out_act, batch,
                                               losses[start:start + bad[0] + 1]))

    try:
        for i, (start, k) in enumerate(chunks(epochs)):
            before = [a.copy() for a in state]
            kept_W, kept_B = kept[i % (AHEAD + 1)][0][:k], kept[i % (AHEAD + 1)][1][:k]  # no job reads them now
            kernel.train_epochs_kept(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, act,
                                     out_act, batch, kept_W, kept_B)
            while len(jobs) >= AHEAD:
                if (done := settle(jobs.popleft())) is not None:
                    return done
            jobs.append((_worker().submit(kernel.losses_of_kept, Xtr, Ytr, Xte, Yte, sizes, act, out_act,
                                          kept_W, kept_B, losses[start:start + k]), start, before))
        while jobs:
            if (done := settle(jobs.popleft())) is not None:
                return done
        return epochs
    except BaseException:
        _put_back(state, at_start)
        raise
    finally:  # no job writes into the caller's losses after this returns
        for future, _, _ in jobs:
            if not future.cancel():
                wait([future])


def chunks(epochs: int) -> list[tuple[int, int]]:
    """(first epoch, epochs) of each chunk: CHUNK at a time, then halves, so
    that the last chunk's losses, which nothing overlaps, take little time
    (training k epochs takes ~2x as long as their losses at batch 1)."""
    out, start = [], 0
    while start < epochs:
        left = epochs - start
        k = CHUNK if left > 2 * CHUNK else max(1, (left + 1) // 2)
        out.append((start, k))
        start += k
    return out


def _put_back(state: tuple[np.ndarray, ...], saved: list[np.ndarray]) -> None:
    for a, b in zip(state, saved):
        a[...] = b
