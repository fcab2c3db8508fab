"""Compiled training kernels: the playground's per-sample SGD, bit for bit,
and the settings beyond it (engine.activations, losses, optimizers).

Batch size 1 means one tiny forward/backward per point, sequentially, so the
inner loop is compiled with numba (NumPy per-call overhead on 8-wide layers is
~15x too slow). Every operation follows docs/playground.md ("Training",
"Arithmetic") in the same order as the playground, with fdlibm's tanh/exp
(engine.fdmath), and fastmath stays off: fused multiply-adds would change the
last bits.

`engine/reference.py` is the plain Python version these kernels are tested
against; `engine/numpy_kernels.py` is their uncompiled twin for the playground's
settings (same functions, same bits) that trains until they are compiled
(engine/compiled.py). Array layout is the padded one of engine/network.py. The
`acc` arguments carry the accumulated gradients between calls (batches carry
over epochs): accW like W, accB like B, count: (1,) float64 samples
accumulated. Settings as the kernels take them:

    acts:   (L,) int64   activation code (engine.activations.CODES) of each
                         weight layer's neurons; acts[L-1] is the output's
    loss:   int          engine.losses.CODES
    lrs:    (epochs,)    the learning rate of each epoch (engine.schedules)
    opt:    int          engine.optimizers.CODES; hyper: (3,) its hyperparameters
    sW1, sW2, sB1, sB2, opt_t: the optimizer state (engine.optimizers.OptimizerState)

numba's on-disk cache goes in a folder named by the hash of every module
compiled in here (engine/kernel_sources.py): an edit to any of them
compiles afresh, never a stale kernel.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from typing import Any, TypeVar

import numpy as np
from numba import njit
from numba.core import caching

from . import fdmath, optimizers
from .activations import CODES as ACT_CODES
from .activations import activate, derivative
from .halves import Halves, in_turn
from .kernel_sources import cache_dirs
from .losses import cross_entropy_loss, cross_entropy_target

fdmath.register_with_numba()  # before any kernel below is compiled (after the imports above mark theirs)


class _SourceKeyedLocator(caching._SourceFileBackedLocatorMixin, caching._CacheLocator):
    """numba's cache of this module's kernels in the first writable of
    engine.kernel_sources.cache_dirs() (named by the hash of every compiled module's
    source); none writable: no cache at all (numba raises, _compiled copes)
    rather than numba's own places, which know only this file's changes."""

    def __init__(self, py_func: Callable[..., Any], py_file: str) -> None:
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        self._cache_path = ""

    def get_cache_path(self) -> str:
        return self._cache_path

    @classmethod
    def from_function(cls, py_func: Callable[..., Any], py_file: str) -> _SourceKeyedLocator | None:
        if os.path.abspath(py_file) != os.path.abspath(__file__):
            return None  # another module's function: numba's own locators
        self = cls(py_func, py_file)
        for path in cache_dirs():
            self._cache_path = path
            try:
                self.ensure_cache_path()
                return self
            except OSError:
                continue
        raise RuntimeError("no writable place for the kernels' cache")


if _SourceKeyedLocator not in caching.CacheImpl._locator_classes:  # numba internals (0.5x-0.6x)
    caching.CacheImpl._locator_classes.insert(0, _SourceKeyedLocator)

REG_CODES = {"none": 0, "L1": 1, "L2": 2}
SQUARE, CROSS_ENTROPY = 0, 1
LINEAR, SIGMOID = ACT_CODES["linear"], ACT_CODES["sigmoid"]

CACHED = True  # False when numba found no writable cache location: compiled every run


_F = TypeVar("_F", bound=Callable[..., Any])


def _compiled(**options: Any) -> Callable[[_F], _F]:
    """njit with numba's disk cache; without it when there is nowhere to write
    one (numba raises at decoration then: an unwritable cache is not an error)."""
    def decorate(fn: _F) -> _F:
        global CACHED
        try:
            kernel: _F = njit(cache=True, nogil=True, **options)(fn)
        except RuntimeError:
            CACHED = False
            kernel = njit(nogil=True, **options)(fn)
        return kernel
    return decorate


_jit = _compiled()
_inline = _compiled(inline="always")


@_inline
def _forward(x, sizes, W, B, acts, z, a):
    """One point through the net. x: (n_in,); z: (L, M) inputs; a: (L+1, M) outputs.
    Sources in the outer loop keep every neuron's sum in source order (the
    playground's) while the inner loop runs along contiguous memory."""
    L = sizes.shape[0] - 1
    for i in range(sizes[0]):
        a[0, i] = x[i]
    for l in range(L):
        code = acts[l]
        n_out = sizes[l + 1]
        for j in range(n_out):
            z[l, j] = B[l, j]
        for i in range(sizes[l]):
            ai = a[l, i]
            for j in range(n_out):
                z[l, j] += W[l, i, j] * ai
        if code == 1:  # the branch-free tanh: a layer's neurons in SIMD lanes
            fdmath.tanh_into(z[l, :n_out], a[l + 1, :n_out])
        else:
            for j in range(n_out):
                a[l + 1, j] = activate(code, z[l, j])
    return a[L, 0]


@_inline
def _forward_batch(X, start, P, sizes, W, B, acts, zs, outs):
    """Points start..start+P-1 of X through the net at once, as _forward takes
    each (the weights do not change within a batch): zs (L, M*P) inputs, outs
    (L+1, M*P) outputs, neuron j of point q at j*P + q. Each point's sums
    keep _forward's order; a layer's activation runs over all its neurons and
    points in one loop (for tanh, a long vectorised one instead of a short one
    per point: the forward pass is mostly tanh). Rows past X's end repeat its
    last point (computed, never read)."""
    L = sizes.shape[0] - 1
    last = X.shape[0] - 1
    for i in range(sizes[0]):
        for q in range(P):
            outs[0, i * P + q] = X[min(start + q, last), i]
    for l in range(L):
        code = acts[l]
        n_out = sizes[l + 1]
        for j in range(n_out):
            b = B[l, j]
            for q in range(P):
                zs[l, j * P + q] = b
            for i in range(sizes[l]):
                w = W[l, i, j]
                for q in range(P):
                    zs[l, j * P + q] += w * outs[l, i * P + q]
        if code == 1:
            fdmath.tanh_into(zs[l, :n_out * P], outs[l + 1, :n_out * P])
        else:
            for k in range(n_out * P):
                outs[l + 1, k] = activate(code, zs[l, k])


@_inline
def _backward_batch(Y, start, size, P, sizes, W, acts, zs, outs, douts, dins, accW, accB):
    """_backward for points start..start+size-1 under the square loss (the
    playground's kernel, its only caller), after _forward_batch (same layout;
    douts (L+1, M*P), dins (L, M*P) scratch): each point's derivatives as
    _backprop computes them, all points at once, and every accumulator gets the
    points' terms one after the other in point order, as point-by-point
    back-prop adds them (so the same bits)."""
    L = sizes.shape[0] - 1
    for q in range(size):
        douts[L, q] = outs[L, q] - Y[start + q]
    for l in range(L - 1, -1, -1):
        code = acts[l]
        n_out = sizes[l + 1]
        for k in range(n_out * P):  # lanes q >= size: a real point's values again, never read
            dins[l, k] = douts[l + 1, k] * derivative(code, zs[l, k], outs[l + 1, k])
        for j in range(n_out):
            acc = accB[l, j]
            for q in range(size):
                acc += dins[l, j * P + q]
            accB[l, j] = acc
        for i in range(sizes[l]):
            for j in range(n_out):
                acc = accW[l, i, j]
                for q in range(size):
                    acc += dins[l, j * P + q] * outs[l, i * P + q]
                accW[l, i, j] = acc
        if l == 0:
            break
        for i in range(sizes[l]):
            for q in range(P):
                douts[l, i * P + q] = 0.0
            for j in range(n_out):
                w = W[l, i, j]
                for q in range(P):
                    douts[l, i * P + q] += w * dins[l, j * P + q]


@_inline
def _backward(y, sizes, W, acts, loss, z, a, dout, din, accW, accB):
    """Back-prop one point (after _forward) into the accumulators.
    dout: (L+1, M) output derivatives; din: (L, M) input derivatives.
    The output's error is square: dL/do = o - y, times f'(z) as every layer's;
    cross-entropy: dL/dz = o - t itself (its layer takes linear's f' = 1,
    and x * 1.0 is x)."""
    L = sizes.shape[0] - 1
    if loss == SQUARE:
        dout[L, 0] = a[L, 0] - y
        out_code = acts[L - 1]
    else:
        dout[L, 0] = a[L, 0] - cross_entropy_target(y)
        out_code = LINEAR
    _backprop(sizes, W, acts, out_code, z, a, dout, din, accW, accB)


@_inline
def _backprop(sizes, W, acts, out_code, z, a, dout, din, accW, accB):
    """From the output neurons' output derivatives dout[L] back into the
    accumulators (the loop of _backward); the output layer's derivative is
    out_code's. Dead links accumulate too (branch-free); _update never reads them."""
    L = sizes.shape[0] - 1
    for l in range(L - 1, -1, -1):
        code = out_code if l == L - 1 else acts[l]
        n_out = sizes[l + 1]
        for j in range(n_out):
            g = dout[l + 1, j] * derivative(code, z[l, j], a[l + 1, j])
            din[l, j] = g
            accB[l, j] += g
        for i in range(sizes[l]):
            ai = a[l, i]
            for j in range(n_out):
                accW[l, i, j] += din[l, j] * ai
        if l == 0:
            break
        for i in range(sizes[l]):
            s = 0.0
            for j in range(n_out):
                s += W[l, i, j] * din[l, j]
            dout[l, i] = s


@_inline
def _backward_update_sgd(y, sizes, W, B, dead, acts, z, a, dout, din, lr, reg, reg_rate):
    """Batch 1 under the square loss and SGD, with empty accumulators (count 0):
    _backward then _update fused, a layer at a time from the output down, with
    no accumulator written or read. The same bits, by exact identities: an
    emptied accumulator plus g is 0.0 + g (kept: it turns -0.0 into 0.0 as
    _backward's += does); n = 1.0, so lr / n is lr and x / 1.0 is x; each
    layer's output derivatives are taken from its weights before they move
    (the playground updates only after the whole back-prop). An epoch at batch
    1 took 0.93x the time, 0.7x with L1 (benchmarks/engine.py --before).
    Square loss only: with the choice of loss (the output layer's f') or with
    a layer's back-prop in a helper, this path ran 12 % and 29 % slower; and
    the playground's kernel only: in `train`, even called rather than inlined,
    it made the other settings' paths 3-10 % slower, and a fused adam step took
    1.4x as long as the accumulators' vectorised one."""
    L = sizes.shape[0] - 1
    dout[L, 0] = a[L, 0] - y
    decay = lr * reg_rate
    for l in range(L - 1, -1, -1):
        code = acts[l]
        n_out = sizes[l + 1]
        for j in range(n_out):
            din[l, j] = dout[l + 1, j] * derivative(code, z[l, j], a[l + 1, j])
        if l > 0:
            for i in range(sizes[l]):
                s = 0.0
                for j in range(n_out):
                    s += W[l, i, j] * din[l, j]
                dout[l, i] = s
        for j in range(n_out):
            B[l, j] = B[l, j] - lr * (0.0 + din[l, j])
        for i in range(sizes[l]):
            ai = a[l, i]
            for j in range(n_out):
                w = W[l, i, j]
                W[l, i, j], dead[l, i, j] = _regularized_lanes(w, w - lr * (0.0 + din[l, j] * ai), decay, reg,
                                                               dead[l, i, j])


@_inline
def _regularized_lanes(w, w1, decay, reg, is_dead):
    """(weight, dead) of a link after the step w -> w1: _regularized's
    arithmetic branch-free (selects: L1's sign flips were mispredicted branches;
    an epoch at batch 1 with L1 ran 1.25x faster without); a dead link keeps
    its weight."""
    killed = False
    if reg == 1:
        r = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
        w2 = w1 - decay * r
        killed = w1 * w2 < 0.0
        w1 = 0.0 if killed else w2
    elif reg == 2:
        w1 = w1 - decay * w
    return (w if is_dead else w1), (is_dead or killed)


@_inline
def _regularized(w, w1, decay, reg):
    """(new weight, killed) after the step w -> w1: w1 - decay * R'(w); an L1
    step that flips the sign gives (0, True)."""
    if reg == 0:
        return w1, False
    r = w
    if reg == 1:
        r = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
    w2 = w1 - decay * r
    if reg == 1 and w1 * w2 < 0.0:
        return 0.0, True
    return w2, False


@_inline
def _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate):
    """The playground's SGD: the accumulated step, then L1/L2 on weights; L1
    sign flips kill links."""
    n = count[0]
    step = lr / n
    decay = lr * reg_rate
    for l in range(sizes.shape[0] - 1):
        for j in range(sizes[l + 1]):
            B[l, j] = B[l, j] - lr * accB[l, j] / n
            accB[l, j] = 0.0
        for i in range(sizes[l]):
            for j in range(sizes[l + 1]):
                acc = accW[l, i, j]
                accW[l, i, j] = 0.0
                if dead[l, i, j]:
                    continue
                w = W[l, i, j]
                W[l, i, j], killed = _regularized(w, w - step * acc, decay, reg)
                if killed:
                    dead[l, i, j] = True
    count[0] = 0.0


@_inline
def _steps(opt, divide, acc, s1, s2, a, b, count, n, lr, hyper, c1, c2):
    """For k < count, parameter (a, b, k) of the (., ., M) arrays acc (gradients
    accumulated over n points) and s1, s2 (its state), in place: acc <- the
    step, s1, s2 <- the new state. g = acc / n, or acc itself when not
    `divide` (n is 1: x / 1 is x). `opt` and `divide` must be compile-time
    constants (see _update_with_optimizer): then one branch-free loop over
    three arrays is left, which LLVM vectorises (np.divide: numba's "/" checks
    for zero; more arrays would need more run-time alias checks than LLVM
    allows). Indices rather than slices: a numba slice costs two refcounts."""
    if opt == optimizers.MOMENTUM:
        for k in range(count):
            g = np.divide(acc[a, b, k], n) if divide else acc[a, b, k]
            acc[a, b, k], s1[a, b, k] = optimizers.momentum_step(g, s1[a, b, k], lr, hyper)
    elif opt == optimizers.RMSPROP:
        for k in range(count):
            g = np.divide(acc[a, b, k], n) if divide else acc[a, b, k]
            acc[a, b, k], s1[a, b, k] = optimizers.rmsprop_step(g, s1[a, b, k], lr, hyper)
    else:
        for k in range(count):
            g = np.divide(acc[a, b, k], n) if divide else acc[a, b, k]
            acc[a, b, k], s1[a, b, k], s2[a, b, k] = optimizers.adam_step(g, s1[a, b, k], s2[a, b, k], lr, hyper,
                                                                          c1, c2)


@_inline
def _update_optimizer(opt, divide, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                      sW1, sW2, sB13, sB23, opt_t):
    """momentum / rmsprop / adam (engine.optimizers) on g = acc / n, weights and
    biases alike; then L1/L2 on weights as in _update. The state of a dead
    link is 0 (the steps run over every link, branch-free; dead ones are reset
    here). accB3, sB13, sB23: (1, L, M) views of accB, sB1, sB2."""
    n = count[0]
    opt_t[0] += 1.0
    decay = lr * reg_rate
    for l in range(sizes.shape[0] - 1):
        n_out = sizes[l + 1]
        _steps(opt, divide, accB3, sB13, sB23, 0, l, n_out, n, lr, hyper, c1, c2)
        for j in range(n_out):
            B[l, j] = B[l, j] - accB3[0, l, j]
            accB3[0, l, j] = 0.0
        for i in range(sizes[l]):
            _steps(opt, divide, accW, sW1, sW2, l, i, n_out, n, lr, hyper, c1, c2)
            for j in range(n_out):
                step = accW[l, i, j]
                accW[l, i, j] = 0.0
                if not dead[l, i, j]:
                    w = W[l, i, j]
                    W[l, i, j], killed = _regularized(w, w - step, decay, reg)
                    if not killed:
                        continue
                    dead[l, i, j] = True
                sW1[l, i, j], sW2[l, i, j] = 0.0, 0.0
    count[0] = 0.0


@_jit
def _update_with_optimizer(opt, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                           sW1, sW2, sB13, sB23, opt_t):
    """_update_optimizer with `opt` and `divide` turned into constants: one
    inlined copy per case (a loop that tests them at run time is 10x slower)."""
    if count[0] == 1.0:
        if opt == optimizers.MOMENTUM:
            _update_optimizer(optimizers.MOMENTUM, False, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)
        elif opt == optimizers.RMSPROP:
            _update_optimizer(optimizers.RMSPROP, False, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)
        else:
            _update_optimizer(optimizers.ADAM, False, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)
    elif opt == optimizers.MOMENTUM:
        _update_optimizer(optimizers.MOMENTUM, True, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)
    elif opt == optimizers.RMSPROP:
        _update_optimizer(optimizers.RMSPROP, True, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)
    else:
        _update_optimizer(optimizers.ADAM, True, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper, c1, c2,
                              sW1, sW2, sB13, sB23, opt_t)


@_inline
def _outputs_into(X, sizes, W, B, acts, activate_output, prev, cur):
    """Every point through the net, a layer at a time (points in the inner loop
    vectorise; each point's sums keep the playground's order). Returns (M, n):
    row j holds output neuron j's f(z), or z itself when not activate_output
    (rows past sizes[-1] are scratch). prev, cur: (M, n)."""
    n, L = X.shape[0], W.shape[0]
    for i in range(sizes[0]):
        for p in range(n):
            prev[i, p] = X[p, i]
    for l in range(L):
        code = acts[l]
        for j in range(sizes[l + 1]):
            row = cur[j]
            row[:] = B[l, j]
            for i in range(sizes[l]):
                w = W[l, i, j]
                src = prev[i]
                for p in range(n):
                    row[p] += w * src[p]
            if l == L - 1 and not activate_output:
                continue
            if code == 1:  # branch-free tanh, vectorised over points, same bits
                fdmath.tanh_into(row, row)
            else:
                for p in range(n):
                    row[p] = activate(code, row[p])
        prev, cur = cur, prev
    return prev


@_inline
def _pairwise_block(a, lo, n):
    """np.sum's sum of at most 128 values a[lo:lo + n] (NumPy's pairwise_sum
    leaf: 8 interleaved partial sums, then the rest in order)."""
    if n < 8:
        res = -0.0
        for i in range(n):
            res += a[lo + i]
        return res
    r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
    r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
    i = 8
    while i < n - n % 8:
        r0 += a[lo + i]
        r1 += a[lo + i + 1]
        r2 += a[lo + i + 2]
        r3 += a[lo + i + 3]
        r4 += a[lo + i + 4]
        r5 += a[lo + i + 5]
        r6 += a[lo + i + 6]
        r7 += a[lo + i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < n:
        res += a[lo + i]
        i += 1
    return res


@_jit
def _pairwise_sum(a, lo, n):
    """a[lo] + ... + a[lo + n - 1] summed as NumPy's np.sum sums a contiguous
    float64 array (its pairwise_sum: blocks of up to 128 values, halves above
    that, cut at multiples of 8), so that a metric summed here has np.sum's
    bits. The halving is walked with an explicit stack: numba's cache does not
    load recursive functions safely."""
    if n <= 128:
        return _pairwise_block(a, lo, n)
    starts, sizes, stage = np.empty(64, np.int64), np.empty(64, np.int64), np.zeros(64, np.int64)
    values = np.empty(64)
    starts[0], sizes[0], top, done = lo, n, 1, 0
    while top > 0:
        s, m = starts[top - 1], sizes[top - 1]
        half = m // 2
        half -= half % 8
        if m <= 128:
            values[done] = _pairwise_block(a, s, m)
            done += 1
            top -= 1
        elif stage[top - 1] < 2:  # the left half, then the right
            first = stage[top - 1] == 0
            stage[top - 1] += 1
            starts[top], sizes[top], stage[top] = (s, half, 0) if first else (s + half, m - half, 0)
            top += 1
        else:
            values[done - 2] = values[done - 2] + values[done - 1]
            done -= 1
            top -= 1
    return values[0]


@_inline
def _measure_into(out, Y, loss, row, col):
    """The metrics' counts of one set from its outputs `out` (n,) (the loss
    pass's: the output z itself for cross-entropy), into row[col:col + 6]:
    tp, fn, fp, tn, outputs not finite, sum of (display - label)^2
    (engine.metrics.STAT_COLUMNS; display: the -1..1 output, 2o - 1 for
    cross-entropy's sigmoid). Same comparisons and sums as engine.metrics."""
    n = out.shape[0]
    tp, fn, fp, tn, bad = 0, 0, 0, 0, 0
    sq = np.empty(n)
    for p in range(n):
        o = out[p]
        if loss != SQUARE:
            o = 2.0 * activate(SIGMOID, o) - 1.0
        if not np.isfinite(o):
            bad += 1
        if Y[p] > 0.0:
            if o >= 0.0:
                tp += 1
            else:
                fn += 1
        elif o >= 0.0:
            fp += 1
        else:
            tn += 1
        d = o - Y[p]
        sq[p] = d * d
    row[col], row[col + 1], row[col + 2], row[col + 3], row[col + 4] = tp, fn, fp, tn, bad
    row[col + 5] = 0.0 + _pairwise_sum(sq, 0, n)


@_inline
def _loss_into(X, Y, sizes, W, B, acts, loss, row, k):
    """row[k] = mean_loss_of(...); and when row is wide enough (a Trainer's
    losses with metrics, engine.metrics.STAT_COLUMNS), the set's metric
    counts from the same outputs into row[2 + 6k:8 + 6k]."""
    n, M = X.shape[0], W.shape[1]
    out = _outputs_into(X, sizes, W, B, acts, loss == SQUARE, np.empty((M, n)), np.empty((M, n)))[0]
    total = 0.0
    if loss == SQUARE:
        for p in range(n):
            d = out[p] - Y[p]
            total += 0.5 * (d * d)
    else:
        for p in range(n):
            total += cross_entropy_loss(out[p], 0.0, Y[p])
    row[k] = total / n
    if row.shape[0] >= 2 + 6 * (k + 1):
        _measure_into(out, Y, loss, row, 2 + 6 * k)


@_jit
def mean_loss_of(X, Y, sizes, W, B, acts, loss):
    """Mean loss over the points, summed in order: square 0.5 * (output - label)^2,
    or cross-entropy from the output neuron's input z (engine.losses).
    X: (n, n_in), Y: (n,)."""
    row = np.empty(1)
    _loss_into(X, Y, sizes, W, B, acts, loss, row, 0)
    return row[0]


@_jit
def outputs(X, sizes, W, B, acts):
    """(n,) the network's exact output for each point (the kernels' arithmetic)."""
    n, M = X.shape[0], W.shape[1]
    return _outputs_into(X, sizes, W, B, acts, True, np.empty((M, n)), np.empty((M, n)))[0].copy()


@_inline
def _loss_pass(Xtr, Ytr, Xte, Yte, sizes, W, B, acts, loss, row):
    """An epoch's losses (and metric counts) of both sets into row."""
    _loss_into(Xtr, Ytr, sizes, W, B, acts, loss, row, 0)
    _loss_into(Xte, Yte, sizes, W, B, acts, loss, row, 1)


@_inline
def _keep(W, B, kept_W, kept_B, e):
    """kept_W[e], kept_B[e] = W, B, in loops (numba's array assignment took
    seconds longer to compile)."""
    for l in range(W.shape[0]):
        for j in range(W.shape[1]):
            kept_B[e, l, j] = B[l, j]
            for i in range(W.shape[1]):
                kept_W[e, l, i, j] = W[l, i, j]


@_jit
def train_kept(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lrs, reg, reg_rate, acts, loss, batch,
               opt, hyper, sW1, sW2, sB1, sB2, opt_t, kept_W, kept_B):
    """`train`'s training of kept_W.shape[0] epochs, epoch e at learning rate
    lrs[e], without its loss pass: the weights and biases after epoch e go to
    kept_W[e], kept_B[e] (as train_epochs_kept). Never stops early."""
    L, M = W.shape[0], W.shape[1]
    z = np.zeros((L, M))
    a = np.zeros((L + 1, M))
    dout = np.zeros((L + 1, M))
    din = np.zeros((L, M))
    # 3-D views of the bias arrays for _update_optimizer (made once: views cost refcounts)
    accB3, sB13, sB23 = accB.reshape((1, L, M)), sB1.reshape((1, L, M)), sB2.reshape((1, L, M))
    for e in range(kept_W.shape[0]):
        lr = lrs[e]
        for p in range(Xtr.shape[0]):
            _forward(Xtr[p], sizes, W, B, acts, z, a)
            _backward(Ytr[p], sizes, W, acts, loss, z, a, dout, din, accW, accB)
            count[0] += 1.0
            if (p + 1) % batch == 0:
                if opt == optimizers.SGD:
                    _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)
                else:
                    # Adam's bias corrections for update t = opt_t + 1, computed out here:
                    # the call to C's pow inside the update made it 2x slower.
                    c1, c2 = 1.0, 1.0
                    if opt == optimizers.ADAM:
                        c1, c2 = optimizers.adam_corrections(hyper, opt_t[0] + 1.0)
                    _update_with_optimizer(opt, sizes, W, B, dead, accW, accB3, count, lr, reg, reg_rate, hyper,
                                           c1, c2, sW1, sW2, sB13, sB23, opt_t)
        _keep(W, B, kept_W, kept_B, e)
    return kept_W.shape[0]


@_jit
def losses_of_kept_with(Xtr, Ytr, Xte, Yte, sizes, acts, loss, kept_W, kept_B, losses):
    """losses[e]: what `train` writes after the epoch whose weights are
    kept_W[e], kept_B[e] (losses_of_kept with any activations and loss)."""
    for e in range(losses.shape[0]):
        _loss_pass(Xtr, Ytr, Xte, Yte, sizes, kept_W[e], kept_B[e], acts, loss, losses[e])
    return losses.shape[0]


def train(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count, lrs, reg, reg_rate, acts, loss, batch,
          opt, hyper, sW1, sW2, sB1, sB2, opt_t, losses):
    """Run losses.shape[0] epochs, epoch e at learning rate lrs[e]; after each,
    store (train, test) loss in losses[e]. Stops early after an epoch whose loss
    is not finite. Returns the number of epochs run. Plain Python around its
    two compiled halves (train_halves), as train_epochs."""
    return in_turn(train_halves(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count, lrs, reg, reg_rate, acts,
                                loss, batch, opt, hyper, sW1, sW2, sB1, sB2, opt_t), losses)


def train_halves(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count, lrs, reg, reg_rate, acts, loss, batch,
                 opt, hyper, sW1, sW2, sB1, sB2, opt_t):
    """`train`'s epochs as Halves: train_kept, losses_of_kept_with and every
    array the training changes (lrs[e] is the call's epoch e)."""
    def training(start, kept_W, kept_B):
        train_kept(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lrs[start:start + kept_W.shape[0]], reg,
                   reg_rate, acts, loss, batch, opt, hyper, sW1, sW2, sB1, sB2, opt_t, kept_W, kept_B)

    def losses_of(kept_W, kept_B, rows):
        losses_of_kept_with(Xtr, Ytr, Xte, Yte, sizes, acts, loss, kept_W, kept_B, rows)

    return Halves(training, losses_of, (W, B, dead, accW, accB, count, sW1, sW2, sB1, sB2, opt_t))


# ---- the playground's settings only (the kernels' first interface) -------------
# Compiled too: a Python wrapper building the arrays would cost ~9 us a call.


@_jit
def layer_codes(sizes, act, out_act):
    """(L,) int64: `act` for the hidden layers, `out_act` for the output."""
    codes = np.full(sizes.shape[0] - 1, act, dtype=np.int64)
    codes[-1] = out_act
    return codes


@_jit
def mean_loss(X, Y, sizes, W, B, act, out_act):
    """Mean of 0.5 * (output - label)^2 with one hidden activation code."""
    return mean_loss_of(X, Y, sizes, W, B, layer_codes(sizes, act, out_act), SQUARE)


@_inline
def _scratch(L, M, P):
    """The training passes' work arrays: (z, a, dout, din) of one point and
    (zs, outs, douts, dins) of P points taken together (_train_pass)."""
    return (np.zeros((L, M)), np.zeros((L + 1, M)), np.zeros((L + 1, M)), np.zeros((L, M)),
            np.zeros((L, M * P)), np.zeros((L + 1, M * P)), np.zeros((L + 1, M * P)), np.zeros((L, M * P)))


@_jit
def _finish_carried(x, y, sizes, W, B, dead, acts, z, a, dout, din, accW, accB, count, lr, reg, reg_rate):
    """A batch-1 epoch's first point when a part of a larger batch was carried
    in: it finishes that batch as the playground does (_update empties the
    accumulators). Called, not inlined: a second inlined forward pass made the
    playground's kernels take 5 s longer to compile; a test of count[0] at
    every point instead cost 8 % of the epoch."""
    _forward(x, sizes, W, B, acts, z, a)
    _backward(y, sizes, W, acts, SQUARE, z, a, dout, din, accW, accB)
    count[0] += 1.0
    _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)


@_inline
def _train_pass(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, acts, batch, P,
                z, a, dout, din, zs, outs, douts, dins):
    """One epoch of train_epochs' training, over the points in order (see there)."""
    n = Xtr.shape[0]
    if batch == 1:
        first = 0
        if count[0] != 0.0 and n > 0:  # a part of a larger batch carried in (batch changed mid-run)
            _finish_carried(Xtr[0], Ytr[0], sizes, W, B, dead, acts, z, a, dout, din, accW, accB, count, lr, reg,
                            reg_rate)
            first = 1
        for p in range(first, n):  # accumulators empty: each point's back-prop updates as it goes
            _forward(Xtr[p], sizes, W, B, acts, z, a)
            _backward_update_sgd(Ytr[p], sizes, W, B, dead, acts, z, a, dout, din, lr, reg, reg_rate)
    else:  # the update follows point p when (p + 1) % batch == 0: at a part's end, or never
        for start in range(0, n, P):
            size = min(P, n - start)
            _forward_batch(Xtr, start, P, sizes, W, B, acts, zs, outs)
            _backward_batch(Ytr, start, size, P, sizes, W, acts, zs, outs, douts, dins, accW, accB)
            count[0] += size  # whole numbers: the same as adding 1.0 size times
            if (start + size) % batch == 0:
                _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)




# ---- an epoch of the playground's settings in two halves (train_epochs) ---------
# The training keeps each epoch's weights, and the losses are computed from them:
# in turn (train_epochs), or while the next epochs train (engine.loss_thread).


@_jit
def train_epochs_kept(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, act, out_act, batch,
                      kept_W, kept_B):
    """train_epochs' training of kept_W.shape[0] epochs without its loss pass:
    the weights and biases after epoch e go to kept_W[e], kept_B[e]. Never
    stops early (a diverging run trains on NaN: the caller goes back)."""
    L, M = W.shape[0], W.shape[1]
    acts = layer_codes(sizes, act, out_act)
    P = max(1, min(batch, Xtr.shape[0]))
    z, a, dout, din, zs, outs, douts, dins = _scratch(L, M, P)
    for e in range(kept_W.shape[0]):
        _train_pass(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, acts, batch, P,
                    z, a, dout, din, zs, outs, douts, dins)
        _keep(W, B, kept_W, kept_B, e)
    return kept_W.shape[0]


@_jit
def losses_of_kept(Xtr, Ytr, Xte, Yte, sizes, act, out_act, kept_W, kept_B, losses):
    """losses[e]: what train_epochs writes after the epoch whose weights are
    kept_W[e], kept_B[e]."""
    acts = layer_codes(sizes, act, out_act)
    for e in range(losses.shape[0]):
        _loss_pass(Xtr, Ytr, Xte, Yte, sizes, kept_W[e], kept_B[e], acts, SQUARE, losses[e])
    return losses.shape[0]


def train_epochs(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                 lr, reg, reg_rate, act, out_act, batch, losses):
    """`train` with the playground's settings: one learning rate, one hidden
    activation, square loss, sgd. Runs losses.shape[0] epochs, stores (train,
    test) loss and the metric counts after epoch e in losses[e], stops after
    an epoch whose loss is not finite; returns the epochs run.

    Its own loop, not `train`: calling `train` would compile the optimizers'
    code too, which tripled the first run's wait for the playground's kernels
    (engine.compiled). With batch > 1 a batch's points go forward and back
    together (_forward_batch, _backward_batch: the weights do not change
    within a batch), vectorised over the points, with the same bits; with
    batch 1 each point's back-prop updates the weights as it goes
    (_backward_update_sgd).

    Plain Python around the two compiled halves of an epoch, the training
    (train_epochs_kept) and the loss pass (losses_of_kept), called in turn
    (in_turn). A compiled loop calling both took 1.3x as long to compile
    (numba optimises what it calls once more inside it)."""
    return in_turn(train_epochs_halves(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate,
                                       act, out_act, batch), losses)


def train_epochs_halves(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, act, out_act,
                        batch):
    """train_epochs' epochs as Halves: train_epochs_kept and losses_of_kept."""
    def training(start, kept_W, kept_B):
        train_epochs_kept(Xtr, Ytr, sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate, act, out_act, batch,
                          kept_W, kept_B)

    def losses_of(kept_W, kept_B, rows):
        losses_of_kept(Xtr, Ytr, Xte, Yte, sizes, act, out_act, kept_W, kept_B, rows)

    return Halves(training, losses_of, (W, B, dead, accW, accB, count))


def warm_up_calls(names: Collection[str] | None = None) -> list[tuple[Any, tuple[Any, ...]]]:
    """(kernel, arguments) of a tiny call per signature a Trainer uses: calling
    them compiles (or loads from the disk cache) exactly what training needs.
    names: only the kernels of these names (engine.compiled.GROUPS)."""
    X, Y = np.zeros((2, 1)), np.zeros(2)
    Y.flags.writeable = False  # as Dataset labels are: numba compiles per array type
    sizes = np.array([1, 1], dtype=np.int64)
    W, B = np.zeros((1, 1, 1)), np.zeros((1, 1))
    dead = np.zeros((1, 1, 1), dtype=np.bool_)
    sizes3 = np.array([1, 3], dtype=np.int64)  # K = 3 classes
    W3, B3, dead3 = np.zeros((1, 3, 3)), np.zeros((1, 3)), np.zeros((1, 3, 3), dtype=np.bool_)
    acts = np.ones(1, dtype=np.int64)
    state = optimizers.OptimizerState.zeros(W, B)
    kept_W, kept_B = np.empty((1,) + W.shape), np.empty((1,) + B.shape)
    calls = [(train_kept, (X, Y, sizes, W, B, dead, W.copy(), B.copy(), np.zeros(1), np.full(1, 0.1), 0, 0.0, acts,
                           SQUARE, 1, optimizers.SGD, np.zeros(3), *state.arrays(), kept_W, kept_B)),
             (losses_of_kept_with, (X, Y, X, Y, sizes, acts, SQUARE, kept_W, kept_B, np.empty((1, 2)))),
             (mean_loss_of, (X, Y, sizes, W, B, acts, SQUARE)),
             (outputs, (X, sizes, W, B, acts)),
             (mean_loss, (X, Y, sizes, W, B, 1, 1)),
             (train_epochs_kept, (X, Y, sizes, W, B, dead, W.copy(), B.copy(), np.zeros(1), 0.1, 0, 0.0, 1, 1, 1,
                                  kept_W, kept_B)),
             (losses_of_kept, (X, Y, X, Y, sizes, 1, 1, kept_W, kept_B, np.empty((1, 2)))),
             (train_epochs_softmax, (X, Y, X, Y, sizes3, W3, B3, dead3, W3.copy(), B3.copy(), np.zeros(1),
                                     0.1, 0, 0.0, 1, 1, np.empty((1, 2)))),
             (mean_cross_entropy, (X, Y, sizes3, W3, B3, 1))]
    return [(kernel, args) for kernel, args in calls if names is None or kernel.__name__ in names]


def warm_up(names: Collection[str] | None = None) -> None:
    """Compile (or load from the disk cache) the kernels (those of `names`)
    on a tiny network, so that the first real step is not the one that pays."""
    for kernel, args in warm_up_calls(names):
        kernel(*args)


# ---- K classes: softmax outputs and cross-entropy (engine.multiclass) -----------
# The K output neurons are linear: their outputs are the logits z. The formulas
# and their order are engine.multiclass.softmax_point / cross_entropy_point's,
# which the reference (engine.multiclass_reference) uses. The settings beyond
# the playground are for the two-class problems (config refuses them with K >= 3).


@_inline
def _softmax_error(z, K, label, dz):
    """dz[k] = p_k - t_k, the cross-entropy's derivative by logit k, with
    p = softmax(z[:K]) and t the one-hot of class `label`."""
    m = z[0]
    for k in range(1, K):
        if z[k] > m:
            m = z[k]
    s = 0.0
    for k in range(K):
        e = fdmath.exp(z[k] - m)
        dz[k] = e
        s += e
    for k in range(K):
        dz[k] = dz[k] / s - (1.0 if k == label else 0.0)


@_inline
def _cross_entropy(out, p, K, label, e):
    """-log softmax(z)[label] = log(s) - (z_label - m) for point p's logits
    out[:K, p]; leaves the probabilities softmax_point gives in e[:K]."""
    m = out[0, p]
    for k in range(1, K):
        if out[k, p] > m:
            m = out[k, p]
    s = 0.0
    for k in range(K):
        v = fdmath.exp(out[k, p] - m)
        e[k] = v
        s += v
    for k in range(K):
        e[k] = e[k] / s
    return fdmath.log(s) - (out[label, p] - m)


@_inline
def _winner(prob, K):
    """np.argmax of prob[:K]: the first of equal maxima, the first NaN if any
    (multiclass.predicted's rule)."""
    best = 0
    for k in range(1, K):
        if prob[best] != prob[best]:
            break
        if prob[k] > prob[best] or prob[k] != prob[k]:
            best = k
    return best


@_inline
def _class_loss_into(X, Y, sizes, W, B, act, row, k):
    """row[k] = mean_cross_entropy(...); and when row is wide enough (a
    Trainer's losses with K-class counts: 2 + 2K^2), the set's KxK confusion
    counts (row = true class, column = the most probable one, as
    multiclass.confusion counts them from the same probabilities) into
    row[2 + kK^2:2 + (k + 1)K^2], row-major."""
    n, M, K = X.shape[0], W.shape[1], sizes[-1]
    out = _outputs_into(X, sizes, W, B, layer_codes(sizes, act, LINEAR), True, np.empty((M, n)), np.empty((M, n)))
    counting = row.shape[0] >= 2 + K * K * (k + 1)
    base = 2 + K * K * k
    if counting:
        row[base:base + K * K] = 0.0
    prob = np.empty(K)
    total = 0.0
    for p in range(n):
        label = int(Y[p])
        total += _cross_entropy(out, p, K, label, prob)
        if counting:
            row[base + label * K + _winner(prob, K)] += 1.0
    row[k] = total / n


@_jit
def mean_cross_entropy(X, Y, sizes, W, B, act):
    """Mean cross-entropy over the points, summed in order. Y: (n,) class numbers."""
    row = np.empty(1)
    _class_loss_into(X, Y, sizes, W, B, act, row, 0)
    return row[0]


@_jit
def train_epochs_softmax(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                         lr, reg, reg_rate, act, batch, losses):
    """train_epochs for K >= 3 classes: softmax and cross-entropy at the output
    (Y: class numbers 0..K-1), everything else the playground's. losses may be
    2 + 2K^2 wide: then each set's confusion counts too (_class_loss_into)."""
    L, M = W.shape[0], W.shape[1]
    K = sizes[L]
    acts = layer_codes(sizes, act, LINEAR)
    z = np.zeros((L, M))
    a = np.zeros((L + 1, M))
    dout = np.zeros((L + 1, M))
    din = np.zeros((L, M))
    for e in range(losses.shape[0]):
        for p in range(Xtr.shape[0]):
            _forward(Xtr[p], sizes, W, B, acts, z, a)
            _softmax_error(a[L], K, int(Ytr[p]), dout[L])
            _backprop(sizes, W, acts, LINEAR, z, a, dout, din, accW, accB)
            count[0] += 1.0
            if (p + 1) % batch == 0:
                _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)
        _class_loss_into(Xtr, Ytr, sizes, W, B, act, losses[e], 0)
        _class_loss_into(Xte, Yte, sizes, W, B, act, losses[e], 1)
        if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
            return e + 1
    return losses.shape[0]
