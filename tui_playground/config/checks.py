"""The checks of a Config's fields (one per field in `CHECKS`, and the rules
between fields), and the parsers of setting texts shared by the links and the
CLI. Every failure is a ConfigError whose message is one line a user can act on."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from .names import (
    CLASSIFICATION_DATASETS,
    FEATURE_KEYS,
    FEATURE_NAMES,
    LOSSES,
    LR_SCHEDULE_USAGE,
    LR_SCHEDULES,
    MAX_CLASSES,
    MAX_LAYERS,
    MAX_NEURONS,
    MAX_RESETS,
    MAX_SEED_LENGTH,
    MULTICLASS_DATASETS,
    OPTIMIZERS,
    PROBLEMS,
    REGRESSION_DATASETS,
    REGULARIZATIONS,
    URL_KEY_TO_FEATURE,
    activation_names,
)

# What the package offers (config/__init__.py imports these).
__all__ = [
    "CHECKS", "ConfigError", "check_schedule", "choice_message", "parse_activation", "parse_bool", "parse_features",
    "parse_int", "parse_layers", "parse_number", "parse_schedule",
]


class ConfigError(ValueError):
    """A setting with a bad value; the message is one line a user can act on."""


# A field's check: takes the value as given (any type: it may come from a
# session file or a test) and raises ConfigError when it is not allowed.
Check = Callable[[Any], None]



def choice_message(what: str, value: object, choices: Iterable[object]) -> str:
    return f"{what} must be one of {', '.join(map(str, choices))} (got {value!r})"


def _one_of(what: str, choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> None:
        if value not in choices:
            raise ConfigError(choice_message(what, value, choices))

    return check


def _int_range(what: str, low: int, high: int) -> Check:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ConfigError(f"{what} must be a whole number from {low} to {high} (got {value!r})")

    return check


def _number(what: str, positive: bool) -> Check:
    def check(value: Any) -> None:
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


def _check_features(value: Any) -> None:
    if not isinstance(value, tuple) or not value:
        raise ConfigError("at least one input feature must be on")
    for name in value:
        if name not in FEATURE_KEYS:
            raise ConfigError(choice_message("feature", name, FEATURE_NAMES))
    if len(set(value)) != len(value) or value != tuple(n for n in FEATURE_NAMES if n in value):
        raise ConfigError(f"features must be distinct and in the order {','.join(FEATURE_NAMES)}")


def _check_layers(value: Any) -> None:
    if not isinstance(value, tuple) or len(value) > MAX_LAYERS:
        raise ConfigError(f"at most {MAX_LAYERS} hidden layers (got {len(value)})")
    for n in value:
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NEURONS:
            raise ConfigError(f"each hidden layer has 1 to {MAX_NEURONS} neurons (got {n!r})")


def _check_str(what: str) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise ConfigError(f"{what} must be a string (got {value!r})")

    return check


def _check_seed(value: Any) -> None:
    """Any text the playground could put in a link and a terminal can show: not
    bytes that aren't text (lone surrogates from argv), not control characters."""
    _check_str("seed")(value)
    if len(value) > MAX_SEED_LENGTH or not value.isprintable():
        raise ConfigError(f"seed must be at most {MAX_SEED_LENGTH} printable characters (got {value[:40]!r}"
                          f"{'...' if len(value) > 40 else ''})")


def _check_bool(what: str) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, bool):
            raise ConfigError(f"{what} must be true or false (got {value!r})")

    return check


def _check_activation(value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(f"activation must be a string (got {value!r})")
    for name in value.split(","):
        if name not in activation_names():
            raise ConfigError(choice_message("activation", name, activation_names()))


def _fraction(what: str) -> Check:
    """A decay rate: 0 <= value < 1."""
    def check(value: Any) -> None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1
        if not ok:
            raise ConfigError(f"{what} must be a number >= 0 and < 1 (got {value!r})")

    return check


def _optional(check: Check) -> Check:
    def optional(value: Any) -> None:
        if value is not None:
            check(value)

    return optional


def _check_schedule(value: Any) -> None:
    if not isinstance(value, str):
        raise ConfigError(f"learning-rate schedule must be a string (got {value!r})")
    parse_schedule(value)


def check_together(c: Any) -> None:
    """Rules between fields."""
    listed = c.activation.split(",")
    if len(listed) > 1 and len(listed) != len(c.layers):
        raise ConfigError(f"activation list {c.activation!r} has {len(listed)} names for {len(c.layers)} hidden "
                          f"layers: give one name, or one per hidden layer")
    if c.loss == "cross-entropy" and c.problem != "classification":
        raise ConfigError("loss cross-entropy is for classification; regression uses square")
    beyond = [f for f in c.beyond_playground if f != "activation" or "," in c.activation]
    if c.classes > 2 and beyond:  # K classes take any one activation; the rest is for two classes
        raise ConfigError(f"{', '.join(f.replace('_', '-') for f in beyond)} beyond the playground "
                          f"{'is' if len(beyond) == 1 else 'are'} for two classes (got {c.classes})")


def check_classes_and_data(c: Any) -> None:
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


CHECKS: dict[str, Check] = {
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


def parse_schedule(text: str) -> tuple[str, tuple[int | float, ...]]:
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


def _schedule_param(name: str, text: str) -> int | float:
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
    chosen = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        name = URL_KEY_TO_FEATURE.get(part, part.lower())
        if name not in FEATURE_KEYS:
            choices = list(FEATURE_NAMES) + ["all"]
            raise ConfigError(choice_message("feature", part, choices))
        chosen.add(name)
    return tuple(n for n in FEATURE_NAMES if n in chosen)


def parse_activation(text: str) -> str:
    """'relu', or a comma list with one per hidden layer ('relu,tanh') -> that
    text without spaces. Raises ConfigError naming the allowed names."""
    given = [p.strip() for p in text.split(",")]
    for name in given:
        if name not in activation_names():
            raise ConfigError(choice_message("activation", name, activation_names()))
    return ",".join(given)


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
