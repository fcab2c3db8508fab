"""fdarray's tanh, exp, expm1, log1p, sin and cos over NumPy arrays equal fdmath's
(and so V8's) bit for bit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from test_fdmath import _bit_mismatches, _load_vectors, _neighbours, _tanh_special_arguments, _with_extra

from tui_playground.engine import fdarray, fdmath


def _exp_special_arguments():
    """Edges of every case of fdlibm's exp (and of k's range), with neighbours."""
    ln2 = math.log(2.0)
    centres = [0.0, 5e-324, 1e-300, 2.0**-28, fdmath.HW_HALF_LN2, fdmath.HW_3HALF_LN2, 1.0, 0.5, 2.0,
               fdmath.HW_EXP_HUGE, fdmath.O_THRESHOLD, -fdmath.U_THRESHOLD, 708.0, 709.5, 720.0, 745.0,
               1021 * ln2, 1022 * ln2, 1023.5 * ln2, 1e300, 1.7976931348623157e308]
    centres += [(m + 0.5) * ln2 for m in range(-8, 9)]
    xs = _neighbours(centres)
    nans = np.array([0x7FF8000000000000, 0xFFF8000000000000], dtype=np.uint64).view(np.float64)
    return np.concatenate([np.array(xs), [np.inf, -np.inf], nans])


def _expm1_special_arguments():
    """exp's edges plus expm1's own: 56 ln2 (saturation), 2**-54, k in 1..56 and past it."""
    ln2 = math.log(2.0)
    extra = [fdmath.HW_EXPM1_HUGE, 2.0**-54, 0.25, 0.3, 19.5 * ln2, 20.5 * ln2, 56.5 * ln2, 57.5 * ln2, 1023.9 * ln2]
    return np.concatenate([_exp_special_arguments(), _neighbours(extra)])


def _log1p_special_arguments():
    """log1p's edges: -1, the unreduced range (-0.2929, 0.41422), 2**-29, 2**-54,
    sqrt(2) in the reduction, 2**53, subnormals, the largest double."""
    centres = [1.0, 0.2928932188134524, 0.41421356237309503, 2.0**-29, 2.0**-54, 2.0**-20, 2.0**53, 2.0**54,
               5e-324, 1e-310, 1.7976931348623157e308, 0.5, 2.0, 3.0, 1e10]
    nans = np.array([0x7FF8000000000000, 0xFFF8000000000000], dtype=np.uint64).view(np.float64)
    return np.concatenate([_neighbours(centres), [np.inf, -np.inf, 0.0, -0.0], nans])


SPECIAL = {"tanh": lambda: _tanh_special_arguments(), "exp": lambda: _exp_special_arguments(),
           "expm1": lambda: _expm1_special_arguments(), "log1p": lambda: _log1p_special_arguments()}


def _random_arguments(seed: int, n: int = 200_000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.concatenate([
        rng.choice([-1.0, 1.0], n) * 10.0 ** rng.uniform(-300.0, 3.0, n),  # every magnitude
        rng.normal(0.0, 2.0, n // 4),  # pre-activation-like
        rng.uniform(-760.0, 720.0, n // 4),  # exp's whole range, past both ends
    ])


def _fdmath_on(name: str, xs: np.ndarray) -> np.ndarray:
    fn = getattr(fdmath, name)
    return np.array([fn(float(x)) for x in xs])


@pytest.mark.parametrize("name", list(SPECIAL))
def test_arrays_equal_fdmath_on_random_and_edge_arguments(name):
    xs = np.concatenate([_random_arguments(11), SPECIAL[name]()])
    if name == "log1p":  # its arguments in training, exp(-|z|), and any bit pattern at all
        rng = np.random.default_rng(5)
        xs = np.concatenate([xs, rng.uniform(0.0, 1.0, 50_000) ** 8,
                             rng.integers(0, 2**64, 50_000, dtype=np.uint64).view(np.float64)])
    fn = getattr(fdarray, name)
    with np.errstate(invalid="ignore"):  # signalling NaNs raise "invalid", as in C
        got = fn(xs)
    assert got.shape == xs.shape
    assert _bit_mismatches(xs, got, _fdmath_on(name, xs))[:5].tolist() == []
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # lanes of special cases stay quiet
        fn(xs[~np.isnan(xs)])


@pytest.mark.parametrize("name", ["sin", "cos", "tanh", "exp"])
def test_arrays_reproduce_the_v8_vectors(name):
    xs, want = _with_extra(_load_vectors(), name)
    assert _bit_mismatches(xs, getattr(fdarray, name)(xs), want).size == 0


def _sin_cos_special_arguments():
    """Near multiples of pi/4 and pi/2 (where the reduction cancels and takes more
    rounds), the edges of its cases (3pi/4, 2**20 pi/2), tiny, huge, inf, NaN."""
    m = np.concatenate([np.arange(1, 400) * (np.pi / 4), [3 * np.pi / 4, 2.0**20 * np.pi / 2, 2.0**-27, 0.3]])
    xs = [m + k * np.spacing(m) for k in range(-3, 4)]
    xs += [m * (1.0 + 2.0**-e) for e in range(12, 53)]  # every depth of cancellation
    return np.concatenate([*xs, *(-x for x in xs), [np.inf, -np.inf, np.nan, 0.0, -0.0, 5e-324, 1e300]])


@pytest.mark.parametrize("name", ["sin", "cos"])
def test_sin_and_cos_arrays_equal_fdmath(name):
    rng = np.random.default_rng(17)
    xs = np.concatenate([_random_arguments(13, 40_000), rng.uniform(-2e6, 2e6, 20_000), _sin_cos_special_arguments()])
    with np.errstate(invalid="ignore"):  # signalling NaNs
        got = getattr(fdarray, name)(xs.reshape(-1, 1))
    assert got.shape == (len(xs), 1)
    assert _bit_mismatches(xs, got.ravel(), _fdmath_on(name, xs))[:5].tolist() == []
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # lanes of special cases stay quiet
        getattr(fdarray, name)(xs[~np.isnan(xs)])


@pytest.mark.parametrize("name", ["tanh", "exp", "expm1", "log1p", "sin", "cos"])
def test_small_arrays_take_the_scalar_loop_and_keep_shape_and_bits(name):
    fn = getattr(fdarray, name)
    xs = _random_arguments(12, 40)[:fdarray.SCALAR_BELOW * 4].reshape(-1, 2)
    for rows in (1, fdarray.SCALAR_BELOW // 2 - 1, fdarray.SCALAR_BELOW // 2, fdarray.SCALAR_BELOW * 2):
        part = xs[:rows]  # fewer and more values than SCALAR_BELOW
        got = fn(part)
        assert got.shape == part.shape and got.dtype == np.float64
        want = _fdmath_on(name, part.ravel()).reshape(part.shape)
        assert _bit_mismatches(part.ravel(), got.ravel(), want.ravel()).size == 0


def test_signed_zeros_and_tiny_arguments_pass_through_tanh():
    xs = np.array([0.0, -0.0, 5e-324, -5e-324, 1e-20, -1e-20] * 4)  # lanes, not the scalar loop
    got = fdarray.tanh(xs)
    assert got.view(np.uint64).tolist() == xs.view(np.uint64).tolist()


def test_pow2_in_python_equals_the_compiled_bit_cast():
    """fdmath._pow2 runs ldexp in Python and a bit cast when compiled."""
    ks = range(-1022, 1024)
    assert [fdmath._pow2(k) for k in ks] == [fdmath._pow2_bits(k) for k in ks]
    assert fdarray.pow2(np.arange(-1022.0, 1024.0)).tolist() == [2.0**k for k in ks]
