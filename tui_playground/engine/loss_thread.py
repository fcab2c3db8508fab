"""The two-class kernels with their loss passes on a second core.

An epoch is its training pass and then a loss pass over both sets (the
chart's train and test loss, and the metrics counted from the same outputs).
The loss pass is about a third of an epoch at batch 1 and reads nothing but
that epoch's weights, so it can run beside the next epochs' training. The
kernels come as two compiled halves (engine.halves: the training, which keeps
each epoch's weights and biases, and their loss passes); kernels.train_epochs
and kernels.train call them in turn, `run` hands the loss passes to a worker
thread while the next CHUNK epochs train. Both halves release the GIL and
run in the same order, so every loss, weight and count is bit for bit what
the kernels give (tests/engine/test_loss_thread.py).

The training runs up to AHEAD chunks ahead of the losses. A run whose loss
stops being finite must end right after that epoch, as the kernels end it:
each chunk's starting state is kept, so the run goes back to it and trains up
to that epoch. Anything raised meanwhile (Ctrl-C) puts the whole state back as
it was before the call: no half-counted epochs.

It pays only on a machine with a second core for it (os.sched_getaffinity),
and not for a population, whose members already share the cores between them
(engine.population turns it off). SPIRAL_TUI_LOSS_THREAD=0 turns it off too:
benchmarks/engine.py shows both. The K-class kernel keeps its loss pass.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait

import numpy as np

from .halves import Halves, first_bad, kept_arrays

CHUNK = 32  # epochs a chunk: ~3 ms at batch 1 (a hand-over costs ~30 us; 16 a chunk gave 4 % less)
AHEAD = 2  # chunks the training may run ahead of their losses (the worker may lose its core for a while)
MIN_EPOCHS = 8  # shorter steps have their halves called in turn: too little to overlap

_Job = tuple[Future[None], int, int, list[np.ndarray]]  # (the losses' future, first epoch, epochs, the state before)
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


def run(halves: Halves, losses: np.ndarray) -> int:
    """halves.in_turn(halves, losses) with the same result, the same state
    after it and the same return value (the epochs run), the loss passes
    done on the worker while the next chunks train."""
    training, losses_of, state = halves
    at_start = [a.copy() for a in state]
    kept = [kept_arrays(halves, CHUNK) for _ in range(AHEAD + 1)]
    jobs: deque[_Job] = deque()  # chunks whose losses are on the worker, oldest first

    def settle(job: _Job) -> int | None:
        """Wait for a chunk's losses; if one is not finite, go back to the
        chunk's start and train up to that epoch, as in_turn does: the
        epochs run then."""
        future, start, k, before = job
        future.result()
        bad = first_bad(losses[start:start + k])
        if bad < 0:
            return None
        _put_back(state, before)
        kept_W, kept_B = kept_arrays(halves, bad + 1)
        training(start, kept_W, kept_B)
        return start + bad + 1

    try:
        for i, (start, k) in enumerate(chunks(int(losses.shape[0]))):
            before = [a.copy() for a in state]
            kept_W, kept_B = kept[i % (AHEAD + 1)][0][:k], kept[i % (AHEAD + 1)][1][:k]  # no job reads them now
            training(start, kept_W, kept_B)
            while len(jobs) >= AHEAD:
                if (done := settle(jobs.popleft())) is not None:
                    return done
            jobs.append((_worker().submit(losses_of, kept_W, kept_B, losses[start:start + k]), start, k, before))
        while jobs:
            if (done := settle(jobs.popleft())) is not None:
                return done
        return int(losses.shape[0])
    except BaseException:
        _put_back(state, at_start)
        raise
    finally:  # no job writes into the caller's losses after this returns
        for future, *_ in jobs:
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
