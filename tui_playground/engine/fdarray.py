"""fdlibm's ``tanh``, ``exp``, ``expm1``, ``log1p``, ``sin`` and ``cos`` over
NumPy arrays, bit for bit (uncompiled path).

The training kernel's uncompiled twin (engine/numpy_kernels.py) runs a whole
batch through a layer at once, so it needs the browser's functions on arrays
(tanh, exp for sigmoid, swish and gaussian, expm1 for elu, log1p for softplus
and cross-entropy, sin and cos for the sine activation). NumPy's own ufuncs
round differently (tanh on ~27% of arguments), so these are fdmath's algorithms written with NumPy operations: every lane
evaluates every case of fdlibm and the right one is selected with
``np.where``, as fdmath.tanh_lanes does for SIMD. A selected value comes out of
the very IEEE operations, in the same order, as in fdmath.tanh / fdmath.exp
(the identities that make the shared formulas equal are listed in fdmath,
above ``tanh_lanes``). NumPy's elementwise + - * / are single IEEE roundings
(no fused multiply-add), so the results equal fdmath's for every double.

Cost is per NumPy call, not per element: one ``tanh`` is ~70 calls, ~50 us
on a small array, while Python's scalar fdmath.tanh takes ~1 us per element;
so arrays of fewer than SCALAR_BELOW values (a batch through a narrow layer)
go through the scalar functions instead.

Lanes whose answer is a special case (NaN, +-inf, huge, tiny) compute on a
harmless stand-in value, so no floating-point warning is raised for them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import fdmath

# fdlibm's constants, packed (one per line would be sixty lines)
# isort: off
from .fdmath import (C1, C2, C3, C4, C5, C6, HW_2M28, HW_2M54, HW_3HALF_LN2, HW_22, HW_EXPM1_HUGE, HW_HALF_LN2,
                     INVLN2, INVPIO2, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO, NAN, NPIO2_HW, O_THRESHOLD,
                     P1, P2, P3, P4, P5, PIO2_1, PIO2_1T, PIO2_2, PIO2_2T, PIO2_3, PIO2_3T, Q1, Q2, Q3, Q4, Q5, S1, S2,
                     S3, S4, S5, S6, TWO1023, TWOM1000, U_THRESHOLD)
# isort: on

__all__ = ["tanh", "exp", "expm1", "log1p", "sin", "cos"]

_POW2_MAGIC = 4503599627370496.0 + 1023.0  # 2**52 + exponent bias
SCALAR_BELOW = 48  # arrays smaller than this take fdmath's scalar functions per element (measured crossover ~50-60)


def pow2(kf: np.ndarray) -> np.ndarray:
    """2.0**kf for integral doubles -1022 <= kf <= 1023, exactly (by bits, as
    fdmath._pow2_lanes: kf + 2**52 + 1023 holds kf + 1023 in its low bits)."""
    bits = (kf + _POW2_MAGIC).view(np.int64) << 52
    return bits.view(np.float64)


def _expm1_reduced(y: np.ndarray, pos: np.ndarray) -> tuple[np.ndarray, ...]:
    """fdlibm expm1's reduction, shared by tanh and expm1: y = k*ln2 + (hi - lo)
    with fdlibm's k (`pos`: y > 0). Returns (kf, r, e, the result when k == 0,
    the result when k == -1); e is _expm1_scale's correction for k != 0."""
    kf = np.trunc(INVLN2 * y + np.where(pos, 0.5, -0.5))  # C's (int) cast
    ay = np.abs(y)
    kf = np.where(ay < HW_3HALF_LN2, np.where(pos, 1.0, -1.0), kf)
    kf = np.where(ay < HW_HALF_LN2, 0.0, kf)
    hi = y - kf * LN2_HI
    lo = kf * LN2_LO
    r = hi - lo
    c = (hi - r) - lo
    hfx = 0.5 * r
    hxs = r * hfx
    r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - r * t))
    k0 = r - (r * e - hxs)
    e = (r * (e - c) - c) - hxs  # _expm1_scale, k != 0
    return kf, r, e, k0, 0.5 * (r - e) - 0.5


def tanh(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.tanh`` on every element of a float64 array (new array)."""
    if x.size < SCALAR_BELOW:
        return np.array([fdmath.tanh(v) for v in x.ravel().tolist()]).reshape(x.shape)
    ax = np.abs(x)
    body = ax < HW_22  # False for NaN too
    a = np.where(body, ax, 1.0)
    small = a < 1.0
    ay = 2.0 * a
    y = np.where(small, -ay, ay)  # expm1's argument; -(2a) is -2.0*a exactly
    kf, r, e, em1_k0, em1_km1 = _expm1_reduced(y, ~small)  # y > 0 iff not small
    two_k = pow2(kf)
    two_mk = pow2(-kf)
    far = (kf <= -2.0) | (kf > 56.0)
    one_minus = np.where(far, 1.0, 1.0 - two_mk)
    em1 = (one_minus - (e - r)) * two_k - far  # far: "- 1.0"; k < 20: "- 0.0" (a no-op)
    em1 = np.where(far | (kf < 20.0), em1, ((r - (e + two_mk)) + 1.0) * two_k)
    em1 = np.where(kf == -1.0, em1_km1, em1)
    em1 = np.where(kf == 0.0, em1_k0, em1)
    # tanh: -t/(t+2) for |x| < 1, 1 - 2/(t+2) for 1 <= |x| < 22.
    q = np.where(small, -em1, 2.0) / (em1 + 2.0)
    q = np.where(small, q, 1.0 - q)
    res = np.copysign(np.where(body, q, 1.0), x)
    res = np.where(x != x, x * 1.0, res)  # fdlibm's x + x: the same quiet NaN, no overflow elsewhere
    return np.where(ax < HW_2M28, x, res)


def exp(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.exp`` on every element of a float64 array (new array).

    fdmath.exp's cases, selected per lane: overflow/underflow/NaN; |x| tiny
    (1 + x); |x| < ln2/2 (no reduction, k = 0); x == 1 (V8 returns E);
    otherwise x = k*ln2 + (hi - lo) and 2**k * e**(hi - lo), scaled in two
    exact steps when 2**k is out of the normal range.
    """
    if x.size < SCALAR_BELOW:
        return np.array([fdmath.exp(v) for v in x.ravel().tolist()]).reshape(x.shape)
    nan = x != x
    over = x > O_THRESHOLD
    under = x < U_THRESHOLD
    xs = np.where(nan | over | under, 0.0, x)  # stand-in for special lanes
    ax = np.abs(xs)
    reduce = ax >= HW_HALF_LN2
    near = ax < HW_3HALF_LN2  # k is +-1 (hi = x -+ LN2_HI is x - (+-1.0)*LN2_HI exactly)
    pos = xs > 0.0
    kf = np.trunc(INVLN2 * xs + np.where(pos, 0.5, -0.5))
    kf = np.where(near, np.where(pos, 1.0, -1.0), kf)
    kf = np.where(reduce, kf, 0.0)
    hi = xs - kf * LN2_HI  # k = 0: xs - 0.0 is xs (also -0.0: -0.0 - 0.0 = -0.0)
    lo = kf * LN2_LO
    r = hi - lo  # k = 0: lo is +-0.0 and r is xs
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y0 = 1.0 - ((r * c) / (c - 2.0) - r)  # k == 0
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    low = kf < -1021.0
    top = kf == 1024.0
    s1 = pow2(np.where(low, kf + 1000.0, np.where(top, 1.0, kf)))
    s2 = np.where(low, TWOM1000, np.where(top, TWO1023, 1.0))
    res = np.where(reduce, (y * s1) * s2, y0)  # normal k: (y * 2**k) * 1.0
    res = np.where(ax < HW_2M28, 1.0 + xs, res)
    res = np.where(xs == 1.0, fdmath.E, res)
    res = np.where(over, np.inf, np.where(under, 0.0, res))
    return np.where(nan, x * 1.0, res)  # fdlibm's x + x for NaN



def _scalar(fn: Callable[[float], float], x: np.ndarray) -> np.ndarray:
    """fdmath's scalar `fn` on every element (new array of x's shape)."""
    return np.array([fn(v) for v in x.ravel().tolist()], dtype=np.float64).reshape(x.shape)


def expm1(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.expm1`` on every element of a float64 array (new array).

    fdmath.expm1's cases, selected per lane: NaN, +-inf, overflow, x <= -56 ln2
    (-1), |x| < 2**-54 (x); otherwise x = k*ln2 + (hi - lo) (k = 0 when |x| <
    ln2/2) and _expm1_scale's cases of k (-1, 1, 0, <= -2 or > 56, < 20, the
    rest; k == 1024 scaled in two exact steps). The k = +-1 reduction is the
    general formula with kf = +-1.0 (see fdmath's identities above tanh_lanes).
    """
    if x.size < SCALAR_BELOW:
        return _scalar(fdmath.expm1, x)
    nan = x != x
    ax = np.abs(x)
    saturated = ~(ax < HW_EXPM1_HUGE) & (x < 0.0)  # -1.0, -inf included
    over = x > O_THRESHOLD  # inf, +inf included
    tiny = ax < HW_2M54
    xs = np.where(nan | saturated | over | tiny, 1.0, x)  # stand-in for special lanes
    kf, r, e, k0, km1 = _expm1_reduced(xs, xs > 0.0)
    k1 = np.where(r < -0.25, -2.0 * (e - (r + 0.5)), 1.0 + 2.0 * (r - e))
    top = kf == 1024.0
    far = (kf <= -2.0) | (kf > 56.0)
    two_k = pow2(np.where(top, 0.0, kf))
    two_mk = pow2(np.where(far, 0.0, -kf))
    y = 1.0 - (e - r)
    res = np.where(top, np.where(top, y, 0.0) * 2.0 * TWO1023 - 1.0, y * two_k - 1.0)
    res = np.where(far, res, np.where(kf < 20.0, ((1.0 - two_mk) - (e - r)) * two_k,
                                      ((r - (e + two_mk)) + 1.0) * two_k))
    res = np.where(kf == 1.0, k1, res)
    res = np.where(kf == -1.0, km1, res)
    res = np.where(kf == 0.0, k0, res)
    res = np.where(tiny, x, res)
    res = np.where(over, np.inf, np.where(saturated, -1.0, res))
    return np.where(nan, x * 1.0, res)  # fdlibm's x + x for NaN


def _high(x: np.ndarray) -> np.ndarray:
    """int64 array: the signed high 32-bit word of each double (fdmath._high)."""
    return x.view(np.int64) >> 32


def _set_high(x: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """x with its high words replaced by hi (0 <= hi < 2**31), as fdmath._set_high."""
    return ((hi << 32) | (x.view(np.int64) & 0xFFFFFFFF)).view(np.float64)


def log1p(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.log1p`` on every element of a float64 array (new array).

    fdmath.log1p's cases per lane (on the same high words): x <= -1 (-inf or
    NaN), |x| < 2**-29 (x or x - x*x/2), +inf/NaN (x + x), the unreduced
    k = 0 lanes (-0.2929 < x < 0.41422) and _log1p_reduce's others; then
    _log1p_poly's |f| < 2**-20 and general series.
    """
    if x.size < SCALAR_BELOW:
        return _scalar(fdmath.log1p, x)
    hx = _high(x)
    ax = hx & 0x7FFFFFFF
    low = hx < 0x3FDA827A
    minus_one_or_less = low & (ax >= 0x3FF00000)
    tiny = low & (ax < 0x3E200000)
    inf_nan = hx >= 0x7FF00000
    special = minus_one_or_less | tiny | inf_nan
    xs = np.where(special, 1.0, x)  # stand-in: reduced, harmless
    hx = np.where(special, 0x3FF00000, hx)
    unreduced = (hx < 0x3FDA827A) & ((hx > 0) | (hx <= -1076707644))
    # _log1p_reduce (every lane; the unreduced ones take k = 0, f = x, c = 0, hu = 1 below)
    big = hx >= 0x43400000
    u = np.where(big, xs, 1.0 + xs)
    hu = _high(u)
    k = (hu >> 20) - 1023
    c = np.where(k > 0, 1.0 - (u - xs), xs - (u - 1.0)) / u
    c = np.where(big, 0.0, c)
    hu = hu & 0x000FFFFF
    above = hu >= 0x6A09E
    u = _set_high(u, np.where(above, hu | 0x3FE00000, hu | 0x3FF00000))
    k = np.where(above, k + 1, k)
    hu = np.where(above, (0x00100000 - hu) >> 2, hu)
    f = np.where(unreduced, xs, u - 1.0)
    c = np.where(unreduced, 0.0, c)
    k = np.where(unreduced, 0, k)
    hu = np.where(unreduced, 1, hu)
    # _log1p_poly
    dk = k.astype(np.float64)
    hfsq = 0.5 * f * f
    near = hu == 0  # |f| < 2**-20
    r = hfsq * (1.0 - 0.66666666666666666 * f)
    near_res = np.where(k == 0, f - r, dk * LN2_HI - ((r - (dk * LN2_LO + c)) - f))
    near_res = np.where(f == 0.0, np.where(k == 0, 0.0, dk * LN2_HI + (c + dk * LN2_LO)), near_res)
    s = f / (2.0 + f)
    z = s * s
    r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))))
    res = np.where(k == 0, f - (hfsq - s * (hfsq + r)),
                   dk * LN2_HI - ((hfsq - (s * (hfsq + r) + (dk * LN2_LO + c))) - f))
    res = np.where(near, near_res, res)
    xt = np.where(tiny, x, 0.0)
    res = np.where(tiny, np.where(ax < 0x3C900000, x, xt - xt * xt * 0.5), res)
    res = np.where(minus_one_or_less, np.where(x == -1.0, -np.inf, NAN), res)
    return np.where(inf_nan, x * 1.0, res)  # fdlibm's x + x


def _kernel_sin(x: np.ndarray, y: np.ndarray, iy0: np.ndarray) -> np.ndarray:
    """fdmath._kernel_sin per lane: sin(x + y) for |x| <= pi/4; iy0: lanes where y is 0."""
    z = x * x
    v = z * x
    r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))
    res = np.where(iy0, x + v * (S1 + z * r), x - ((z * (0.5 * y - v * r) - y) - v * S1))
    return np.where(np.abs(x) < 7.450580596923828e-09, x, res)


def _kernel_cos(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """fdmath._kernel_cos per lane: cos(x + y) for |x| <= pi/4."""
    ix = _high(x) & 0x7FFFFFFF
    z = x * x
    r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))
    small = 1.0 - (0.5 * z - (z * r - x * y))
    qx = np.where(ix > 0x3FE90000, 0.28125, ((np.maximum(ix - 0x00200000, 0)) << 32).view(np.float64))
    res = np.where(ix < 0x3FD33333, small, (1.0 - qx) - ((0.5 * z - qx) - (z * r - x * y)))
    return np.where(ix < 0x3E400000, 1.0, res)


def _next_round(r: np.ndarray, fn: np.ndarray, hi: float,
                tail: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One more round of the medium reduction (fdmath._rem_pio2_medium): r, w, y0
    of the next 33 bits of pi/2 (hi, and tail the rest)."""
    t = r
    w = fn * hi
    r = t - w
    w = fn * tail - ((t - r) - w)
    return r, w, r - w


def _rem_pio2(x: np.ndarray, ix: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """fdmath._rem_pio2 per lane for pi/4 < |x| <= 2**20*pi/2: (n, y0, y1)."""
    hx_pos = x > 0.0
    near = ix == 0x3FF921FB  # |x| within pi/2's first 33 bits: one more chunk
    # |x| < 3pi/4: n = +-1 (x -+ pi/2 in two or three chunks)
    sign = np.where(hx_pos, 1.0, -1.0)
    z = x - sign * PIO2_1  # x - PIO2_1 or x + PIO2_1, exactly as fdmath's
    z2 = z - sign * PIO2_2
    zz = np.where(near, z2, z)
    tail = np.where(near, PIO2_2T, PIO2_1T) * sign
    y0_one = zz - tail
    y1_one = (zz - y0_one) - tail
    # medium: n = nearest integer to |x| * 2/pi, up to three rounds of pi/2
    t = np.abs(x)
    fn = np.trunc(t * INVPIO2 + 0.5)
    n = fn.astype(np.int64)
    r = t - fn * PIO2_1
    w = fn * PIO2_1T
    y0 = r - w
    j = ix >> 20
    check = (n >= 32) | (ix == NPIO2_HW[np.clip(n - 1, 0, 31)])
    r2, w2, y02 = _next_round(r, fn, PIO2_2, PIO2_2T)
    second = check & (j - ((_high(y0) >> 20) & 0x7FF) > 16)
    r3, w3, y03 = _next_round(r2, fn, PIO2_3, PIO2_3T)
    third = second & (j - ((_high(y02) >> 20) & 0x7FF) > 49)
    r = np.where(third, r3, np.where(second, r2, r))
    w = np.where(third, w3, np.where(second, w2, w))
    y0 = np.where(third, y03, np.where(second, y02, y0))
    y1 = (r - y0) - w
    neg = x < 0.0
    n, y0, y1 = np.where(neg, -n, n), np.where(neg, -y0, y0), np.where(neg, -y1, y1)
    one = ix < 0x4002D97C
    return (np.where(one, np.where(hx_pos, 1, -1), n), np.where(one, y0_one, y0), np.where(one, y1_one, y1))


def _sin_cos(x: np.ndarray, cosine: bool) -> np.ndarray:
    """fdmath.sin or cos per lane: |x| <= pi/4 unreduced; up to 2**20*pi/2
    reduced by fdmath._rem_pio2's first cases (n = +-1, the medium rounds);
    larger |x|, inf and NaN (rare: a diverging net) by fdmath per element."""
    if x.size < SCALAR_BELOW:
        return _scalar(fdmath.cos if cosine else fdmath.sin, x)
    ix = _high(x) & 0x7FFFFFFF
    small = ix <= 0x3FE921FB  # |x| ~<= pi/4: no reduction
    large = ix > 0x413921FB  # beyond 2**20*pi/2 (inf, NaN too): fdmath per element
    xs = np.where(large, 1.0, x)
    ixs = np.where(large, 0x3FF00000, ix)
    n, y0, y1 = _rem_pio2(xs, ixs)
    n = np.where(small, 0, n) & 3
    y0 = np.where(small, xs, y0)
    y1 = np.where(small, 0.0, y1)
    s = _kernel_sin(y0, y1, small)
    c = _kernel_cos(y0, y1)
    if cosine:
        res = np.where(n == 0, c, np.where(n == 1, -s, np.where(n == 2, -c, s)))
    else:
        res = np.where(n == 0, s, np.where(n == 1, c, np.where(n == 2, -s, -c)))
    if large.any():
        res[large] = _scalar(fdmath.cos if cosine else fdmath.sin, x[large])
    return res


def sin(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.sin`` on every element of a float64 array (new array)."""
    return _sin_cos(x, cosine=False)


def cos(x: np.ndarray) -> np.ndarray:
    """V8's ``Math.cos`` on every element of a float64 array (new array)."""
    return _sin_cos(x, cosine=True)
