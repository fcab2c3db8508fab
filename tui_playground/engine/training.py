"""Trainer: the playground's training loop for one network, exact and seeded.

One Trainer owns the data, the network and the accumulated gradients. The UI
calls `step` from a worker thread and reads only `snapshot()` results, which are
frozen copies. Every public method takes `lock`, so UI commands (edit a weight,
change the learning rate) never interleave with a running step.

Each step runs on the compiled kernels if engine.compiled has them loaded,
otherwise on their uncompiled twin (engine/numpy_kernels.py): same numbers, so
a run may switch between any two steps. Building a Trainer never imports numba.

Settings beyond the playground (an activation, loss, optimizer or schedule of
docs/beyond.md) have their twin too, so nothing waits for the compiler. Stop
rules (config.STOP_FIELDS) end a `step` early, after the epoch at which one
holds, and say why in `stop_reason`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Union

import numpy as np

from ..config import STOP_FIELDS, Config, new_seed
from . import compiled, loss_thread, numpy_kernels
from .activations import CODES as ACTIVATION_CODES
from .compile_progress import StepPace, promised_rate
from .datasets import Dataset, make_dataset
from .features import feature_matrix
from .loss_history import LossHistory
from .losses import CODES as LOSS_CODES
from .losses import LOSSES
from .metrics import METRICS, STATS_WIDTH, Classification, Regression, columns_of, from_stats, total_squares
from .network import Network
from .numpy_kernels import REG_CODES
from .optimizers import CODES as OPTIMIZER_CODES
from .optimizers import OptimizerState, hyper_vector
from .rng import SeededRandom
from .schedules import learning_rate, learning_rates
from .stopping import StopRules, StopWatch
from .trainer_state import TrainerState as TrainerState  # re-exported: where sessions find it

if TYPE_CHECKING:
    from .class_metrics import ClassMetrics

# Trainer.metrics(): (train, test) engine.metrics results (Classification or
# Regression), or engine.class_metrics.ClassMetrics with 3 or more classes.
SetMetrics = tuple[Union[Classification, Regression, "ClassMetrics"], ...]

# Config fields whose change needs new data (and so new weights), and those that
# only need a new network; the others apply to the next step.
DATA_FIELDS = ("problem", "dataset", "reg_dataset", "noise", "train_pct", "seed", "data_file", "rescale", "classes")
NETWORK_FIELDS = ("features", "layers", "init_zero")


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
    stop_reason: str | None = None  # the stop rule that ended the last step, if one did
    current_lr: float | None = None  # the scheduled learning rate of the next epoch
    metrics: SetMetrics | None = None  # Trainer.metrics() of this state, when asked for


def _frozen(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    a.flags.writeable = False
    return a


def stop_rules(config: Config) -> StopRules:
    return StopRules(config.until_loss, config.patience, config.min_delta, config.max_epochs)


def playground_math(config: Config) -> bool:
    """Whether training is the browser playground's own (the kernels'
    playground interface, train_epochs, runs it): nothing of
    config.BEYOND_FIELDS set."""
    return not config.beyond_playground


def make_data(config: Config, rng: SeededRandom) -> Dataset:
    """The config's data: generated from the stream, or read from its points file
    (then only shuffled and split with the stream). Raises DataFileError."""
    if config.data_file:
        from .datafile import file_dataset, load_points

        pf = load_points(config.data_file, config.rescale, config.problem, config.classes)
        return file_dataset(pf, config.data_name, config.train_pct, rng)
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

    _after_data: dict[str, Any] | None  # the stream's state right after the data (see _stream_after_data)
    _measured: np.ndarray | None  # the last loss pass's metric counts (see metrics())
    _totals: tuple[float, ...] | None  # (train, test) SS_tot of R², once asked for
    _pace: StepPace | None = None  # what the uncompiled steps get from the machine (kernel_status)
    # Loss passes on a second core (engine.loss_thread) when there is one: off for a
    # population's members, which share the cores between them already.
    loss_thread: bool = True

    def __init__(self, config: Config, history_capacity: int = 4096, *, data: Dataset | None = None,
                 rng: SeededRandom | None = None, inputs: tuple[np.ndarray, np.ndarray] | None = None,
                 kernels: compiled.KernelCache | None = None) -> None:
        """inputs: `data`'s (train, test) feature matrices for `config.features`,
        if already computed (read-only, may be shared). kernels: where the
        compiled kernels come from (engine.compiled.DEFAULT, this process's,
        unless given)."""
        self.lock = threading.RLock()
        self.kernels = kernels or compiled.DEFAULT
        self.history = LossHistory(history_capacity)
        self.config = config
        if data is None:
            self._rebuild()
            return
        if rng is None:
            raise ValueError("a Trainer given its data needs the random stream that follows it")
        self.data, self._rng, self._after_data = data, rng, rng.get_state()
        if inputs is None:
            self._set_inputs()
        else:
            self._Xtr, self._Xte = inputs
        self._redraw()

    def state(self) -> TrainerState:
        """The whole training state, copied (see TrainerState)."""
        with self.lock:
            net = self.network.copy()
            for a in (net.sizes, net.W, net.B, net.dead):
                a.flags.writeable = False
            opt = OptimizerState(*(_frozen(a) for a in self._opt.arrays()))
            return TrainerState(
                self.config, self.data, net, _frozen(self._accW), _frozen(self._accB), float(self._count[0]),
                self._rng.get_state(), self.epoch, self.history.array(), self.history.stride, self.diverged,
                opt, (self._watch.best, self._watch.since), self.stop_reason, self._after_data)

    @classmethod
    def from_state(cls, state: TrainerState, history_capacity: int = 4096,
                   kernels: compiled.KernelCache | None = None) -> "Trainer":
        """A Trainer exactly where `state` was taken: stepping it gives the very
        numbers the original would have given (it owns copies of the arrays)."""
        self = cls.__new__(cls)
        self.lock = threading.RLock()
        self.kernels = kernels or compiled.DEFAULT
        self.history = LossHistory(max(history_capacity, len(state.history)))
        self.history.load(state.history, state.history_stride)
        self.config, self.data = state.config, state.data
        self._rng = SeededRandom.from_state(state.rng)
        self._after_data = state.data_rng
        self.network = state.network.copy()
        self._accW, self._accB = state.acc_weights.copy(), state.acc_biases.copy()
        self._count = np.array([state.acc_count])
        self.epoch = state.epoch
        self._opt = (OptimizerState.zeros(self.network.W, self.network.B) if state.optimizer is None
                     else OptimizerState(*(a.copy() for a in state.optimizer.arrays())))
        self._set_inputs()
        self.train_loss, self.test_loss = self._losses()
        self.diverged = state.diverged or not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))
        best, since = state.stop_watch if state.stop_watch is not None else (self.test_loss, 0)
        self._watch = StopWatch(stop_rules(self.config), self.test_loss, best, since)
        self.stop_reason = state.stop_reason
        return self

    # ---- building ----------------------------------------------------------

    def restart(self) -> None:
        """From the seed: same points and same initial weights as a fresh load
        of the seed (`config.resets` back to 0)."""
        with self.lock:
            self._switch(self.config.replace(resets=0), self._rebuild)

    def _rebuild(self) -> None:
        """The config's data from its seed, then its network (see _redraw)."""
        rng = SeededRandom(self.config.seed)
        data = make_data(self.config, rng)  # may raise (a points file gone bad): nothing changed yet
        self._rng, self.data, self._after_data = rng, data, rng.get_state()
        self._set_inputs()
        self._redraw()

    def reset(self) -> None:
        """The playground's Reset: the next weights of the seed's stream (drawn
        where it is now), epoch 0, history cleared, `config.resets` + 1. Data
        stays. So a seed and a count of resets name one network."""
        with self.lock:
            self.config = self.config.replace(resets=self.config.resets + 1)
            self._new_network()

    def _redraw(self) -> None:
        """The network of `config.resets`: the stream restarted right after the
        data, and `resets` networks of this shape drawn and dropped before the
        one kept, as a fresh load and that many Resets would draw them."""
        self._rng = self._stream_after_data()
        for _ in range(self.config.resets):
            Network.create(self.config.shape, self._rng.random, self.config.init_zero)
        self._new_network()

    def _stream_after_data(self) -> SeededRandom:
        """The seed's stream right after the data. A trainer from a saved session
        does not know it: the seed's data are made again to find it (a points
        file gone since: the stream goes on from where it is)."""
        if self._after_data is None:
            from .datafile import DataFileError

            rng = SeededRandom(self.config.seed)
            try:
                make_data(self.config, rng)
            except DataFileError:
                return self._rng
            self._after_data = rng.get_state()
        return SeededRandom.from_state(self._after_data)

    def _new_network(self) -> None:
        """New weights drawn from the stream where it is now, epoch 0, history cleared."""
        with self.lock:
            self.network = Network.create(self.config.shape, self._rng.random, self.config.init_zero)
            self._accW = np.zeros_like(self.network.W)
            self._accB = np.zeros_like(self.network.B)
            self._count = np.zeros(1)
            self._opt = OptimizerState.zeros(self.network.W, self.network.B)
            self.epoch = 0
            self.diverged = False
            self._measured = None
            self._totals = None
            self.history.clear()
            self.train_loss, self.test_loss = self._losses()
            self.history.add(0, self.train_loss, self.test_loss)
            self._restart_watch()

    def regenerate(self, seed: str | None = None) -> None:
        """New data and weights from a new seed (drawn when not given)."""
        with self.lock:
            self._switch(self.config.replace(seed=seed if seed is not None else new_seed()), self.restart)

    def apply(self, config: Config) -> None:
        """Switch to `config`: new data if data settings changed, a new network
        if features, shape or the count of resets changed (one more: the next
        of the stream, as `reset`), otherwise the change (learning rate,
        activation, regularization, batch size) applies to the next step; a
        new loss starts the history again."""
        with self.lock:
            old = self.config
            if any(getattr(old, f) != getattr(config, f) for f in DATA_FIELDS):
                self._switch(config, self._rebuild)
            elif old.features != config.features:
                self._switch(config, self._set_inputs)
                self._redraw()
            elif any(getattr(old, f) != getattr(config, f) for f in NETWORK_FIELDS):
                self.config = config
                self._redraw()
            elif config.resets == old.resets + 1:  # one Reset: the stream goes on, then the rest applies
                self.reset()
                self.apply(config)
            elif config.resets != old.resets:
                self.config = config
                self._redraw()
            else:
                self.config = config
                if old.optimizer != config.optimizer:  # another optimizer's state means something else
                    self._opt = OptimizerState.zeros(self.network.W, self.network.B)
                if old.loss != config.loss:  # the losses change meaning: the history starts again
                    self._refresh_losses()
                    self._restart_history()
                if any(getattr(old, f) != getattr(config, f) for f in STOP_FIELDS):
                    self._restart_watch()

    def _switch(self, config: Config, rebuild: Callable[[], None]) -> None:
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
        self._measured = None  # the last loss pass's metric counts (see metrics()), for the network as it is
        self._totals = None  # (train, test) SS_tot of R², once asked for

    # ---- training ----------------------------------------------------------

    def _codes(self) -> tuple[int, int, int]:
        """(hidden, output, regularization) codes of the playground's kernels."""
        c = self.config
        return ACTIVATION_CODES[c.activation], ACTIVATION_CODES[self._output_activation()], REG_CODES[c.reg]

    def _output_activation(self) -> str:
        return LOSSES[self.config.loss].output[self.config.problem]

    def _layer_codes(self) -> np.ndarray:
        """(L,) int64: every weight layer's activation code, the output's last."""
        names = (*self.config.hidden_activations, self._output_activation())
        return np.array([ACTIVATION_CODES[a] for a in names], dtype=np.int64)

    @property
    def path(self) -> str:
        """Which kernel the next step runs on: "compiled" once its KernelCache
        has loaded the numba kernels of its group (engine.compiled.GROUPS),
        "numpy" (the uncompiled twin, same numbers) until then."""
        return "numpy" if self.kernels.ready(self.kernel_group) is None else "compiled"

    def kernel_status(self, most: float | None = None) -> compiled.CompileStatus:
        """How far this config's compiled kernels are (CompileStatus: state,
        share compiled, seconds left) and the epochs/s expected on them: their
        quiet-core speed (engine.compiled.compiled_seconds) at the CPU share
        and the share of wall time the uncompiled steps get now, and at most
        `most` (compile_progress.promised_rate)."""
        status = self.kernels.compile_status(self.kernel_group)
        d = self.data
        # The loss passes get a core of their own only once the compile is over: the app's
        # warm-up compiles the other groups after this one (~40 s more) on the second core.
        beside = self._loss_thread_on() and not self.kernels.compiling_after(self.kernel_group)
        seconds = compiled.compiled_seconds(self.config, len(d.train_y), len(d.test_y), 1, beside)
        return replace(status, rate_after=promised_rate(seconds, self._pace or StepPace(), most))

    def _loss_thread_on(self) -> bool:
        """Whether compiled steps run their loss passes on the worker (engine.loss_thread)."""
        c = self.config
        return self.loss_thread and c.classes == 2 and loss_thread.available()

    @property
    def kernel_group(self) -> str:
        """The group of compiled kernels this config's steps call (engine.compiled.GROUPS)."""
        return compiled.group_for(self.config)

    def _kernel(self, path: str | None) -> ModuleType:
        """The kernels module for `path` (None: the best one loaded)."""
        if path == "compiled":
            return self.kernels.load(self.kernel_group)
        if path == "numpy":
            return numpy_kernels
        return self.kernels.ready(self.kernel_group) or numpy_kernels

    def _losses(self) -> tuple[float, float]:
        kernel, n = self._kernel(None), self.network
        sets = ((self._Xtr, self.data.train_y), (self._Xte, self.data.test_y))
        if self.config.classes > 2:
            act = ACTIVATION_CODES[self.config.activation]
            train, test = (float(kernel.mean_cross_entropy(X, Y, n.sizes, n.W, n.B, act)) for X, Y in sets)
            return train, test
        if playground_math(self.config):
            act, out_act, _ = self._codes()
            train, test = (float(kernel.mean_loss(X, Y, n.sizes, n.W, n.B, act, out_act)) for X, Y in sets)
            return train, test
        acts, loss = self._layer_codes(), LOSS_CODES[self.config.loss]
        train, test = (float(kernel.mean_loss_of(X, Y, n.sizes, n.W, n.B, acts, loss)) for X, Y in sets)
        return train, test

    @property
    def current_lr(self) -> float:
        """The learning rate the next epoch trains with (the schedule's)."""
        c = self.config
        return learning_rate(c.lr_schedule, c.lr, self.epoch)

    def step(self, epochs: int = 1, path: str | None = None) -> np.ndarray:
        """Train `epochs` epochs (fewer if the loss stops being finite, which
        sets `diverged`, or a stop rule holds after an epoch, which sets
        `stop_reason`). Returns (done, 2) train/test loss after each epoch.
        `path` ("numpy" or "compiled") forces a kernel; by default the
        compiled one if it is loaded. Both give the same numbers."""
        return self._step(epochs, path)[:, :2]

    def step_measured(self, epochs: int = 1, path: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """`step`, and what the loss pass of each epoch counted for the metrics
        at no extra cost: (losses (done, 2), counts (done, 12), or with K >= 3
        classes (done, 2K^2): each set's confusion). `metrics_of(counts[k])`
        turns a row into metrics() as they were after that epoch."""
        rows = self._step(epochs, path)
        return rows[:, :2], rows[:, 2:]

    def _step(self, epochs: int, path: str | None) -> np.ndarray:
        kernel = self._kernel(path)
        with self.lock:
            self.stop_reason = self._watch.reason_before_training(self.epoch)
            if self.diverged or epochs <= 0 or self.stop_reason:
                return np.empty((0, self._width()))
            if not self._watch.rules.active:
                losses = self._train(kernel, epochs)
            else:  # one epoch per call, so that the run stops right after the rule holds
                rows = []
                for _ in range(epochs):
                    rows.append(self._train(kernel, 1))
                    self.stop_reason = self._watch.check(self.epoch, self.test_loss) if len(rows[-1]) else None
                    if self.stop_reason or self.diverged:
                        break
                losses = np.vstack(rows)
            return losses

    def _width(self) -> int:
        """Columns of the kernels' losses rows: the two losses, then the metric
        counts of both sets: engine.metrics.STAT_COLUMNS with two classes,
        the KxK confusion with K >= 3."""
        K = self.config.classes
        return STATS_WIDTH if K == 2 else 2 + 2 * K * K

    def _train(self, kernel: ModuleType, epochs: int) -> np.ndarray:
        """`epochs` epochs on `kernel`; history, epoch, losses, divergence updated."""
        c, n, started = self.config, self.network, StepPace.now()
        losses = np.empty((epochs, self._width()))
        common = (self._Xtr, self.data.train_y, self._Xte, self.data.test_y,
                  n.sizes, n.W, n.B, n.dead, self._accW, self._accB, self._count)
        if c.classes > 2:  # softmax outputs (engine.multiclass); the playground's settings only
            act, _, reg = self._codes()
            done = kernel.train_epochs_softmax(*common, float(c.lr), reg, float(c.reg_rate), act, c.batch, losses)
        else:
            playground, settings = playground_math(c), self._settings(epochs)
            if kernel is not numpy_kernels and epochs >= loss_thread.MIN_EPOCHS and self._loss_thread_on():
                # the loss passes on the worker (engine.loss_thread): the same numbers
                halves = (kernel.train_epochs_halves if playground else kernel.train_halves)(*common, *settings)
                done = loss_thread.run(halves, losses)
            else:
                done = (kernel.train_epochs if playground else kernel.train)(*common, *settings, losses)
        losses = losses[:done]
        for k, (train, test) in enumerate(losses[:, :2].tolist(), start=self.epoch + 1):
            self.history.add(k, train, test)
        self.epoch += done
        if done:
            self.train_loss, self.test_loss = float(losses[-1, 0]), float(losses[-1, 1])
            self._measured = losses[-1, 2:].copy() if losses.shape[1] > 2 else None
        self.diverged = not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))
        if kernel is numpy_kernels:  # what the compiled steps will get from the machine too (kernel_status)
            self._pace = StepPace.timed(self._pace, started, done)
        return losses

    def _settings(self, epochs: int) -> tuple[Any, ...]:
        """The two-class kernels' arguments after the arrays and before the
        losses: train_epochs' (the playground's settings) or train's, for
        `epochs` epochs from this one."""
        c = self.config
        if playground_math(c):
            act, out_act, reg = self._codes()
            return float(c.lr), reg, float(c.reg_rate), act, out_act, c.batch
        hyper = hyper_vector(c.optimizer, {k: getattr(c, k) for k in ("momentum", "rms_alpha", "beta1", "beta2",
                                                                      "eps")})
        return (learning_rates(c.lr_schedule, c.lr, self.epoch, epochs), REG_CODES[c.reg], float(c.reg_rate),
                self._layer_codes(), LOSS_CODES[c.loss], c.batch, OPTIMIZER_CODES[c.optimizer], hyper,
                *self._opt.arrays())

    def _restart_history(self) -> None:
        """History from this epoch on only (one loss per history, never a mix)."""
        self.history.clear()
        self.history.add(self.epoch, self.train_loss, self.test_loss)

    def _restart_watch(self) -> None:
        """Stop rules watch from here: the best test loss so far is the current one."""
        self._watch = StopWatch(stop_rules(self.config), self.test_loss)
        self.stop_reason = None

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
            if self.network.dead[l, i, j]:  # revived: its optimizer state starts afresh (it is 0 while dead)
                self.network.dead[l, i, j] = False
                self._opt.sW1[l, i, j] = self._opt.sW2[l, i, j] = 0.0
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
        self._measured = None
        self.train_loss, self.test_loss = self._losses()
        self.diverged = not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))

    # ---- reading -----------------------------------------------------------

    def metrics(self) -> SetMetrics:
        """(train, test) engine.metrics results (Classification or Regression) of
        the network as it is: outputs on the -1..1 scale, by the exact forward
        pass (the compiled kernels' when loaded, else their uncompiled twin's).
        With 3 or more classes: (train, test) engine.class_metrics.ClassMetrics
        (accuracy and the KxK confusion matrix)."""
        with self.lock:
            if self._measured is not None:  # counted by the last loss pass, of this very network
                return self.metrics_of(self._measured)
            if self.config.classes > 2:
                from .class_metrics import class_metrics

                d = self.data
                return tuple(class_metrics(self.network, self.config, xy, y)
                             for xy, y in ((d.train_xy, d.train_y), (d.test_xy, d.test_y)))
            outputs = [self._outputs(X) for X in (self._Xtr, self._Xte)]
            labels = (self.data.train_y, self.data.test_y)
            problem, display = self.config.problem, LOSSES[self.config.loss].display
        measure = METRICS[problem]
        return tuple(measure(display(o), y) for o, y in zip(outputs, labels))

    def metrics_of(self, counts: np.ndarray) -> SetMetrics:
        """(train, test) engine.metrics results from a row of step_measured's
        counts (12,): the values metrics() gave right after that epoch (K >= 3
        classes: ClassMetrics from the (2K^2,) counts)."""
        K = self.config.classes
        if K > 2:
            from .class_metrics import ClassMetrics

            return tuple(ClassMetrics.from_counts(counts[K * K * k:K * K * (k + 1)]) for k in (0, 1))
        labels = (self.data.train_y, self.data.test_y)
        problem = self.config.problem
        if problem == "regression" and self._totals is None:
            self._totals = tuple(total_squares(y) for y in labels)
        totals = self._totals or (None, None)
        return tuple(from_stats(problem, counts[6 * k:6 * k + 6], y, t) for k, (y, t) in enumerate(zip(labels, totals)))

    def metric_columns_of(self, counts: np.ndarray) -> dict[str, float]:
        """engine.metrics.columns(*metrics_of(counts)), built straight from the
        counts (the CSV and JSON history rows: one per recorded epoch)."""
        if self.config.problem == "regression" and self._totals is None:
            self._totals = tuple(total_squares(y) for y in (self.data.train_y, self.data.test_y))
        return columns_of(self.config.problem, counts.tolist(), (self.data.train_y, self.data.test_y), self._totals)

    def _outputs(self, X: np.ndarray) -> np.ndarray:
        """(n,) the network's output at feature rows X."""
        n = self.network
        out: np.ndarray = self._kernel(None).outputs(X, n.sizes, n.W, n.B, self._layer_codes())
        return out

    def snapshot(self, grids: bool = False, resolution: int = 100, metrics: bool = False) -> Snapshot:
        """A frozen copy of the current state; with `grids`, every neuron's
        output over [-6, 6]^2 (see engine.boundary.neuron_grids); with
        `metrics`, `metrics()` of the same state (a forward pass over the
        points: about as cheap as one evaluation of the losses)."""
        with self.lock:
            net = self.network.copy()
            state = (self.config, self.epoch, self.train_loss, self.test_loss, self.history.array())
            diverged, data, reason, lr = self.diverged, self.data, self.stop_reason, self.current_lr
            measured = self.metrics() if metrics else None
        for a in (net.sizes, net.W, net.B, net.dead):
            a.flags.writeable = False
        maps = None
        if grids:
            from .boundary import neuron_grids

            maps = neuron_grids(net, state[0], resolution)
        return Snapshot(*state, net, diverged, data, maps, reason, lr, measured)
