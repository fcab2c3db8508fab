"""Optimizers: how one parameter moves at an update, given its batch gradient.

At every update (each batch-size-th point, docs/playground.md "Training") a weight
or bias has its accumulated error derivative `acc` over `n` points. The
playground moves it by lr * acc / n (plain SGD). The others here take
g = acc / n, the batch-mean gradient, for weights and biases alike, and keep
per-parameter state (zero at the start and after a reset):

    momentum (mu 0.9):            v = mu*v + g;  step = lr*v
    rmsprop (alpha 0.99, eps 1e-8):
        s = alpha*s + (1-alpha)*g²;  step = lr*g/(sqrt(s)+eps)
    adam (b1 0.9, b2 0.999, eps 1e-8), t = number of updates so far, this one
    included (the first update has t = 1):
        m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g²
        step = lr*(m/(1-b1^t))/(sqrt(v/(1-b2^t))+eps)

and then p = p - step; L1/L2 follow on weights exactly as the playground's
(docs/playground.md, "Training": r = R'(w) before the step, w2 = w1 - lr*rate*r, an L1
sign flip kills the link). Choices the formulas leave open, made here:

- Evaluation order is the formulas' own, left to right: g² is g*g, so
  (1-alpha)*g² is (1-alpha)*(g*g); lr*g/(d) is (lr*g)/d.
- sgd keeps the playground's own arithmetic: biases (lr*acc)/n, weights
  w - (lr/n)*acc (the two differ in the last bit; the browser does both).
- b^t is math.pow(b, t) (C's pow, in plain Python and compiled alike), computed
  once per update, not a running product.
- t counts updates, one counter for the network; the learning rate is the
  scheduled one of the epoch the update happens in.
- A dead link (killed by L1) gets no step, and its state is 0: zeroed when
  it dies and kept there while dead (the kernel computes every link's state
  branch-free and resets the dead ones), so a link revived by editing its
  weight starts afresh. Editing a live weight or a bias keeps its state.
- Switching to another optimizer starts its state (and t) from zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .fdmath import register_jitable

SGD, MOMENTUM, RMSPROP, ADAM = 0, 1, 2, 3


# Hyperparameters: name (of the config and CLI) -> default.
HYPER_DEFAULTS = {"momentum": 0.9, "rms_alpha": 0.99, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


@dataclass(frozen=True)
class Optimizer:
    """One optimizer: its code in the kernel and the hyperparameters it reads,
    by their slot in the kernel's vector (decay 1, decay 2, eps); None: unused."""

    code: int
    slots: tuple[str | None, str | None, str | None]

    @property
    def hyperparameters(self) -> tuple[str, ...]:
        return tuple(k for k in self.slots if k is not None)


OPTIMIZERS = {
    "sgd": Optimizer(SGD, (None, None, None)),
    "momentum": Optimizer(MOMENTUM, ("momentum", None, None)),
    "rmsprop": Optimizer(RMSPROP, ("rms_alpha", None, "eps")),
    "adam": Optimizer(ADAM, ("beta1", "beta2", "eps")),
}
CODES = {name: opt.code for name, opt in OPTIMIZERS.items()}


def hyper_vector(name: str, values: dict[str, float]) -> np.ndarray:
    """(3,) float64: the optimizer's hyperparameters in its kernel slots, from
    `values` (name -> value) or HYPER_DEFAULTS; 0 in unused slots."""
    return np.array([0.0 if k is None else float(values.get(k, HYPER_DEFAULTS[k]))
                     for k in OPTIMIZERS[name].slots])


def corrections(code: int, hyper: np.ndarray, t: float) -> tuple[float, float]:
    """Adam's bias corrections (1 - b1^t, 1 - b2^t) for update t; (1, 1) otherwise."""
    if code != ADAM:
        return 1.0, 1.0
    return 1.0 - math.pow(hyper[0], t), 1.0 - math.pow(hyper[1], t)


@register_jitable()
def adam_corrections(hyper: NDArray[np.float64], t: float) -> tuple[float, float]:
    """(1 - b1^t, 1 - b2^t), compiled (same C pow as `corrections`)."""
    return 1.0 - math.pow(hyper[0], t), 1.0 - math.pow(hyper[1], t)


@register_jitable(inline="always")
def momentum_step(g: float, v: float, lr: float, hyper: NDArray[np.float64]) -> tuple[float, float]:
    """-> (step, new v)."""
    v = hyper[0] * v + g
    return lr * v, v


@register_jitable(inline="always")
def rmsprop_step(g: float, s: float, lr: float, hyper: NDArray[np.float64]) -> tuple[float, float]:
    """-> (step, new s)."""
    alpha = hyper[0]
    s = alpha * s + (1.0 - alpha) * (g * g)
    return np.divide(lr * g, math.sqrt(s) + hyper[2]), s


@register_jitable(inline="always")
def adam_step(g: float, m: float, v: float, lr: float, hyper: NDArray[np.float64], c1: float,
              c2: float) -> tuple[float, float, float]:
    """-> (step, new m, new v); c1, c2 = 1 - b1^t, 1 - b2^t."""
    b1, b2 = hyper[0], hyper[1]
    m = b1 * m + (1.0 - b1) * g
    v = b2 * v + (1.0 - b2) * (g * g)
    return np.divide(lr * np.divide(m, c1), math.sqrt(np.divide(v, c2)) + hyper[2]), m, v


@register_jitable(inline="always")
def step(code: int, g: float, s1: float, s2: float, lr: float, hyper: NDArray[np.float64], c1: float,
         c2: float) -> tuple[float, float, float]:
    """One parameter's step and new state (s1, s2) for a non-sgd optimizer:
    momentum (v, -), rmsprop (s, -), adam (m, v)."""
    if code == MOMENTUM:
        d, s1 = momentum_step(g, s1, lr, hyper)
        return d, s1, s2
    if code == RMSPROP:
        d, s1 = rmsprop_step(g, s1, lr, hyper)
        return d, s1, s2
    return adam_step(g, s1, s2, lr, hyper, c1, c2)


@dataclass
class OptimizerState:
    """Per-parameter state in the padded layout of engine.network.

    sW1, sW2: (L, M, M) like W; sB1, sB2: (L, M) like B; t: (1,) float64 updates
    so far. Slot 1 is momentum's v, rmsprop's s, adam's m; slot 2 is adam's v.
    """

    sW1: np.ndarray
    sW2: np.ndarray
    sB1: np.ndarray
    sB2: np.ndarray
    t: np.ndarray

    @classmethod
    def zeros(cls, W: np.ndarray, B: np.ndarray) -> "OptimizerState":
        return cls(np.zeros_like(W), np.zeros_like(W), np.zeros_like(B), np.zeros_like(B), np.zeros(1))

    def copy(self) -> "OptimizerState":
        return OptimizerState(self.sW1.copy(), self.sW2.copy(), self.sB1.copy(), self.sB2.copy(), self.t.copy())

    def arrays(self) -> tuple[np.ndarray, ...]:
        return self.sW1, self.sW2, self.sB1, self.sB2, self.t
