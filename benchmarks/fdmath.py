"""ns/call of the bit-exact fdmath.tanh / fdmath.exp against the C library's.

Run: python benchmarks/fdmath.py [n]

Each figure is the best of several njit loops over n (default 1e6) arguments
drawn like pre-activations, z ~ N(0, 2): fdmath.tanh(z) vs math.tanh(z) and
fdmath.exp(-z) vs math.exp(-z) (what sigmoid calls).  The loop sums the
results so nothing is optimised away; compile time is reported separately.
"""

import math
import sys
import time

import numpy as np
from numba import njit

from tui_playground.engine import fdmath


@njit
def _fd_tanh(zs):
    s = 0.0
    for z in zs:
        s += fdmath.tanh(z)
    return s


@njit
def _libm_tanh(zs):
    s = 0.0
    for z in zs:
        s += math.tanh(z)
    return s


@njit
def _fd_exp(zs):
    s = 0.0
    for z in zs:
        s += fdmath.exp(-z)
    return s


@njit
def _libm_exp(zs):
    s = 0.0
    for z in zs:
        s += math.exp(-z)
    return s


def _ns_per_call(loop, zs, repeats=7):
    """(compile seconds, best ns per element) of loop(zs)."""
    start = time.perf_counter()
    loop(zs[:2])
    compile_s = time.perf_counter() - start
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        loop(zs)
        best = min(best, time.perf_counter() - start)
    return compile_s, best * 1e9 / zs.size


def main(n=1_000_000):
    zs = np.random.default_rng(0).normal(0.0, 2.0, n)
    pairs = [("tanh", _fd_tanh, _libm_tanh), ("exp", _fd_exp, _libm_exp)]
    print(f"{n} calls per loop, z ~ N(0, 2), njit, best of 7")
    for name, fd_loop, libm_loop in pairs:
        fd_compile, fd_ns = _ns_per_call(fd_loop, zs)
        libm_compile, libm_ns = _ns_per_call(libm_loop, zs)
        print(f"fdmath.{name:5s} {fd_ns:6.2f} ns/call  (compile {fd_compile:4.2f} s)")
        print(f"math.{name:7s} {libm_ns:6.2f} ns/call  (compile {libm_compile:4.2f} s)")
        print(f"  ratio fdmath/math = {fd_ns / libm_ns:.2f}")


if __name__ == "__main__":
    main(int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000)
