"""Population: K networks trained together, over all cores.

Member i is a `Trainer` built from `configs[i]` and gives exactly the numbers
`Trainer(configs[i])` gives (same kernel, same order of operations): members can
differ in anything, seed, data, shape and hyperparameters included. What they
share is work that does not change the numbers:

- data: members with the same data settings and seed (a sweep's variants for one
  seed) reuse one generated data set, its feature matrices and a copy of the
  random stream as it stands after the data, so each member's weights are drawn
  exactly as a fresh Trainer would draw them. Generating the data is pure Python
  (~20-40 ms per set), often more than a short run's training.
- cores: the compiled kernel releases the GIL, so a pool of threads steps
  members side by side, the most expensive first (longest-first scheduling).

Vectorising across members in one compiled kernel was measured and does not
pay (CPU time per spiral [8,8] network-epoch, 16 members): per-member calls
~200 us, one call looping over stacked members ~205 us, members interleaved
point by point ~260 us (worse locality, no SIMD: each member is a serial
chain). A call into the kernel costs ~2 us, so the per-member calls stay.
"""

from __future__ import annotations

import copy
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from ..config import Config
from .datasets import Dataset
from .features import feature_matrix
from .rng import SeededRandom
from .training import Snapshot, Trainer, make_data

if TYPE_CHECKING:
    from .compiled import KernelCache

HISTORY_CAPACITY = 1024  # per member; a LossHistory thins itself out when full


def data_key(config: Config) -> tuple[object, ...]:
    """The settings that decide the points and the random stream after them."""
    return (config.data_file, config.rescale, config.data_name, config.noise, config.train_pct, config.seed,
            config.classes)


class DataCache:
    """Generated data sets and feature matrices, shared by members.

    `get(config)` -> (data, rng, Xtr, Xte): the same read-only data and input
    arrays for every member that shares them, and a private copy of the random
    stream positioned right after the data (where Trainer draws the weights).
    """

    def __init__(self) -> None:
        self._data: dict[tuple[object, ...], tuple[Dataset, SeededRandom]] = {}
        self._inputs: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}

    def get(self, config: Config) -> tuple[Dataset, SeededRandom, np.ndarray, np.ndarray]:
        key = data_key(config)
        if key not in self._data:
            rng = SeededRandom(config.seed)
            self._data[key] = (make_data(config, rng), rng)
        data, rng = self._data[key]
        inputs_key = (key, config.features)
        if inputs_key not in self._inputs:
            Xtr, Xte = (np.ascontiguousarray(feature_matrix(xy, config.features))
                        for xy in (data.train_xy, data.test_xy))
            self._inputs[inputs_key] = Xtr, Xte
        return (data, copy.deepcopy(rng), *self._inputs[inputs_key])


def _member(config: Config, cache: DataCache, history_capacity: int, kernels: KernelCache | None = None) -> Trainer:
    """A Trainer that starts on the cache's shared data (its later restarts,
    new seed or new data settings, generate their own, as any Trainer's)."""
    data, rng, Xtr, Xte = cache.get(config)
    trainer = Trainer(config, history_capacity, data=data, rng=rng, inputs=(Xtr, Xte), kernels=kernels)
    trainer.loss_thread = False  # the members share the cores already (engine.loss_thread)
    return trainer


def _cost(config: Config) -> int:
    """Relative work of one epoch: training points x links (for scheduling)."""
    shape = config.shape
    links = sum(a * b for a, b in zip(shape, shape[1:]))
    points = 1200 if config.problem == "regression" else 500
    return points * config.train_pct * (links + sum(shape))


class Population:
    """K members trained in lockstep. Use as a context manager (or `close()`)
    to release the worker threads.

    configs[i] -> member i; `step(n)` runs n epochs on every member that has not
    diverged; `losses`: (K, 2) current train/test loss; `trainer(i)` is member
    i's own Trainer (hand it to the app to continue training there);
    `seconds[i]`: wall time spent in member i's steps.
    """

    def __init__(self, configs: list[Config], workers: int | None = None,
                 history_capacity: int = HISTORY_CAPACITY, kernels: KernelCache | None = None) -> None:
        """kernels: the members' engine.compiled.KernelCache (None: this process's)."""
        if not configs:
            raise ValueError("a population needs at least one member")
        cache = DataCache()
        self.configs = tuple(configs)
        self._trainers = [_member(c, cache, history_capacity, kernels) for c in self.configs]
        self.workers = max(1, min(workers or os.cpu_count() or 1, len(configs)))
        self._order = sorted(range(len(configs)), key=lambda i: -_cost(self.configs[i]))
        self.seconds = np.zeros(len(configs))
        self._pool = ThreadPoolExecutor(self.workers, "population") if self.workers > 1 else None

    def __len__(self) -> int:
        return len(self._trainers)

    def __enter__(self) -> "Population":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:  # an interrupted step leaves queued members: drop them
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    # ---- training ----------------------------------------------------------

    def step(self, epochs: int = 1) -> list[np.ndarray]:
        """Train every member `epochs` epochs (a diverged member stops; so does
        one whose stop rule held: a Trainer stepped again would train on, and a
        sweep or a gallery steps many times). Returns per member a (done_i, 2)
        array of train/test loss per epoch."""
        def run(i: int) -> np.ndarray:
            if self._trainers[i].stop_reason:
                return np.empty((0, 2))
            start = time.perf_counter()
            losses = self._trainers[i].step(epochs)
            self.seconds[i] += time.perf_counter() - start
            return losses

        if self._pool is None:
            results = {i: run(i) for i in self._order}
        else:
            results = dict(zip(self._order, self._pool.map(run, self._order)))
        return [results[i] for i in range(len(self))]

    # ---- reading -----------------------------------------------------------

    @property
    def losses(self) -> np.ndarray:
        """(K, 2) current train and test loss of each member."""
        return np.array([(t.train_loss, t.test_loss) for t in self._trainers])

    @property
    def epochs(self) -> np.ndarray:
        """(K,) int: epochs each member has run."""
        return np.array([t.epoch for t in self._trainers], dtype=np.int64)

    @property
    def diverged(self) -> np.ndarray:
        """(K,) bool: members whose loss stopped being finite."""
        return np.array([t.diverged for t in self._trainers], dtype=bool)

    @property
    def histories(self) -> list[np.ndarray]:
        """Per member an (n, 3) copy: epoch, train loss, test loss."""
        return [t.history.array() for t in self._trainers]

    def snapshot(self, i: int, grids: bool = False, resolution: int = 100) -> Snapshot:
        """Member i's frozen state (see Trainer.snapshot)."""
        return self._trainers[i].snapshot(grids, resolution)

    def trainer(self, i: int) -> Trainer:
        """Member i's Trainer itself: same weights, history and accumulated
        gradients. Don't step it while the population steps."""
        return self._trainers[i]
