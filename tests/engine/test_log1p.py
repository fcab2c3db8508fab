"""fdmath.log1p is V8's Math.log1p (fdlibm s_log1p.c) bit for bit.

Reference: tests/data/ref/v8_log1p_vectors.json, written by node (V8 11.3) with
tests/data/ref/make_v8_log1p_vectors.py: random arguments over every range and
the arguments around each of fdlibm's branch thresholds.
"""

import json
import math
from pathlib import Path

import numba
import numpy as np
import pytest

from tui_playground.engine import fdmath

fdmath.register_with_numba()  # the @njit tests below call the marked functions

REF = json.loads((Path(__file__).parents[1] / "data" / "ref" / "v8_log1p_vectors.json").read_text())
PAIRS = np.array([[int(x, 16), int(y, 16)] for x, y in REF["x_and_log1p_bits"]], dtype=np.uint64)
XS, WANT = PAIRS[:, 0].view(np.float64), PAIRS[:, 1].view(np.float64)


def same_bits(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    return (got.view(np.uint64) == want.view(np.uint64)) | (np.isnan(got) & np.isnan(want))


@numba.njit(nogil=True)
def _compiled(xs):
    out = np.empty_like(xs)
    for i in range(xs.shape[0]):
        out[i] = fdmath.log1p(xs[i])
    return out


def test_plain_python_log1p_equals_v8_on_every_reference_argument():
    got = np.array([fdmath.log1p(float(x)) for x in XS])
    bad = ~same_bits(got, WANT)
    assert not bad.any(), [float(x).hex() for x in XS[bad][:5]]


def test_compiled_log1p_equals_v8_on_every_reference_argument():
    bad = ~same_bits(_compiled(XS), WANT)
    assert not bad.any(), [float(x).hex() for x in XS[bad][:5]]


def test_reference_covers_the_branches():
    assert len(XS) > 1500
    his = set((XS.view(np.uint64) >> np.uint64(32)).tolist())
    assert {0xBFD2BEC4, 0x3FDA827A, 0x43400000, 0x3E200000, 0x3C900000} <= his


@pytest.mark.parametrize("x, want", [(0.0, 0.0), (-1.0, -math.inf), (math.inf, math.inf), (1e-300, 1e-300),
                                     (1.0, math.log(2.0)), (math.e - 1.0, 1.0)])
def test_special_values(x, want):
    assert fdmath.log1p(x) == pytest.approx(want, rel=2e-16)


def test_keeps_the_sign_of_zero_and_rejects_below_minus_one():
    assert math.copysign(1.0, fdmath.log1p(-0.0)) == -1.0
    assert math.isnan(fdmath.log1p(-1.5)) and math.isnan(fdmath.log1p(math.nan))


def test_tiny_arguments_keep_their_digits_where_log_of_one_plus_x_loses_them():
    x = 1e-17
    assert fdmath.log(1.0 + x) == 0.0
    assert fdmath.log1p(x) == x
