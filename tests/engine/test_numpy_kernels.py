"""The uncompiled path equals the compiled kernels bit for bit, and a run may
switch between them at any step without changing a number."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest

from tui_playground.config import PLAYGROUND_ACTIVATIONS as ACTIVATIONS  # what the uncompiled path runs
from tui_playground.config import Config
from tui_playground.engine import compiled, kernels, numpy_kernels
from tui_playground.engine.features import FEATURE_NAMES
from tui_playground.engine.training import Trainer


def _state(trainer: Trainer) -> dict:
    n = trainer.network
    return {"W": n.W.copy(), "B": n.B.copy(), "dead": n.dead.copy(), "accW": trainer._accW.copy(),
            "accB": trainer._accB.copy(), "count": trainer._count.copy(), "epoch": trainer.epoch,
            "history": trainer.history.array()}


def _assert_same(a: dict, b: dict) -> None:
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)  # equal values, NaN == NaN
        if isinstance(a[key], np.ndarray) and a[key].dtype == np.float64:
            assert a[key].view(np.uint64).tolist() == b[key].view(np.uint64).tolist(), key  # and bits


def _kernel_run(kernel, config: Config, epochs: int):
    """(losses, trainer) after `epochs` epochs of `kernel`'s train_epochs."""
    t = Trainer(config)
    n = t.network
    act, out_act, reg = t._codes()
    losses = np.empty((epochs, 2))
    done = kernel.train_epochs(t._Xtr, t.data.train_y, t._Xte, t.data.test_y, n.sizes, n.W, n.B, n.dead,
                               t._accW, t._accB, t._count, float(config.lr), reg, float(config.reg_rate),
                               act, out_act, config.batch, losses)
    return losses[:done], t


KERNEL_CASES = {
    f"{act}-{reg}-batch{batch}": dict(activation=act, reg=reg, reg_rate=0.0 if reg == "none" else 0.01,
                                      batch=batch, lr=0.1 if act != "linear" else 0.01, train_pct=55)
    for act in ACTIVATIONS for reg in ("none", "L1", "L2") for batch in (1, 7, 10)
}
KERNEL_CASES.update({
    "spiral-all-features-8x8": dict(features=FEATURE_NAMES, layers=(8, 8), batch=1, dataset="spiral"),
    "no-hidden-layer": dict(layers=(), batch=3, dataset="gauss", noise=50),
    "six-layers": dict(layers=(8, 1, 3, 8, 2, 5), batch=4, activation="relu", reg="L1", reg_rate=0.003),
    "regression-batch30": dict(dataset="reg-gauss", layers=(3,), batch=30, train_pct=30, lr=0.01),
    "strong-L1-kills-links": dict(activation="relu", reg="L1", reg_rate=0.1, lr=0.3, batch=3),
})


@pytest.mark.parametrize("changes", KERNEL_CASES.values(), ids=list(KERNEL_CASES))
def test_numpy_kernel_equals_compiled_kernel_bit_for_bit(changes):
    changes = dict(changes)
    config = Config(seed="nk", **{k: v for k, v in changes.items() if k != "dataset"})
    config = config.with_data(changes.get("dataset", "circle"))
    a_losses, a = _kernel_run(numpy_kernels, config, 4)
    b_losses, b = _kernel_run(kernels, config, 4)
    assert a_losses.view(np.uint64).tolist() == b_losses.view(np.uint64).tolist()
    _assert_same(_state(a), _state(b))
    if changes.get("reg_rate") == 0.1:
        assert a.network.dead.any()  # the case really kills links


def test_mean_loss_equals_the_compiled_one():
    for config in (Config(seed="m"), Config(seed="m", activation="sigmoid", layers=(5, 5)).with_data("xor"),
                   Config(seed="m", activation="relu").with_data("reg-plane")):
        t = Trainer(config)
        n = t.network
        act, out_act, _ = t._codes()
        for X, Y in ((t._Xtr, t.data.train_y), (t._Xte, t.data.test_y)):
            args = (X, Y, n.sizes, n.W, n.B, act, out_act)
            assert numpy_kernels.mean_loss(*args) == kernels.mean_loss(*args)


def test_divergence_stops_at_the_same_epoch_without_warnings():
    config = Config(seed="d", lr=10.0, activation="linear", layers=(8, 8), batch=1).with_data("reg-plane")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # inf and NaN are results here, not warnings
        a_losses, a = _kernel_run(numpy_kernels, config, 200)
    b_losses, b = _kernel_run(kernels, config, 200)
    assert len(a_losses) == len(b_losses) < 200
    assert not np.isfinite(a_losses[-1]).all()
    np.testing.assert_array_equal(a_losses, b_losses)
    _assert_same(_state(a), _state(b))


# ---- switching paths inside a run ------------------------------------------------

SWITCH_CASES = [(act, reg, batch) for act in ACTIVATIONS for reg in ("L1", "L2") for batch in (1, 10)]


@pytest.mark.parametrize("act, reg, batch", SWITCH_CASES)
def test_a_run_switching_paths_equals_an_all_compiled_run(act, reg, batch):
    # 275 training points: batch 10 leaves 5 in the accumulators across each switch.
    config = Config(seed="sw", activation=act, reg=reg, reg_rate=0.003, batch=batch, train_pct=55,
                    lr=0.03 if act != "linear" else 0.01).with_data("xor")
    mixed, plain = Trainer(config), Trainer(config)
    for path, epochs in (("numpy", 3), ("compiled", 2), ("numpy", 2), ("compiled", 3)):
        mixed.step(epochs, path=path)
    plain.step(10, path="compiled")
    assert mixed.epoch == 10
    _assert_same(_state(mixed), _state(plain))
    assert (mixed.train_loss, mixed.test_loss) == (plain.train_loss, plain.test_loss)


def test_trainer_path_follows_the_loaded_kernels_of_its_group():
    cache = compiled.KernelCache(importer=lambda: kernels, is_warm=lambda groups: True)
    trainer = Trainer(Config(seed="p"), kernels=cache)
    assert trainer.path == "numpy" and cache.status("classic") == "numpy"
    trainer.step(1)
    cache.load("softmax")  # another group's: still uncompiled
    assert trainer.path == "numpy"
    cache.load("classic")
    assert trainer.path == "compiled" and cache.status("classic") == "compiled"


def test_first_frame_and_numpy_training_never_import_numba():
    code = """
import sys
from tui_playground.config import Config, new_seed
from tui_playground.engine.features import FEATURE_NAMES
from tui_playground.engine.training import Trainer
configs = [Config(), Config(seed=new_seed(), dataset='spiral', features=FEATURE_NAMES, layers=(8, 8)),
           Config(seed='r', activation='sigmoid').with_data('reg-gauss')]
for config in configs:
    trainer = Trainer(config)
    snap = trainer.snapshot(grids=True)
    assert len(snap.grids) == len(config.shape) and trainer.path == 'numpy'
    trainer.step(2)
    trainer.set_weight(0, 0, 0, 0.5)
print('numba' in sys.modules, trainer.epoch)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "2"]
