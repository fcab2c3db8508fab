"""Neuron activations: name -> (function, derivative), exact and compiled.

    f(z):     the neuron's output for its total input z (float -> float)
    d(z, a):  f'(z), given z and the output a = f(z) already computed

Every function is marked with engine.fdmath's `register_jitable` (numba
compiles it into engine/kernels.py) and uses only exact IEEE operations and
the fdlibm ports of engine.fdmath, so one source serves the plain-Python
reference path and the compiled kernel, with the same bits in both. The first
four are the playground's (docs/playground.md, "Arithmetic"); the others go beyond
it and follow the usual definitions, with these choices:

- leaky-relu: z if z > 0 else 0.01 * z; its derivative at z = 0 is 0.01, as
  relu's is 0 there (the playground's relu'(0) = 0).
- elu (alpha 1): z if z > 0 else alpha * expm1(z); derivative a + alpha there
  (= alpha * e**z, without a second exp).
- swish: z * sigmoid(z); derivative s + a * (1 - s) with s = sigmoid(z)
  (= s + z s (1 - s)).
- softplus: the stable max(z, 0) + log1p(exp(-|z|)); derivative sigmoid(z).
- sine: sin(z), derivative cos(z).
- gaussian: exp(-(z * z)), derivative -2 z a.

The kernel cannot call through a table, so `activate(code, z)` and
`derivative(code, z, a)` dispatch on CODES (the table's order); a test holds
them to the table for every name.
"""

from __future__ import annotations

from . import fdmath
from .fdmath import register_jitable

LEAKY_RELU_SLOPE = 0.01
ELU_ALPHA = 1.0


@register_jitable(inline="always")
def relu(z):
    return 0.0 if z <= 0.0 else z  # Math.max(0, z): NaN passes through


@register_jitable(inline="always")
def relu_der(z, a):
    return 0.0 if z <= 0.0 else 1.0


@register_jitable(inline="always")
def tanh(z):
    return fdmath.tanh(z)


@register_jitable(inline="always")
def tanh_der(z, a):
    return 1.0 - a * a


@register_jitable(inline="always")
def sigmoid(z):
    return 1.0 / (1.0 + fdmath.exp(-z))


@register_jitable(inline="always")
def sigmoid_der(z, a):
    return a * (1.0 - a)


@register_jitable(inline="always")
def linear(z):
    return z


@register_jitable(inline="always")
def linear_der(z, a):
    return 1.0


@register_jitable()
def leaky_relu(z):
    return LEAKY_RELU_SLOPE * z if z <= 0.0 else z


@register_jitable()
def leaky_relu_der(z, a):
    return LEAKY_RELU_SLOPE if z <= 0.0 else 1.0


@register_jitable()
def elu(z):
    return ELU_ALPHA * fdmath.expm1(z) if z <= 0.0 else z


@register_jitable()
def elu_der(z, a):
    return a + ELU_ALPHA if z <= 0.0 else 1.0


@register_jitable()
def swish(z):
    return z * sigmoid(z)


@register_jitable()
def swish_der(z, a):
    s = sigmoid(z)
    return s + a * (1.0 - s)


@register_jitable()
def softplus(z):
    return (z if z > 0.0 else 0.0) + fdmath.log1p(fdmath.exp(-abs(z)))


@register_jitable()
def softplus_der(z, a):
    return sigmoid(z)


@register_jitable()
def sine(z):
    return fdmath.sin(z)


@register_jitable()
def sine_der(z, a):
    return fdmath.cos(z)


@register_jitable()
def gaussian(z):
    return fdmath.exp(-(z * z))


@register_jitable()
def gaussian_der(z, a):
    return -2.0 * z * a


# name -> (f(z), f'(z, a)). The keys are the names of the config, CLI, links and UI.
ACTIVATIONS = {
    "relu": (relu, relu_der),
    "tanh": (tanh, tanh_der),
    "sigmoid": (sigmoid, sigmoid_der),
    "linear": (linear, linear_der),
    "leaky-relu": (leaky_relu, leaky_relu_der),
    "elu": (elu, elu_der),
    "swish": (swish, swish_der),
    "softplus": (softplus, softplus_der),
    "sine": (sine, sine_der),
    "gaussian": (gaussian, gaussian_der),
}
PLAYGROUND_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
CODES = {name: code for code, name in enumerate(ACTIVATIONS)}  # relu 0, tanh 1, sigmoid 2, linear 3, ...


@register_jitable(inline="always")
def activate(code, z):
    """ACTIVATIONS[name][0](z) for code = CODES[name]; the playground's first."""
    if code == 1:
        return tanh(z)
    if code == 0:
        return relu(z)
    if code == 2:
        return sigmoid(z)
    if code == 3:
        return z
    return _activate_more(code, z)


@register_jitable()
def _activate_more(code, z):
    if code == 4:
        return leaky_relu(z)
    if code == 5:
        return elu(z)
    if code == 6:
        return swish(z)
    if code == 7:
        return softplus(z)
    if code == 8:
        return sine(z)
    return gaussian(z)


@register_jitable(inline="always")
def derivative(code, z, a):
    """ACTIVATIONS[name][1](z, a) for code = CODES[name]."""
    if code == 1:
        return 1.0 - a * a
    if code == 0:
        return relu_der(z, a)
    if code == 2:
        return a * (1.0 - a)
    if code == 3:
        return 1.0
    return _derivative_more(code, z, a)


@register_jitable()
def _derivative_more(code, z, a):
    if code == 4:
        return leaky_relu_der(z, a)
    if code == 5:
        return elu_der(z, a)
    if code == 6:
        return swish_der(z, a)
    if code == 7:
        return softplus_der(z, a)
    if code == 8:
        return sine_der(z, a)
    return gaussian_der(z, a)
