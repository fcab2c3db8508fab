"""What the gallery shows: named sets of variants of the current experiment.

`gallery_set(kind, config)` -> (title, [(label, Config)]). Variants keep the
config's seed (same data, as on the main screen) except in "seeds", whose
members are the sweep's member seeds 'SEED-1' ... 'SEED-n'.
"""

from __future__ import annotations

from ..config import ACTIVATIONS, Config
from ..experiments import format_setting, member_seeds, video

SHAPES = ((1,), (2,), (3,), (4,), (6,), (8,), (4, 2), (8, 2), (8, 4), (8, 8), (8, 8, 4), (8, 8, 8))
RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
DEFAULT_SEEDS = 16

# Order in which `v` cycles the gallery's variant sets.
GALLERY_SETS = ("shapes", "video", "lr", "activation")

Variants = list[tuple[str, Config]]


def shapes(config: Config) -> tuple[str, Variants]:
    own = () if config.layers in SHAPES else (config.layers,)
    return (f"hidden layers on {config.data_name}",
            [(format_setting("layers", s), config.replace(layers=s)) for s in (*own, *SHAPES)])


def founding_video(config: Config) -> tuple[str, Variants]:
    return ("the founding video's networks",
            [(f"{s.config.data_name} {format_setting('layers', s.config.layers)}", s.config)
             for s in video(config.seed)])


def rates(config: Config) -> tuple[str, Variants]:
    return (f"learning rates on {config.data_name}", [(f"lr {r:g}", config.replace(lr=r)) for r in RATES])


def activations(config: Config) -> tuple[str, Variants]:
    return (f"activations on {config.data_name}", [(a, config.replace(activation=a)) for a in ACTIVATIONS])


def seeds(config: Config, count: int = DEFAULT_SEEDS) -> tuple[str, Variants]:
    return (f"{count} seeds of this experiment",
            [(f"#{k}", config.replace(seed=s)) for k, s in enumerate(member_seeds(config.seed, count), 1)])


SETS = {"shapes": shapes, "video": founding_video, "lr": rates, "activation": activations, "seeds": seeds}


def gallery_set(kind: str, config: Config) -> tuple[str, Variants]:
    return SETS[kind](config)
