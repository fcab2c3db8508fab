"""Activations: each derivative is its function's, the compiled dispatch is the
table bit for bit, and the new ones have the values their definitions give."""

import math

import numba
import numpy as np
import pytest

from tui_playground.engine import activations, fdmath
from tui_playground.engine.activations import ACTIVATIONS, CODES, PLAYGROUND_ACTIVATIONS, activate, derivative

fdmath.register_with_numba()  # the @njit tests below call the marked functions

NAMES = list(ACTIVATIONS)
# Inputs away from the kinks at 0 (relu, leaky-relu, elu's second derivative).
ZS = [-30.0, -6.0, -2.5, -1.0, -0.3, -1e-3, 1e-3, 0.2, 0.7, 1.0, 2.0, 4.5, 10.0, 30.0]


def test_every_name_has_a_code_and_the_playgrounds_keep_theirs():
    assert list(CODES) == NAMES and sorted(CODES.values()) == list(range(len(NAMES)))
    assert [CODES[n] for n in PLAYGROUND_ACTIVATIONS] == [0, 1, 2, 3]  # the kernels' codes since the start
    assert set(NAMES) == {"relu", "tanh", "sigmoid", "linear", "leaky-relu", "elu", "swish", "softplus",
                          "sine", "gaussian"}


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name):
    f, d = ACTIVATIONS[name]
    for z in ZS:
        h = 1e-6 * max(1.0, abs(z))
        numeric = (f(z + h) - f(z - h)) / (2 * h)
        assert d(z, f(z)) == pytest.approx(numeric, rel=1e-6, abs=1e-9), z


@numba.njit(nogil=True)
def _dispatch(code, zs):
    out = np.empty((zs.shape[0], 2))
    for i in range(zs.shape[0]):
        a = activate(code, zs[i])
        out[i, 0] = a
        out[i, 1] = derivative(code, zs[i], a)
    return out


EDGE_ZS = np.array(ZS + [0.0, -0.0, 1e-300, -1e-300, 5e-324, 700.0, -700.0, 710.0, -750.0, 1e308, -1e308,
                         math.inf, -math.inf])


@pytest.mark.slow  # compiles the dispatch in the test (numba, no cache)
@pytest.mark.parametrize("name", NAMES)
def test_compiled_dispatch_equals_the_plain_table_bit_for_bit(name):
    f, d = ACTIVATIONS[name]
    rng = np.random.default_rng(CODES[name])
    zs = np.concatenate([EDGE_ZS, rng.normal(0, 3, 500), rng.uniform(-40, 40, 500)])
    got = _dispatch(CODES[name], zs)
    plain = np.array([(f(z), d(z, f(z))) for z in map(float, zs)])
    same = (got.view(np.uint64) == plain.view(np.uint64)) | (np.isnan(got) & np.isnan(plain))
    assert same.all(), zs[~same.all(axis=1)][:5]
    interpreted = np.array([(activate(CODES[name], z), derivative(CODES[name], z, f(z))) for z in map(float, zs)])
    assert np.array_equal(interpreted, plain, equal_nan=True)


def test_leaky_relu_and_elu_below_zero():
    f, d = ACTIVATIONS["leaky-relu"]
    assert f(-2.0) == -0.02 and f(3.0) == 3.0 and d(-2.0, -0.02) == 0.01 and d(0.0, 0.0) == 0.01
    f, d = ACTIVATIONS["elu"]
    assert f(-1.0) == pytest.approx(math.exp(-1.0) - 1.0, rel=1e-15) and f(-800.0) == -1.0
    assert d(-1.0, f(-1.0)) == pytest.approx(math.exp(-1.0), rel=1e-15) and d(2.0, 2.0) == 1.0


def test_swish_softplus_sine_gaussian_values():
    assert activations.swish(0.0) == 0.0 and activations.swish(2.0) == pytest.approx(2.0 / (1.0 + math.exp(-2.0)))
    assert activations.softplus(0.0) == pytest.approx(math.log(2.0), rel=1e-15)
    assert activations.softplus(1.0) == pytest.approx(math.log1p(math.e), rel=1e-15)
    assert activations.sine(1.0) == pytest.approx(math.sin(1.0), rel=1e-15)
    assert activations.gaussian(0.0) == 1.0 and activations.gaussian(2.0) == pytest.approx(math.exp(-4.0))


def test_softplus_is_stable_where_the_naive_formula_fails():
    assert activations.softplus(800.0) == 800.0  # log(1 + e**800) overflows
    assert activations.softplus(-800.0) == 0.0
    assert activations.softplus(-40.0) == pytest.approx(math.exp(-40.0), rel=1e-12)  # log(1 + e**-40) rounds to 0
    assert activations.softplus_der(-800.0, 0.0) == 0.0 and activations.softplus_der(800.0, 800.0) == 1.0


def test_display_activations_have_the_same_names_and_values():
    from tui_playground.engine.network import ARRAY_ACTIVATIONS

    assert [n for n in ARRAY_ACTIVATIONS if n != "softmax"] == NAMES  # softmax: the K-class output layer
    zs = np.array(ZS)
    for name, (f, _) in ACTIVATIONS.items():
        np.testing.assert_allclose(ARRAY_ACTIVATIONS[name](zs), [f(z) for z in ZS], rtol=1e-12, atol=1e-300)
