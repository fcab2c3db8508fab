"""The settings of one experiment, as plain data: no NumPy, no numba, nothing
else of the package, so the CLI and the UI can build and check a Config before
(or without) loading the engine.

    names.py   the name tables (data sets, activations, features, limits)
    checks.py  ConfigError, each field's check, the parsers of setting texts
    model.py   Config (the frozen dataclass), DEFAULTS, the seed format
    links.py   the playground's links, from one table of URL keys (LINK)

Everything is imported from here: `from tui_playground.config import Config`.
"""

from __future__ import annotations

from .checks import (
    CHECKS,
    ConfigError,
    check_schedule,
    choice_message,
    parse_activation,
    parse_bool,
    parse_features,
    parse_int,
    parse_layers,
    parse_number,
    parse_schedule,
)
from .links import LINK, Link, hash_pairs, js_number, to_hash, url_changes
from .model import DEFAULTS, Config, from_url, new_seed, to_fixed
from .names import (
    ACTIVATIONS,
    BEYOND_FIELDS,
    CLASSIFICATION_DATASETS,
    DATASETS,
    FEATURE_KEYS,
    FEATURE_NAMES,
    LEARNING_RATES,
    LOSSES,
    LR_SCHEDULE_CHOICES,
    LR_SCHEDULE_USAGE,
    LR_SCHEDULES,
    MAX_CLASSES,
    MAX_LAYERS,
    MAX_NEURONS,
    MAX_RESETS,
    MAX_SEED_LENGTH,
    MULTICLASS_DATASETS,
    OPTIMIZER_HYPERPARAMETERS,
    OPTIMIZERS,
    PLAYGROUND_ACTIVATIONS,
    PLAYGROUND_HOST,
    PLAYGROUND_URL,
    PROBLEMS,
    REG_RATES,
    REGRESSION_DATASETS,
    REGULARIZATIONS,
    STOP_FIELDS,
    URL_KEY_TO_FEATURE,
)

__all__ = [
    "ACTIVATIONS", "BEYOND_FIELDS", "CHECKS", "CLASSIFICATION_DATASETS", "DATASETS", "DEFAULTS", "FEATURE_KEYS",
    "FEATURE_NAMES", "LEARNING_RATES", "LINK", "LOSSES", "LR_SCHEDULES", "LR_SCHEDULE_CHOICES", "LR_SCHEDULE_USAGE",
    "MAX_CLASSES", "MAX_LAYERS", "MAX_NEURONS", "MAX_RESETS", "MAX_SEED_LENGTH", "MULTICLASS_DATASETS", "OPTIMIZERS",
    "OPTIMIZER_HYPERPARAMETERS", "PLAYGROUND_ACTIVATIONS", "PLAYGROUND_HOST", "PLAYGROUND_URL", "PROBLEMS",
    "REGRESSION_DATASETS", "REGULARIZATIONS", "REG_RATES", "STOP_FIELDS", "URL_KEY_TO_FEATURE", "Config",
    "ConfigError", "Link", "check_schedule", "choice_message", "from_url", "hash_pairs", "js_number", "new_seed",
    "parse_activation", "parse_bool", "parse_features", "parse_int", "parse_layers", "parse_number",
    "parse_schedule", "to_fixed", "to_hash", "url_changes",
]
