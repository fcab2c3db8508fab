"""The training kernel without a compiler: engine/kernels.py's numbers, bit for
bit, in NumPy (the uncompiled exact path).

It runs while numba compiles (the first launch) and for jobs too small to be
worth compiling for. Same functions, same arguments, same results as
engine/kernels.py, so a run can switch between the two at any call.

Why it can be vectorised and stay exact: within a batch the weights do not
change, so every point of a batch goes through the forward and backward pass
at once (arrays of shape (points, neurons)). Each point's own arithmetic is the
playground's, operation for operation (docs/playground.md, "Arithmetic"):

- a neuron's input is ((bias + w0*a0) + w1*a1) + ...: products for all points
  at once, then summed over the sources in order with ``np.add.accumulate``,
  which keeps every partial sum (so it cannot reorder; ``np.sum`` and ``@``
  can, and BLAS may fuse multiply-adds);
- tanh and exp are fdlibm's, vectorised (engine/fdarray.py);
- the gradient accumulators add the batch's points one after the other, in
  order, again with ``np.add.accumulate`` over the points axis;
- the update is elementwise, so it runs on whole weight matrices.

Cost is per NumPy call (~0.5-1 us each), roughly a hundred calls per batch:
fine for batch 10 and up, slow for batch 1 (see benchmarks/engine.py).
"""

from __future__ import annotations

import numpy as np

from . import fdarray, fdmath

ACT_CODES = {"relu": 0, "tanh": 1, "sigmoid": 2, "linear": 3}
REG_CODES = {"none": 0, "L1": 1, "L2": 2}


def _activate(code: int, z: np.ndarray) -> np.ndarray:
    if code == 1:
        return fdarray.tanh(z)
    if code == 0:  # Math.max(0, z), NaN passes through
        return np.where(z <= 0.0, 0.0, z)
    if code == 2:
        return 1.0 / (1.0 + fdarray.exp(-z))
    return z


def _times_derivative(code: int, dout: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dout * activation'(z), where a = activation(z)."""
    if code == 1:
        return dout * (1.0 - a * a)
    if code == 0:
        return dout * np.where(z <= 0.0, 0.0, 1.0)
    if code == 2:
        return dout * (a * (1.0 - a))
    return dout  # dout * 1.0 is dout


def _layers(sizes, W, B, dead=None, accW=None, accB=None) -> list[tuple]:
    """Per weight layer the views of the real (unpadded) part of each array."""
    s = sizes.tolist()
    views = []
    for l in range(len(s) - 1):
        m, n = s[l], s[l + 1]
        views.append((W[l, :m, :n], B[l, :n],
                      None if dead is None else dead[l, :m, :n],
                      None if accW is None else accW[l, :m, :n],
                      None if accB is None else accB[l, :n]))
    return views


def _in_order(first: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """first + terms[0] + terms[1] + ..., added one after the other (the
    accumulate keeps each partial sum). Overwrites terms[0]."""
    np.add(first, terms[0], out=terms[0])
    if len(terms) == 1:
        return terms[0]
    return np.add.accumulate(terms, axis=0)[-1]


def _forward(X: np.ndarray, layers: list[tuple], act: int, out_act: int) -> tuple[list, list]:
    """Every point of X (P, n_in) through the net: (inputs z per layer,
    outputs per layer with X first)."""
    outs, zs = [X], []
    last = len(layers) - 1
    for l, (Wl, Bl, *_) in enumerate(layers):
        prods = outs[-1][:, :, None] * Wl  # (P, sources, neurons)
        np.add(Bl, prods[:, 0], out=prods[:, 0])  # bias + w0*a0
        z = np.add.accumulate(prods, axis=1)[:, -1] if prods.shape[1] > 1 else prods[:, 0]
        zs.append(z)
        outs.append(_activate(out_act if l == last else act, z))
    return zs, outs


def _backward(Y: np.ndarray, zs: list, outs: list, layers: list[tuple], act: int, out_act: int) -> None:
    """Back-prop the points of a forward pass into the accumulators, point
    after point in each sum (kernels._backward, all points at once)."""
    _backprop(outs[-1] - Y[:, None], zs, outs, layers, act, out_act)


def _backprop(dout: np.ndarray, zs: list, outs: list, layers: list[tuple], act: int, out_act: int) -> None:
    """From the output neurons' output derivatives dout (P, n_out) back into the
    accumulators (kernels._backprop)."""
    last = len(layers) - 1
    for l in range(last, -1, -1):
        Wl, _, _, accWl, accBl = layers[l]
        g = _times_derivative(out_act if l == last else act, dout, zs[l], outs[l + 1])
        accBl[...] = _in_order(accBl, g.copy())
        accWl[...] = _in_order(accWl, outs[l][:, :, None] * g[:, None, :])
        if l == 0:
            break
        # each source's output derivative: 0.0 + w_0*g_0 + w_1*g_1 + ... in order
        prods = Wl * g[:, None, :]
        np.add(prods[:, :, 0], 0.0, out=prods[:, :, 0])
        dout = np.add.accumulate(prods, axis=2)[:, :, -1] if prods.shape[2] > 1 else prods[:, :, 0]


def _update(layers: list[tuple], count: np.ndarray, lr: float, reg: int, reg_rate: float) -> None:
    """kernels._update on whole matrices (each weight's step is its own)."""
    n = count[0]
    step = lr / n
    decay = lr * reg_rate
    for Wl, Bl, deadl, accWl, accBl in layers:
        Bl[...] = Bl - lr * accBl / n
        accBl[...] = 0.0
        new = Wl - step * accWl
        accWl[...] = 0.0
        if reg:
            r = Wl if reg == 2 else np.where(Wl > 0.0, 1.0, np.where(Wl < 0.0, -1.0, 0.0))
            w2 = new - decay * r
            if reg == 1:  # a step across zero kills the link
                kill = (new * w2 < 0.0) & ~deadl
                w2 = np.where(kill, 0.0, w2)
                new = np.where(deadl, Wl, w2)
                deadl |= kill
            else:
                new = np.where(deadl, Wl, w2)
        else:
            new = np.where(deadl, Wl, new)
        Wl[...] = new
    count[0] = 0.0


def _mean_losses(X: np.ndarray, Y: np.ndarray, splits: list[int], layers: list[tuple],
                 act: int, out_act: int) -> list[float]:
    """Mean square-error loss of consecutive parts of X (split at `splits`),
    each summed point after point: several sets in one forward pass."""
    _, outs = _forward(X, layers, act, out_act)
    d = outs[-1][:, 0] - Y
    terms = 0.5 * (d * d)
    result = []
    for a, b in zip([0] + splits, splits + [len(X)]):
        total = float(np.add.accumulate(terms[a:b])[-1]) if b > a else 0.0  # 0.0 + t0 is t0 (t0 >= 0 or NaN)
        result.append(total / (b - a))
    return result


def outputs(X, sizes, W, B, act, out_act) -> np.ndarray:
    """The network's output for each point of X (n, n_in): (n,), the numbers
    the loss is made of (kernels._forward's, point by point)."""
    return _forward(X, _layers(sizes, W, B), act, out_act)[1][-1][:, 0]


def mean_loss(X, Y, sizes, W, B, act, out_act) -> float:
    """Mean of 0.5 * (output - label)^2 over the points, summed in order (kernels.mean_loss)."""
    with np.errstate(all="ignore"):  # a diverged net's inf/NaN is a result, not a warning
        return _mean_losses(X, Y, [], _layers(sizes, W, B), act, out_act)[0]


def _segments(n: int, batch: int) -> list[tuple[int, int, bool]]:
    """An epoch's points split where the weights change: (start, stop, update
    after stop). An update follows every point p with (p + 1) % batch == 0;
    points left over join the first batch of the next epoch."""
    cuts = list(range(batch, n + 1, batch))
    starts = [0] + cuts
    out = [(a, b, True) for a, b in zip(starts, cuts)]
    if starts[-1] < n:
        out.append((starts[-1], n, False))
    return out


def train_epochs(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                 lr, reg, reg_rate, act, out_act, batch, losses) -> int:
    """kernels.train_epochs: run losses.shape[0] epochs, store (train, test)
    loss after each in losses[e], stop after an epoch whose loss is not finite.
    Returns the number of epochs run."""
    layers = _layers(sizes, W, B, dead, accW, accB)
    segments = _segments(Xtr.shape[0], batch)
    both_X = np.concatenate((Xtr, Xte))
    both_Y = np.concatenate((Ytr, Yte))
    with np.errstate(all="ignore"):
        for e in range(losses.shape[0]):
            for a, b, update in segments:
                zs, outs = _forward(Xtr[a:b], layers, act, out_act)
                _backward(Ytr[a:b], zs, outs, layers, act, out_act)
                count[0] += b - a
                if update:
                    _update(layers, count, lr, reg, reg_rate)
            losses[e] = _mean_losses(both_X, both_Y, [len(Xtr)], layers, act, out_act)
            if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
                return e + 1
    return losses.shape[0]


# ---- K classes: softmax outputs and cross-entropy (kernels' K-class section) -----

LINEAR = ACT_CODES["linear"]


def _softmax_parts(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """z: (P, K) logits -> m (P,) the kernel's running max (a later logit
    replaces it only when greater), e = exp(z - m) (P, K), s (P,) the sum of e
    in class order."""
    m = z[:, 0].copy()
    for k in range(1, z.shape[1]):
        m = np.where(z[:, k] > m, z[:, k], m)
    e = fdarray.exp(z - m[:, None])
    s = np.add.accumulate(e, axis=1)[:, -1]  # 0.0 + e0 is e0: the kernel's s = 0.0; s += e
    return m, e, s


def _softmax_error(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """(P, K) p - onehot(Y) (kernels._softmax_error); x - 0.0 is x, so only the
    label's column needs the subtraction."""
    _, e, s = _softmax_parts(z)
    dz = e / s[:, None]
    rows = np.arange(len(z))
    dz[rows, Y.astype(np.int64)] -= 1.0
    return dz


def _cross_entropies(z: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """(P,) log(s) - (z_label - m) per point, with the browser's log."""
    m, _, s = _softmax_parts(z)
    logs = np.array([fdmath.log(float(v)) for v in s])
    return logs - (z[np.arange(len(z)), Y.astype(np.int64)] - m)


def _mean_cross_entropies(X, Y, splits, layers, act) -> list[float]:
    _, outs = _forward(X, layers, act, LINEAR)
    terms = _cross_entropies(outs[-1], Y)
    result = []
    for a, b in zip([0] + splits, splits + [len(X)]):
        total = float(np.add.accumulate(np.concatenate(([0.0], terms[a:b])))[-1])  # 0.0 + t0 + t1 ...
        result.append(total / (b - a))
    return result


def mean_cross_entropy(X, Y, sizes, W, B, act) -> float:
    """Mean cross-entropy over the points, summed in order (kernels.mean_cross_entropy)."""
    with np.errstate(all="ignore"):
        return _mean_cross_entropies(X, Y, [], _layers(sizes, W, B), act)[0]


def train_epochs_softmax(Xtr, Ytr, Xte, Yte, sizes, W, B, dead, accW, accB, count,
                         lr, reg, reg_rate, act, batch, losses) -> int:
    """kernels.train_epochs_softmax: train_epochs with softmax and cross-entropy
    at the K outputs (Y: class numbers)."""
    layers = _layers(sizes, W, B, dead, accW, accB)
    segments = _segments(Xtr.shape[0], batch)
    both_X = np.concatenate((Xtr, Xte))
    both_Y = np.concatenate((Ytr, Yte))
    with np.errstate(all="ignore"):
        for e in range(losses.shape[0]):
            for a, b, update in segments:
                zs, outs = _forward(Xtr[a:b], layers, act, LINEAR)
                _backprop(_softmax_error(outs[-1], Ytr[a:b]), zs, outs, layers, act, LINEAR)
                count[0] += b - a
                if update:
                    _update(layers, count, lr, reg, reg_rate)
            losses[e] = _mean_cross_entropies(both_X, both_Y, [len(Xtr)], layers, act)
            if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
                return e + 1
    return losses.shape[0]
