"""What a sweep is: variants (Configs) x member seeds, as a `SweepSpec`.
`build_spec` makes one from base variants and swept settings (a cross product)
and validates it whole. (The named experiments a sweep can start from are in
presets.py; what "learned" means for one network is member.py's.)
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from ..config import FEATURE_NAMES, Config, ConfigError
from .member import DEFAULT_SUCCESS, DEFAULT_SUCCESS_ACCURACY, MemberResult, is_learned

MAX_MEMBERS = 2000
# Settings a sweep can vary, in the order variants are listed and shown.
SWEEP_FIELDS = ("dataset", "classes", "noise", "train_pct", "features", "layers", "activation",
                "lr", "reg", "reg_rate", "batch", "init_zero",
                # beyond the playground (after dataset: regression data bring the square loss back)
                "loss", "optimizer", "momentum", "rms_alpha", "beta1", "beta2", "eps", "lr_schedule",
                "until_loss", "patience", "min_delta", "max_epochs")


@dataclass(frozen=True)
class SweepSpec:
    """Every variant trained once per seed. A variant's own seed is unused:
    member (v, s) is `variants[v].replace(seed=seeds[s])`."""

    variants: tuple[Config, ...]
    seeds: tuple[str, ...]
    epochs: int
    success: float = DEFAULT_SUCCESS
    preset: str | None = None
    captions: tuple[str, ...] = ()  # per variant, when a named experiment gave them
    # Classification is learned at test accuracy >= this; None: by the loss (`success`) as regression is.
    success_accuracy: float | None = None

    @property
    def size(self) -> int:
        return len(self.variants) * len(self.seeds)

    def members(self) -> list[tuple[int, str]]:
        """(variant index, seed) of every member, variant-major."""
        return [(v, s) for v in range(len(self.variants)) for s in self.seeds]

    def member_configs(self) -> list[Config]:
        return [self.variants[v].replace(seed=s) for v, s in self.members()]

    @property
    def varied(self) -> tuple[str, ...]:
        """The SWEEP_FIELDS whose value differs between variants."""
        return tuple(f for f in SWEEP_FIELDS if len({setting(c, f) for c in self.variants}) > 1)

    @property
    def fixed(self) -> dict[str, object]:
        """SWEEP_FIELDS with one value over all variants -> that value."""
        return {f: setting(self.variants[0], f) for f in SWEEP_FIELDS if f not in self.varied}

    def label(self, v: int) -> str:
        """What sets variant v apart, e.g. 'layers 8,2  lr 0.01'."""
        parts = [f"{f.replace('_', '-')} {format_setting(f, setting(self.variants[v], f))}" for f in self.varied]
        return "  ".join(parts) or "all"

    def by_accuracy(self, v: int) -> bool:
        """Whether variant v's networks count as learned by their test accuracy."""
        return self.success_accuracy is not None and self.variants[v].problem == "classification"

    def learned(self, m: MemberResult) -> bool:
        """Test accuracy >= success_accuracy (classification), else test loss < success."""
        return is_learned(self.variants[m.variant].problem, m.test_loss, m.metrics.get("test_accuracy", math.nan),
                          m.diverged, self.success, self.success_accuracy)

    @property
    def criterion(self) -> str:
        """What "learned" means in this sweep, for tables and JSON."""
        accuracy = f"final test accuracy >= {self.success_accuracy:.4g}" if self.success_accuracy is not None else ""
        loss = f"final test loss < {self.success:g}"
        kinds = {self.by_accuracy(v) for v in range(len(self.variants))}
        if kinds == {True}:
            return accuracy
        if kinds == {False}:
            return loss
        return f"{accuracy} (classification), {loss} (regression)"

    def to_dict(self) -> dict:
        return {
            "preset": self.preset,
            "epochs": self.epochs,
            "success": self.success,
            "success_accuracy": self.success_accuracy,
            "learned": self.criterion,
            "seeds": list(self.seeds),
            "varied": list(self.varied),
            "fixed": {f: _jsonable(v) for f, v in self.fixed.items()},
            "variants": [{f: _jsonable(setting(c, f)) for f in self.varied} for c in self.variants],
            "members": self.size,
        }


def setting(config: Config, field: str):
    """A sweep field's value in a config ('dataset' is the data set in use)."""
    return config.data_name if field == "dataset" else getattr(config, field)


def format_setting(field: str, value) -> str:
    """Short text for a value: layers '8,2' or 'none', features 'all', lr '0.01'."""
    if field == "layers":
        return ",".join(map(str, value)) or "none"
    if field == "features":
        return "all" if tuple(value) == FEATURE_NAMES else ",".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _jsonable(value):
    return list(value) if isinstance(value, tuple) else value


def apply_setting(config: Config, field: str, value, data_given: bool = False) -> Config:
    """`config` with one swept value. Classes after a swept data set must be that
    set's (as `train --dataset D --classes K` checks); without one, a two-class
    set becomes spiral for 3 or more."""
    if field == "dataset":
        return config.with_data(value)
    if field == "classes":
        return config.replace(classes=value) if data_given else config.with_classes(value)
    return config.replace(**{field: value})


def member_seeds(base: str, count: int) -> tuple[str, ...]:
    """The seed strings of `count` members: 'BASE-1' ... 'BASE-count'."""
    return tuple(f"{base}-{i}" for i in range(1, count + 1))


def cross_product(bases: list[Config], axes: dict[str, list]) -> list[Config]:
    """Every base with every combination of the swept values (fields in
    SWEEP_FIELDS order, the last one changing fastest), duplicates dropped.
    Raises ConfigError for an invalid combination."""
    fields = [f for f in SWEEP_FIELDS if f in axes]
    unknown = set(axes) - set(SWEEP_FIELDS)
    if unknown:
        raise ConfigError(f"cannot sweep {', '.join(sorted(unknown))}")
    variants: dict[Config, None] = {}
    for base in bases:
        for combo in itertools.product(*(axes[f] for f in fields)):
            config = base
            for name, value in zip(fields, combo):
                config = apply_setting(config, name, value, "dataset" in fields)
            variants.setdefault(config)
    return list(variants)


def build_spec(bases: list[Config], axes: dict[str, list], seeds: tuple[str, ...], epochs: int,
               success: float = DEFAULT_SUCCESS, preset: str | None = None,
               captions: tuple[str, ...] = (),
               success_accuracy: float | None = DEFAULT_SUCCESS_ACCURACY) -> SweepSpec:
    """Validate and expand a sweep. Raises ConfigError (one line) when a value is
    invalid, nothing would run, or it has more than MAX_MEMBERS members.
    success_accuracy None: classification too is learned by the loss threshold."""
    if epochs < 1:
        raise ConfigError(f"epochs must be at least 1 (got {epochs})")
    if not seeds:
        raise ConfigError("at least one seed is needed")
    if len(set(seeds)) != len(seeds):
        raise ConfigError("seeds must be distinct")
    for seed in seeds:  # Config's own check, now: not once a member is built, after the run has begun
        Config(seed=seed)
    if not (math.isfinite(success) and success > 0):
        raise ConfigError(f"success threshold must be a number > 0 (got {success!r})")
    if success_accuracy is not None and not 0 < success_accuracy <= 1:
        raise ConfigError(f"success accuracy must be a share over 0, at most 1 (got {success_accuracy!r})")
    variants = cross_product(bases, axes)
    if len(variants) * len(seeds) > MAX_MEMBERS:
        raise ConfigError(f"{len(variants)} variants x {len(seeds)} seeds = {len(variants) * len(seeds)} "
                          f"networks; at most {MAX_MEMBERS} per sweep")
    keep = captions if not axes and len(captions) == len(variants) else ()
    return SweepSpec(tuple(variants), tuple(seeds), epochs, success, preset, keep, success_accuracy)
