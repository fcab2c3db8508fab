"""Network parameters, their playground initialisation, and batch forward passes.

Layers are stored padded to one width so that one compiled kernel serves every
shape (and a population can stack networks of different shapes):

    sizes: (L + 1,) int64    neurons per layer, inputs first, output (1) last
    W:     (L, M, M) float64 W[l, i, j] = weight of the link from neuron i of
                             layer l to neuron j of layer l + 1
    B:     (L, M) float64    B[l, j] = bias of neuron j of layer l + 1
    dead:  (L, M, M) bool    links killed by L1 (weight 0, never updated again)

with M = the widest layer. Entries outside `sizes` are zero and never read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ..config import Config
from .activations import Forms
from .losses import LOSSES
from .multiclass import softmax

# name -> activation on NumPy arrays, for display: each activation's `display`
# form (engine.activations has every form; training uses the exact ones), and
# the K-class output layer (K >= 3): a function of the whole layer, (n, K) -> (n, K).
# Training takes its derivative together with the loss (engine.multiclass).
ARRAY_ACTIVATIONS = Forms("display", softmax=softmax)
OUTPUT_ACTIVATION = {"classification": "tanh", "regression": "linear"}


def output_activation(config: Config) -> str:
    """The output layer's activation: softmax for 3 or more classes, else the
    loss's for the problem (square: tanh or linear; cross-entropy: sigmoid)."""
    return "softmax" if config.classes > 2 else LOSSES[config.loss].output[config.problem]


@dataclass
class Network:
    """Mutable parameters of one network (owned by a Trainer)."""

    sizes: np.ndarray
    W: np.ndarray
    B: np.ndarray
    dead: np.ndarray

    @classmethod
    def create(cls, shape: tuple[int, ...], draw: Callable[[], float], init_zero: bool = False) -> "Network":
        """Playground init: for each layer after the inputs, each of its neurons,
        each neuron of the previous layer, one draw w = draw() - 0.5 (consumed
        even with init_zero). Biases 0.1 (0 with init_zero). draw: () -> float."""
        sizes = np.array(shape, dtype=np.int64)
        L, M = len(shape) - 1, max(shape)
        W = np.zeros((L, M, M))
        B = np.zeros((L, M))
        for l in range(L):
            for j in range(shape[l + 1]):
                B[l, j] = 0.0 if init_zero else 0.1
                for i in range(shape[l]):
                    w = draw() - 0.5
                    W[l, i, j] = 0.0 if init_zero else w
        return cls(sizes, W, B, np.zeros((L, M, M), dtype=np.bool_))

    @property
    def num_layers(self) -> int:
        """Number of weight layers L (hidden layers + 1)."""
        return len(self.sizes) - 1

    def weights(self, l: int) -> np.ndarray:
        """(sizes[l], sizes[l+1]) view of the weights into layer l + 1."""
        return self.W[l, : self.sizes[l], : self.sizes[l + 1]]

    def biases(self, l: int) -> np.ndarray:
        """(sizes[l+1],) view of the biases of layer l + 1."""
        return self.B[l, : self.sizes[l + 1]]

    def dead_links(self, l: int) -> np.ndarray:
        """(sizes[l], sizes[l+1]) view of the dead-link mask into layer l + 1."""
        return self.dead[l, : self.sizes[l], : self.sizes[l + 1]]

    def copy(self) -> "Network":
        return Network(self.sizes.copy(), self.W.copy(), self.B.copy(), self.dead.copy())


def forward_all(net: Network, inputs: np.ndarray, activation: str | Sequence[str],
                output_activation: str) -> list[np.ndarray]:
    """Every layer's outputs for many points at once, for display (NumPy's tanh
    and summation order, in the dtype of `inputs`; training and reported losses
    use the exact kernel). activation: one name for every hidden layer, or a
    sequence with one per hidden layer.

    inputs: (n, sizes[0]) -> [ (n, sizes[0]), (n, sizes[1]), ..., (n, 1) ]
    """
    hidden = [activation] * (net.num_layers - 1) if isinstance(activation, str) else list(activation)
    names = hidden + [output_activation]
    outs = [inputs]
    dtype = inputs.dtype
    # sigmoid of a large negative input is 0: fine here; a diverged net's inf weights draw as NaN
    with np.errstate(over="ignore", invalid="ignore"):
        for l in range(net.num_layers):
            z = outs[-1] @ net.weights(l).astype(dtype) + net.biases(l).astype(dtype)
            outs.append(ARRAY_ACTIVATIONS[names[l]](z).astype(dtype, copy=False))
    return outs
