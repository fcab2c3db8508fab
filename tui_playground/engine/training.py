"""Trainer: the playground's training loop for one network, exact and seeded.

One Trainer owns the data, the network and the accumulated gradients. The UI
calls `step` from a worker thread and reads only `snapshot()` results, which are
frozen copies. Every public method takes `lock`, so UI commands (edit a weight,
change the learning rate) never interleave with a running step.

Each step runs on the compiled kernels if engine.compiled has them loaded,
otherwise on their uncompiled twin (engine/numpy_kernels.py): same numbers, so
a run may switch between any two steps. Building a Trainer never imports numba.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from ..config import Config, new_seed
from . import compiled, numpy_kernels
from .datasets import Dataset, make_dataset, split_points
from .features import feature_matrix
from .network import OUTPUT_ACTIVATION, Network
from .numpy_kernels import ACT_CODES, REG_CODES
from .rng import SeededRandom

# Config fields whose change needs new data (and so new weights), and those that
# only need a new network; the others apply to the next step.
DATA_FIELDS = ("problem", "dataset", "reg_dataset", "noise", "train_pct", "seed", "data_file", "rescale", "classes")
NETWORK_FIELDS = ("features", "layers", "init_zero")


class LossHistory:
    """Train/test loss by epoch in bounded memory: when full, every other entry
    is dropped and only epochs that are multiples of the doubled stride are kept.
    """

    def __init__(self, capacity: int = 4096):
        self.capacity = capacity
        self._data = np.empty((capacity, 3))  # rows of (epoch, train, test)
        self._n = 0
        self.stride = 1

    def __len__(self) -> int:
        return self._n

    def clear(self) -> None:
        self._n, self.stride = 0, 1

    def load(self, rows: np.ndarray, stride: int) -> None:
        """Replace the contents (a saved session's history). rows: (n, 3)."""
        if len(rows) > self.capacity:
            raise ValueError(f"history of {len(rows)} rows exceeds capacity {self.capacity}")
        self._n, self.stride = len(rows), stride
        self._data[: self._n] = rows

    def add(self, epoch: int, train: float, test: float) -> None:
        if epoch % self.stride:
            return
        if self._n == self.capacity:
            keep = self._data[: self._n, 0] % (2 * self.stride) == 0
            self._n = int(keep.sum())
            self._data[: self._n] = self._data[: self.capacity][keep]
            self.stride *= 2
            if epoch % self.stride:
                return
        self._data[self._n] = (epoch, train, test)
        self._n += 1

    def array(self) -> np.ndarray:
        """(n, 3) copy: columns epoch, train loss, test loss."""
        return self._data[: self._n].copy()


@dataclass(frozen=True)
class Snapshot:
    """An immutable picture of a training state, safe to hand to another thread."""

    config: Config
    epoch: int
    train_loss: float
    test_loss: float
    history: np.ndarray  # (n, 3): epoch, train loss, test loss
    network: Network  # a copy, arrays read-only
    diverged: bool
    data: Dataset
    grids: list[np.ndarray] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TrainerState:
    """Everything a Trainer needs to continue exactly: what sessions save and
    load. Arrays are read-only copies in the network's padded layout (see
    engine.network): L weight layers, M the widest layer.

    acc_weights: (L, M, M), acc_biases: (L, M)  gradients summed since the last
        update; acc_count points summed (a batch can span two epochs)
    rng: the random stream's position (SeededRandom.get_state(), plain data), so
        that a reset after loading draws what it would have drawn
    history: (n, 3) epoch, train loss, test loss, kept every `history_stride` epochs
    """

    config: Config
    data: Dataset
    network: Network
    acc_weights: np.ndarray
    acc_biases: np.ndarray
    acc_count: float
    rng: dict
    epoch: int
    history: np.ndarray
    history_stride: int
    diverged: bool = False


def _frozen(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


def make_data(config: Config, rng: SeededRandom) -> Dataset:
    """The config's data: generated from the stream, or read from its points file
    (then only shuffled and split with the stream). Raises DataFileError."""
    if config.data_file:
        from .datafile import load_points

        pf = load_points(config.data_file, config.rescale, config.problem, config.classes)
        return split_points(config.data_name, list(pf.points), 0, config.train_pct, rng)
    if config.classes > 2:
        from .multiclass_data import make_multiclass_dataset

        return make_multiclass_dataset(config.dataset, config.classes, config.noise, config.train_pct, rng)
    return make_dataset(config.data_name, config.noise, config.train_pct, rng)


class Trainer:
    """Exact playground SGD on one network (docs/playground.md, "Training").

    `Trainer(config)` generates the data from the seed and draws the weights, as
    the playground does on load. `Trainer(config, data=..., rng=...)` starts on
    data generated elsewhere, `rng` being the seed's stream right after that
    data (a population shares one data set between members this way); any later
    restart (new seed, new data settings) generates its own.
    `Trainer.from_state(trainer.state())` continues exactly where it stopped.
    """

    def __init__(self, config: Config, history_capacity: int = 4096, *, data: Dataset | None = None,
                 rng: SeededRandom | None = None, inputs: tuple[np.ndarray, np.ndarray] | None = None):
        """inputs: `data`'s (train, test) feature matrices for `config.features`,
        if already computed (read-only, may be shared)."""
        self.lock = threading.RLock()
        self.history = LossHistory(history_capacity)
        self.config = config
        if data is None:
            self.restart()
            return
        if rng is None:
            raise ValueError("a Trainer given its data needs the random stream that follows it")
        self.data, self._rng = data, rng
        if inputs is None:
            self._set_inputs()
        else:
            self._Xtr, self._Xte = inputs
        self.reset()

    def state(self) -> TrainerState:
        """The whole training state, copied (see TrainerState)."""
        with self.lock:
            net = self.network.copy()
            for a in (net.sizes, net.W, net.B, net.dead):
                a.flags.writeable = False
            return TrainerState(
                self.config, self.data, net, _frozen(self._accW), _frozen(self._accB), float(self._count[0]),
                self._rng.get_state(), self.epoch, self.history.array(), self.history.stride, self.diverged)

    @classmethod
    def from_state(cls, state: TrainerState, history_capacity: int = 4096) -> "Trainer":
        """A Trainer exactly where `state` was taken: stepping it gives the very
        numbers the original would have given (it owns copies of the arrays)."""
        self = cls.__new__(cls)
        self.lock = threading.RLock()
        self.history = LossHistory(max(history_capacity, len(state.history)))
        self.history.load(state.history, state.history_stride)
        self.config, self.data = state.config, state.data
        self._rng = SeededRandom.from_state(state.rng)
        self.network = state.network.copy()
        self._accW, self._accB = state.acc_weights.copy(), state.acc_biases.copy()
        self._count = np.array([state.acc_count])
        self.epoch = state.epoch
        self._set_inputs()
        self.train_loss, self.test_loss = self._losses()
        self.diverged = state.diverged or not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))
        return self

    # ---- building ----------------------------------------------------------

    def restart(self) -> None:
        """From the seed: same points and same initial weights as a fresh load."""
        with self.lock:
            rng = SeededRandom(self.config.seed)
            data = make_data(self.config, rng)  # may raise (a points file gone bad): nothing changed yet
            self._rng, self.data = rng, data
            self._set_inputs()
            self.reset()

    def reset(self) -> None:
        """New weights drawn from the random stream where it is now (as the
        playground's reset), epoch 0, history cleared. Data stays."""
        with self.lock:
            self.network = Network.create(self.config.shape, self._rng.random, self.config.init_zero)
            self._accW = np.zeros_like(self.network.W)
            self._accB = np.zeros_like(self.network.B)
            self._count = np.zeros(1)
            self.epoch = 0
            self.diverged = False
            self.history.clear()
            self.train_loss, self.test_loss = self._losses()
            self.history.add(0, self.train_loss, self.test_loss)

    def regenerate(self, seed: str | None = None) -> None:
        """New data and weights from a new seed (drawn when not given)."""
        with self.lock:
            self._switch(self.config.replace(seed=seed if seed is not None else new_seed()), self.restart)

    def apply(self, config: Config) -> None:
        """Switch to `config`: new data if data settings changed, a new network
        if features or shape changed, otherwise the change (learning rate,
        activation, regularization, batch size) applies to the next step."""
        with self.lock:
            old = self.config
            if any(getattr(old, f) != getattr(config, f) for f in DATA_FIELDS):
                self._switch(config, self.restart)
            elif old.features != config.features:
                self._switch(config, self._set_inputs)
                self.reset()
            elif any(getattr(old, f) != getattr(config, f) for f in NETWORK_FIELDS):
                self.config = config
                self.reset()
            else:
                self.config = config

    def _switch(self, config: Config, rebuild) -> None:
        """Set `config` and rebuild; if rebuilding fails, keep the old config
        (and so the old state, which rebuilding replaces only at its end)."""
        old, self.config = self.config, config
        try:
            rebuild()
        except Exception:
            self.config = old
            raise

    def _set_inputs(self) -> None:
        d, f = self.data, self.config.features
        self._Xtr = np.ascontiguousarray(feature_matrix(d.train_xy, f))
        self._Xte = np.ascontiguousarray(feature_matrix(d.test_xy, f))

    # ---- training ----------------------------------------------------------

    def _codes(self) -> tuple[int, int, int]:
        c = self.config
        return ACT_CODES[c.activation], ACT_CODES[OUTPUT_ACTIVATION[c.problem]], REG_CODES[c.reg]

    @property
    def path(self) -> str:
        """Which kernel the next step runs on: "compiled" once engine.compiled
        has loaded the numba kernels, "numpy" (the uncompiled twin, same
        numbers) until then."""
        return "numpy" if compiled.ready() is None else "compiled"

    @staticmethod
    def _kernel(path: str | None):
        """The kernels module for `path` (None: the best one loaded)."""
        if path == "numpy":
            return numpy_kernels
        if path == "compiled":
            return compiled.load()
        return compiled.ready() or numpy_kernels

    def _losses(self) -> tuple[float, float]:
        kernel = self._kernel(None)
        mean_loss, mean_cross_entropy = kernel.mean_loss, kernel.mean_cross_entropy
        act, out_act, _ = self._codes()
        n = self.network
        if self.config.classes > 2:
            train = mean_cross_entropy(self._Xtr, self.data.train_y, n.sizes, n.W, n.B, act)
            test = mean_cross_entropy(self._Xte, self.data.test_y, n.sizes, n.W, n.B, act)
            return float(train), float(test)
        train = mean_loss(self._Xtr, self.data.train_y, n.sizes, n.W, n.B, act, out_act)
        test = mean_loss(self._Xte, self.data.test_y, n.sizes, n.W, n.B, act, out_act)
        return float(train), float(test)

    def step(self, epochs: int = 1, path: str | None = None) -> np.ndarray:
        """Train `epochs` epochs (fewer if the loss stops being finite, which
        sets `diverged`). Returns (done, 2) train/test loss after each epoch.
        `path` ("numpy" or "compiled") forces a kernel; by default the
        compiled one if it is loaded. Both give the same numbers."""
        kernel = self._kernel(path)
        train_epochs, train_epochs_softmax = kernel.train_epochs, kernel.train_epochs_softmax
        with self.lock:
            if self.diverged or epochs <= 0:
                return np.empty((0, 2))
            c, n = self.config, self.network
            act, out_act, reg = self._codes()
            losses = np.empty((epochs, 2))
            args = (self._Xtr, self.data.train_y, self._Xte, self.data.test_y,
                    n.sizes, n.W, n.B, n.dead, self._accW, self._accB, self._count,
                    float(c.lr), reg, float(c.reg_rate), act)
            if c.classes > 2:
                done = train_epochs_softmax(*args, c.batch, losses)
            else:
                done = train_epochs(*args, out_act, c.batch, losses)
            losses = losses[:done]
            for k, (train, test) in enumerate(losses, start=self.epoch + 1):
                self.history.add(k, train, test)
            self.epoch += done
            if done:
                self.train_loss, self.test_loss = float(losses[-1, 0]), float(losses[-1, 1])
            self.diverged = not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))
            return losses

    # ---- editing -----------------------------------------------------------

    def set_data(self, data: Dataset) -> None:
        """Train on `data` from the next step on (points placed by hand: see
        engine.point_editor), keeping the network, the half-accumulated batch,
        the epoch and the history. Raises ValueError when a split is empty."""
        if not (len(data.train_y) and len(data.test_y)):
            raise ValueError("place at least one training and one test point")
        with self.lock:
            self.data = data
            self._set_inputs()
            self._refresh_losses()

    def set_weight(self, l: int, i: int, j: int, value: float) -> None:
        """Set the weight from neuron i of layer l to neuron j of layer l + 1.
        An edited link is live again, even if L1 had killed it."""
        with self.lock:
            self._check_index(l, j, i)
            self.network.W[l, i, j] = value
            self.network.dead[l, i, j] = False
            self._refresh_losses()

    def set_bias(self, l: int, j: int, value: float) -> None:
        """Set the bias of neuron j of layer l + 1."""
        with self.lock:
            self._check_index(l, j)
            self.network.B[l, j] = value
            self._refresh_losses()

    def _check_index(self, l: int, j: int, i: int = 0) -> None:
        sizes = self.network.sizes
        if not (0 <= l < len(sizes) - 1 and 0 <= i < sizes[l] and 0 <= j < sizes[l + 1]):
            raise IndexError(f"no link or neuron at layer {l}, from {i} to {j}")

    def _refresh_losses(self) -> None:
        self.train_loss, self.test_loss = self._losses()
        self.diverged = not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))

    # ---- reading -----------------------------------------------------------

    def snapshot(self, grids: bool = False, resolution: int = 100) -> Snapshot:
        """A frozen copy of the current state; with `grids`, every neuron's
        output over [-6, 6]^2 (see engine.boundary.neuron_grids)."""
        with self.lock:
            net = self.network.copy()
            state = (self.config, self.epoch, self.train_loss, self.test_loss, self.history.array())
            diverged, data = self.diverged, self.data
        for a in (net.sizes, net.W, net.B, net.dead):
            a.flags.writeable = False
        maps = None
        if grids:
            from .boundary import neuron_grids

            maps = neuron_grids(net, state[0], resolution)
        return Snapshot(*state, net, diverged, data, maps)
