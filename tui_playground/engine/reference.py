"""The plain, readable reference for training: neurons and links as objects,
one point at a time, written from docs/playground.md, "Training", step by step.

It is slow (pure Python) and exists to be read and to test the compiled kernels
against, bit for bit. It uses the same fdlibm functions as the kernels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fdmath

def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + fdmath.exp(-z))


def _tanh_der(z: float) -> float:
    t = fdmath.tanh(z)
    return 1.0 - t * t


def _sigmoid_der(z: float) -> float:
    s = _sigmoid(z)
    return s * (1.0 - s)


# name -> (activation, derivative), both of the neuron's total input z.
ACTIVATIONS = {
    "relu": (lambda z: 0.0 if z <= 0.0 else z, lambda z: 0.0 if z <= 0.0 else 1.0),
    "tanh": (fdmath.tanh, _tanh_der),
    "sigmoid": (_sigmoid, _sigmoid_der),
    "linear": (lambda z: z, lambda z: 1.0),
}
REGULARIZERS = {
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


class ReferenceNet:
    """layers[0] are the inputs; layers[-1] is the single output neuron."""

    def __init__(self, sizes, W, B, dead, activation: str, output_activation: str):
        self.layers = [[Neuron("linear") for _ in range(sizes[0])]]
        for l in range(1, len(sizes)):
            act = output_activation if l == len(sizes) - 1 else activation
            layer = [Neuron(act, float(B[l - 1, j])) for j in range(sizes[l])]
            for j, neuron in enumerate(layer):
                for i, source in enumerate(self.layers[-1]):
                    link = Link(source, neuron, float(W[l - 1, i, j]), bool(dead[l - 1, i, j]))
                    neuron.inputs.append(link)
                    source.outputs.append(link)
            self.layers.append(layer)

    def forward(self, inputs) -> float:
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
        out.output_der = out.output - label
        self.backprop()

    def backprop(self) -> None:
        """From the output neurons' output_der back to the first hidden layer."""
        for l in range(len(self.layers) - 1, 0, -1):
            for neuron in self.layers[l]:
                neuron.input_der = neuron.output_der * ACTIVATIONS[neuron.activation][1](neuron.total_input)
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
        for layer in self.layers[1:]:
            for neuron in layer:
                if neuron.count > 0:
                    neuron.bias -= lr * neuron.acc / neuron.count
                    neuron.acc, neuron.count = 0.0, 0
                for link in neuron.inputs:
                    if link.dead or link.count == 0:
                        continue
                    r = REGULARIZERS[reg](link.weight)
                    w1 = link.weight - (lr / link.count) * link.acc
                    w2 = w1 - (lr * reg_rate) * r
                    if reg == "L1" and w1 * w2 < 0.0:
                        link.weight, link.dead = 0.0, True
                    else:
                        link.weight = w2
                    link.acc, link.count = 0.0, 0

    def loss(self, X, Y) -> float:
        total = 0.0
        for x, y in zip(X, Y):
            d = self.forward(x) - float(y)
            total += 0.5 * (d * d)
        return total / len(X)

    def train_epoch(self, X, Y, lr: float, reg: str, reg_rate: float, batch: int) -> None:
        for i, (x, y) in enumerate(zip(X, Y)):
            self.forward(x)
            self.backward(float(y))
            if (i + 1) % batch == 0:
                self.update(lr, reg, reg_rate)

    def parameters(self):
        """(W, B, dead) as nested lists: W[l][i][j], B[l][j], dead[l][i][j]."""
        W = [[[lk.weight for lk in src.outputs] for src in layer] for layer in self.layers[:-1]]
        dead = [[[lk.dead for lk in src.outputs] for src in layer] for layer in self.layers[:-1]]
        B = [[n.bias for n in layer] for layer in self.layers[1:]]
        return W, B, dead
