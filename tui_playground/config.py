"""Config: the single source of truth for one experiment.

A frozen dataclass with readable validation (`ConfigError`), conversion to and
from the browser playground's URL hash, and to and from plain dicts (JSON).
Names used here are the names used by the CLI and the UI; the URL keys are the
playground's own (docs/playground.md, "Sharing a run").

Plain data: this module imports nothing else of the package, and neither NumPy
nor numba, so the CLI and the UI can build and check a Config before (or
without) loading the engine.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random as _system_random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from urllib.parse import quote, unquote, urlsplit

PROBLEMS = ("classification", "regression")
CLASSIFICATION_DATASETS = ("circle", "xor", "gauss", "spiral")
REGRESSION_DATASETS = ("reg-plane", "reg-gauss")
# With 3..6 classes (not the playground's): K Gaussian clusters, a K-arm spiral.
MULTICLASS_DATASETS = ("blobs", "spiral")
MAX_CLASSES = 6
DATASETS = CLASSIFICATION_DATASETS + REGRESSION_DATASETS
PLAYGROUND_ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARIZATIONS = ("none", "L1", "L2")

# ---- settings beyond the playground (docs/beyond.md) ---------------------------
# The names are the keys of the engine's tables (engine.activations, losses,
# optimizers, schedules); a test holds them equal.
ACTIVATIONS = PLAYGROUND_ACTIVATIONS + ("leaky-relu", "elu", "swish", "softplus", "sine", "gaussian")
LOSSES = ("square", "cross-entropy")
OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam")
# Each optimizer's hyperparameters (Config fields), and their ranges.
OPTIMIZER_HYPERPARAMETERS = {"sgd": (), "momentum": ("momentum",), "rmsprop": ("rms_alpha", "eps"),
                             "adam": ("beta1", "beta2", "eps")}
# Learning-rate schedules: name -> the names of its parameters (written name:P1:P2).
LR_SCHEDULES = {"constant": (), "step": ("EVERY", "FACTOR"), "exp": ("RATE",), "cosine": ("EPOCHS",)}
LR_SCHEDULE_USAGE = ", ".join(":".join((name, *params)) for name, params in LR_SCHEDULES.items())
# Fields whose non-default value takes training beyond the browser's (the top
# bar marks them); stop rules only decide when to stop.
BEYOND_FIELDS = ("activation", "loss", "optimizer", "lr_schedule")
STOP_FIELDS = ("until_loss", "patience", "min_delta", "max_epochs")
# The values the playground's drop-downs offer; the UI steps through these.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
LR_SCHEDULE_CHOICES = ("constant", "step:100:0.5", "exp:0.995", "cosine:1000")  # the UI's steps (any is allowed)
MAX_LAYERS = 6
MAX_NEURONS = 8
PLAYGROUND_URL = "https://playground.tensorflow.org/"
PLAYGROUND_HOST = "playground.tensorflow.org"
MAX_SEED_LENGTH = 200
MAX_RESETS = 1000  # a link's resets are drawn again on load: 1000 of the largest network take seconds

# The seven input features, in the order the network receives them when on:
# name (ours: CLI, config, sessions) -> (the playground's URL key, label shown).
# engine.features adds how each is computed.
FEATURE_KEYS: dict[str, tuple[str, str]] = {
    "x1": ("x", "X₁"),
    "x2": ("y", "X₂"),
    "x1sq": ("xSquared", "X₁²"),
    "x2sq": ("ySquared", "X₂²"),
    "x1x2": ("xTimesY", "X₁X₂"),
    "sinx1": ("sinX", "sin(X₁)"),
    "sinx2": ("sinY", "sin(X₂)"),
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURE_KEYS)
URL_KEY_TO_FEATURE: dict[str, str] = {key: name for name, (key, _) in FEATURE_KEYS.items()}


class ConfigError(ValueError):
    """A setting with a bad value; the message is one line a user can act on."""


def new_seed(rng=None) -> str:
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
        for name, check in _CHECKS.items():
            check(getattr(self, name))
        _check_classes_and_data(self)
        _check_together(self)

    def replace(self, **changes) -> "Config":
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
    def stop_rules(self) -> dict:
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
        raise ConfigError(_choice_message("dataset", name, DATASETS + ("blobs",)))

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

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["features"], d["layers"] = list(self.features), list(self.layers)
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "Config":
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


# ---- validation --------------------------------------------------------------


def _choice_message(what: str, value, choices) -> str:
    return f"{what} must be one of {', '.join(map(str, choices))} (got {value!r})"


def _one_of(what: str, choices):
    def check(value):
        if value not in choices:
            raise ConfigError(_choice_message(what, value, choices))

    return check


def _int_range(what: str, low: int, high: int):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"{what} must be a whole number from {low} to {high} (got {value!r})")

    return check


def _number(what: str, positive: bool):
    def check(value):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and _finite(value)
        if not ok or (value <= 0 if positive else value < 0):
            bound = "a number > 0" if positive else "a number >= 0"
            raise ConfigError(f"{what} must be {bound} (got {value!r})")

    return check


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(value)
    except OverflowError:  # an int beyond any float (a session's 10**400)
        return False


def _check_features(value):
    if not isinstance(value, tuple) or not value:
        raise ConfigError("at least one input feature must be on")
    for name in value:
        if name not in FEATURE_KEYS:
            raise ConfigError(_choice_message("feature", name, FEATURE_NAMES))
    if len(set(value)) != len(value) or value != tuple(n for n in FEATURE_NAMES if n in value):
        raise ConfigError(f"features must be distinct and in the order {','.join(FEATURE_NAMES)}")


def _check_layers(value):
    if not isinstance(value, tuple) or len(value) > MAX_LAYERS:
        raise ConfigError(f"at most {MAX_LAYERS} hidden layers (got {len(value)})")
    for n in value:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NEURONS:
            raise ConfigError(f"each hidden layer has 1 to {MAX_NEURONS} neurons (got {n!r})")


def _check_str(what: str):
    def check(value):
        if not isinstance(value, str):
            raise ConfigError(f"{what} must be a string (got {value!r})")

    return check


def _check_seed(value):
    """Any text the playground could put in a link and a terminal can show: not
    bytes that aren't text (lone surrogates from argv), not control characters."""
    _check_str("seed")(value)
    if len(value) > MAX_SEED_LENGTH or not value.isprintable():
        raise ConfigError(f"seed must be at most {MAX_SEED_LENGTH} printable characters (got {value[:40]!r}"
                          f"{'...' if len(value) > 40 else ''})")


def _check_bool(what: str):
    def check(value):
        if not isinstance(value, bool):
            raise ConfigError(f"{what} must be true or false (got {value!r})")

    return check


def _check_activation(value):
    if not isinstance(value, str):
        raise ConfigError(f"activation must be a string (got {value!r})")
    for name in value.split(","):
        if name not in ACTIVATIONS:
            raise ConfigError(_choice_message("activation", name, ACTIVATIONS))


def _fraction(what: str):
    """A decay rate: 0 <= value < 1."""
    def check(value):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1
        if not ok:
            raise ConfigError(f"{what} must be a number >= 0 and < 1 (got {value!r})")

    return check


def _optional(check):
    def optional(value):
        if value is not None:
            check(value)

    return optional


def _check_schedule(value):
    if not isinstance(value, str):
        raise ConfigError(f"learning-rate schedule must be a string (got {value!r})")
    parse_schedule(value)


def _check_together(c: "Config") -> None:
    """Rules between fields."""
    names = c.activation.split(",")
    if len(names) > 1 and len(names) != len(c.layers):
        raise ConfigError(f"activation list {c.activation!r} has {len(names)} names for {len(c.layers)} hidden "
                          f"layers: give one name, or one per hidden layer")
    if c.loss == "cross-entropy" and c.problem != "classification":
        raise ConfigError("loss cross-entropy is for classification; regression uses square")
    beyond = [f for f in c.beyond_playground if f != "activation" or "," in c.activation]
    if c.classes > 2 and beyond:  # K classes take any one activation; the rest is for two classes
        raise ConfigError(f"{', '.join(f.replace('_', '-') for f in beyond)} beyond the playground "
                          f"{'is' if len(beyond) == 1 else 'are'} for two classes (got {c.classes})")


def _check_classes_and_data(c: "Config") -> None:
    """More than two classes need classification data that has them."""
    if c.classes == 2:
        if c.problem == "classification" and not c.data_file and c.dataset not in CLASSIFICATION_DATASETS:
            raise ConfigError(f"data set {c.dataset} needs 3 to {MAX_CLASSES} classes (got 2)")
        return
    if c.problem != "classification":
        raise ConfigError(f"{c.classes} classes need a classification problem (got {c.problem})")
    if not c.data_file and c.dataset not in MULTICLASS_DATASETS:
        raise ConfigError(f"data set {c.dataset} has 2 classes; with {c.classes} classes use "
                          f"{' or '.join(MULTICLASS_DATASETS)}")


_CHECKS = {
    "problem": _one_of("problem", PROBLEMS),
    "dataset": _one_of("dataset", CLASSIFICATION_DATASETS + ("blobs",)),
    "reg_dataset": _one_of("regression dataset", REGRESSION_DATASETS),
    "noise": _int_range("noise", 0, 50),
    "train_pct": _int_range("train percentage", 10, 90),
    "features": _check_features,
    "layers": _check_layers,
    "activation": _check_activation,
    "lr": _number("learning rate", positive=True),
    "reg": _one_of("regularization", REGULARIZATIONS),
    "reg_rate": _number("regularization rate", positive=False),
    "batch": _int_range("batch size", 1, 30),
    "seed": _check_seed,
    "init_zero": _check_bool("initZero"),
    "show_test": _check_bool("showTestData"),
    "discretize": _check_bool("discretize"),
    "data_file": _check_str("data file"),
    "rescale": _check_bool("rescale"),
    "classes": _int_range("classes", 2, MAX_CLASSES),
    "loss": _one_of("loss", LOSSES),
    "optimizer": _one_of("optimizer", OPTIMIZERS),
    "momentum": _fraction("momentum"),
    "rms_alpha": _fraction("rmsprop alpha"),
    "beta1": _fraction("adam beta1"),
    "beta2": _fraction("adam beta2"),
    "eps": _number("eps", positive=True),
    "lr_schedule": _check_schedule,
    "until_loss": _optional(_number("until-loss", positive=False)),
    "patience": _optional(_int_range("patience", 1, 10**9)),
    "min_delta": _number("min-delta", positive=False),
    "max_epochs": _optional(_int_range("max-epochs", 1, 10**12)),
    "resets": _int_range("resets", 0, MAX_RESETS),
}


def parse_schedule(text: str) -> tuple[str, tuple]:
    """'step:100:0.5' -> ('step', (100, 0.5)); the forms are LR_SCHEDULE_USAGE.
    EVERY and EPOCHS are whole numbers >= 1; FACTOR and RATE are in (0, 1]
    (schedules only lower the rate, and FACTOR**e never overflows).
    Raises ConfigError (one line naming the allowed forms)."""
    name, *args = text.strip().split(":")
    if name not in LR_SCHEDULES:
        raise ConfigError(f"learning-rate schedule must be one of {LR_SCHEDULE_USAGE} (got {text!r})")
    params = LR_SCHEDULES[name]
    if len(args) != len(params):
        raise ConfigError(f"learning-rate schedule {name} is written {':'.join((name, *params))} (got {text!r})")
    return name, tuple(_schedule_param(p, a.strip()) for p, a in zip(params, args))


def _schedule_param(name: str, text: str):
    if name in ("EVERY", "EPOCHS"):
        if not text.isdigit() or int(text) < 1:
            raise ConfigError(f"{name} must be a whole number >= 1 (got {text!r})")
        return int(text)
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 1:
        raise ConfigError(f"{name} must be a number > 0 and <= 1 (got {text!r})")
    return value


# ---- parsing helpers shared by the URL and the CLI ----------------------------


def parse_features(text: str) -> tuple[str, ...]:
    """'x1,x2' or 'all' or playground keys ('x,y,sinX') -> canonical feature tuple."""
    if text.strip().lower() == "all":
        return FEATURE_NAMES
    names = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        name = URL_KEY_TO_FEATURE.get(part, part.lower())
        if name not in FEATURE_KEYS:
            choices = list(FEATURE_NAMES) + ["all"]
            raise ConfigError(_choice_message("feature", part, choices))
        names.add(name)
    return tuple(n for n in FEATURE_NAMES if n in names)


def parse_activation(text: str) -> str:
    """'relu', or a comma list with one per hidden layer ('relu,tanh') -> that
    text without spaces. Raises ConfigError naming the allowed names."""
    names = [p.strip() for p in text.split(",")]
    for name in names:
        if name not in ACTIVATIONS:
            raise ConfigError(_choice_message("activation", name, ACTIVATIONS))
    return ",".join(names)


def check_schedule(text: str) -> str:
    """A learning-rate schedule text, checked (see parse_schedule)."""
    parse_schedule(text)
    return text.strip()


def parse_layers(text: str) -> tuple[int, ...]:
    """'8,8' -> (8, 8); '' -> () (no hidden layer)."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    try:
        layers = tuple(int(p) for p in parts)
    except ValueError:
        raise ConfigError(f"layers must be a comma list of neuron counts like 8,8 (got {text!r})") from None
    _check_layers(layers)
    return layers


def parse_number(what: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{what} must be a number (got {text!r})") from None
    if not math.isfinite(value):
        raise ConfigError(f"{what} must be a finite number (got {text!r})")
    return value


def parse_int(what: str, text: str) -> int:
    value = parse_number(what, text)
    if value != int(value):
        raise ConfigError(f"{what} must be a whole number (got {text!r})")
    return int(value)


def parse_bool(what: str, text: str) -> bool:
    if text in ("true", "false"):
        return text == "true"
    raise ConfigError(f"{what} must be true or false (got {text!r})")


# ---- the playground's URL hash -----------------------------------------------

# Keys the playground writes that spiral-tui reads but has no use for.
_IGNORED_KEYS = {"cosX", "cosY", "collectStats", "tutorial", "hideText"}
_REG_URL = {"none": None, "L1": "L1", "L2": "L2"}


def js_number(value: float) -> str:
    """A number as JavaScript prints it (3, 0.03, 0.00001), for playground links."""
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return format(Decimal(repr(value)), "f")


# Settings beyond the playground travel under keys of their own, after the
# playground's, only when not at their default (the browser ignores keys it does
# not know): Config field -> URL key.
EXTRA_URL_KEYS = {
    "loss": "loss", "optimizer": "optimizer", "momentum": "momentum", "rms_alpha": "rmsAlpha",
    "beta1": "beta1", "beta2": "beta2", "eps": "eps", "lr_schedule": "lrSchedule", "until_loss": "untilLoss",
    "patience": "patience", "min_delta": "minDelta", "max_epochs": "maxEpochs",
    # The browser has no such key: there, the link plus pressing Reset `resets` times gives these weights.
    "resets": "resets",
}


def to_hash(config: Config) -> str:
    """The playground URL hash (without '#'), keys in the playground's own order,
    then the settings beyond it (EXTRA_URL_KEYS, and `activations` when the
    activation is not one of the playground's: the playground key then says tanh,
    its default)."""
    c = config
    playground_activation = c.activation in PLAYGROUND_ACTIVATIONS
    pairs = [("activation", c.activation if playground_activation else DEFAULTS["activation"])]
    if c.reg != "none":
        pairs.append(("regularization", c.reg))
    pairs += [
        ("batchSize", c.batch),
        ("dataset", c.dataset),
        ("regDataset", c.reg_dataset),
        ("learningRate", js_number(c.lr)),
        ("regularizationRate", js_number(c.reg_rate)),
        ("noise", c.noise),
        ("networkShape", ",".join(map(str, c.layers))),
        ("seed", quote(c.seed, safe=".")),
        ("showTestData", _js_bool(c.show_test)),
        ("discretize", _js_bool(c.discretize)),
        ("percTrainData", c.train_pct),
    ]
    on = set(c.features)
    for key in ("x", "y", "xTimesY", "xSquared", "ySquared", "cosX", "sinX", "cosY", "sinY"):
        pairs.append((key, _js_bool(URL_KEY_TO_FEATURE.get(key) in on)))
    pairs += [
        ("collectStats", "false"),
        ("problem", c.problem),
        ("initZero", _js_bool(c.init_zero)),
        ("hideText", "false"),
    ]
    if c.classes != 2:  # not the playground's: an extra key it ignores
        pairs.append(("classes", c.classes))
    if not playground_activation:
        pairs.append(("activations", c.activation))
    for name, key in EXTRA_URL_KEYS.items():
        value = getattr(c, name)
        if value != DEFAULTS[name]:
            pairs.append((key, js_number(value) if isinstance(value, (int, float)) else quote(value, safe=".,:")))
    return "&".join(f"{k}={v}" for k, v in pairs)


def _js_bool(value: bool) -> str:
    return "true" if value else "false"


def hash_pairs(url: str) -> dict[str, str]:
    """'https://playground.tensorflow.org/#a=1&b=2', '#a=1&b=2' or 'a=1&b=2' ->
    {'a': '1', 'b': '2'}. A link must be the playground's own (host checked)."""
    text = url.strip()
    if "#" in text:
        head, text = text.split("#", 1)
        if head and not _is_playground(head):
            raise ConfigError(f"not a playground link (expected {PLAYGROUND_URL}#... or #...): {_clip(url)}")
    elif "=" not in text:
        raise ConfigError(f"not a playground link (expected '...#key=value&...'): {_clip(url)}")
    pairs = {}
    for part in filter(None, text.split("&")):
        if "=" not in part:
            raise ConfigError(f"bad part {_clip(part)} in playground link (expected key=value)")
        key, value = part.split("=", 1)
        pairs[unquote(key)] = unquote(value)
    return pairs


def _is_playground(head: str) -> bool:
    """Whether the part of a link before '#' is the playground's address."""
    parts = urlsplit(head if "://" in head else "https://" + head)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number
        return False
    return (parts.scheme in ("http", "https") and parts.hostname == PLAYGROUND_HOST
            and not parts.username and port in (None, 80, 443))


def _clip(text: str, limit: int = 60) -> str:
    """repr of user input, cut to a readable length."""
    return repr(text) if len(text) <= limit else repr(text[:limit]) + "..."


def _url_setters() -> dict:
    """URL key -> function(value_text) -> dict of Config changes."""
    return {
        "activation": lambda v: {"activation": v},
        "regularization": lambda v: {"reg": v},
        "batchSize": lambda v: {"batch": parse_int("batchSize", v)},
        "dataset": lambda v: {"dataset": v},
        "regDataset": lambda v: {"reg_dataset": v},
        "learningRate": lambda v: {"lr": parse_number("learningRate", v)},
        "regularizationRate": lambda v: {"reg_rate": parse_number("regularizationRate", v)},
        "noise": lambda v: {"noise": parse_int("noise", v)},
        "networkShape": lambda v: {"layers": parse_layers(v)},
        "seed": lambda v: {"seed": v},
        "showTestData": lambda v: {"show_test": parse_bool("showTestData", v)},
        "discretize": lambda v: {"discretize": parse_bool("discretize", v)},
        "percTrainData": lambda v: {"train_pct": parse_int("percTrainData", v)},
        "problem": lambda v: {"problem": v},
        "initZero": lambda v: {"init_zero": parse_bool("initZero", v)},
        "classes": lambda v: {"classes": parse_int("classes", v)},
        "activations": lambda v: {"activation": v},
        "loss": lambda v: {"loss": v},
        "optimizer": lambda v: {"optimizer": v},
        "momentum": lambda v: {"momentum": parse_number("momentum", v)},
        "rmsAlpha": lambda v: {"rms_alpha": parse_number("rmsAlpha", v)},
        "beta1": lambda v: {"beta1": parse_number("beta1", v)},
        "beta2": lambda v: {"beta2": parse_number("beta2", v)},
        "eps": lambda v: {"eps": parse_number("eps", v)},
        "lrSchedule": lambda v: {"lr_schedule": v},
        "untilLoss": lambda v: {"until_loss": parse_number("untilLoss", v)},
        "patience": lambda v: {"patience": parse_int("patience", v)},
        "minDelta": lambda v: {"min_delta": parse_number("minDelta", v)},
        "maxEpochs": lambda v: {"max_epochs": parse_int("maxEpochs", v)},
        "resets": lambda v: {"resets": parse_int("resets", v)},
    }


def url_changes(url: str, features: tuple[str, ...] = ("x1", "x2")) -> dict:
    """The Config changes a playground link asks for; feature keys the link
    lacks keep their state in `features`."""
    setters = _url_setters()
    changes: dict = {}
    on = set(features)
    pairs = hash_pairs(url)
    if "activations" in pairs:  # it overrides the playground's key, wherever it stands
        pairs["activation"] = pairs.pop("activations")
    for key, value in pairs.items():
        if key in URL_KEY_TO_FEATURE:
            toggle = on.add if parse_bool(key, value) else on.discard
            toggle(URL_KEY_TO_FEATURE[key])
        elif key in setters:
            changes.update(setters[key](value))
        elif key not in _IGNORED_KEYS and not key.endswith("_hide"):
            raise ConfigError(f"unknown key {key!r} in playground link")
    changes["features"] = tuple(n for n in FEATURE_NAMES if n in on)
    if "classes" not in changes and ("dataset" in changes or "problem" in changes):
        changes["classes"] = 2  # a whole link without the key is the playground's: two classes
    return changes


def from_url(url: str, base: Config | None = None) -> Config:
    """A Config from a playground link; keys the link lacks keep `base`'s values."""
    base = base or Config()
    try:
        return base.replace(**url_changes(url, base.features))
    except ConfigError as exc:
        raise ConfigError(f"bad playground link: {exc}") from None
