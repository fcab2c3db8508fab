"""Bit-exact ports of the browser's ``Math.sin/cos/tanh/exp/log`` (fdlibm 5.3).

Why this exists: TensorFlow Playground runs in the browser, where V8 computes
``Math.tanh``, ``Math.exp`` etc. with its own port of Sun's fdlibm 5.3
(``src/base/ieee754.cc``), not with the C library.  The C library (glibc,
``math.*``, ``np.*``) returns a different last bit for a few per cent of
arguments.  Training a network is chaotic: one flipped bit in one activation
grows, within a few hundred epochs, into visibly different weights, losses and
decision boundaries.  To replay a playground run step for step we must
therefore compute exactly what V8 computes; these functions do, bit for bit,
including ``+-0``, infinities, NaN, subnormals and huge arguments.

Units and shapes: every function maps one ``float`` to one ``float``
(float64 scalars, no arrays); ``sin``/``cos`` take radians; ``log`` is the
natural logarithm, ``log1p(x)`` is ``log(1 + x)`` accurate near 0.  Plain
``+ - * /`` and ``math.sqrt`` are exact IEEE
operations and are used freely; anything that rounds differently is not.

Every function is marked ``@jitable``: the same source runs as plain Python
(the readable reference path, data generation, the uncompiled training path)
and compiles into ``@njit`` code (the training kernel calls ``fdmath.tanh`` /
``fdmath.exp`` per neuron per sample). Importing this module does not import
numba (the first frame and small headless jobs never need it);
``register_with_numba()``, called by engine/kernels.py before it defines its
kernels, registers them all with ``numba.extending.register_jitable``.  ``tanh`` and ``exp`` are the hot ones: they are inlined into the
caller (numba ``inline='always'``; ``expm1`` is left to LLVM, because inlining it
too at the numba level costs seconds of compile time and gains nothing), and
in them and ``expm1`` fdlibm's tests on the high word of ``x`` are written as
exact float comparisons on ``|x|``: a test ``ix < H`` on the high word of
``|x|`` is the same as ``|x| < d(H)``, where ``d(H)`` is the double whose high
word is ``H`` and low word 0 (the smallest double with that high word), and
``ix > H`` is ``|x| >= d(H + 1)``.  The cold functions (sin, cos, log) keep
fdlibm's word arithmetic through a scalar bit view.  Never compile callers
with ``fastmath``: fused multiply-adds change the rounding.

``tanh_lanes`` is ``tanh`` again, bit for bit, without data-dependent branches,
so that a numba loop over an array of arguments vectorises (AVX2: four at a
time, ~4x the throughput of ``tanh`` per element); ``tanh_into(src, dst)`` is
that loop, usable in place.  For single calls ``tanh`` stays the faster one.

Usage from numba::

    from numba import njit
    from tui_playground.engine import fdmath

    @njit
    def activate(z):
        return fdmath.tanh(z)
"""

import math
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

__all__ = ["sin", "cos", "tanh", "tanh_lanes", "tanh_into", "exp", "expm1", "log", "log1p"]

# (function, register_jitable options), in definition order
_JITABLE: list[tuple[Callable[..., Any], dict[str, Any]]] = []
_registered = 0  # how many of _JITABLE are registered with numba


_F = TypeVar("_F", bound=Callable[..., Any])


def register_jitable(**options: Any) -> Callable[[_F], _F]:
    """Mark a function for numba (see ``register_with_numba``); it stays the
    plain Python function it is. ``compiled_as=twin``: compiled callers get
    ``twin`` instead, a function giving the same values that compiles better."""
    def mark(fn: _F) -> _F:
        _JITABLE.append((fn, options))
        return fn
    return mark


def register_with_numba() -> None:
    """Make every function marked so far callable from ``@njit`` code
    (idempotent; functions marked later, in modules imported later, by the
    next call). numba's ``register_jitable`` returns the function itself, so
    the module's names stay the same objects; compiled callers resolve them at
    compile time."""
    global _registered
    if _registered == len(_JITABLE):
        return
    from numba.extending import overload
    from numba.extending import register_jitable as numba_jitable

    for fn, options in _JITABLE[_registered:]:
        options = dict(options)  # numba's decorator pops from its keywords
        twin = options.pop("compiled_as", None)
        if twin is not None:
            overload(fn, inline=options.get("inline", "never"), strict=False)(lambda *args, twin=twin: twin)
        elif options:
            numba_jitable(**options)(fn)
        else:
            numba_jitable(fn)
    _registered = len(_JITABLE)


def _w(hi: int, lo: int = 0) -> float:
    """The double whose IEEE-754 high and low 32-bit words are ``hi``, ``lo``.

    Used at import time only, so every constant below is spelled with the very
    words fdlibm gives (its decimal literal is in the comment).
    """
    return float(np.array((hi << 32) | lo, dtype=np.uint64).view(np.float64))


INF = math.inf
NAN = math.nan

# --- exp / expm1 ------------------------------------------------------------
LN2_HI = _w(0x3FE62E42, 0xFEE00000)  # 6.93147180369123816490e-01
LN2_LO = _w(0x3DEA39EF, 0x35793C76)  # 1.90821492927058770002e-10
INVLN2 = _w(0x3FF71547, 0x652B82FE)  # 1.44269504088896338700e+00
O_THRESHOLD = _w(0x40862E42, 0xFEFA39EF)  # 7.09782712893383973096e+02
U_THRESHOLD = _w(0xC0874910, 0xD52D3051)  # -7.45133219101941108420e+02
E = _w(0x4005BF0A, 0x8B145769)  # 2.718281828459045, V8 returns it for exp(1)
TWO1023 = _w(0x7FE00000)  # 2**1023
TWOM1000 = _w(0x01700000)  # 2**-1000
P1 = _w(0x3FC55555, 0x5555553E)  # 1.66666666666666019037e-01
P2 = _w(0xBF66C16C, 0x16BEBD93)  # -2.77777777770155933842e-03
P3 = _w(0x3F11566A, 0xAF25DE2C)  # 6.61375632143793436117e-05
P4 = _w(0xBEBBBD41, 0xC5D26BF1)  # -1.65339022054652515390e-06
P5 = _w(0x3E663769, 0x72BEA4D0)  # 4.13813679705723846039e-08
# expm1's Q's are scaled by 2**n because it uses hxs = x*x/2 instead of x*x.
Q1 = _w(0xBFA11111, 0x111110F4)  # -3.33333333333331316428e-02
Q2 = _w(0x3F5A01A0, 0x19FE5585)  # 1.58730158725481460165e-03
Q3 = _w(0xBF14CE19, 0x9EAADBB7)  # -7.93650757867487942473e-05
Q4 = _w(0x3ED0CFCA, 0x86E65239)  # 4.00821782732936239552e-06
Q5 = _w(0xBE8AFDB7, 0x6E09C32D)  # -2.01099218183624371326e-07
# High-word thresholds as exact doubles d(H) (see module docstring).
HW_EXPM1_HUGE = _w(0x4043687A)  # ix >= 0x4043687A: |x| >= 56*ln2 (38.816...)
HW_EXP_HUGE = _w(0x40862E42)  # ix >= 0x40862E42: |x| >= 709.78...
HW_HALF_LN2 = _w(0x3FD62E43)  # ix > 0x3FD62E42: |x| > 0.5*ln2
HW_3HALF_LN2 = _w(0x3FF0A2B2)  # ix < 0x3FF0A2B2: |x| < 1.5*ln2
HW_2M28 = _w(0x3E300000)  # 2**-28
HW_2M54 = _w(0x3C900000)  # 2**-54
HW_22 = _w(0x40360000)  # 22.0, where tanh rounds to +-1

# --- log --------------------------------------------------------------------
TWO54 = _w(0x43500000)  # 1.80143985094819840000e+16
LG1 = _w(0x3FE55555, 0x55555593)  # 6.666666666666735130e-01
LG2 = _w(0x3FD99999, 0x9997FA04)  # 3.999999999940941908e-01
LG3 = _w(0x3FD24924, 0x94229359)  # 2.857142874366239149e-01
LG4 = _w(0x3FCC71C5, 0x1D8E78AF)  # 2.222219843214978396e-01
LG5 = _w(0x3FC74664, 0x96CB03DE)  # 1.818357216161805012e-01
LG6 = _w(0x3FC39A09, 0xD078C69F)  # 1.531383769920937332e-01
LG7 = _w(0x3FC2F112, 0xDF3E5244)  # 1.479819860511658591e-01

# --- sin / cos kernels on [-pi/4, pi/4] --------------------------------------
S1 = _w(0xBFC55555, 0x55555549)  # -1.66666666666666324348e-01
S2 = _w(0x3F811111, 0x1110F8A6)  # 8.33333333332248946124e-03
S3 = _w(0xBF2A01A0, 0x19C161D5)  # -1.98412698298579493134e-04
S4 = _w(0x3EC71DE3, 0x57B1FE7D)  # 2.75573137070700676789e-06
S5 = _w(0xBE5AE5E6, 0x8A2B9CEB)  # -2.50507602534068634195e-08
S6 = _w(0x3DE5D93A, 0x5ACFD57C)  # 1.58969099521155010221e-10
C1 = _w(0x3FA55555, 0x5555554C)  # 4.16666666666666019037e-02
C2 = _w(0xBF56C16C, 0x16C15177)  # -1.38888888888741095749e-03
C3 = _w(0x3EFA01A0, 0x19CB1590)  # 2.48015872894767294178e-05
C4 = _w(0xBE927E4F, 0x809C52AD)  # -2.75573143513906633035e-07
C5 = _w(0x3E21EE9E, 0xBDB4B1C4)  # 2.08757232129817482790e-09
C6 = _w(0xBDA8FAE9, 0xBE8838D4)  # -1.13596475577881948265e-11

# --- argument reduction x -> x - n*pi/2 --------------------------------------
INVPIO2 = _w(0x3FE45F30, 0x6DC9C883)  # 53 bits of 2/pi
PIO2_1 = _w(0x3FF921FB, 0x54400000)  # first 33 bits of pi/2
PIO2_1T = _w(0x3DD0B461, 0x1A626331)  # pi/2 - PIO2_1
PIO2_2 = _w(0x3DD0B461, 0x1A600000)  # second 33 bits of pi/2
PIO2_2T = _w(0x3BA3198A, 0x2E037073)  # pi/2 - (PIO2_1 + PIO2_2)
PIO2_3 = _w(0x3BA3198A, 0x2E000000)  # third 33 bits of pi/2
PIO2_3T = _w(0x397B839A, 0x252049C1)  # pi/2 - (PIO2_1 + PIO2_2 + PIO2_3)
TWO24 = _w(0x41700000)  # 2**24
TWON24 = _w(0x3E700000)  # 2**-24
# High words of n*pi/2, n = 1..32: an argument this close to a multiple of
# pi/2 may cancel, so the medium path checks it before trusting one round.
NPIO2_HW = np.array([
    0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C,
    0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C,
    0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A,
    0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
    0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB,
    0x404858EB, 0x404921FB,
], dtype=np.int64)
# 2/pi in 24-bit chunks (396 hex digits), for arguments >= 2**20*pi/2.
TWO_OVER_PI = np.array([
    0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62, 0x95993C,
    0x439041, 0xFE5163, 0xABDEBB, 0xC561B7, 0x246E3A, 0x424DD2, 0xE00649,
    0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129, 0xA73EE8, 0x8235F5, 0x2EBB44,
    0x84E99C, 0x7026B4, 0x5F7E41, 0x3991D6, 0x398353, 0x39F49C, 0x845F8B,
    0xBDF928, 0x3B1FF8, 0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D,
    0x367ECF, 0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5,
    0xF17B3D, 0x0739F7, 0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08, 0x560330,
    0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3, 0x91615E, 0xE61B08,
    0x659985, 0x5F14A0, 0x68408D, 0xFFD880, 0x4D7327, 0x310606, 0x1556CA,
    0x73A8C9, 0x60E27B, 0xC08C6B,
], dtype=np.int64)
# pi/2 in 24-bit chunks.
PIO2_CHUNKS = np.array([
    _w(0x3FF921FB, 0x40000000), _w(0x3E74442D, 0x00000000),
    _w(0x3CF84698, 0x80000000), _w(0x3B78CC51, 0x60000000),
    _w(0x39F01B83, 0x80000000), _w(0x387A2520, 0x40000000),
    _w(0x36E38222, 0x80000000), _w(0x3569F31D, 0x00000000),
])


# --- word access (numba compiles the scalar views to plain bit casts) --------

@register_jitable(inline="always")
def _high(x: float) -> int:
    """Signed high 32-bit word of the double ``x`` (fdlibm GET_HIGH_WORD)."""
    return int(np.float64(x).view(np.int64) >> 32)


@register_jitable(inline="always")
def _low(x: float) -> int:
    """Unsigned low 32-bit word of the double ``x`` (fdlibm GET_LOW_WORD)."""
    return int(np.float64(x).view(np.int64) & 0xFFFFFFFF)


@register_jitable(inline="always")
def _set_high(x: float, hi: int) -> float:
    """``x`` with its high word replaced by ``hi`` (0 <= hi < 2**31)."""
    low = np.float64(x).view(np.int64) & 0xFFFFFFFF
    return float(np.int64((np.int64(hi) << 32) | low).view(np.float64))


def _pow2_bits(k: int) -> float:
    """2.0**k, exact, for -1022 <= k <= 1023 (k == 1024 gives inf, unused):
    _pow2 in compiled code (a bit cast; LLVM folds it into the caller)."""
    return float(np.int64((k + 1023) << 52).view(np.float64))


@register_jitable(inline="always", compiled_as=_pow2_bits)
def _pow2(k: int) -> float:
    """2.0**k, exact, for -1074 <= k <= 1023 (callers never pass 1024).
    Plain Python uses ldexp (a NumPy scalar view costs ~2 us a call here)."""
    return math.ldexp(1.0, k)


# --- exp, expm1, tanh (hot: float comparisons on |x| instead of words) -------

@register_jitable()
def _reduce_ln2(x: float, ax: float) -> tuple[int, float, float]:
    """Split ``x = k*ln2 + (hi - lo)`` for ``|x| > 0.5*ln2``; returns k, hi, lo."""
    if ax < HW_3HALF_LN2:  # k is +-1: skip the multiply
        if x > 0.0:
            return 1, x - LN2_HI, LN2_LO
        return -1, x + LN2_HI, -LN2_LO
    k = int(INVLN2 * x + (0.5 if x > 0.0 else -0.5))  # C cast truncates
    t = float(k)
    return k, x - t * LN2_HI, t * LN2_LO  # t*LN2_HI is exact


@register_jitable(inline="always")
def exp(x: float) -> float:
    """e**x as V8's ``Math.exp`` (fdlibm e_exp.c with V8's exp(1) == E)."""
    ax = abs(x)
    if not ax < HW_EXP_HUGE:  # |x| >= 709.78, inf or NaN
        if x != x:
            return x + x
        if x > O_THRESHOLD:  # overflow, or +inf
            return INF
        if x < U_THRESHOLD:  # underflow, or -inf
            return 0.0
    if ax < HW_HALF_LN2:  # already reduced: k = 0
        if ax < HW_2M28:
            return 1.0 + x
        return _exp_kernel(x, 0.0, 0)
    if x == 1.0:  # V8 special-cases exp(1): the formula is 1 ulp off
        return E
    k, hi, lo = _reduce_ln2(x, ax)
    return _exp_kernel(hi, lo, k)


@register_jitable()
def _exp_kernel(hi: float, lo: float, k: int) -> float:
    """2**k * e**(hi - lo) for |hi - lo| <= 0.5*ln2 (lo = 0 when k = 0)."""
    x = hi - lo
    t = x * x
    c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        if k == 1024:
            return y * 2.0 * TWO1023
        return y * _pow2(k)
    return y * _pow2(k + 1000) * TWOM1000  # subnormal result: one rounding


@register_jitable()
def _expm1_scale(x: float, e: float, hxs: float, c: float, k: int) -> float:
    """expm1 for reduced ``x`` (with error ``c``) and ``k != 0``: rescale by 2**k."""
    e = (x * (e - c) - c) - hxs
    if k == -1:
        return 0.5 * (x - e) - 0.5
    if k == 1:
        if x < -0.25:
            return -2.0 * (e - (x + 0.5))
        return 1.0 + 2.0 * (x - e)
    if k <= -2 or k > 56:  # 1 is negligible or dominant: plain exp(x)-1
        y = 1.0 - (e - x)
        if k == 1024:
            return y * 2.0 * TWO1023 - 1.0
        return y * _pow2(k) - 1.0
    if k < 20:
        return ((1.0 - _pow2(-k)) - (e - x)) * _pow2(k)  # 1-2**-k is exact
    return ((x - (e + _pow2(-k))) + 1.0) * _pow2(k)


@register_jitable()
def expm1(x: float) -> float:
    """e**x - 1, accurate near 0 (fdlibm s_expm1.c, as in V8)."""
    ax = abs(x)
    if not ax < HW_EXPM1_HUGE:  # |x| >= 56*ln2, inf or NaN
        if not ax < HW_EXP_HUGE:
            if x != x:
                return x + x
            if ax == INF:
                return x if x > 0.0 else -1.0
            if x > O_THRESHOLD:
                return INF
        if x < 0.0:  # e**x is below half an ulp of 1
            return -1.0
    k, c = 0, 0.0
    if ax >= HW_HALF_LN2:
        k, hi, lo = _reduce_ln2(x, ax)
        x = hi - lo
        c = (hi - x) - lo  # what the rounding of hi - lo lost
    elif ax < HW_2M54:
        return x
    hfx = 0.5 * x
    hxs = x * hfx
    r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - x * t))
    if k == 0:
        return x - (x * e - hxs)
    return _expm1_scale(x, e, hxs, c, k)


@register_jitable(inline="always")
def tanh(x: float) -> float:
    """Hyperbolic tangent as V8's ``Math.tanh`` (fdlibm s_tanh.c)."""
    ax = abs(x)
    if ax < HW_2M28:  # tanh(x) = x to working precision; keeps -0.0
        return x
    # The magnitudes below are >= 0, so copysign is fdlibm's (x < 0 ? -z : z).
    if ax < 1.0:
        t = expm1(-2.0 * ax)
        return math.copysign(-t / (t + 2.0), x)
    if ax < HW_22:
        return math.copysign(1.0 - 2.0 / (expm1(2.0 * ax) + 2.0), x)
    if x != x:
        return x + x
    return math.copysign(1.0, x)  # |x| >= 22 or inf: 1 - tiny rounds to 1


# --- tanh without branches, for SIMD loops ------------------------------------
#
# tanh_lanes(x) == tanh(x) bit for bit, for every double x, but written without
# data-dependent branches so that LLVM can vectorise a loop over it (AVX2: four
# lanes per instruction).  Every alternative fdlibm might take is computed and
# the right one selected; the selected value is produced by the very IEEE
# operations, in the same order, as in tanh / expm1 / _expm1_scale above.  Where
# the formula looks different it is equal by an exact identity:
#   * k = +-1 reduction: y - (+-1.0 * LN2_HI) is y -+ LN2_HI (a - (-b) is
#     a + b in IEEE), and +-1.0 * LN2_LO is exactly +-LN2_LO;
#   * k = 0 (no reduction): y - 0.0 * LN2_HI - 0.0 * LN2_LO is y (also for
#     y = -0.0), and c, the reduction error, is not used by the k = 0 result;
#   * the "k < 20" rescaling ((1 - 2**-k) - (e - x)) * 2**k is followed by
#     "- 0.0", which returns its argument unchanged (-0.0 - 0.0 == -0.0), so it
#     shares one expression with the "k <= -2 or k > 56" case (... - 1.0).
# Domain of the shared body: tanh needs expm1(y) for y = -2|x| (|x| < 1, so
# k in {0, -1, -2, -3}) or y = 2|x| (1 <= |x| < 22, k in 3..63); expm1's
# k == 1 case never occurs.  |x| < 2**-28, |x| >= 22, +-inf and NaN are
# selected at the end; their lanes run the body on a harmless 1.0 instead.
# The body builds 2**k from the bits of k + 1023 (kept as a double: AVX2 has no
# packed double -> int64 conversion), truncates with np.trunc (vroundpd), and
# divides with np.divide: numba's "/" on floats checks for division by zero
# (a branch that blocks vectorisation); np.divide is a bare IEEE division.
# Neither divisor can be 0 here (6 - x*t ~ 6, expm1 + 2 >= 1).

_POW2_MAGIC = 4503599627370496.0 + 1023.0  # 2**52 + exponent bias


@register_jitable(inline="always")
def _pow2_lanes(kf: float) -> float:
    """2.0**kf for an integral double -1022 <= kf <= 1023, by bit arithmetic.

    kf + 2**52 + 1023 holds kf + 1023 in its low mantissa bits (exactly);
    shifting them into the exponent field drops everything else.
    """
    bits = np.float64(kf + _POW2_MAGIC).view(np.int64) << np.int64(52)
    return np.int64(bits).view(np.float64)


@register_jitable(inline="always")
def tanh_lanes(x: float) -> float:
    """``tanh(x)`` bit for bit (V8's ``Math.tanh``), branch-free for SIMD loops.

    Slower than ``tanh`` for a single call (it evaluates every case); use it
    in loops over many arguments, such as ``tanh_into``.
    """
    ax = abs(x)
    body = ax < HW_22  # False for NaN too
    a = ax if body else 1.0  # keep inf/NaN/huge lanes out of the arithmetic
    small = a < 1.0
    y = -2.0 * a if small else 2.0 * a  # expm1's argument
    ay = 2.0 * a
    # expm1: y = k*ln2 + (hi - lo), selecting fdlibm's k.
    pos = y > 0.0
    kf = np.trunc(INVLN2 * y + (0.5 if pos else -0.5))  # C's (int) cast
    kf = (1.0 if pos else -1.0) if ay < HW_3HALF_LN2 else kf
    kf = 0.0 if ay < HW_HALF_LN2 else kf
    hi = y - kf * LN2_HI
    lo = kf * LN2_LO
    r = hi - lo
    c = (hi - r) - lo
    hfx = 0.5 * r
    hxs = r * hfx
    r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * np.divide(r1 - t, 6.0 - r * t)
    em1_k0 = r - (r * e - hxs)
    # _expm1_scale, k != 0
    e = (r * (e - c) - c) - hxs
    em1_km1 = 0.5 * (r - e) - 0.5
    two_k = _pow2_lanes(kf)
    two_mk = _pow2_lanes(-kf)
    far = (kf <= -2.0) | (kf > 56.0)
    one_minus = 1.0 if far else 1.0 - two_mk
    minus = 1.0 if far else 0.0
    em1_far_lt20 = (one_minus - (e - r)) * two_k - minus
    em1_20_56 = ((r - (e + two_mk)) + 1.0) * two_k
    em1 = em1_far_lt20 if (far | (kf < 20.0)) else em1_20_56
    em1 = em1_km1 if kf == -1.0 else em1
    em1 = em1_k0 if kf == 0.0 else em1
    # tanh: -t/(t+2) for |x| < 1, 1 - 2/(t+2) for 1 <= |x| < 22.
    q = np.divide(-em1 if small else 2.0, em1 + 2.0)
    q = q if small else 1.0 - q
    res = math.copysign(q, x) if body else math.copysign(1.0, x)
    res = x + x if x != x else res
    return float(x if ax < HW_2M28 else res)


@register_jitable(inline="always")
def tanh_into(src: NDArray[np.float64], dst: NDArray[np.float64]) -> None:
    """``dst[p] = tanh(src[p])`` for p < len(src), bit-exact; dst may be src.

    A vectorisable loop over ``tanh_lanes`` (1-D float64 arrays).  Inlined into
    njit callers, so ``tanh_into(row, row)`` vectorises in place as well.
    """
    for p in range(src.shape[0]):
        dst[p] = tanh_lanes(src[p])


# --- log ----------------------------------------------------------------------

@register_jitable()
def log(x: float) -> float:
    """Natural logarithm as V8's ``Math.log`` (fdlibm e_log.c)."""
    hx = _high(x)
    k = 0
    if hx < 0x00100000:  # x < 2**-1022: zero, subnormal or negative
        if ((hx & 0x7FFFFFFF) | _low(x)) == 0:
            return -INF
        if hx < 0:
            return NAN
        k -= 54
        x *= TWO54  # scale the subnormal up
        hx = _high(x)
    if hx >= 0x7FF00000:
        return x + x
    k += (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000  # mantissa >= sqrt(2): use x/2, k+1
    x = _set_high(x, hx | (i ^ 0x3FF00000))
    k += i >> 20
    f = x - 1.0
    if (0x000FFFFF & (2 + hx)) < 3:  # -2**-20 <= f < 2**-20
        return _log_near_one(f, k)
    return _log_general(f, k, hx)


@register_jitable()
def _log_near_one(f: float, k: int) -> float:
    """k*ln2 + log(1+f) for |f| < 2**-20, by a short series."""
    dk = float(k)
    if f == 0.0:
        if k == 0:
            return 0.0
        return dk * LN2_HI + dk * LN2_LO
    r = f * f * (0.5 - 0.33333333333333333 * f)
    if k == 0:
        return f - r
    return dk * LN2_HI - ((r - dk * LN2_LO) - f)


@register_jitable()
def _log_general(f: float, k: int, hx: int) -> float:
    """k*ln2 + log(1+f) via s = f/(2+f); ``hx`` = mantissa high bits of 1+f."""
    s = f / (2.0 + f)
    dk = float(k)
    z = s * s
    w = z * z
    t1 = w * (LG2 + w * (LG4 + w * LG6))
    t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)))
    r = t2 + t1
    if ((hx - 0x6147A) | (0x6B851 - hx)) > 0:  # 1+f in (1.38, 1.42): hfsq form
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + r))
        return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
    if k == 0:
        return f - s * (f - r)
    return dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)



@register_jitable()
def log1p(x: float) -> float:
    """log(1 + x), accurate near 0, as V8's ``Math.log1p`` (fdlibm s_log1p.c).

    Used by the softplus activation and the cross-entropy loss, whose stable
    forms need log(1 + e) for tiny e (plain log would round 1 + e to 1).
    """
    hx = _high(x)
    ax = hx & 0x7FFFFFFF
    k, f, c, hu = 1, 0.0, 0.0, 0
    if hx < 0x3FDA827A:  # 1 + x < sqrt(2), or x negative
        if ax >= 0x3FF00000:  # x <= -1
            return -INF if x == -1.0 else NAN
        if ax < 0x3E200000:  # |x| < 2**-29
            if ax < 0x3C900000:  # |x| < 2**-54
                return x
            return x - x * x * 0.5
        if hx > 0 or hx <= -1076707644:  # (int32)0xBFD2BEC4: -0.2929 < x < 0.41422
            k, f, hu = 0, x, 1
    if hx >= 0x7FF00000:  # +inf or NaN
        return x + x
    if k != 0:
        k, f, c, hu = _log1p_reduce(x, hx)
    return _log1p_poly(f, c, k, hu)


@register_jitable()
def _log1p_reduce(x: float, hx: int) -> tuple[int, float, float, int]:
    """1 + x = 2**k * (1 + f) with sqrt(2)/2 <= 1 + f < sqrt(2); c corrects the
    rounding of 1 + x. Returns k, f, c and the mantissa's high bits (0: |f| < 2**-20)."""
    if hx < 0x43400000:  # x < 2**53
        u = 1.0 + x
        hu = _high(u)
        k = (hu >> 20) - 1023
        c = 1.0 - (u - x) if k > 0 else x - (u - 1.0)
        c /= u
    else:
        u = x
        hu = _high(u)
        k = (hu >> 20) - 1023
        c = 0.0
    hu &= 0x000FFFFF
    if hu < 0x6A09E:  # u < sqrt(2): normalize u
        u = _set_high(u, hu | 0x3FF00000)
    else:  # normalize u/2
        k += 1
        u = _set_high(u, hu | 0x3FE00000)
        hu = (0x00100000 - hu) >> 2
    return k, u - 1.0, c, hu


@register_jitable()
def _log1p_poly(f: float, c: float, k: int, hu: int) -> float:
    """k*ln2 + log(1 + f) + c for the reduced f (fdlibm's series in s = f/(2+f))."""
    dk = float(k)
    hfsq = 0.5 * f * f
    if hu == 0:  # |f| < 2**-20
        if f == 0.0:
            if k == 0:
                return 0.0
            c += dk * LN2_LO
            return dk * LN2_HI + c
        r = hfsq * (1.0 - 0.66666666666666666 * f)
        if k == 0:
            return f - r
        return dk * LN2_HI - ((r - (dk * LN2_LO + c)) - f)
    s = f / (2.0 + f)
    z = s * s
    r = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))))
    if k == 0:
        return f - (hfsq - s * (hfsq + r))
    return dk * LN2_HI - ((hfsq - (s * (hfsq + r) + (dk * LN2_LO + c))) - f)

# --- sin, cos -------------------------------------------------------------------

@register_jitable()
def _kernel_sin(x: float, y: float, iy: int) -> float:
    """sin(x + y) for |x| <= pi/4, y the tail of x; iy == 0 means y is 0."""
    if abs(x) < 7.450580596923828e-09:  # |x| < 2**-27 (ix < 0x3E400000)
        return x
    z = x * x
    v = z * x
    r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)))
    if iy == 0:
        return x + v * (S1 + z * r)
    return x - ((z * (0.5 * y - v * r) - y) - v * S1)


@register_jitable()
def _kernel_cos(x: float, y: float) -> float:
    """cos(x + y) for |x| <= pi/4, y the tail of x (fdlibm 5.3 k_cos.c)."""
    ix = _high(x) & 0x7FFFFFFF
    if ix < 0x3E400000:  # |x| < 2**-27
        return 1.0
    z = x * x
    r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))))
    if ix < 0x3FD33333:  # |x| < 0.3
        return 1.0 - (0.5 * z - (z * r - x * y))
    # Subtract an exact qx ~ x*x/2 first so the rounding error shrinks.
    if ix > 0x3FE90000:  # |x| > 0.78125
        qx = 0.28125
    else:
        qx = _set_high(0.0, ix - 0x00200000)  # |x|/4, low word dropped
    return (1.0 - qx) - ((0.5 * z - qx) - (z * r - x * y))


@register_jitable()
def _rem_pio2_medium(x: float, ix: int) -> tuple[int, float, float]:
    """n, y0, y1 with x - n*pi/2 = y0 + y1, for 3pi/4 <= |x| <= 2**20*pi/2."""
    t = abs(x)
    n = int(t * INVPIO2 + 0.5)
    fn = float(n)
    r = t - fn * PIO2_1
    w = fn * PIO2_1T  # first round good to 85 bits
    y0 = r - w
    if n >= 32 or ix == NPIO2_HW[n - 1]:  # cancellation possible: check it
        j = ix >> 20
        if j - ((_high(y0) >> 20) & 0x7FF) > 16:  # second round, 118 bits
            t = r
            w = fn * PIO2_2
            r = t - w
            w = fn * PIO2_2T - ((t - r) - w)
            y0 = r - w
            if j - ((_high(y0) >> 20) & 0x7FF) > 49:  # third round, 151 bits
                t = r
                w = fn * PIO2_3
                r = t - w
                w = fn * PIO2_3T - ((t - r) - w)
                y0 = r - w
    y1 = (r - y0) - w
    if x < 0.0:
        return -n, -y0, -y1
    return n, y0, y1


@register_jitable()
def _rem_pio2(x: float) -> tuple[int, float, float]:
    """n, y0, y1 with x - n*pi/2 = y0 + y1, |y0| <= ~pi/4, for finite |x| > pi/4."""
    hx = _high(x)
    ix = hx & 0x7FFFFFFF
    if ix < 0x4002D97C:  # |x| < 3pi/4: n = +-1
        if hx > 0:
            z = x - PIO2_1
            if ix != 0x3FF921FB:  # 33+53 bits of pi/2 suffice
                y0 = z - PIO2_1T
                return 1, y0, (z - y0) - PIO2_1T
            z -= PIO2_2  # near pi/2: 33+33+53 bits
            y0 = z - PIO2_2T
            return 1, y0, (z - y0) - PIO2_2T
        z = x + PIO2_1
        if ix != 0x3FF921FB:
            y0 = z + PIO2_1T
            return -1, y0, (z - y0) + PIO2_1T
        z += PIO2_2
        y0 = z + PIO2_2T
        return -1, y0, (z - y0) + PIO2_2T
    if ix <= 0x413921FB:  # |x| ~<= 2**20*pi/2
        return _rem_pio2_medium(x, ix)
    return _rem_pio2_large(x, ix)


@register_jitable()
def _rem_pio2_large(x: float, ix: int) -> tuple[int, float, float]:
    """Argument reduction for |x| > 2**20*pi/2: split |x| into 24-bit chunks."""
    e0 = (ix >> 20) - 1046  # ilogb(|x|) - 23
    z = _set_high(abs(x), ix - (e0 << 20))  # |x| * 2**-e0, in [2**23, 2**24)
    tx = np.zeros(3)
    for i in range(2):
        tx[i] = float(int(z))
        z = (z - tx[i]) * TWO24
    tx[2] = z
    nx = 3
    while tx[nx - 1] == 0.0:
        nx -= 1
    n, y0, y1 = _kernel_rem_pio2(tx, nx, e0)
    if x < 0.0:
        return -n, -y0, -y1
    return n, y0, y1


@register_jitable()
def _kernel_rem_pio2(x: NDArray[np.float64], nx: int, e0: int) -> tuple[int, float, float]:
    """fdlibm k_rem_pio2.c at double precision (prec=2, jk=4).

    ``x[:nx]`` are 24-bit integer chunks of |arg| scaled by 2**-e0.  Computes
    the fraction of arg*2/pi using only the bits of 2/pi that matter mod 8.
    Returns (n mod 8, y0, y1) with arg - n*pi/2 = y0 + y1.
    """
    jk = 4
    jx = nx - 1
    jv = max((e0 - 3) // 24, 0)  # floor vs C's truncation: same after clamp
    q0 = e0 - 24 * (jv + 1)
    f = np.zeros(20)
    q = np.zeros(20)
    iq = np.zeros(20, dtype=np.int64)
    for i in range(jx + jk + 1):
        j = jv - jx + i
        f[i] = 0.0 if j < 0 else float(TWO_OVER_PI[j])
    for i in range(jk + 1):
        q[i] = _chunk_product(x, f, jx, i)
    jz = jk
    while True:  # fdlibm's "recompute" loop
        z, n, ih = _distill(q, iq, jz, q0)
        if z != 0.0 or _any_nonzero(iq, jk, jz):
            break
        k = 1  # all fraction chunks vanished: bring in more bits of 2/pi
        while k <= jk and iq[jk - k] == 0:
            k += 1
        for i in range(jz + 1, jz + k + 1):
            f[jx + i] = float(TWO_OVER_PI[jv + i])
            q[i] = _chunk_product(x, f, jx, i)
        jz += k
    jz, q0 = _chop(iq, z, jz, q0)
    y0, y1 = _fraction_times_pio2(q, iq, jz, q0, ih)
    return n & 7, y0, y1


@register_jitable()
def _chunk_product(x: NDArray[np.float64], f: NDArray[np.float64], jx: int, i: int) -> float:
    """sum_j x[j] * f[jx + i - j]: one 24-bit column of arg * 2/pi."""
    fw = 0.0
    for j in range(jx + 1):
        fw += x[j] * f[jx + i - j]
    return fw


@register_jitable()
def _any_nonzero(iq: NDArray[np.int64], jk: int, jz: int) -> bool:
    """Whether any of iq[jk:jz] is nonzero (enough fraction bits seen)."""
    j = 0
    for i in range(jz - 1, jk - 1, -1):
        j |= iq[i]
    return j != 0


@register_jitable()
def _distill(q: NDArray[np.float64], iq: NDArray[np.int64], jz: int, q0: int) -> tuple[float, int, int]:
    """Split q[0..jz] into 24-bit iq[], take the integer part n mod 8.

    Returns (z, n, ih): z the leftover fraction, ih > 0 when the fraction is
    >= 0.5, in which case iq holds 1 - fraction and n was rounded up.
    """
    i = 0
    z = q[jz]
    for j in range(jz, 0, -1):
        fw = float(int(TWON24 * z))
        iq[i] = int(z - TWO24 * fw)
        z = q[j - 1] + fw
        i += 1
    z = math.ldexp(z, q0)
    z -= 8.0 * math.floor(z * 0.125)  # drop multiples of 8
    n = int(z)
    z -= float(n)
    ih = 0
    if q0 > 0:  # the lowest integer bits live in iq[jz-1]
        i = iq[jz - 1] >> (24 - q0)
        n += i
        iq[jz - 1] -= i << (24 - q0)
        ih = iq[jz - 1] >> (23 - q0)
    elif q0 == 0:
        ih = iq[jz - 1] >> 23
    elif z >= 0.5:
        ih = 2
    if ih > 0:
        n += 1
        z = _one_minus_fraction(iq, z, jz, q0, ih)
    return z, int(n), ih


@register_jitable()
def _one_minus_fraction(iq: NDArray[np.int64], z: float, jz: int, q0: int, ih: int) -> float:
    """Replace the fraction held in iq[0..jz) (and z) by 1 - fraction."""
    carry = 0
    for i in range(jz):
        j = iq[i]
        if carry == 0:
            if j != 0:
                carry = 1
                iq[i] = 0x1000000 - j
        else:
            iq[i] = 0xFFFFFF - j
    if q0 == 1:
        iq[jz - 1] &= 0x7FFFFF
    elif q0 == 2:
        iq[jz - 1] &= 0x3FFFFF
    if ih == 2:
        z = 1.0 - z
        if carry != 0:
            z -= math.ldexp(1.0, q0)
    return z


@register_jitable()
def _chop(iq: NDArray[np.int64], z: float, jz: int, q0: int) -> tuple[int, int]:
    """Drop trailing zero chunks or append z's chunks; returns (jz, q0)."""
    if z == 0.0:
        jz -= 1
        q0 -= 24
        while iq[jz] == 0:
            jz -= 1
            q0 -= 24
        return jz, q0
    z = math.ldexp(z, -q0)
    if z >= TWO24:
        fw = float(int(TWON24 * z))
        iq[jz] = int(z - TWO24 * fw)
        iq[jz + 1] = int(fw)
        return jz + 1, q0 + 24
    iq[jz] = int(z)
    return jz, q0


@register_jitable()
def _fraction_times_pio2(q: NDArray[np.float64], iq: NDArray[np.int64], jz: int, q0: int,
                         ih: int) -> tuple[float, float]:
    """(y0, y1): the fraction in iq[0..jz] (scaled 2**q0) times pi/2, signed."""
    fw = math.ldexp(1.0, q0)
    for i in range(jz, -1, -1):
        q[i] = fw * float(iq[i])
        fw *= TWON24
    fq = np.zeros(20)
    for i in range(jz, -1, -1):
        fw = 0.0
        k = 0
        while k <= 4 and k <= jz - i:
            fw += PIO2_CHUNKS[k] * q[i + k]
            k += 1
        fq[jz - i] = fw
    fw = 0.0
    for i in range(jz, -1, -1):
        fw += fq[i]
    y0 = fw
    fw = fq[0] - fw
    for i in range(1, jz + 1):
        fw += fq[i]
    if ih == 0:
        return float(y0), float(fw)
    return float(-y0), float(-fw)


@register_jitable()
def sin(x: float) -> float:
    """Sine of x radians as V8's ``Math.sin`` (fdlibm s_sin.c)."""
    if (_high(x) & 0x7FFFFFFF) <= 0x3FE921FB:  # |x| ~<= pi/4
        return _kernel_sin(x, 0.0, 0)
    if not abs(x) < INF:
        return x - x  # NaN for inf and NaN
    n, y0, y1 = _rem_pio2(x)
    n &= 3
    if n == 0:
        return _kernel_sin(y0, y1, 1)
    if n == 1:
        return _kernel_cos(y0, y1)
    if n == 2:
        return -_kernel_sin(y0, y1, 1)
    return -_kernel_cos(y0, y1)


@register_jitable()
def cos(x: float) -> float:
    """Cosine of x radians as V8's ``Math.cos`` (fdlibm s_cos.c)."""
    if (_high(x) & 0x7FFFFFFF) <= 0x3FE921FB:  # |x| ~<= pi/4
        return _kernel_cos(x, 0.0)
    if not abs(x) < INF:
        return x - x
    n, y0, y1 = _rem_pio2(x)
    n &= 3
    if n == 0:
        return _kernel_cos(y0, y1)
    if n == 1:
        return -_kernel_sin(y0, y1, 1)
    if n == 2:
        return -_kernel_cos(y0, y1)
    return _kernel_sin(y0, y1, 1)
