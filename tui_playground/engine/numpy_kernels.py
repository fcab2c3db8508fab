"""The training kernels without a compiler: engine/kernels.py's numbers, bit for
bit, in NumPy (the uncompiled exact path), for every setting: the playground's
(`train_epochs`, `mean_loss`), those beyond it (`train`, `mean_loss_of`,
`outputs`: every activation, per-layer activations, cross-entropy, momentum,
rmsprop, adam, schedules) and K classes (`train_epochs_softmax`).

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
- tanh, exp, expm1, log1p, sin and cos are fdlibm's, vectorised (engine/fdarray.py);
- the gradient accumulators add the batch's points one after the other, in
  order, again with ``np.add.accumulate`` over the points axis;
- the update is elementwise, so it runs on whole weight matrices: the
  optimizers' formulas are engine.optimizers', operation for operation.

Cost is per NumPy call (~0.5-1 us each), roughly a hundred calls per batch:
fine for batch 10 and up, slow for batch 1 (see benchmarks/engine.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from . import fdarray, fdmath, optimizers
from .activations import CODES as ACT_CODES
from .activations import by_code
from .multiclass import confusion

REG_CODES = {"none": 0, "L1": 1, "L2": 2}
SQUARE, CROSS_ENTROPY = 0, 1  # engine.losses.CODES
RELU, TANH, SIGMOID, LINEAR = (ACT_CODES[n] for n in ("relu", "tanh", "sigmoid", "linear"))

_F64 = NDArray[np.float64]  # points, labels, weights, losses: float64 throughout
_I64 = NDArray[np.int64]  # sizes, activation codes
_Layer = tuple[np.ndarray, ...]  # one weight layer's views (_views): (W, B, dead, accW, accB) or a part
_Error = Callable[[_F64, int, int], _F64]  # (outputs, a, b) -> output derivatives of points a..b


class _Means(Protocol):
    """means(X, Y, splits, layers, acts, row): the mean loss of each part of X
    (and, `row` being wide enough, their metric counts into it)."""

    def __call__(self, X: _F64, Y: _F64, splits: list[int], layers: list[_Layer], acts: list[int],
                 row: _F64 | None = None) -> list[float]: ...


# ---- activations over arrays (engine.activations' TABLE, element for element) ------

def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + fdarray.exp(-z))


def _activate(code: int, z: np.ndarray) -> np.ndarray:
    return by_code(code).array(z)


def _times_derivative(code: int, dout: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
    """dout * activation'(z), where a = activation(z)."""
    return by_code(code).times_der(dout, z, a)


# ---- the passes --------------------------------------------------------------------

def _views(sizes: _I64, *arrays: np.ndarray) -> list[_Layer]:
    """Per weight layer, the views of the real (unpadded) part of each array:
    [l, :m, :n] of the (L, M, M) ones, [l, :n] of the (L, M) ones."""
    s = sizes.tolist()
    return [tuple(a[l, :s[l], :s[l + 1]] if a.ndim == 3 else a[l, :s[l + 1]] for a in arrays)
            for l in range(len(s) - 1)]


def _forward(X: _F64, layers: list[_Layer], acts: list[int],
             activate_output: bool = True) -> tuple[list[_F64], list[_F64]]:
    """Every point of X (P, n_in) through the net, layer l with activation
    acts[l]: (inputs z per layer, outputs per layer with X first; the last
    is the output's z itself when not activate_output)."""
    outs: list[_F64] = [X]
    zs: list[_F64] = []
    last = len(layers) - 1
    for l, (Wl, Bl, *_) in enumerate(layers):
        prods = outs[-1][:, :, None] * Wl  # (P, sources, neurons)
        np.add(Bl, prods[:, 0], out=prods[:, 0])  # bias + w0*a0
        z = np.add.accumulate(prods, axis=1)[:, -1] if prods.shape[1] > 1 else prods[:, 0]
        zs.append(z)
        outs.append(z if l == last and not activate_output else _activate(acts[l], z))
    return zs, outs


def _in_order(first: np.ndarray, terms: np.ndarray) -> np.ndarray:
    """first + terms[0] + terms[1] + ..., added one after the other (the
    accumulate keeps each partial sum). Overwrites terms[0]."""
    np.add(first, terms[0], out=terms[0])
    if len(terms) == 1:
        only: np.ndarray = terms[0]
        return only
    total: np.ndarray = np.add.accumulate(terms, axis=0)[-1]
    return total


def _backprop(dout: _F64, zs: list[_F64], outs: list[_F64], layers: list[_Layer], acts: list[int],
              out_code: int) -> None:
    """From the output neurons' output derivatives dout (P, n_out) back into the
    accumulators, point after point in each sum (kernels._backprop, all points
    at once); the output layer's derivative is out_code's."""
    last = len(layers) - 1
    for l in range(last, -1, -1):
        Wl, _, _, accWl, accBl = layers[l]
        g = _times_derivative(out_code if l == last else acts[l], dout, zs[l], outs[l + 1])
        accBl[...] = _in_order(accBl, g.copy())
        accWl[...] = _in_order(accWl, outs[l][:, :, None] * g[:, None, :])
        if l == 0:
            break
        # each source's output derivative: 0.0 + w_0*g_0 + w_1*g_1 + ... in order
        prods = Wl * g[:, None, :]
        np.add(prods[:, :, 0], 0.0, out=prods[:, :, 0])
        dout = np.add.accumulate(prods, axis=2)[:, :, -1] if prods.shape[2] > 1 else prods[:, :, 0]


# ---- updates -----------------------------------------------------------------------

def _regularized(w: np.ndarray, w1: np.ndarray, decay: float, reg: int) -> tuple[np.ndarray, np.ndarray | None]:
    """kernels._regularized on arrays: (new weights, killed or None)."""
    if reg == 0:
        return w1, None
    r = w if reg == 2 else np.where(w > 0.0, 1.0, np.where(w < 0.0, -1.0, 0.0))
    w2 = w1 - decay * r
    if reg == 2:
        return w2, None
    killed = w1 * w2 < 0.0  # a step across zero kills the link
    return np.where(killed, 0.0, w2), killed


def _set_weights(Wl: np.ndarray, deadl: np.ndarray, w1: np.ndarray, decay: float, reg: int) -> None:
    """W <- w1, then L1/L2, on live links only (kernels._update's weight loop)."""
    new, killed = _regularized(Wl, w1, decay, reg)
    Wl[...] = np.where(deadl, Wl, new)
    if killed is not None:
        deadl |= killed


def _update(layers: list[_Layer], count: _F64, lr: float, reg: int, reg_rate: float) -> None:
    """kernels._update (the playground's SGD) on whole matrices."""
    n = count[0]
    step = lr / n
    decay = lr * reg_rate
    for Wl, Bl, deadl, accWl, accBl in layers:
        Bl[...] = Bl - lr * accBl / n
        accBl[...] = 0.0
        w1 = Wl - step * accWl
        accWl[...] = 0.0
        _set_weights(Wl, deadl, w1, decay, reg)
    count[0] = 0.0


def _optimizer_step(opt: int, acc: np.ndarray, n: float, s1: np.ndarray, s2: np.ndarray, lr: float,
                    hyper: np.ndarray, c1: float, c2: float) -> np.ndarray:
    """kernels._steps: the steps of the parameters whose gradients over n
    points are `acc`; their state s1, s2 updated in place."""
    g = acc / n if n != 1.0 else acc  # the kernel's `divide` (x / 1 is x anyway)
    if opt == optimizers.MOMENTUM:
        s1[...] = hyper[0] * s1 + g
        return lr * s1
    if opt == optimizers.RMSPROP:
        alpha = hyper[0]
        s1[...] = alpha * s1 + (1.0 - alpha) * (g * g)
        step: np.ndarray = (lr * g) / (np.sqrt(s1) + hyper[2])
        return step
    b1, b2 = hyper[0], hyper[1]
    s1[...] = b1 * s1 + (1.0 - b1) * g
    s2[...] = b2 * s2 + (1.0 - b2) * (g * g)
    adam: np.ndarray = (lr * (s1 / c1)) / (np.sqrt(s2 / c2) + hyper[2])
    return adam


def _update_optimizer(layers: list[_Layer], states: list[_Layer], count: _F64, lr: float, reg: int,
                      reg_rate: float, opt: int, hyper: np.ndarray, opt_t: np.ndarray) -> None:
    """kernels._update_optimizer: momentum / rmsprop / adam on g = acc / n,
    weights and biases alike; then L1/L2 on weights; a dead link's state is 0.
    states: per layer (sW1, sW2, sB1, sB2) views."""
    n = count[0]
    c1, c2 = optimizers.corrections(opt, hyper, opt_t[0] + 1.0)  # Adam's for update t + 1
    opt_t[0] += 1.0
    decay = lr * reg_rate
    for (Wl, Bl, deadl, accWl, accBl), (sW1, sW2, sB1, sB2) in zip(layers, states):
        Bl[...] = Bl - _optimizer_step(opt, accBl, n, sB1, sB2, lr, hyper, c1, c2)
        accBl[...] = 0.0
        w1 = Wl - _optimizer_step(opt, accWl, n, sW1, sW2, lr, hyper, c1, c2)
        accWl[...] = 0.0
        _set_weights(Wl, deadl, w1, decay, reg)
        sW1[deadl] = 0.0
        sW2[deadl] = 0.0
    count[0] = 0.0


# ---- losses --------------------------------------------------------------------------

def _ordered_means(terms: np.ndarray, splits: list[int]) -> list[float]:
    """The mean of each consecutive part of terms (split at `splits`), each
    summed 0.0 + t0 + t1 + ... in order (the kernels' total = 0.0; total += t)."""
    result = []
    for a, b in zip([0] + splits, splits + [len(terms)]):
        result.append(float(np.add.accumulate(np.concatenate(([0.0], terms[a:b])))[-1]) / (b - a))
    return result


def _stats_into(display: np.ndarray, Y: np.ndarray, splits: list[int], row: np.ndarray | None) -> None:
    """kernels._measure_into: each part's metric counts (engine.metrics.STAT_COLUMNS)
    into row[2 + 6k:8 + 6k], when row is that wide; display: (P,) the -1..1 outputs.
    The comparisons and the sum are engine.metrics', so the values are its own."""
    if row is None or len(row) < 2 + 6 * (len(splits) + 1):
        return
    for k, (a, b) in enumerate(zip([0] + splits, splits + [len(Y)])):
        o, y = display[a:b], Y[a:b]
        predicted, actual = o >= 0, y > 0
        row[2 + 6 * k:8 + 6 * k] = (np.sum(predicted & actual), np.sum(~predicted & actual),
                                    np.sum(predicted & ~actual), np.sum(~predicted & ~actual),
                                    np.sum(~np.isfinite(o)), float(np.sum((o - y) ** 2)))


def _square_means(X: _F64, Y: _F64, splits: list[int], layers: list[_Layer], acts: list[int],
                  row: _F64 | None = None) -> list[float]:
    """Mean 0.5 * (output - label)^2 of consecutive parts of X (several sets in
    one pass); with a wide `row`, their metric counts too (_stats_into)."""
    _, outs = _forward(X, layers, acts)
    out = outs[-1][:, 0]
    d = out - Y
    _stats_into(out, Y, splits, row)
    return _ordered_means(0.5 * (d * d), splits)


def _cross_entropy_means(X: _F64, Y: _F64, splits: list[int], layers: list[_Layer], acts: list[int],
                         row: _F64 | None = None) -> list[float]:
    """Mean cross-entropy (engine.losses.cross_entropy_loss from the output's z)."""
    zs, _ = _forward(X, layers, acts, activate_output=False)
    z = zs[-1][:, 0]
    if row is not None:
        _stats_into(2.0 * _sigmoid(z) - 1.0, Y, splits, row)
    t = (Y + 1.0) / 2.0
    return _ordered_means(np.where(z > 0.0, z, 0.0) - z * t + fdarray.log1p(fdarray.exp(-np.abs(z))), splits)


_MEANS: dict[int, _Means] = {SQUARE: _square_means, CROSS_ENTROPY: _cross_entropy_means}


def _codes(sizes: _I64, act: int, out_act: int) -> list[int]:
    """kernels.layer_codes: `act` for the hidden layers, `out_act` for the output."""
    return [int(act)] * (len(sizes) - 2) + [int(out_act)]


def mean_loss_of(X: _F64, Y: _F64, sizes: _I64, W: _F64, B: _F64, acts: Sequence[int] | _I64, loss: int) -> float:
    """kernels.mean_loss_of: the mean loss (engine.losses code `loss`) over the
    points, summed in order; acts: each layer's activation code."""
    with np.errstate(all="ignore"):  # a diverged net's inf/NaN is a result, not a warning
        return _MEANS[int(loss)](X, Y, [], _views(sizes, W, B), [int(c) for c in acts])[0]


def mean_loss(X: _F64, Y: _F64, sizes: _I64, W: _F64, B: _F64, act: int, out_act: int) -> float:
    """Mean of 0.5 * (output - label)^2 over the points, summed in order (kernels.mean_loss)."""
    return mean_loss_of(X, Y, sizes, W, B, _codes(sizes, act, out_act), SQUARE)


def outputs(X: _F64, sizes: _I64, W: _F64, B: _F64, acts: Sequence[int] | _I64) -> _F64:
    """kernels.outputs: the network's output for each point of X (n, n_in), (n,)."""
    with np.errstate(all="ignore"):
        return _forward(X, _views(sizes, W, B), [int(c) for c in acts])[1][-1][:, 0].copy()


# ---- the training loop ----------------------------------------------------------------

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


def _epochs(Xtr: _F64, Ytr: _F64, Xte: _F64, Yte: _F64, layers: list[_Layer], count: _F64, batch: int, losses: _F64,
            acts: list[int], out_code: int, error: _Error, update: Callable[[int], None], means: _Means) -> int:
    """The loop of every train kernel: losses.shape[0] epochs; after each,
    (train, test) loss in losses[e]; stops after an epoch whose loss is not
    finite. Returns the number of epochs run. error(outputs, a, b): the output
    neurons' output derivatives of training points a..b; out_code: the output
    layer's derivative; update(e): the update in epoch e; means(X, Y, splits,
    layers, acts, row): the mean losses (and, losses being wider than 2, the
    metric counts into row, see kernels._loss_into)."""
    segments = _segments(Xtr.shape[0], batch)
    both_X = np.concatenate((Xtr, Xte))
    both_Y = np.concatenate((Ytr, Yte))
    with np.errstate(all="ignore"):
        for e in range(losses.shape[0]):
            for a, b, at_update in segments:
                zs, outs = _forward(Xtr[a:b], layers, acts)
                _backprop(error(outs[-1], a, b), zs, outs, layers, acts, out_code)
                count[0] += b - a
                if at_update:
                    update(e)
            losses[e, :2] = means(both_X, both_Y, [len(Xtr)], layers, acts, losses[e])
            if not (np.isfinite(losses[e, 0]) and np.isfinite(losses[e, 1])):
                return e + 1
    epochs: int = losses.shape[0]
    return epochs


def _error_against(targets: _F64) -> _Error:
    """error(outputs, a, b) = outputs - targets of points a..b (square: the
    labels; cross-entropy: (y + 1) / 2, whose error is dL/dz itself)."""
    column = targets[:, None]
    return lambda out, a, b: out - column[a:b]


def train(Xtr: _F64, Ytr: _F64, Xte: _F64, Yte: _F64, sizes: _I64, W: _F64, B: _F64, dead: NDArray[np.bool_],
          accW: _F64, accB: _F64, count: _F64, lrs: _F64, reg: int, reg_rate: float, acts: _I64, loss: int,
          batch: int, opt: int, hyper: _F64, sW1: _F64, sW2: _F64, sB1: _F64, sB2: _F64, opt_t: _F64,
          losses: _F64) -> int:
    """kernels.train: losses.shape[0] epochs, epoch e at learning rate lrs[e],
    with the activation codes `acts`, loss `loss` and optimizer `opt`
    (its state arrays updated in place)."""
    layers = _views(sizes, W, B, dead, accW, accB)
    codes = [int(c) for c in acts]
    if loss == SQUARE:
        error, out_code = _error_against(Ytr), codes[-1]
    else:
        error, out_code = _error_against((Ytr + 1.0) / 2.0), LINEAR
    if opt == optimizers.SGD:
        def update(e: int) -> None:
            _update(layers, count, float(lrs[e]), reg, reg_rate)
    else:
        states = _views(sizes, sW1, sW2, sB1, sB2)

        def update(e: int) -> None:
            _update_optimizer(layers, states, count, float(lrs[e]), reg, reg_rate, opt, hyper, opt_t)
    return _epochs(Xtr, Ytr, Xte, Yte, layers, count, batch, losses, codes, out_code, error, update,
                   _MEANS[int(loss)])


def train_epochs(Xtr: _F64, Ytr: _F64, Xte: _F64, Yte: _F64, sizes: _I64, W: _F64, B: _F64, dead: NDArray[np.bool_],
                 accW: _F64, accB: _F64, count: _F64, lr: float, reg: int, reg_rate: float, act: int, out_act: int,
                 batch: int, losses: _F64) -> int:
    """kernels.train_epochs: `train` with the playground's settings (one
    learning rate, one hidden activation, square loss, sgd)."""
    layers = _views(sizes, W, B, dead, accW, accB)
    codes = _codes(sizes, act, out_act)
    return _epochs(Xtr, Ytr, Xte, Yte, layers, count, batch, losses, codes, codes[-1], _error_against(Ytr),
                   lambda e: _update(layers, count, lr, reg, reg_rate), _square_means)


# ---- K classes: softmax outputs and cross-entropy (kernels' K-class section) -----

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
    dz: np.ndarray = e / s[:, None]
    rows = np.arange(len(z))
    dz[rows, Y.astype(np.int64)] -= 1.0
    return dz


def _cross_entropies(z: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """((P,) log(s) - (z_label - m) per point, with the browser's log;
    (P, K) the probabilities e / s, kernels._cross_entropy's)."""
    m, e, s = _softmax_parts(z)
    logs = np.array([fdmath.log(float(v)) for v in s])
    return logs - (z[np.arange(len(z)), Y.astype(np.int64)] - m), e / s[:, None]


def _class_counts_into(probabilities: np.ndarray, Y: np.ndarray, splits: list[int], row: np.ndarray | None) -> None:
    """kernels._class_loss_into's counts: each part's KxK confusion
    (multiclass.confusion of its probabilities) into row[2 + kK^2:2 + (k + 1)K^2],
    when row is that wide."""
    K = probabilities.shape[1]
    if row is None or len(row) < 2 + K * K * (len(splits) + 1):
        return
    for k, (a, b) in enumerate(zip([0] + splits, splits + [len(Y)])):
        row[2 + K * K * k:2 + K * K * (k + 1)] = confusion(probabilities[a:b], Y[a:b]).ravel()


def _softmax_means(X: _F64, Y: _F64, splits: list[int], layers: list[_Layer], acts: list[int],
                   row: _F64 | None = None) -> list[float]:
    """Mean cross-entropy of consecutive parts of X; with a wide `row`, their
    confusion counts too (_class_counts_into)."""
    _, outs = _forward(X, layers, acts)  # linear outputs: the logits
    losses, probabilities = _cross_entropies(outs[-1], Y)
    _class_counts_into(probabilities, Y, splits, row)
    return _ordered_means(losses, splits)


def class_probabilities(X: _F64, sizes: _I64, W: _F64, B: _F64, act: int) -> _F64:
    """(n, K) every point's class probabilities by the kernels' exact arithmetic
    (those the loss pass counts the confusion matrix from)."""
    with np.errstate(all="ignore"):
        _, outs = _forward(X, _views(sizes, W, B), _codes(sizes, act, LINEAR))
        _, e, s = _softmax_parts(outs[-1])
        probabilities: _F64 = e / s[:, None]
        return probabilities


def mean_cross_entropy(X: _F64, Y: _F64, sizes: _I64, W: _F64, B: _F64, act: int) -> float:
    """Mean cross-entropy over the points, summed in order (kernels.mean_cross_entropy)."""
    with np.errstate(all="ignore"):
        return _softmax_means(X, Y, [], _views(sizes, W, B), _codes(sizes, act, LINEAR))[0]


def train_epochs_softmax(Xtr: _F64, Ytr: _F64, Xte: _F64, Yte: _F64, sizes: _I64, W: _F64, B: _F64,
                         dead: NDArray[np.bool_], accW: _F64, accB: _F64, count: _F64, lr: float, reg: int,
                         reg_rate: float, act: int, batch: int, losses: _F64) -> int:
    """kernels.train_epochs_softmax: train_epochs with softmax and cross-entropy
    at the K outputs (Y: class numbers)."""
    layers = _views(sizes, W, B, dead, accW, accB)
    return _epochs(Xtr, Ytr, Xte, Yte, layers, count, batch, losses, _codes(sizes, act, LINEAR), LINEAR,
                   lambda out, a, b: _softmax_error(out, Ytr[a:b]),
                   lambda e: _update(layers, count, lr, reg, reg_rate), _softmax_means)
