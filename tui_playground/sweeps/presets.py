"""Named experiments: a list of `Step`s (a caption and the Config it shows).
`EXPERIMENTS["video"](seed)` is the founding video's experiment, which the
`tour` plays step by step and `sweep --preset video` runs over many seeds
(`preset_spec` gives its variants to sweeps.spec.build_spec).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..config import FEATURE_NAMES, Config, ConfigError


@dataclass(frozen=True)
class Step:
    """One step of a named experiment: what it shows, and the setup that shows it."""

    caption: str
    config: Config
    epochs: int | None = None  # how long the tour trains it; None: by data set (ui/tour/timing.py)


_CIRCLE_STEPS = (
    ((1,), "Circle, one ReLU neuron: it can draw one straight edge, not a closed ring."),
    ((2,), "Circle, two neurons: two edges make a wedge or a band, still open."),
    ((3,), "Circle, three neurons: three edges can close a triangle around the centre."),
    ((4,), "Circle, four neurons: a four-sided region, closer to the circle."),
    ((8,), "Circle, eight neurons: enough edges to round it off."),
)
_SPIRAL_STEPS = (
    ((1,), "Spiral, all seven inputs, lr 0.01, one neuron: hopeless."),
    ((2,), "Spiral, two neurons in one layer."),
    ((4,), "Spiral, four neurons in one layer."),
    ((6,), "Spiral, six neurons in one layer."),
    ((8,), "Spiral, eight neurons in one layer: the widest single layer."),
    ((8, 2), "Spiral, a second layer of two neurons after the eight."),
    ((8, 4), "Spiral, 8 then 4 neurons."),
    ((8, 6), "Spiral, 8 then 6 neurons."),
    ((8, 8), "Spiral, 8 then 8 neurons. Try other seeds: initialization has a big impact."),
)


def video(seed: str = "1") -> tuple[Step, ...]:
    """The founding video (docs/playground.md, "The founding experiment"):
    batch 1, ReLU, L1 at 0.001; circle on x1, x2 at lr 0.03 with 1, 2, 3, 4, 8
    neurons; then spiral on all seven inputs at lr 0.01 with 1, 2, 4, 6, 8
    neurons and 8 then 2, 4, 6, 8."""
    base = Config(batch=1, activation="relu", reg="L1", reg_rate=0.001, seed=seed)
    circle = base.replace(dataset="circle", features=("x1", "x2"), lr=0.03)
    spiral = base.replace(dataset="spiral", features=FEATURE_NAMES, lr=0.01)
    return tuple(Step(caption, data.replace(layers=layers))
                 for data, steps in ((circle, _CIRCLE_STEPS), (spiral, _SPIRAL_STEPS))
                 for layers, caption in steps)


EXPERIMENTS: dict[str, Callable[[str], tuple[Step, ...]]] = {"video": video}
EXPERIMENT_TITLES = {"video": "Which networks can learn which data sets (the founding video)"}


def preset_spec(name: str, seed: str = "1") -> tuple[list[Config], tuple[str, ...]]:
    """A named experiment's variants and captions (for build_spec)."""
    if name not in EXPERIMENTS:
        raise ConfigError(f"preset must be one of {', '.join(EXPERIMENTS)} (got {name!r})")
    steps = EXPERIMENTS[name](seed)
    return [s.config for s in steps], tuple(s.caption for s in steps)
