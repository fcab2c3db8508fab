"""The plain K-class reference: a hand-computed softmax step and finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.engine.multiclass import cross_entropy_point
from tui_playground.engine.multiclass_reference import SoftmaxReferenceNet
from tui_playground.engine.network import Network

LN2 = math.log(2)


def test_one_hand_computed_softmax_step():
    """One input x = 2, no hidden layer, K = 3, w = 0, b = (0, 0, ln 2): p = (1/4, 1/4, 1/2).
    Label 2: dL/dz = (1/4, 1/4, -1/2); one step at lr 0.1: w -= 0.1 * 2 * dL/dz, b -= 0.1 * dL/dz."""
    sizes = np.array([1, 3])
    W, B = np.zeros((1, 3, 3)), np.zeros((1, 3))
    B[0, 2] = LN2
    net = SoftmaxReferenceNet(sizes, W, B, np.zeros((1, 3, 3), bool), "tanh")
    assert net.forward([2.0]) == pytest.approx([0.25, 0.25, 0.5], rel=1e-15)
    assert net.loss([[2.0]], [2.0]) == pytest.approx(LN2, rel=1e-15)
    net.train_epoch([[2.0]], [2.0], lr=0.1, reg="none", reg_rate=0.0, batch=1)
    weights, biases, _ = net.parameters()
    assert weights[0][0] == pytest.approx([-0.05, -0.05, 0.1], rel=1e-14)
    assert biases[0] == pytest.approx([-0.025, -0.025, LN2 + 0.05], rel=1e-14)
    assert net.loss([[2.0]], [2.0]) < LN2


def central_difference(net, x, label: int, owner, name: str, h: float = 1e-6) -> float:
    value = getattr(owner, name)
    losses = []
    for shifted in (value + h, value - h):
        setattr(owner, name, shifted)
        net.forward(x)
        losses.append(cross_entropy_point(net.logits(), label))
    setattr(owner, name, value)
    return (losses[0] - losses[1]) / (2 * h)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
@pytest.mark.parametrize("classes", [3, 5])
def test_backprop_matches_finite_differences(activation, classes):
    rng = np.random.default_rng(8)
    net = Network.create((3, 4, 3, classes), rng.random)
    ref = SoftmaxReferenceNet(net.sizes, net.W, net.B, net.dead, activation)
    x, label = rng.normal(size=3), classes - 2
    ref.forward(x)
    ref.backward(float(label))
    checked = 0
    for layer in ref.layers[1:]:
        for neuron in layer:
            for link in neuron.inputs:
                numeric = central_difference(ref, x, label, link, "weight")
                assert link.acc == pytest.approx(numeric, rel=1e-5, abs=1e-8)
                checked += 1
            assert neuron.acc == pytest.approx(central_difference(ref, x, label, neuron, "bias"), rel=1e-5, abs=1e-8)
    assert checked == 3 * 4 + 4 * 3 + 3 * classes
