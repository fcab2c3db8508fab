"""Losses: the error back-prop starts from is the loss's derivative, the
cross-entropy is stable, and the compiled dispatch is the table."""

import math

import numba
import numpy as np
import pytest

from tui_playground.engine import fdmath
from tui_playground.engine.activations import ACTIVATIONS
from tui_playground.engine.losses import CODES, LOSSES, cross_entropy_loss, point_loss

fdmath.register_with_numba()  # the @njit tests below call the marked functions

ZS = [-25.0, -4.0, -1.3, -0.2, 0.0, 0.4, 1.1, 3.0, 25.0]
CASES = [(name, problem, y) for name, loss in LOSSES.items() for problem in loss.output
         for y in ((-1.0, 1.0) if problem == "classification" else (-0.7, 0.3, 1.2))]


def dloss_dz(name: str, problem: str, z: float, y: float) -> float:
    """What back-prop starts the output neuron with: the error, times f'(z)
    unless the loss gives dL/dz itself."""
    loss = LOSSES[name]
    f, d = ACTIVATIONS[loss.output[problem]]
    o = f(z)
    e = loss.error(z, o, y)
    return e if loss.error_is_dz else e * d(z, o)


@pytest.mark.parametrize("name, problem, y", CASES)
def test_error_is_the_derivative_of_the_loss_by_finite_differences(name, problem, y):
    loss = LOSSES[name]
    f = ACTIVATIONS[loss.output[problem]][0]
    L = lambda z: loss.loss(z, f(z), y)  # noqa: E731
    for z in ZS:
        h = 1e-6 * max(1.0, abs(z))
        numeric = (L(z + h) - L(z - h)) / (2 * h)
        assert dloss_dz(name, problem, z, y) == pytest.approx(numeric, rel=1e-6, abs=1e-10), z


def test_square_loss_is_the_playgrounds():
    loss = LOSSES["square"]
    assert loss.output == {"classification": "tanh", "regression": "linear"}
    assert loss.loss(0.3, 0.25, -1.0) == 0.5 * (1.25 * 1.25) and loss.error(0.3, 0.25, -1.0) == 1.25


def test_cross_entropy_is_the_textbook_formula_on_sigmoid_outputs():
    sig = ACTIVATIONS["sigmoid"][0]
    for z in (-3.0, -0.5, 0.0, 0.8, 2.5):
        o = sig(z)
        for y, t in ((1.0, 1.0), (-1.0, 0.0)):
            naive = -(t * math.log(o) + (1 - t) * math.log(1 - o))
            assert cross_entropy_loss(z, o, y) == pytest.approx(naive, rel=1e-13)
            assert LOSSES["cross-entropy"].error(z, o, y) == o - t


def test_cross_entropy_stays_finite_where_log_of_the_output_would_not():
    # sigmoid(40) rounds to 1 and log(1 - 1) = -inf; the stable form is exact.
    assert cross_entropy_loss(40.0, 1.0, -1.0) == 40.0 + math.log1p(math.exp(-40.0))
    assert cross_entropy_loss(800.0, 1.0, -1.0) == 800.0
    assert cross_entropy_loss(800.0, 1.0, 1.0) == 0.0
    assert cross_entropy_loss(-800.0, 0.0, 1.0) == 800.0


def test_cross_entropy_display_maps_the_sigmoid_to_the_playgrounds_scale():
    display = LOSSES["cross-entropy"].display
    assert (display(0.0), display(0.5), display(1.0)) == (-1.0, 0.0, 1.0)
    np.testing.assert_array_equal(display(np.array([0.25, 0.75])), [-0.5, 0.5])
    assert LOSSES["square"].display(-0.3) == -0.3


@numba.njit(nogil=True)
def _compiled(code, z, o, y):
    return point_loss(code, z, o, y)


@pytest.mark.parametrize("name", list(LOSSES))
def test_compiled_dispatch_equals_the_table(name):
    for z in ZS:
        o = ACTIVATIONS["sigmoid"][0](z)
        for y in (-1.0, 1.0):
            assert _compiled(CODES[name], z, o, y) == LOSSES[name].loss(z, o, y)
