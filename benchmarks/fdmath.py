"""ns/call of the bit-exact fdmath.tanh / fdmath.exp against the C library's.

Run: python benchmarks/fdmath.py [n]

Each figure is the best of several njit loops over n (default 1e6) arguments
drawn like pre-activations, z ~ N(0, 2): fdmath.tanh(z) vs math.tanh(z) and
fdmath.exp(-z) vs math.exp(-z) (what sigmoid calls).  The loop sums the
results so nothing is optimised away; compile time is reported separately.

Then the array loop ``dst[p] = f(src[p])`` (what ``kernels.mean_loss`` runs
per layer) with f = fdmath.tanh vs the branch-free fdmath.tanh_lanes, which
LLVM vectorises (same results bit for bit): ns per element over the n
arguments, and in place on rows of 250 points (a dataset's train half), as
``fdmath.tanh_into(row, row)``.
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


@njit(nogil=True)
def _tanh_array(src, dst):
    for p in range(src.shape[0]):
        dst[p] = fdmath.tanh(src[p])


@njit(nogil=True)
def _tanh_lanes_array(src, dst):
    for p in range(src.shape[0]):
        dst[p] = fdmath.tanh_lanes(src[p])


@njit(nogil=True)
def _tanh_rows(rows, _):
    for j in range(rows.shape[0]):
        row = rows[j]
        for p in range(row.shape[0]):
            row[p] = fdmath.tanh(row[p])


@njit(nogil=True)
def _tanh_into_rows(rows, _):
    for j in range(rows.shape[0]):
        fdmath.tanh_into(rows[j], rows[j])


def _ns_per_element(loop, src, repeats=7):
    """Best ns per element of loop(copy of src, dst), compiled first."""
    dst = np.empty_like(src)
    loop(src[:2].copy(), dst[:2])
    best = math.inf
    for _ in range(repeats):
        work = src.copy()
        start = time.perf_counter()
        loop(work, dst)
        best = min(best, time.perf_counter() - start)
    return best * 1e9 / src.size


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
    from loadinfo import load_line

    print(load_line())
    print(f"{n} calls per loop, z ~ N(0, 2), njit, best of 7")
    for name, fd_loop, libm_loop in pairs:
        fd_compile, fd_ns = _ns_per_call(fd_loop, zs)
        libm_compile, libm_ns = _ns_per_call(libm_loop, zs)
        print(f"fdmath.{name:5s} {fd_ns:6.2f} ns/call  (compile {fd_compile:4.2f} s)")
        print(f"math.{name:7s} {libm_ns:6.2f} ns/call  (compile {libm_compile:4.2f} s)")
        print(f"  ratio fdmath/math = {fd_ns / libm_ns:.2f}")
    print("array loop dst[p] = f(src[p]), same z, best of 7")
    cases = [("n arguments", zs, _tanh_array, _tanh_lanes_array),
             ("rows of 250, in place", zs[: n - n % 250].reshape(-1, 250), _tanh_rows, _tanh_into_rows)]
    for label, src, scalar_loop, lanes_loop in cases:
        scalar_ns = _ns_per_element(scalar_loop, src)
        lanes_ns = _ns_per_element(lanes_loop, src)
        print(f"{label}: fdmath.tanh {scalar_ns:6.2f} ns/elem, fdmath.tanh_lanes {lanes_ns:6.2f} ns/elem,"
              f" speed-up {scalar_ns / lanes_ns:.2f}x")


if __name__ == "__main__":
    main(int(float(sys.argv[1])) if len(sys.argv) > 1 else 1_000_000)
