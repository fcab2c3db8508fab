"""fdmath reproduces V8's Math.sin/cos/tanh/exp/log bit for bit.

Reference data: tests/data/ref/v8_math_vectors.json (2000 arguments from the
browser engine) plus the hand-picked V8_EXTRA table below (edge cases and
arguments where glibc differs), produced by node 20 (V8 11.3).  Every check
runs on the plain-Python path and on the numba path.
"""

import json
import math
import shutil
import struct
import subprocess
from decimal import Decimal, localcontext
from pathlib import Path

import numba
import numpy as np
import pytest

from tui_playground.engine import fdmath

fdmath.register_with_numba()  # the @njit tests below call fdmath (engine/kernels.py does this too)

VECTORS = Path(__file__).parents[1] / "data" / "ref" / "v8_math_vectors.json"
NAMES = ("sin", "cos", "tanh", "exp", "log", "expm1")

# (x, sin, cos, tanh, exp, log, expm1) as IEEE-754 bit patterns, from V8 11.3.
# The first ten are arguments where glibc's tanh differs from V8's.
V8_EXTRA = [
    ("bfe0f6e0062eb4b2", "bfe02e4a8c5963a4", "3feb9b8d3ec13804", "bfdf12303dd7df40", "3fe2d532133f91c2", "7ffc000000000000", "bfda559bd980dc7b"),
    ("bfe0c0c37759d5e8", "bfdfff08bd428113", "3febb6c247ae5958", "bfdebf354ac0efb4", "3fe2f525a280dd02", "7ffc000000000000", "bfda15b4bafe45fc"),
    ("bfe0a6723ce76bb6", "bfdfd168422af190", "3febc3e11e6a8c45", "bfde96a8ce3b8581", "3fe304c35b3fdffb", "7ffc000000000000", "bfd9f6794980400a"),
    ("3fe02162d9e04cb8", "3fdee970d9235a5a", "3fec05172c63dddc", "3fddc7bdccb4b3b9", "3ffa7cbd9e945151", "bfe5ebc2950ce16f", "3fe4f97b3d28a2a2"),
    ("bfcc93f7b59d4d18", "bfcc5756a380e9a9", "3fef34abd5b3d3e5", "bfcc1cc8522f745c", "3fe998ccd398ea18", "7ffc000000000000", "bfc99cccb19c57a0"),
    ("bfcad878816e69a0", "bfcaa632b0a8985b", "3fef4c7cf16fd113", "bfca7572243f2380", "3fe9f2176fae36f9", "7ffc000000000000", "bfc837a24147241d"),
    ("3fc9980abf924700", "3fc96c783c0da1ea", "3fef5cc86434a796", "3fc94218df7fa4e8", "3ff38aa0b9a4d428", "bff9c13b47c85cf0", "3fcc5505cd26a143"),
    ("3dc9841251827e89", "3dc9841251827e89", "3ff0000000000000", "3dc9841251827e89", "3ff0000000033082", "c037cb1ec2028bbb", "3dc9841251850999"),
    ("3d6071e0a7b6fb47", "3d6071e0a7b6fb47", "3ff0000000000000", "3d6071e0a7b6fb47", "3ff0000000000839", "c03c6440aa8731bf", "3d6071e0a7b6ff81"),
    ("3ce874b60a0029f5", "3ce874b60a0029f5", "3ff0000000000000", "3ce874b60a0029f5", "3ff000000000000c", "c040c51c646cf10a", "3ce874b60a0029fe"),
    ("0000000000000000", "0000000000000000", "3ff0000000000000", "0000000000000000", "3ff0000000000000", "fff0000000000000", "0000000000000000"),
    ("8000000000000000", "8000000000000000", "3ff0000000000000", "8000000000000000", "3ff0000000000000", "fff0000000000000", "8000000000000000"),
    ("7ff0000000000000", "fff8000000000000", "fff8000000000000", "3ff0000000000000", "7ff0000000000000", "7ff0000000000000", "7ff0000000000000"),
    ("fff0000000000000", "fff8000000000000", "fff8000000000000", "bff0000000000000", "0000000000000000", "7ffc000000000000", "bff0000000000000"),
    ("0000000000000001", "0000000000000001", "3ff0000000000000", "0000000000000001", "3ff0000000000000", "c0874385446d71c3", "0000000000000001"),
    ("8000000000000001", "8000000000000001", "3ff0000000000000", "8000000000000001", "3ff0000000000000", "7ffc000000000000", "8000000000000001"),
    ("0010000000000000", "0010000000000000", "3ff0000000000000", "0010000000000000", "3ff0000000000000", "c086232bdd7abcd2", "0010000000000000"),
    ("7fefffffffffffff", "3f7452fc98b34e97", "bfefffe62ecfab75", "3ff0000000000000", "7ff0000000000000", "40862e42fefa39ef", "7ff0000000000000"),
    ("ffefffffffffffff", "bf7452fc98b34e97", "bfefffe62ecfab75", "bff0000000000000", "0000000000000000", "7ffc000000000000", "bff0000000000000"),
    ("3ff0000000000000", "3feaed548f090cee", "3fe14a280fb5068c", "3fe85efab514f394", "4005bf0a8b145769", "0000000000000000", "3ffb7e151628aed2"),
    ("bff0000000000000", "bfeaed548f090cee", "3fe14a280fb5068c", "bfe85efab514f394", "3fd78b56362cef38", "7ffc000000000000", "bfe43a54e4e98864"),
    ("3fe0000000000000", "3fdeaee8744b05f0", "3fec1528065b7d50", "3fdd9353d7568af3", "3ffa61298e1e069c", "bfe62e42fefa39ef", "3fe4c2531c3c0d38"),
    ("4000000000000000", "3fed18f6ead1b446", "bfdaa22657537205", "3feed9505e1bc3d4", "401d8e64b8d4ddae", "3fe62e42fefa39ef", "40198e64b8d4ddae"),
    ("4035ffffffffffff", "bf8220a29f6eb1f4", "bfefffadd8d4acda", "3ff0000000000000", "41eab5adb9c435e5", "4008ba74773dc5c7", "41eab5adb9a435e5"),
    ("4036000000000000", "bf8220a29f6eb9f4", "bfefffadd8d4acda", "3ff0000000000000", "41eab5adb9c43600", "4008ba74773dc5c8", "41eab5adb9a43600"),
    ("c036000000000000", "3f8220a29f6eb9f4", "bfefffadd8d4acda", "bff0000000000000", "3df32b48bf117da2", "7ffc000000000000", "bfefffffffd9a96f"),
    ("01a56e1fc2f8f359", "01a56e1fc2f8f359", "3ff0000000000000", "01a56e1fc2f8f359", "3ff0000000000000", "c085963447f87fb5", "01a56e1fc2f8f359"),
    ("3e30000000000000", "3e30000000000000", "3ff0000000000000", "3e30000000000000", "3ff0000001000000", "c033687a9f1af2b1", "3e30000000800000"),
    ("3e2fffffffffffff", "3e2fffffffffffff", "3ff0000000000000", "3e2fffffffffffff", "3ff0000001000000", "c033687a9f1af2b1", "3e30000000800000"),
    ("40862e42fefa39ef", "bfcb963d50b6322a", "3fef3f7a97bc6780", "3ff0000000000000", "7fefffffffffff2a", "401a428494faf1b1", "7fefffffffffff2a"),
    ("40862e42fefa39f0", "bfcb963d50b6228a", "3fef3f7a97bc685d", "3ff0000000000000", "7ff0000000000000", "401a428494faf1b1", "7ff0000000000000"),
    ("40862e4200000000", "bfcba5ccdd495327", "3fef3e9e897f30ad", "3ff0000000000000", "7feffc045693009d", "401a428466ff96fa", "7feffc045693009d"),
    ("c0874910d52d3051", "3fe16c51c71d9462", "bfead7464b59047f", "bff0000000000000", "0000000000000001", "7ffc000000000000", "bff0000000000000"),
    ("c0874910d52d3052", "3fe16c51c71d97bd", "bfead7464b590251", "bff0000000000000", "0000000000000000", "7ffc000000000000", "bff0000000000000"),
    ("c087200000000000", "3fef9de0fd73ad9b", "3fc3c076a13099ff", "bff0000000000000", "0000000000000055", "7ffc000000000000", "bff0000000000000"),
    ("c086840000000000", "3fec26b3d7e77cb1", "bfde6e53fcd8f381", "bff0000000000000", "00000005cf08fff0", "7ffc000000000000", "bff0000000000000"),
    ("c086240000000000", "3fefeb71a8a1a38b", "3fb21fc64099fe94", "bff0000000000000", "000e6cf6d08897ac", "7ffc000000000000", "bff0000000000000"),
    ("4085e20000000000", "3fd4721104077214", "bfee52bb4696a584", "3ff0000000000000", "7f12fd8e4cbfa413", "401a34ac026e1799", "7f12fd8e4cbfa413"),
    ("4043687a00000000", "3fecc348304fce31", "3fdc0ccaad2c1de8", "3ff0000000000000", "436fffd8395c0c41", "400d454d0143eceb", "436fffd8395c0c41"),
    ("c0436879ffffffff", "bfecc348304fce15", "3fdc0ccaad2c1e5b", "bff0000000000000", "3c700013e36ab29f", "7ffc000000000000", "bff0000000000000"),
    ("3fd62e42fefa39ef", "3fd5bd451fe0fa0d", "3fee18ebc184046e", "3fd5555555555555", "3ff6a09e667f3bcc", "bff0f45e267477e0", "3fda827999fcef32"),
    ("3fd62e42fefa39f0", "3fd5bd451fe0fa0e", "3fee18ebc184046e", "3fd5555555555555", "3ff6a09e667f3bcd", "bff0f45e267477df", "3fda827999fcef34"),
    ("3ff0a2b23f3bab73", "3feb97a83e754d7f", "3fe034edcb9b3c65", "3fe8e38e38e38e38", "4006a09e667f3bcc", "3fa3f18a8711655e", "3ffd413cccfe7798"),
    ("bff0a2b23f3bab73", "bfeb97a83e754d7f", "3fe034edcb9b3c65", "bfe8e38e38e38e38", "3fd6a09e667f3bcd", "7ffc000000000000", "bfe4afb0ccc0621a"),
    ("3fe921fb54442d18", "3fe6a09e667f3bcc", "3fe6a09e667f3bcd", "3fe4fc441fa6d6d6", "40018bd669471caa", "bfceeb95b094c193", "3ff317acd28e3955"),
    ("3ff921fb54442d18", "3ff0000000000000", "3c91a62633145c07", "3fed594fdae482ba", "40133dedc855935f", "3fdce6bb25aa1315", "400e7bdb90ab26be"),
    ("bff921fb54442d18", "bff0000000000000", "3c91a62633145c07", "bfed594fdae482ba", "3fca9bcc46f767e0", "7ffc000000000000", "bfe9590cee422608"),
    ("400921fb54442d18", "3ca1a62633145c07", "bff0000000000000", "3fefe175fa292810", "403724046eb09339", "3ff250d048e7a1bd", "403624046eb09339"),
    ("4002d97c7f3321d2", "3fe6a09e667f3bcd", "bfe6a09e667f3bcc", "3fef6e20cfaf5241", "402519f8817f9939", "3feb6cef8934d5b0", "402319f8817f9939"),
    ("401921fb54442d18", "bcb1a62633145c07", "3ff0000000000000", "3feffff15f81f9ab", "4080bbeee9177e18", "3ffd67f1c864beb4", "4080b3eee9177e18"),
    ("413921fb00000000", "bfd4b02e5be91e9e", "3fee4831257a62da", "3ff0000000000000", "7ff0000000000000", "402ca10991317035", "7ff0000000000000"),
    ("413921fc00000000", "3fe3e479a61836eb", "3fe910d18d26c0d4", "3ff0000000000000", "7ff0000000000000", "402ca109a590a07f", "7ff0000000000000"),
    ("c13921fc80000000", "bfed7974411b5f44", "3fd8eba69c23f040", "bff0000000000000", "0000000000000000", "7ffc000000000000", "bff0000000000000"),
    ("412921fb33333333", "bfb0858be515492b", "3fefeeebfee47670", "3ff0000000000000", "7ff0000000000000", "402b3e256554d64f", "7ff0000000000000"),
    ("412e848000000000", "bfd6664b2568d867", "3fedf9df9906d32c", "3ff0000000000000", "7ff0000000000000", "402ba18a998fffa0", "7ff0000000000000"),
    ("4480f0cf064dd592", "bfeb453ab76bf397", "3fe0be2cef01c8f4", "3ff0000000000000", "7ff0000000000000", "40495414621954fe", "7ff0000000000000"),
    ("c480f0cf064dd592", "3feb453ab76bf397", "3fe0be2cef01c8f4", "bff0000000000000", "0000000000000000", "7ffc000000000000", "bff0000000000000"),
    ("7e37e43c8800759c", "bfea2c16b010e385", "bfe2699022adc4c1", "3ff0000000000000", "7ff0000000000000", "4085963447f87fb5", "7ff0000000000000"),
    ("7506ac5b262ca1ff", "3ff0000000000000", "bc214ae72e6ba22f", "3ff0000000000000", "7ff0000000000000", "408266a4f98a7d3f", "7ff0000000000000"),
    ("7fe0000000000000", "3fe205248cbdb760", "bfea719f26c232be", "3ff0000000000000", "7ff0000000000000", "408628b76e3a7b61", "7ff0000000000000"),
    ("3ff0000000000001", "3feaed548f090cef", "3fe14a280fb5068a", "3fe85efab514f395", "4005bf0a8b14576b", "3cafffffffffffff", "3ffb7e151628aed6"),
    ("3fefffffffffffff", "3feaed548f090ced", "3fe14a280fb5068c", "3fe85efab514f394", "4005bf0a8b145769", "bca0000000000000", "3ffb7e151628aed1"),
    ("3ff0000100000000", "3feaed55a3ab8073", "3fe14a2660dfb4f6", "3fe85efb8c1bc9d5", "4005bf0be7050afa", "3eafffff00000aab", "3ffb7e17ce0a15f4"),
    ("3ff6a09e667f3bcd", "3fef9bc75444858b", "3fc3f5f6868470b3", "3fec6da78ea7f7dc", "401073f7e8448776", "3fd62e42fefa39f0", "4008e7efd0890eed"),
    ("3fe6a09e667f3bcd", "3fe4c9d367f3eace", "3fe853ec7a2cd121", "3fe37bc6a2932386", "4000399458f5a0d7", "bfd62e42fefa39ee", "3ff07328b1eb41ae"),
]


def _f(h):
    return struct.unpack("<d", struct.pack("<Q", int(h, 16)))[0]


def _same(a, b):
    """Bitwise equality (so -0.0 != 0.0); any NaN equals any NaN."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)


def _load_vectors():
    if not VECTORS.exists():
        pytest.skip(f"{VECTORS} not present")
    # JSON integers such as 205291222151703600 must become doubles first.
    raw = json.loads(VECTORS.read_text())
    return {k: np.array([float(v) for v in vs]) for k, vs in raw.items()}


@pytest.fixture(scope="module")
def vectors():
    return _load_vectors()


def _cases(vectors, name):
    """(inputs, expected) arrays of the reference file for one function."""
    xs = vectors["log_x"] if name == "log" else vectors["x"]
    return xs, vectors[name]


def _with_extra(vectors, name):
    """(inputs, expected) of the reference file and then of V8_EXTRA for one function."""
    xs, want = _cases(vectors, name)
    column = NAMES.index(name) + 1
    return (np.concatenate([xs, [_f(row[0]) for row in V8_EXTRA]]),
            np.concatenate([want, [_f(row[column]) for row in V8_EXTRA]]))


def _neighbours(centres, steps: int = 4) -> np.ndarray:
    """Each centre with `steps` doubles either side, and their negations."""
    xs = []
    for c in map(np.float64, centres):
        v = c
        for _ in range(steps):
            v = np.nextafter(v, -np.inf)
        for _ in range(2 * steps + 1):
            xs += [v, -v]
            with np.errstate(over="ignore"):  # past the largest double: inf
                v = np.nextafter(v, np.inf)
    return np.array(xs, dtype=np.float64)


def _vectorized(fn):
    """An njit loop calling fn per element, as the training kernel does."""

    @numba.njit
    def run(xs):
        out = np.empty_like(xs)
        for i in range(xs.size):
            out[i] = fn(xs[i])
        return out

    return run


_JITTED = {}


def jitted(name):
    if name not in _JITTED:
        _JITTED[name] = _vectorized(getattr(fdmath, name))
    return _JITTED[name]


def _mismatches(xs, got, want):
    return [(x, g, w) for x, g, w in zip(xs, got, want) if not _same(float(g), float(w))]


@pytest.mark.parametrize("name", ["sin", "cos", "tanh", "exp", "log"])
def test_plain_python_reproduces_every_v8_vector(vectors, name):
    xs, want = _cases(vectors, name)
    fn = getattr(fdmath, name)
    got = [fn(float(x)) for x in xs]
    assert all(type(g) is float for g in got)
    assert _mismatches(xs, got, want) == []


@pytest.mark.parametrize("name", ["sin", "cos", "tanh", "exp", "log"])
def test_njit_reproduces_every_v8_vector(vectors, name):
    xs, want = _cases(vectors, name)
    assert _mismatches(xs, jitted(name)(xs), want) == []


@pytest.mark.parametrize("column", range(1, 7), ids=NAMES)
def test_edge_cases_match_v8_on_both_paths(column):
    name = NAMES[column - 1]
    xs = np.array([_f(row[0]) for row in V8_EXTRA])
    want = [_f(row[column]) for row in V8_EXTRA]
    fn = getattr(fdmath, name)
    assert _mismatches(xs, [fn(float(x)) for x in xs], want) == []
    assert _mismatches(xs, jitted(name)(xs), want) == []


def test_special_values():
    inf, nan = math.inf, math.nan
    assert fdmath.tanh(inf) == 1.0 and fdmath.tanh(-inf) == -1.0
    assert fdmath.tanh(30.0) == 1.0 and fdmath.tanh(-30.0) == -1.0
    assert _same(fdmath.tanh(-0.0), -0.0) and _same(fdmath.tanh(0.0), 0.0)
    assert fdmath.exp(710.0) == inf and fdmath.exp(inf) == inf
    assert fdmath.exp(-746.0) == 0.0 and fdmath.exp(-inf) == 0.0
    assert fdmath.exp(-0.0) == 1.0 and fdmath.exp(1.0) == math.e
    assert 0.0 < fdmath.exp(-740.0) < 2.2250738585072014e-308  # subnormal
    assert fdmath.expm1(-inf) == -1.0 and _same(fdmath.expm1(-0.0), -0.0)
    assert fdmath.log(0.0) == -inf and fdmath.log(-0.0) == -inf
    assert math.isnan(fdmath.log(-1.0)) and math.isnan(fdmath.log(-inf))
    assert fdmath.log(inf) == inf and _same(fdmath.log(1.0), 0.0)
    assert fdmath.log(5e-324) == -744.4400719213812
    assert _same(fdmath.sin(-0.0), -0.0) and fdmath.cos(-0.0) == 1.0
    for fn in (fdmath.sin, fdmath.cos, fdmath.tanh, fdmath.exp, fdmath.log, fdmath.expm1):
        assert math.isnan(fn(nan))
    for fn in (fdmath.sin, fdmath.cos):
        assert math.isnan(fn(inf)) and math.isnan(fn(-inf))


def test_special_values_compiled():
    @numba.njit
    def specials():
        return (fdmath.tanh(np.inf), fdmath.tanh(-np.inf), fdmath.exp(710.0),
                fdmath.exp(-746.0), fdmath.log(0.0), fdmath.log(-1.0), fdmath.sin(np.inf))

    th_p, th_m, big, small, log0, logneg, sininf = specials()
    assert (th_p, th_m, big, small, log0) == (1.0, -1.0, math.inf, 0.0, -math.inf)
    assert math.isnan(logneg) and math.isnan(sininf)


@pytest.mark.parametrize("name", ["sin", "cos", "exp", "log"])
def test_c_library_differs_from_v8_but_fdmath_does_not(vectors, name):
    xs, want = _cases(vectors, name)
    libm = getattr(math, name)
    differ = [i for i, x in enumerate(xs) if libm(float(x)) != want[i]]
    assert differ, f"libm {name} agrees with V8 everywhere: the port would not matter"
    fn = getattr(fdmath, name)
    assert all(fn(float(xs[i])) == want[i] for i in differ)
    assert all(jitted(name)(xs[differ]) == want[differ])


def test_c_library_tanh_differs_from_v8_but_fdmath_does_not():
    # glibc's tanh agrees with V8 on the 2000 reference vectors, not everywhere.
    xs = np.array([_f(row[0]) for row in V8_EXTRA[:10]])
    want = np.array([_f(row[3]) for row in V8_EXTRA[:10]])
    assert any(math.tanh(float(x)) != w for x, w in zip(xs, want))
    assert all(fdmath.tanh(float(x)) == w for x, w in zip(xs, want))
    assert all(jitted("tanh")(xs) == want)

    @numba.njit
    def libm_tanh(xs):
        return np.array([math.tanh(x) for x in xs])

    assert any(libm_tanh(xs) != want)  # math.tanh inside njit is no better


def _decimal_pi(digits):
    """pi to `digits` significant digits (Machin's formula)."""
    with localcontext() as ctx:
        ctx.prec = digits + 10

        def arctan_inv(n):  # arctan(1/n)
            total = term = Decimal(1) / n
            k, n2 = 1, n * n
            while term:
                term /= -n2
                k += 2
                total += term / k
            return total

        return 16 * arctan_inv(5) - 4 * arctan_inv(239)


def _exact_sin_cos(x, pi, prec):
    """sin(x), cos(x) with `prec` digits: exact reduction mod 2*pi, then Taylor."""
    with localcontext() as ctx:
        ctx.prec = prec
        r = Decimal(x) % (2 * pi)  # Decimal(x) is exact
        if r > pi:
            r -= 2 * pi
        s, c = Decimal(0), Decimal(0)
        term, k = Decimal(1), 0  # term = r**k / k!
        while abs(term) > Decimal(10) ** -(prec - 5) or k < 2:
            if k % 4 == 0:
                c += term
            elif k % 4 == 1:
                s += term
            elif k % 4 == 2:
                c -= term
            else:
                s -= term
            k += 1
            term = term * r / k
        return s, c


def test_huge_arguments_are_reduced_exactly():
    """fdlibm's sin/cos err by < 1 ulp for any finite x, however large."""
    prec = 400  # > 308 integer digits of the largest double + 60 for the fraction
    pi = _decimal_pi(prec + 10)
    rng = np.random.default_rng(7)
    xs = list(np.ldexp(rng.uniform(1.0, 2.0, 24), rng.integers(20, 1024, 24)))
    xs += [1e22, -1e22, 1e300, 1.7976931348623157e308, 6381956970095103 * 2.0**797,
           1647100.0, 823549.6, 1e5, -98765.4321]
    for x in map(float, xs):
        s, c = _exact_sin_cos(x, pi, prec)
        for got, exact in ((fdmath.sin(x), s), (fdmath.cos(x), c)):
            assert abs(Decimal(got) - exact) < Decimal(math.ulp(got)), x


def _node_reproduces_reference(node, vectors):
    script = (
        "const d=require(process.argv[1]);let ok=true;"
        "for(const f of ['sin','cos','tanh','exp'])d.x.forEach((x,i)=>{if(Math[f](x)!==d[f][i])ok=false;});"
        "d.log_x.forEach((x,i)=>{if(Math.log(x)!==d.log[i])ok=false;});console.log(ok)"
    )
    out = subprocess.run([node, "-e", script, str(VECTORS)], capture_output=True, text=True)
    return out.stdout.strip() == "true"


NODE_ORACLE = (
    "const ls=require('fs').readFileSync(0,'utf8').trim().split('\\n');"
    "const b=new BigUint64Array(1),f=new Float64Array(b.buffer);"
    "const h=v=>{f[0]=v;return b[0].toString(16)};"
    "process.stdout.write(ls.map(s=>{b[0]=BigInt('0x'+s);const x=f[0];"
    "return [Math.sin(x),Math.cos(x),Math.tanh(x),Math.exp(x),Math.log(x),Math.expm1(x)]"
    ".map(h).join(' ')}).join('\\n'))"
)


def test_random_arguments_match_a_local_v8(vectors):
    """If a node whose V8 reproduces the reference is installed, fuzz against it."""
    node = shutil.which("node")
    if node is None or not _node_reproduces_reference(node, vectors):
        pytest.skip("no node with the reference V8 math")
    rng = np.random.default_rng(2024)
    n = 4000
    xs = np.concatenate([
        rng.uniform(-10, 10, n), rng.uniform(-800, 800, n),
        rng.choice([-1.0, 1.0], n) * np.ldexp(rng.uniform(1, 2, n), rng.integers(-1074, 1024, n)),
        rng.integers(0, 2**64 - 1, n, dtype=np.uint64).view(np.float64),
    ])
    stdin = "\n".join(f"{b:x}" for b in xs.view(np.uint64)) + "\n"
    out = subprocess.run([node, "-e", NODE_ORACLE], input=stdin, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    want = np.array([[int(t, 16) for t in line.split()] for line in out], dtype=np.uint64)
    for j, name in enumerate(NAMES):
        got = jitted(name)(xs)
        same = (got.view(np.uint64) == want[:, j]) | (np.isnan(got) & np.isnan(want[:, j].view(np.float64)))
        assert same.all(), (name, xs[~same][:5])
        sample = xs[::16]
        assert _mismatches(sample, [getattr(fdmath, name)(float(x)) for x in sample],
                           want[::16, j].view(np.float64)) == []



# --- tanh_lanes / tanh_into: the branch-free (SIMD) tanh ------------------------

@numba.njit(nogil=True)  # no cache: it would not notice edits to fdmath
def _tanh_lanes_loop(src, dst):
    # The loop the brief of tanh_lanes promises vectorises (no fastmath).
    for p in range(src.shape[0]):
        dst[p] = fdmath.tanh_lanes(src[p])


@numba.njit(nogil=True)  # no cache: it would not notice edits to fdmath
def _tanh_loop(src, dst):
    for p in range(src.shape[0]):
        dst[p] = fdmath.tanh(src[p])


@numba.njit(nogil=True)  # no cache: it would not notice edits to fdmath
def _tanh_into(src, dst):
    fdmath.tanh_into(src, dst)


@numba.njit(nogil=True)  # no cache: it would not notice edits to fdmath
def _tanh_into_rows_in_place(rows):
    for j in range(rows.shape[0]):
        row = rows[j]
        fdmath.tanh_into(row, row)


def _run(loop, xs):
    out = np.full_like(xs, 12345.0)
    loop(xs, out)
    return out


def _bit_mismatches(xs, got, want):
    """Inputs where got != want bitwise (any NaN matches any NaN)."""
    same = (got.view(np.uint64) == want.view(np.uint64)) | (np.isnan(got) & np.isnan(want))
    return xs[~same]


def _tanh_special_arguments():
    """Edge arguments of tanh and of every case inside expm1, with neighbours."""
    ln2 = math.log(2.0)
    centres = [0.0, 5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 2.0**-54,
               2.0**-28, 2.0**-27, 1e-5, fdmath.HW_HALF_LN2 / 2, fdmath.HW_3HALF_LN2 / 2,
               0.5, 1.0, 1.5, 2.0, 10.0, 20.0, 21.9, fdmath.HW_22, 30.0, 1e300,
               1.7976931348623157e308]
    centres += [(m + 0.5) * ln2 / 2 for m in range(-4, 65)]  # k changes here
    centres += [fdmath.HW_EXPM1_HUGE / 2, 20 * ln2 / 2, 56 * ln2 / 2, 57 * ln2 / 2]
    xs = _neighbours(centres)
    nans = np.array([0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001,
                     0x7FFFFFFFFFFFFFFF, 0x7FF4000000000123], dtype=np.uint64).view(np.float64)
    return np.concatenate([np.array(xs, dtype=np.float64), [np.inf, -np.inf], nans])


def test_tanh_lanes_loop_reproduces_every_v8_vector(vectors):
    xs, want = _with_extra(vectors, "tanh")
    assert _bit_mismatches(xs, _run(_tanh_lanes_loop, xs), want).size == 0
    assert _bit_mismatches(xs, _run(_tanh_into, xs), want).size == 0


def test_tanh_lanes_plain_python_reproduces_v8_vectors(vectors):
    xs, want = _with_extra(vectors, "tanh")
    got = [fdmath.tanh_lanes(float(x)) for x in xs]
    assert all(type(g) is float for g in got)
    assert _mismatches(xs, got, want) == []


def test_tanh_lanes_equals_tanh_on_a_million_random_arguments():
    rng = np.random.default_rng(20240611)
    n = 1_000_000
    xs = np.concatenate([
        rng.choice([-1.0, 1.0], n) * 10.0 ** rng.uniform(-300.0, 3.0, n),  # 1e-300..1e3
        rng.normal(0.0, 2.0, n // 4),  # pre-activation-like
        rng.uniform(-25.0, 25.0, n // 4),
        rng.integers(0, 2**64 - 1, n // 4, dtype=np.uint64).view(np.float64),  # any bits
    ])
    want = _run(_tanh_loop, xs)
    assert _bit_mismatches(xs, _run(_tanh_lanes_loop, xs), want)[:5].tolist() == []
    sample = xs[::997]
    assert _mismatches(sample, [fdmath.tanh_lanes(float(x)) for x in sample], want[::997]) == []


def test_tanh_lanes_special_values_on_both_paths():
    xs = _tanh_special_arguments()
    want = np.array([fdmath.tanh(float(x)) for x in xs])
    assert _bit_mismatches(xs, _run(_tanh_loop, xs), want).size == 0
    assert _bit_mismatches(xs, _run(_tanh_lanes_loop, xs), want).size == 0
    plain = np.array([fdmath.tanh_lanes(float(x)) for x in xs])
    assert _bit_mismatches(xs, plain, want).size == 0
    got = _run(_tanh_lanes_loop, np.array([0.0, -0.0, 5e-324, -5e-324, np.inf, -np.inf, np.nan, 22.0]))
    assert got.view(np.uint64)[:4].tolist() == [0, 1 << 63, 1, (1 << 63) | 1]
    assert got[4:6].tolist() == [1.0, -1.0] and math.isnan(got[6]) and got[7] == 1.0


def test_tanh_into_works_in_place_and_on_short_rows():
    rng = np.random.default_rng(5)
    rows = rng.normal(0.0, 3.0, (37, 251))  # odd lengths exercise the scalar tail
    want = np.array([_run(_tanh_loop, r) for r in rows])
    _tanh_into_rows_in_place(rows)
    assert (rows.view(np.uint64) == want.view(np.uint64)).all()
    for n in range(10):
        xs = rng.normal(0.0, 3.0, n)
        assert (_run(_tanh_into, xs).view(np.uint64) == _run(_tanh_loop, xs).view(np.uint64)).all()


def test_tanh_lanes_loop_is_vectorised():
    loop = numba.njit(nogil=True)(_tanh_lanes_loop.py_func)  # cached code can't be inspected
    _run(loop, np.zeros(3))
    ir = loop.inspect_llvm(loop.signatures[0])
    assert "fdiv <" in ir, "the tanh_lanes loop no longer vectorises (SIMD fdiv missing)"


def test_tanh_lanes_matches_a_local_v8(vectors):
    node = shutil.which("node")
    if node is None or not _node_reproduces_reference(node, vectors):
        pytest.skip("no node with the reference V8 math")
    rng = np.random.default_rng(77)
    n = 20000
    xs = np.concatenate([
        rng.choice([-1.0, 1.0], n) * 10.0 ** rng.uniform(-300.0, 3.0, n),
        _tanh_special_arguments(),
    ])
    script = (
        "const ls=require('fs').readFileSync(0,'utf8').trim().split('\\n');"
        "const b=new BigUint64Array(1),f=new Float64Array(b.buffer);"
        "process.stdout.write(ls.map(s=>{b[0]=BigInt('0x'+s);f[0]=Math.tanh(f[0]);"
        "return b[0].toString(16)}).join('\\n'))"
    )
    stdin = "\n".join(f"{b:x}" for b in xs.view(np.uint64)) + "\n"
    out = subprocess.run([node, "-e", script], input=stdin, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    want = np.array([int(t, 16) for t in out], dtype=np.uint64).view(np.float64)
    assert _bit_mismatches(xs, _run(_tanh_lanes_loop, xs), want)[:5].tolist() == []
