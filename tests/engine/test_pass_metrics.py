"""Metrics for free: the counts the kernels' loss pass takes (compiled and
NumPy paths) give exactly what engine.metrics' functions give on the outputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine import kernels, numpy_kernels
from tui_playground.engine.metrics import METRICS, STATS_WIDTH, columns, from_stats, total_squares
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="7", dataset="spiral", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                layers=(8, 8), batch=3)
CASES = {
    "playground classification": SPIRAL,
    "playground regression": Config(seed="5", problem="regression", reg_dataset="reg-gauss", layers=(5, 3), lr=0.01),
    "cross-entropy + adam": SPIRAL.replace(loss="cross-entropy", optimizer="adam", lr=0.01),
    "regression, elu, L1": Config(seed="2", problem="regression", activation="elu", reg="L1", reg_rate=0.001,
                                  layers=(4,), lr=0.01),
    "diverging": SPIRAL.replace(lr=10.0, batch=1),
}


def _bits(x) -> bytes:
    return np.asarray(x, dtype=np.float64).tobytes()


def _same(a, b) -> None:
    """Two metrics results equal bit for bit (NaN equals NaN)."""
    assert type(a) is type(b)
    assert _bits(list(a.to_dict().values())) == _bits(list(b.to_dict().values()))


def _todays(trainer: Trainer, path: str):
    """The metrics as Trainer.metrics computed them before: outputs, then engine.metrics."""
    kernel = numpy_kernels if path == "numpy" else kernels
    n, d = trainer.network, trainer.data
    from tui_playground.engine.losses import LOSSES

    display = LOSSES[trainer.config.loss].display
    return tuple(METRICS[trainer.config.problem](display(kernel.outputs(X, n.sizes, n.W, n.B, trainer._layer_codes())), y)
                 for X, y in ((trainer._Xtr, d.train_y), (trainer._Xte, d.test_y)))


@pytest.mark.parametrize("path", ["numpy", "compiled"])
@pytest.mark.parametrize("name", CASES)
def test_every_epochs_counts_give_the_metric_functions_values(name, path):
    trainer = Trainer(CASES[name])
    for _ in range(6):
        losses, counts = trainer.step_measured(3, path=path)
        assert counts.shape == (len(losses), STATS_WIDTH - 2)
        if len(losses):
            _same_pair(trainer.metrics_of(counts[-1]), _todays(trainer, path))
            _same_pair(trainer.metrics(), _todays(trainer, path))
            today = columns(*_todays(trainer, path))
            assert _bits(list(trainer.metric_columns_of(counts[-1]).values())) == _bits(list(today.values()))
            assert list(trainer.metric_columns_of(counts[-1])) == list(today)


def _same_pair(a, b) -> None:
    for x, y in zip(a, b):
        _same(x, y)


@pytest.mark.parametrize("path", ["numpy", "compiled"])
def test_losses_are_unchanged_by_counting(path):
    """The two losses of a wide row are those of a row of two (the fidelity tests' form)."""
    t1, t2 = Trainer(SPIRAL), Trainer(SPIRAL)
    plain = t1.step(20, path=path)
    measured, _ = t2.step_measured(20, path=path)
    assert _bits(plain) == _bits(measured)
    assert _bits(t1.network.W) == _bits(t2.network.W)


def test_metrics_after_an_edit_are_measured_again():
    trainer = Trainer(SPIRAL)
    trainer.step(5)
    trainer.set_bias(2, 0, 50.0)  # every output +1 now
    train, _ = trainer.metrics()
    assert train.fn == 0 and train.tn == 0


def test_pairwise_sum_has_numpys_bits():
    rng = np.random.default_rng(0)
    for n in [*range(0, 140), 255, 256, 257, 1000, 8191, 8193, 20000]:
        a = rng.standard_normal(n) ** 2 * 10.0 ** rng.integers(-6, 6, n)
        assert _bits(0.0 + kernels._pairwise_sum(a, 0, n)) == _bits(float(np.sum(a))), n


def test_from_stats_by_hand():
    labels = np.array([1.0, 2.0, 3.0, 4.0])
    r = from_stats("regression", np.array([0, 0, 0, 0, 0, 1.25]), labels)
    assert r.rmse == math.sqrt(1.25 / 4) and r.r2 == 1 - 1.25 / total_squares(labels)
    c = from_stats("classification", np.array([2, 1, 1, 2, 0, 9.0]), np.ones(6))
    assert (c.accuracy, c.tp, c.fn, c.fp, c.tn) == (4 / 6, 2, 1, 1, 2)
    assert math.isnan(from_stats("classification", np.array([2, 1, 1, 2, 1, 9.0]), np.ones(6)).accuracy)
