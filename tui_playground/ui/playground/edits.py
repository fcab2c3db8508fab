"""What the main screen's setting keys do to the experiment, as pure
`Config -> Config` functions (no terminal, no trainer: tests call them
directly). An edit that cannot be made raises ConfigError with the one line
the screen shows."""

from __future__ import annotations

from ...config import (
    ACTIVATIONS,
    DATASETS,
    LEARNING_RATES,
    LOSSES,
    LR_SCHEDULE_CHOICES,
    MAX_CLASSES,
    MAX_LAYERS,
    MAX_NEURONS,
    MULTICLASS_DATASETS,
    OPTIMIZERS,
    PROBLEMS,
    REG_RATES,
    REGULARIZATIONS,
    Config,
    ConfigError,
)
from ...engine.features import FEATURE_NAMES

# What `cycle` steps through, per setting.
CHOICES: dict[str, tuple] = {
    "lr": LEARNING_RATES,
    "reg": REGULARIZATIONS,
    "rate": REG_RATES,
    "dataset": DATASETS,
    "problem": PROBLEMS,
    "loss": LOSSES,
    "optimizer": OPTIMIZERS,
    "lr_schedule": LR_SCHEDULE_CHOICES,
    "until_loss": (None, 0.1, 0.05, 0.02, 0.01, 0.005),
    "patience": (None, 10, 50, 200),
    "max_epochs": (None, 100, 300, 1000, 3000, 10000),
}
CLAMPED = ("lr", "rate")  # these stop at their ends; the others wrap around
# (step, lowest, highest) of the numbers `adjust` changes.
STEPS = {"noise": (5, 0, 50), "train_pct": (10, 10, 90), "batch": (1, 1, 30)}
FIELD = {"rate": "reg_rate"}  # a setting's Config field, where the names differ


def cycle(config: Config, name: str, delta: int) -> Config:
    """`name`'s next (delta 1) or previous (-1) value among its CHOICES."""
    if name == "dataset":
        choices: tuple = MULTICLASS_DATASETS if config.classes > 2 else DATASETS
        current = config.data_name
    else:
        choices, current = CHOICES[name], getattr(config, FIELD.get(name, name))
    i = choices.index(current) if current in choices else 0
    if name in CLAMPED:
        value = choices[max(0, min(len(choices) - 1, i + delta))]
    else:
        value = choices[(i + delta) % len(choices)]
    if name == "dataset":
        return config.with_data(value)
    return config.replace(**{FIELD.get(name, name): value})


def step_activation(config: Config, layer: int | None, delta: int) -> Config:
    """Step hidden layer `layer`'s activation (making a per-layer list), or,
    with `layer` None, every layer's, from the first's."""
    names = config.hidden_activations or (config.activation,)
    current = names[layer if layer is not None else 0]
    value = ACTIVATIONS[(ACTIVATIONS.index(current) + delta) % len(ACTIVATIONS)]
    if layer is None:
        return config.replace(activation=value)
    return config.with_layer_activation(layer, value)


def adjust(config: Config, field: str, delta: int) -> Config:
    """Noise, train share or batch size one step up or down, within its range."""
    step, low, high = STEPS[field]
    return config.replace(**{field: max(low, min(high, getattr(config, field) + delta * step))})


def step_classes(config: Config, delta: int) -> Config:
    """One class more or fewer (2..MAX_CLASSES; the same config at either end)."""
    classes = max(2, min(MAX_CLASSES, config.classes + delta))
    if classes == config.classes:
        return config
    if config.data_file:
        raise ConfigError("Your own data decides the classes: its labels say how many (i loads another file).")
    return config.with_classes(classes)


def toggle_feature(config: Config, number: int) -> Config:
    """Input feature `number` (1-based, FEATURE_NAMES order) on or off."""
    on = set(config.features) ^ {FEATURE_NAMES[number - 1]}
    return config.replace(features=tuple(n for n in FEATURE_NAMES if n in on))


def toggle(config: Config, field: str) -> Config:
    return config.replace(**{field: not getattr(config, field)})


def add_layer(config: Config, selected: int) -> tuple[Config, int]:
    """A hidden layer of 2 after layer `selected` (first if none): the new
    config and the new layer's index."""
    if len(config.layers) >= MAX_LAYERS:
        raise ConfigError(f"At most {MAX_LAYERS} hidden layers.")
    at = selected + 1 if config.layers else 0
    return config.with_layer_added(at, 2), at


def remove_layer(config: Config, selected: int) -> Config:
    if not config.layers:
        raise ConfigError("No hidden layer left to remove.")
    return config.with_layer_removed(selected)


def resize_layer(config: Config, selected: int, delta: int) -> Config:
    """Hidden layer `selected` with `delta` neurons more (1..MAX_NEURONS)."""
    layers = list(config.layers)
    if not layers:
        raise ConfigError("No hidden layer: press h to add one.")
    n = layers[selected] + delta
    if not 1 <= n <= MAX_NEURONS:
        raise ConfigError(f"A layer has 1 to {MAX_NEURONS} neurons (h/H add or remove layers).")
    layers[selected] = n
    return config.replace(layers=tuple(layers))
