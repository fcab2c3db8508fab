"""The plain, readable reference for training: neurons and links as objects,
one point at a time, written from docs/playground.md, "Training", step by step,
and from engine.optimizers / engine.losses for the settings beyond the playground.

It is slow (pure Python) and exists to be read and to test the compiled kernels
against, bit for bit. It uses the same scalar functions as the kernels: the
fdlibm ports and the activation, loss and optimizer tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import optimizers
from .activations import ACTIVATIONS
from .losses import LOSSES

REGULARIZERS: dict[str, Callable[[float], float]] = {
    "none": lambda w: 0.0,
    "L1": lambda w: 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0),
    "L2": lambda w: w,
}


@dataclass(eq=False)
class Link:
    source: "Neuron"
    dest: "Neuron"
    weight: float
    dead: bool = False
    acc: float = 0.0
    count: int = 0
    s1: float = 0.0  # optimizer state (engine.optimizers)
    s2: float = 0.0


@dataclass(eq=False)
class Neuron:
    activation: str
    bias: float = 0.0
    inputs: list[Link] = field(default_factory=list)
    outputs: list[Link] = field(default_factory=list)
    total_input: float = 0.0
    output: float = 0.0
    output_der: float = 0.0
    input_der: float = 0.0
    acc: float = 0.0
    count: int = 0
    s1: float = 0.0
    s2: float = 0.0


class ReferenceNet:
    """layers[0] are the inputs; layers[-1] is the single output neuron.

    activation: one name for every hidden layer, or a list with one per hidden
    layer; loss: an engine.losses name; optimizer: an engine.optimizers name
    with its hyperparameters (name -> value, defaults for the others)."""

    def __init__(self, sizes: Sequence[int] | np.ndarray, W: np.ndarray, B: np.ndarray, dead: np.ndarray,
                 activation: str | Sequence[str], output_activation: str, loss: str = "square",
                 optimizer: str = "sgd", hyper: dict[str, float] | None = None) -> None:
        hidden = [activation] * (len(sizes) - 2) if isinstance(activation, str) else list(activation)
        self.loss_name, self.optimizer = loss, optimizer
        self.hyper = optimizers.hyper_vector(optimizer, hyper or {})
        self.t = 0  # updates so far
        self.layers = [[Neuron("linear") for _ in range(sizes[0])]]
        for l in range(1, len(sizes)):
            act = output_activation if l == len(sizes) - 1 else hidden[l - 1]
            layer = [Neuron(act, float(B[l - 1, j])) for j in range(sizes[l])]
            for j, neuron in enumerate(layer):
                for i, source in enumerate(self.layers[-1]):
                    link = Link(source, neuron, float(W[l - 1, i, j]), bool(dead[l - 1, i, j]))
                    neuron.inputs.append(link)
                    source.outputs.append(link)
            self.layers.append(layer)

    def forward(self, inputs: Iterable[float]) -> float:
        for neuron, value in zip(self.layers[0], inputs):
            neuron.output = float(value)
        for layer in self.layers[1:]:
            for neuron in layer:
                total = neuron.bias
                for link in neuron.inputs:
                    total += link.weight * link.source.output
                neuron.total_input = total
                neuron.output = ACTIVATIONS[neuron.activation][0](total)
        return self.layers[-1][0].output

    def backward(self, label: float) -> None:
        out = self.layers[-1][0]
        loss = LOSSES[self.loss_name]
        out.output_der = loss.error(out.total_input, out.output, label)
        self.backprop(output_is_dz=loss.error_is_dz)

    def backprop(self, output_is_dz: bool = False) -> None:
        """From the output neurons' output_der back to the first hidden layer;
        output_is_dz: their output_der is dLoss/dz already (not times f'(z))."""
        last = len(self.layers) - 1
        for l in range(last, 0, -1):
            for neuron in self.layers[l]:
                if l == last and output_is_dz:
                    neuron.input_der = neuron.output_der
                else:
                    derivative = ACTIVATIONS[neuron.activation][1]
                    neuron.input_der = neuron.output_der * derivative(neuron.total_input, neuron.output)
                neuron.acc += neuron.input_der
                neuron.count += 1
            for neuron in self.layers[l]:
                for link in neuron.inputs:
                    if not link.dead:
                        link.acc += neuron.input_der * link.source.output
                        link.count += 1
            if l == 1:
                continue
            for neuron in self.layers[l - 1]:
                neuron.output_der = 0.0
                for link in neuron.outputs:
                    neuron.output_der += link.weight * link.dest.input_der

    def update(self, lr: float, reg: str, reg_rate: float) -> None:
        if self.optimizer == "sgd":
            return self._update_sgd(lr, reg, reg_rate)
        self.t += 1
        code = optimizers.CODES[self.optimizer]
        c1, c2 = optimizers.corrections(code, self.hyper, float(self.t))
        for layer in self.layers[1:]:
            for neuron in layer:
                if neuron.count > 0:
                    g = neuron.acc / neuron.count
                    d, neuron.s1, neuron.s2 = optimizers.step(code, g, neuron.s1, neuron.s2, lr, self.hyper, c1, c2)
                    neuron.bias -= d
                    neuron.acc, neuron.count = 0.0, 0
                for link in neuron.inputs:
                    if link.dead or link.count == 0:
                        continue
                    g = link.acc / link.count
                    d, link.s1, link.s2 = optimizers.step(code, g, link.s1, link.s2, lr, self.hyper, c1, c2)
                    self._move(link, d, lr, reg, reg_rate)
                    if link.dead:
                        link.s1, link.s2 = 0.0, 0.0

    def _update_sgd(self, lr: float, reg: str, reg_rate: float) -> None:
        for layer in self.layers[1:]:
            for neuron in layer:
                if neuron.count > 0:
                    neuron.bias -= lr * neuron.acc / neuron.count
                    neuron.acc, neuron.count = 0.0, 0
                for link in neuron.inputs:
                    if link.dead or link.count == 0:
                        continue
                    self._move(link, (lr / link.count) * link.acc, lr, reg, reg_rate)

    @staticmethod
    def _move(link: Link, step: float, lr: float, reg: str, reg_rate: float) -> None:
        """w1 = w - step, then the regularization with R'(w) taken before the step."""
        r = REGULARIZERS[reg](link.weight)
        w1 = link.weight - step
        w2 = w1 - (lr * reg_rate) * r
        if reg == "L1" and w1 * w2 < 0.0:
            link.weight, link.dead = 0.0, True
        else:
            link.weight = w2
        link.acc, link.count = 0.0, 0

    def loss(self, X: np.ndarray, Y: np.ndarray) -> float:
        """Mean loss over the points, summed in order."""
        loss = LOSSES[self.loss_name].loss
        out = self.layers[-1][0]
        total = 0.0
        for x, y in zip(X, Y):
            self.forward(x)
            total += loss(out.total_input, out.output, float(y))
        return total / len(X)

    def train_epoch(self, X: np.ndarray, Y: np.ndarray, lr: float, reg: str, reg_rate: float, batch: int) -> None:
        for i, (x, y) in enumerate(zip(X, Y)):
            self.forward(x)
            self.backward(float(y))
            if (i + 1) % batch == 0:
                self.update(lr, reg, reg_rate)

    def parameters(self) -> tuple[list[list[list[float]]], list[list[float]], list[list[list[bool]]]]:
        """(W, B, dead) as nested lists: W[l][i][j], B[l][j], dead[l][i][j]."""
        W = [[[lk.weight for lk in src.outputs] for src in layer] for layer in self.layers[:-1]]
        dead = [[[lk.dead for lk in src.outputs] for src in layer] for layer in self.layers[:-1]]
        B = [[n.bias for n in layer] for layer in self.layers[1:]]
        return W, B, dead
