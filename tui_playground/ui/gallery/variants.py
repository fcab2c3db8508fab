"""What the gallery shows: named sets of variants of the current experiment.

`gallery_set(kind, config)` -> a GallerySet: its title, its (label, Config)
variants and the field it varies. Every variant is the whole config with one
setting changed (optimizer, loss, schedule, stop rules and per-layer
activations included), built by the sweep's own `cross_product`, so a gallery
tile trains what `sweep` would. Variants keep the config's seed (same data, as
on the main screen) except in "seeds", whose members are the sweep's member
seeds 'SEED-1' ... 'SEED-n'. A set that cannot be built from the config (a
cross-entropy loss on regression data, an optimizer with 3 classes) raises
ConfigError saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config import ACTIVATIONS, LOSSES, LR_SCHEDULE_CHOICES, OPTIMIZERS, STOP_FIELDS, Config
from ...sweeps.presets import video
from ...sweeps.spec import cross_product, format_setting, member_seeds, setting

SHAPES = ((1,), (2,), (3,), (4,), (6,), (8,), (4, 2), (8, 2), (8, 4), (8, 8), (8, 8, 4), (8, 8, 8))
RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
DEFAULT_SEEDS = 16

# One setting varied over these values (the config's own value first when it
# is not among them): kind -> (what the title calls them, sweep field, values).
AXES = {
    "shapes": ("hidden layers", "layers", SHAPES),
    "lr": ("learning rates", "lr", RATES),
    "activation": ("activations", "activation", ACTIVATIONS),
    "optimizer": ("optimizers", "optimizer", OPTIMIZERS),
    "loss": ("losses", "loss", LOSSES),
    "schedule": ("learning-rate schedules", "lr_schedule", LR_SCHEDULE_CHOICES),
}
# Order in which `v` cycles the gallery's variant sets.
GALLERY_SETS = ("shapes", "video", "lr", "activation", "optimizer", "loss", "schedule")
# What the founding video's networks take from the current experiment: how
# they train, not what they are (data, inputs, shape, ReLU, rate, L1).
VIDEO_KEEPS = ("loss", "optimizer", "momentum", "rms_alpha", "beta1", "beta2", "eps", "lr_schedule", *STOP_FIELDS)
_LABELS = {"cross-entropy": "xent"}  # tile captions are short

Variants = list[tuple[str, Config]]


@dataclass(frozen=True)
class GallerySet:
    """A gallery's variants; `varied` is the Config field that differs
    between them ("" when several do, as in the video's networks)."""

    title: str
    variants: Variants
    varied: str


def along(kind: str, config: Config) -> GallerySet:
    """`config` with one setting (AXES[kind]) over its values."""
    name, field, values = AXES[kind]
    own = setting(config, field)
    values = values if own in values else (own, *values)
    if field == "layers":  # a per-layer activation list follows each shape
        configs = [config.with_layers(v) for v in values]
    else:
        configs = cross_product([config], {field: list(values)})
    labels = [format_setting(field, setting(c, field)) for c in configs]
    return GallerySet(f"{name} on {config.data_name}", [(_LABELS.get(s, s), c) for s, c in zip(labels, configs)],
                      field)


def founding_video(config: Config) -> GallerySet:
    keep = {f: getattr(config, f) for f in VIDEO_KEEPS}
    return GallerySet("the founding video's networks",
                      [(f"{s.config.data_name} {format_setting('layers', s.config.layers)}", s.config.replace(**keep))
                       for s in video(config.seed)], "activation")


def seeds(config: Config, count: int = DEFAULT_SEEDS) -> GallerySet:
    names = member_seeds(config.seed, count)
    # each tile named by its seed, as sweep names it (a long seed keeps its distinguishing end: '…-12')
    return GallerySet(f"{count} seeds of this experiment ({names[0]} … {names[-1]})",
                      [(s if len(s) <= 6 else f"…-{k}", config.replace(seed=s)) for k, s in enumerate(names, 1)],
                      "seed")


def gallery_set(kind: str, config: Config) -> GallerySet:
    """Raises ConfigError when `config` cannot vary that way."""
    if kind == "video":
        return founding_video(config)
    if kind == "seeds":
        return seeds(config)
    return along(kind, config)
