"""Config: the single source of truth for one experiment.

A frozen dataclass, checked field by field when made (checks.py), converted to
and from the browser playground's links (links.py) and plain dicts (JSON).
Names used here are the names used by the CLI and the UI; the URL keys are the
playground's own (docs/playground.md, "Sharing a run"). Also the seed format.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random as _system_random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Protocol

from .checks import CHECKS, ConfigError, check_classes_and_data, check_together, choice_message
from .links import to_hash, url_changes
from .names import (
    CLASSIFICATION_DATASETS,
    DATASETS,
    MULTICLASS_DATASETS,
    PLAYGROUND_ACTIVATIONS,
    PLAYGROUND_URL,
    REGRESSION_DATASETS,
    STOP_FIELDS,
)

# What the package offers (config/__init__.py imports these).
__all__ = [
    "DEFAULTS", "Config", "from_url", "new_seed", "to_fixed",
]


class _Random(Protocol):
    def random(self) -> float: ...


def new_seed(rng: _Random | None = None) -> str:
    """A fresh seed string the way the playground makes one: random().toFixed(5).

    Draws from `rng` (anything with a `random()`, e.g. engine.rng.SeededRandom)
    when given, else from Python's `random` module.
    """
    draw = rng.random() if rng is not None else _system_random.random()
    return to_fixed(draw, 5)


def to_fixed(value: float, digits: int) -> str:
    """JavaScript's ``Number.prototype.toFixed``: exactly ``digits`` decimals.

    Rounds the exact binary value, ties away from zero (JS picks the larger n);
    ``(0.05).toFixed(5)`` is ``"0.05000"``, ``(1.005).toFixed(2)`` is ``"1.00"``.
    """
    if math.isnan(value):
        return "NaN"
    if abs(value) >= 1e21:
        return repr(value) if math.isfinite(value) else ("Infinity" if value > 0 else "-Infinity")
    sign = "-" if value < 0 else ""
    with localcontext() as ctx:
        ctx.prec = 200
        rounded = Decimal(abs(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return sign + f"{rounded:f}"


@dataclass(frozen=True)
class Config:
    """One experiment. Immutable: `replace(**changes)` returns a validated copy."""

    problem: str = "classification"
    dataset: str = "circle"  # the classification data set
    reg_dataset: str = "reg-plane"  # the regression data set
    noise: int = 0  # percent, 0..50
    train_pct: int = 50  # percent of points used for training, 10..90
    features: tuple[str, ...] = ("x1", "x2")
    layers: tuple[int, ...] = (4, 2)  # neurons per hidden layer
    activation: str = "tanh"
    lr: float = 0.03
    reg: str = "none"
    reg_rate: float = 0.0
    batch: int = 10
    seed: str = field(default_factory=new_seed)
    init_zero: bool = False
    show_test: bool = False
    discretize: bool = False
    data_file: str = ""  # a points CSV to use instead of a generated data set
    rescale: bool = True  # fit the file's points into the plane
    classes: int = 2  # 2: the playground's problems; 3..6: K outputs with softmax
    # Beyond the playground (defaults: the playground's own behaviour).
    # activation above may also be any of ACTIVATIONS, or a comma list with one per hidden layer.
    loss: str = "square"  # or cross-entropy (classification only)
    optimizer: str = "sgd"
    momentum: float = 0.9  # momentum's mu
    rms_alpha: float = 0.99  # rmsprop's decay
    beta1: float = 0.9  # adam's
    beta2: float = 0.999
    eps: float = 1e-8  # rmsprop's and adam's
    lr_schedule: str = "constant"  # step:EVERY:FACTOR, exp:RATE, cosine:EPOCHS
    until_loss: float | None = None  # stop when the test loss is at or below this
    patience: int | None = None  # stop after this many epochs without test-loss improvement
    min_delta: float = 0.0  # ... by more than this
    max_epochs: int | None = None  # stop at this epoch
    # Resets since the seed's first weights: each draws the next network from the
    # seed's stream (the playground's Reset), so seed + resets name one network.
    resets: int = 0

    def __post_init__(self) -> None:
        if isinstance(self.activation, str):  # "relu, relu" -> "relu"; "relu, tanh" -> "relu,tanh"
            names = [a.strip() for a in self.activation.split(",")]
            object.__setattr__(self, "activation", names[0] if len(set(names)) == 1 else ",".join(names))
        for name, check in CHECKS.items():
            check(getattr(self, name))
        check_classes_and_data(self)
        check_together(self)

    def replace(self, **changes: Any) -> "Config":
        return dataclasses.replace(self, **changes)

    @property
    def data_name(self) -> str:
        """The data set in use: the file's name, or `dataset` / `reg_dataset` by problem."""
        if self.data_file:
            return os.path.basename(self.data_file)
        return self.dataset if self.problem == "classification" else self.reg_dataset

    @property
    def hidden_activations(self) -> tuple[str, ...]:
        """One activation name per hidden layer."""
        names = tuple(self.activation.split(","))
        return names if len(names) > 1 else names * len(self.layers)

    @property
    def beyond_playground(self) -> tuple[str, ...]:
        """The BEYOND_FIELDS whose value the browser playground does not have."""
        out = [f for f in ("loss", "optimizer", "lr_schedule") if getattr(self, f) != DEFAULTS[f]]
        if self.activation not in PLAYGROUND_ACTIVATIONS:
            out.insert(0, "activation")
        return tuple(out)

    @property
    def stop_rules(self) -> dict[str, Any]:
        """The stop rules that are on: field -> value."""
        return {f: getattr(self, f) for f in STOP_FIELDS
                if getattr(self, f) is not None and not (f == "min_delta" and self.patience is None)}

    @property
    def shape(self) -> tuple[int, ...]:
        """Neurons per layer, inputs and output included."""
        return (len(self.features), *self.layers, self.outputs)

    @property
    def outputs(self) -> int:
        """Output neurons: 1 (the playground's), or one per class for 3 or more classes."""
        return self.classes if self.classes > 2 else 1

    def with_data(self, name: str) -> "Config":
        """Switch to generated data set `name`, and to its problem type (and to
        2 classes for a playground set that has two, 3 for blobs from 2;
        regression data bring the square loss back: cross-entropy is for classes)."""
        if name in CLASSIFICATION_DATASETS + MULTICLASS_DATASETS:
            classes = self.classes if name in MULTICLASS_DATASETS else 2
            if name not in CLASSIFICATION_DATASETS:
                classes = max(classes, 3)
            return self.replace(problem="classification", dataset=name, data_file="", classes=classes)
        if name in REGRESSION_DATASETS:
            return self.replace(problem="regression", reg_dataset=name, data_file="", classes=2, loss="square")
        raise ConfigError(choice_message("dataset", name, DATASETS + ("blobs",)))

    def with_classes(self, classes: int) -> "Config":
        """Switch to `classes` classes, and to a data set that has them when the
        current one can't (spiral for 3 or more, circle back from blobs)."""
        dataset = self.dataset
        if classes > 2 and dataset not in MULTICLASS_DATASETS:
            dataset = "spiral"
        elif classes == 2 and dataset not in CLASSIFICATION_DATASETS:
            dataset = "circle"
        problem = "classification" if classes > 2 else self.problem
        return self.replace(classes=classes, dataset=dataset, problem=problem)

    # A per-layer activation list follows the shape: one name per hidden layer,
    # whatever the edit (one name for all stays one name for all).

    def with_layers(self, layers: tuple[int, ...]) -> "Config":
        """Switch to hidden layers `layers`; a per-layer activation list keeps
        its first names and repeats its last for the layers added."""
        names = self.hidden_activations
        if "," not in self.activation:
            return self.replace(layers=tuple(layers))
        names = (names + names[-1:] * len(layers))[: len(layers)] or names[:1]
        return self.replace(layers=tuple(layers), activation=",".join(names))

    def with_layer_added(self, at: int, neurons: int) -> "Config":
        """A hidden layer of `neurons` inserted at index `at`, with the
        activation of the layer before it (of the first, when it goes first)."""
        names, layers = self.hidden_activations, self.layers
        name = names[max(0, at - 1)] if names else self.activation
        return self.replace(layers=(*layers[:at], neurons, *layers[at:]),
                            activation=",".join((*names[:at], name, *names[at:])))

    def with_layer_removed(self, index: int) -> "Config":
        """Hidden layer `index` removed, and its entry of a per-layer activation list."""
        names = self.hidden_activations
        rest = names[:index] + names[index + 1 :]
        return self.replace(layers=self.layers[:index] + self.layers[index + 1 :],
                            activation=",".join(rest) if rest else self.activation.split(",")[0])

    def with_layer_activation(self, index: int, name: str) -> "Config":
        """Hidden layer `index` with activation `name`, the others as they are."""
        names = list(self.hidden_activations)
        names[index] = name
        return self.replace(activation=",".join(names))

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["features"], d["layers"] = list(self.features), list(self.layers)
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Config":
        unknown = set(data) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise ConfigError(f"unknown config keys: {', '.join(sorted(unknown))}")
        data = dict(data)
        for key in ("features", "layers"):
            if key in data:
                data[key] = tuple(data[key])
        try:
            return cls(**data)
        except TypeError as exc:
            raise ConfigError(str(exc)) from None

    def to_url(self) -> str:
        return PLAYGROUND_URL + "#" + to_hash(self)


DEFAULTS = {f.name: f.default for f in dataclasses.fields(Config) if f.default is not dataclasses.MISSING}


def from_url(url: str, base: Config | None = None) -> Config:
    """A Config from a playground link; keys the link lacks keep `base`'s values."""
    base = base or Config()
    try:
        return base.replace(**url_changes(url, base.features))
    except ConfigError as exc:
        raise ConfigError(f"bad playground link: {exc}") from None
