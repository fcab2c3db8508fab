"""numpy_kernels.outputs (the network's output per point, used for sweep accuracies) == the plain reference."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine.activations import CODES as ACT_CODES
from tui_playground.engine.features import feature_matrix
from tui_playground.engine.numpy_kernels import outputs
from tui_playground.engine.reference import ReferenceNet
from tui_playground.engine.training import Trainer

CASES = {
    "tanh-circle": dict(dataset="circle"),
    "relu-spiral-all-L1": dict(dataset="spiral", features=FEATURE_NAMES, layers=(8, 8), activation="relu",
                               lr=0.01, reg="L1", reg_rate=0.001, batch=1),
    "sigmoid-xor": dict(dataset="xor", activation="sigmoid", layers=(3,), noise=20),
    "linear-regression": dict(dataset="reg-gauss", activation="linear", layers=(3,)),
    "no-hidden-layer": dict(dataset="gauss", layers=()),
}


@pytest.mark.parametrize("changes", CASES.values(), ids=list(CASES))
def test_outputs_are_the_reference_forward_pass_bit_for_bit(changes):
    changes = dict(changes)
    data = changes.pop("dataset")
    config = Config(seed="out", **changes).with_data(data)
    trainer = Trainer(config)
    trainer.step(5)  # trained weights (and, with L1, dead links)
    n, c = trainer.network, trainer.config
    out_act = "tanh" if c.problem == "classification" else "linear"
    ref = ReferenceNet(n.sizes, n.W, n.B, n.dead, c.activation, out_act)
    X = feature_matrix(trainer.data.test_xy, c.features)
    acts = [ACT_CODES[c.activation]] * (len(n.sizes) - 2) + [ACT_CODES[out_act]]
    got = outputs(X, n.sizes, n.W, n.B, acts)
    assert got.tolist() == [ref.forward(x) for x in X]
    # and they are the numbers the loss is made of
    assert float(np.mean(0.5 * (got - trainer.data.test_y) ** 2)) == pytest.approx(trainer.test_loss, rel=1e-12)


def test_a_diverged_networks_maps_are_nan_without_warnings():
    import warnings

    from tui_playground.engine.boundary import neuron_grids

    trainer = Trainer(Config(seed="nan"))
    trainer.network.W[0, 0, 0], trainer.network.W[0, 1, 0] = np.inf, -np.inf  # inf - inf, 0 * inf: NaN
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        grids = neuron_grids(trainer.network, trainer.config, 10)
    assert np.isnan(grids[1][0]).any() and np.isnan(grids[-1]).any()
