"""Compiled training kernels: the playground's per-sample SGD, bit for bit.

Batch size 1 means one tiny forward/backward per point, sequentially, so the
inner loop is compiled with numba (NumPy per-call overhead on 8-wide layers is
~15x too slow). Every operation follows docs/playground.md ("Training",
"Arithmetic") in the same order as the playground, with fdlibm's tanh/exp
(engine.fdmath), and fastmath stays off: fused multiply-adds would change the
last bits.

`engine/reference.py` is the plain Python version these kernels are tested
against; `engine/numpy_kernels.py` is their uncompiled twin (same functions,
same bits) that trains until they are compiled (engine/compiled.py). Array
layout is the padded one of engine/network.py. The `acc` arguments carry the
accumulated gradients between calls (batches carry over epochs): accW like W,
accB like B, count: (1,) float64 samples accumulated.

numba's on-disk cache is keyed on this file only: after editing fdmath.py,
delete tui_playground/engine/__pycache__/kernels.* (an installed release
rewrites every file, so users never see a stale kernel).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import fdmath
from .numpy_kernels import ACT_CODES, REG_CODES  # noqa: F401  (one table for both paths)

fdmath.register_with_numba()  # before any kernel below is compiled

CACHED = True  # False when numba found no writable cache location: compiled every run


def _compiled(**options):
    """njit with numba's disk cache; without it when there is nowhere to write
    one (numba raises at decoration then: an unwritable cache is not an error)."""
    def decorate(fn):
        global CACHED
        try:
            return njit(cache=True, nogil=True, **options)(fn)
        except RuntimeError:
            CACHED = False
            return njit(nogil=True, **options)(fn)
    return decorate


_jit = _compiled()
_inline = _compiled(inline="always")


@_inline
def _activate(code, z):
    if code == 1:
        return fdmath.tanh(z)
    if code == 0:  # Math.max(0, z), NaN passes through
        return 0.0 if z <= 0.0 else z
    if code == 2:
        return 1.0 / (1.0 + fdmath.exp(-z))
    return z


@_inline
def _derivative(code, z, a):
    """Activation derivative at input z with output a = activation(z)."""
    if code == 1:
        return 1.0 - a * a
    if code == 0:
        return 0.0 if z <= 0.0 else 1.0
    if code == 2:
        return a * (1.0 - a)
    return 1.0


@_inline
def _forward(x, sizes, W, B, act, out_act, z, a):
    """One point through the net. x: (n_in,); z: (L, M) inputs; a: (L+1, M) outputs.
    Sources in the outer loop keep every neuron's sum in source order (the
    playground's) while the inner loop runs along contiguous memory."""
    L = sizes.shape[0] - 1
    for i in range(sizes[0]):
        a[0, i] = x[i]
    for l in range(L):
        code = out_act if l == L - 1 else act
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
                a[l + 1, j] = _activate(code, z[l, j])
    return a[L, 0]


@_inline
def _backward(y, sizes, W, act, out_act, z, a, dout, din, accW, accB):
    """Back-prop one point (after _forward) into the accumulators.
    dout: (L+1, M) output derivatives; din: (L, M) input derivatives.
    Dead links accumulate too (branch-free); _update never reads them."""
    L = sizes.shape[0] - 1
    dout[L, 0] = a[L, 0] - y
    _backprop(sizes, W, act, out_act, z, a, dout, din, accW, accB)


@_inline
def _backprop(sizes, W, act, out_act, z, a, dout, din, accW, accB):
    """From the output neurons' output derivatives dout[L] back into the
    accumulators (the loop of _backward)."""
    L = sizes.shape[0] - 1
    for l in range(L - 1, -1, -1):
        code = out_act if l == L - 1 else act
        n_out = sizes[l + 1]
        for j in range(n_out):
            g = dout[l + 1, j] * _derivative(code, z[l, j], a[l + 1, j])
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
def _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate):
    """Apply the accumulated step, then L1/L2 on weights; L1 sign flips kill links."""
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
                w1 = w - step * acc
                if reg == 0:
                    W[l, i, j] = w1
                    continue
                r = w
                if reg == 1:
                    r = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
                w2 = w1 - decay * r
                if reg == 1 and w1 * w2 < 0.0:
                    W[l, i, j] = 0.0
                    dead[l, i, j] = True
                else:
                    W[l, i, j] = w2
    count[0] = 0.0


@_inline
def _all_outputs(X, sizes, W, B, act, out_act):
    """(M, n): row j holds output neuron j's output for every point (rows past
    sizes[-1] are scratch). All points go through a layer together (points in
    the inner loop vectorise); each point's sums keep the playground's order."""
    n, L, M = X.shape[0], W.shape[0], W.shape[1]
    prev = np.empty((M, n))
    cur = np.empty((M, n))
    for i in range(sizes[0]):
        for p in range(n):
            prev[i, p] = X[p, i]
    for l in range(L):
        code = out_act if l == L - 1 else act
        for j in range(sizes[l + 1]):
            row = cur[j]
            row[:] = B[l, j]
            for i in range(sizes[l]):
                w = W[l, i, j]
                src = prev[i]
                for p in range(n):
                    row[p] += w * src[p]
            if code == 1:  # branch-free tanh, vectorised over points, same bits
                fdmath.tanh_into(row, row)
            else:
                for p in range(n):
                    row[p] = _activate(code, row[p])
        prev, cur = cur, prev
    return prev


@_jit
def mean_loss(X, Y, sizes, W, B, act, out_act):
    """Mean of 0.5 * (output - label)^2 over the points, summed in order.
    X: (n, n_in), Y: (n,)."""
    out = _all_outputs(X, sizes, W, B, act, out_act)
    total = 0.0
    for p in range(X.shape[0]):
        d = out[0, p] - Y[p]
        total += 0.5 * (d * d)
    return total / X.shape[0]


@_jit
def train_epochs(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                 lr, reg, reg_rate, act, out_act, batch, losses):
    """Run losses.shape[0] epochs; after each, store (train, test) loss in
    losses[e]. Stops early after an epoch whose loss is not finite.
    Returns the number of epochs run."""
    L, M = W.shape[0], W.shape[1]
    z = np.zeros((L, M))
    a = np.zeros((L + 1, M))
    dout = np.zeros((L + 1, M))
    din = np.zeros((L, M))
    for e in range(losses.shape[0]):
        for p in range(Xtr.shape[0]):
            _forward(Xtr[p], sizes, W, B, act, out_act, z, a)
            _backward(Ytr[p], sizes, W, act, out_act, z, a, dout, din, accW, accB)
            count[0] += 1.0
            if (p + 1) % batch == 0:
                _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)
        losses[e, 0] = mean_loss(Xtr, Ytr, sizes, W, B, act, out_act)
        losses[e, 1] = mean_loss(Xte, Yte, sizes, W, B, act, out_act)
        if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
            return e + 1
    return losses.shape[0]


def warm_up_calls() -> list[tuple]:
    """(kernel, arguments) of a tiny call per signature a Trainer uses: calling
    them compiles (or loads from the disk cache) exactly what training needs."""
    X, Y = np.zeros((2, 1)), np.zeros(2)
    Y.flags.writeable = False  # as Dataset labels are: numba compiles per array type
    sizes = np.array([1, 1], dtype=np.int64)
    W, B = np.zeros((1, 1, 1)), np.zeros((1, 1))
    dead = np.zeros((1, 1, 1), dtype=np.bool_)
    sizes3 = np.array([1, 3], dtype=np.int64)  # K = 3 classes
    W3, B3, dead3 = np.zeros((1, 3, 3)), np.zeros((1, 3)), np.zeros((1, 3, 3), dtype=np.bool_)
    return [(train_epochs, (X, Y, X, Y, sizes, W, B, dead, W.copy(), B.copy(), np.zeros(1),
                            0.1, 0, 0.0, 1, 1, 1, np.empty((1, 2)))),
            (mean_loss, (X, Y, sizes, W, B, 1, 1)),
            (train_epochs_softmax, (X, Y, X, Y, sizes3, W3, B3, dead3, W3.copy(), B3.copy(), np.zeros(1),
                                    0.1, 0, 0.0, 1, 1, np.empty((1, 2)))),
            (mean_cross_entropy, (X, Y, sizes3, W3, B3, 1))]


def warm_up() -> None:
    """Compile (or load from the disk cache) the kernels on a tiny network, so
    that the first real step is not the one that pays for it."""
    for kernel, args in warm_up_calls():
        kernel(*args)


# ---- K classes: softmax outputs and cross-entropy (engine.multiclass) -----------
# The K output neurons are linear: their outputs are the logits z. The formulas
# and their order are engine.multiclass.softmax_point / cross_entropy_point's,
# which the reference (engine.multiclass_reference) uses.

LINEAR = ACT_CODES["linear"]


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
def _cross_entropy(out, p, K, label):
    """-log softmax(z)[label] = log(s) - (z_label - m) for point p's logits out[:K, p]."""
    m = out[0, p]
    for k in range(1, K):
        if out[k, p] > m:
            m = out[k, p]
    s = 0.0
    for k in range(K):
        s += fdmath.exp(out[k, p] - m)
    return fdmath.log(s) - (out[label, p] - m)


@_jit
def mean_cross_entropy(X, Y, sizes, W, B, act):
    """Mean cross-entropy over the points, summed in order. Y: (n,) class numbers."""
    K = sizes[-1]
    out = _all_outputs(X, sizes, W, B, act, LINEAR)
    total = 0.0
    for p in range(X.shape[0]):
        total += _cross_entropy(out, p, K, int(Y[p]))
    return total / X.shape[0]


@_jit
def train_epochs_softmax(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                         lr, reg, reg_rate, act, batch, losses):
    """train_epochs for K >= 3 classes: softmax and cross-entropy at the output
    (Y: class numbers 0..K-1), everything else the playground's."""
    L, M = W.shape[0], W.shape[1]
    K = sizes[L]
    z = np.zeros((L, M))
    a = np.zeros((L + 1, M))
    dout = np.zeros((L + 1, M))
    din = np.zeros((L, M))
    for e in range(losses.shape[0]):
        for p in range(Xtr.shape[0]):
            _forward(Xtr[p], sizes, W, B, act, LINEAR, z, a)
            _softmax_error(a[L], K, int(Ytr[p]), dout[L])
            _backprop(sizes, W, act, LINEAR, z, a, dout, din, accW, accB)
            count[0] += 1.0
            if (p + 1) % batch == 0:
                _update(sizes, W, B, dead, accW, accB, count, lr, reg, reg_rate)
        losses[e, 0] = mean_cross_entropy(Xtr, Ytr, sizes, W, B, act)
        losses[e, 1] = mean_cross_entropy(Xte, Yte, sizes, W, B, act)
        if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
            return e + 1
    return losses.shape[0]
