"""An epoch of the compiled kernels as two halves: the training, which keeps
each epoch's weights and biases, and the loss passes computed from them.

kernels.train_epochs and kernels.train are `in_turn` over their halves (a
chunk of epochs a call pair); engine.loss_thread runs the same halves on two
threads. Plain Python and NumPy (no numba here: engine.loss_thread and the
Trainer import this at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

SERIAL_CHUNK = 64  # epochs a pair of calls in in_turn: ~10 ms at batch 1


class Halves(NamedTuple):
    """A kernel's epochs as its two compiled halves: training(start, kept_W,
    kept_B) trains kept_W.shape[0] epochs from the call's epoch `start`,
    keeping each one's weights and biases; losses_of(kept_W, kept_B, rows)
    fills their loss rows; state: every array the training changes (W and B
    first). in_turn calls them in turn, engine.loss_thread on two threads."""

    training: Callable[[int, Any, Any], None]
    losses_of: Callable[[Any, Any, Any], None]
    state: tuple[Any, ...]


def first_bad(rows: np.ndarray) -> int:
    """The index of the first of these loss rows whose train or test loss is
    not finite, or -1."""
    bad = np.flatnonzero(~np.isfinite(rows[:, :2]).all(axis=1))
    return int(bad[0]) if len(bad) else -1


def kept_arrays(halves: Halves, epochs: int) -> tuple[np.ndarray, np.ndarray]:
    """(kept_W, kept_B) for `epochs` epochs of these halves' network."""
    W, B = halves.state[0], halves.state[1]
    return np.empty((epochs, *W.shape)), np.empty((epochs, *B.shape))


def in_turn(halves: Halves, losses: np.ndarray) -> int:
    """Epochs as a kernel runs them: the halves called in turn, a chunk of
    epochs at a time. Stops after an epoch whose loss is not finite: the chunk
    goes back to its start and trains up to that epoch only. Returns the
    epochs run."""
    training, losses_of, state = halves
    epochs = int(losses.shape[0])
    kept_W, kept_B = kept_arrays(halves, max(1, min(SERIAL_CHUNK, epochs)))
    for start in range(0, epochs, kept_W.shape[0]):
        k = min(kept_W.shape[0], epochs - start)
        before = [a.copy() for a in state]
        training(start, kept_W[:k], kept_B[:k])
        losses_of(kept_W[:k], kept_B[:k], losses[start:start + k])
        bad = first_bad(losses[start:start + k])
        if bad >= 0:
            for a, b in zip(state, before):
                a[...] = b
            training(start, kept_W[:bad + 1], kept_B[:bad + 1])
            return start + bad + 1
    return epochs
