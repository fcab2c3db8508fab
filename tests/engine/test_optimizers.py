"""Optimizers: one hand-computed step each (numbers worked out in 40-digit
decimal arithmetic from the formulas of issue 14), and the compiled step is the
plain one bit for bit."""

import math

import numba
import numpy as np
import pytest

from tui_playground.engine import fdmath, optimizers
from tui_playground.engine.optimizers import (
    ADAM,
    CODES,
    MOMENTUM,
    OPTIMIZERS,
    RMSPROP,
    OptimizerState,
    adam_step,
    corrections,
    hyper_vector,
    momentum_step,
    rmsprop_step,
    step,
)

fdmath.register_with_numba()  # the @njit tests below call the marked functions


def test_names_codes_and_default_hyperparameters():
    assert list(OPTIMIZERS) == ["sgd", "momentum", "rmsprop", "adam"]
    assert [CODES[n] for n in OPTIMIZERS] == [0, 1, 2, 3]
    assert hyper_vector("momentum", {}).tolist() == [0.9, 0.0, 0.0]
    assert hyper_vector("rmsprop", {}).tolist() == [0.99, 0.0, 1e-8]
    assert hyper_vector("adam", {}).tolist() == [0.9, 0.999, 1e-8]
    assert hyper_vector("adam", {"beta2": 0.99, "momentum": 0.5}).tolist() == [0.9, 0.99, 1e-8]
    assert hyper_vector("sgd", {"eps": 1.0}).tolist() == [0.0, 0.0, 0.0]
    assert OPTIMIZERS["rmsprop"].hyperparameters == ("rms_alpha", "eps")


def test_momentum_step_by_hand():
    # v = 0.9 * 0.2 + 0.5 = 0.68; step = 0.1 * 0.68
    d, v = momentum_step(0.5, 0.2, 0.1, hyper_vector("momentum", {}))
    assert v == pytest.approx(0.68, rel=1e-15) and d == pytest.approx(0.068, rel=1e-15)


def test_rmsprop_step_by_hand():
    # s = 0.99 * 0.04 + 0.01 * 0.25 = 0.0421; step = 0.05 / (sqrt(0.0421) + 1e-8)
    d, s = rmsprop_step(0.5, 0.04, 0.1, hyper_vector("rmsprop", {}))
    assert s == pytest.approx(0.0421, rel=1e-15)
    assert d == pytest.approx(0.2436850775378056983, rel=1e-15)


def test_adam_first_two_steps_by_hand_with_bias_correction():
    h = hyper_vector("adam", {})
    c1, c2 = corrections(ADAM, h, 1.0)
    assert (c1, c2) == pytest.approx((0.1, 0.001), rel=1e-13)
    d, m, v = adam_step(0.5, 0.0, 0.0, 0.1, h, c1, c2)
    # corrected m = 0.5, corrected v = 0.25: the first step is lr * g / (|g| + eps)
    assert d == pytest.approx(0.09999999800000004, rel=1e-13)
    c1, c2 = corrections(ADAM, h, 2.0)
    d, m, v = adam_step(-0.2, m, v, 0.1, h, c1, c2)
    assert (m, v) == pytest.approx((0.025, 0.00028975), rel=1e-14)
    assert d == pytest.approx(0.03456058388348937464, rel=1e-12)


def test_corrections_use_pow_and_are_one_for_the_others():
    h = hyper_vector("adam", {})
    assert corrections(ADAM, h, 7.0) == (1.0 - math.pow(0.9, 7.0), 1.0 - math.pow(0.999, 7.0))
    assert corrections(MOMENTUM, hyper_vector("momentum", {}), 7.0) == (1.0, 1.0)


@numba.njit(nogil=True)
def _compiled(code, gs, lr, hyper):
    s1, s2 = 0.0, 0.0
    out = np.empty(gs.shape[0])
    for i in range(gs.shape[0]):
        c1, c2 = 1.0, 1.0
        if code == 3:
            c1, c2 = optimizers.adam_corrections(hyper, float(i + 1))
        out[i], s1, s2 = step(code, gs[i], s1, s2, lr, hyper, c1, c2)
    return out


@pytest.mark.slow  # compiles the steps in the test (numba, no cache)
@pytest.mark.parametrize("name", ["momentum", "rmsprop", "adam"])
def test_compiled_steps_equal_plain_steps_bit_for_bit(name):
    rng = np.random.default_rng(5)
    gs, code, h = rng.normal(0, 0.3, 200), CODES[name], hyper_vector(name, {})
    s1 = s2 = 0.0
    plain = []
    for i, g in enumerate(gs, start=1):
        c1, c2 = corrections(code, h, float(i))
        d, s1, s2 = step(code, float(g), s1, s2, 0.03, h, c1, c2)
        plain.append(d)
    assert _compiled(code, gs, 0.03, h).tolist() == plain


def test_state_starts_at_zero_in_the_networks_layout():
    W, B = np.ones((2, 3, 3)), np.ones((2, 3))
    state = OptimizerState.zeros(W, B)
    assert [a.shape for a in state.arrays()] == [(2, 3, 3), (2, 3, 3), (2, 3), (2, 3), (1,)]
    assert not any(a.any() for a in state.arrays())
    copy = state.copy()
    copy.sW1[0, 0, 0] = 1.0
    assert state.sW1[0, 0, 0] == 0.0
    assert RMSPROP == CODES["rmsprop"]
