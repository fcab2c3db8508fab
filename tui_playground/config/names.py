"""The names of every setting: data sets, activations, losses, optimizers,
schedules, the input features, and the limits. The keys are the names used by
the config, the CLI choices, the links and the UI: tables, not branches.

Plain data: no NumPy, no numba, nothing else of the package.
"""

from __future__ import annotations

# What the package offers (config/__init__.py imports these).
__all__ = [
    "ACTIVATIONS", "BEYOND_FIELDS", "CLASSIFICATION_DATASETS", "DATASETS", "FEATURE_KEYS", "FEATURE_NAMES",
    "LEARNING_RATES", "LOSSES", "LR_SCHEDULE_CHOICES", "LR_SCHEDULE_USAGE", "LR_SCHEDULES", "MAX_CLASSES",
    "MAX_LAYERS", "MAX_NEURONS", "MAX_RESETS", "MAX_SEED_LENGTH", "MULTICLASS_DATASETS",
    "OPTIMIZER_HYPERPARAMETERS", "OPTIMIZERS", "PLAYGROUND_ACTIVATIONS", "PLAYGROUND_HOST", "PLAYGROUND_URL",
    "PROBLEMS", "REG_RATES", "REGRESSION_DATASETS", "REGULARIZATIONS", "STOP_FIELDS", "URL_KEY_TO_FEATURE",
]

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


def activation_names() -> tuple[str, ...]:
    """ACTIVATIONS as it is when asked (the checks read it so; a test adds one in-process)."""
    return ACTIVATIONS


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
