"""The sweep core: sweep specs, training their members, and sweep results.
(The named experiments a sweep can start from are in presets.py.)

- A `SweepSpec` is variants (Configs) x member seeds; `build_spec` makes one from
  base variants and swept settings (a cross product) and validates it whole.
- `run_sweep` trains the members in a Population and returns a `SweepResult`:
  per-member final losses and per-variant statistics, all frozen.
No UI imports here: the CLI renders results, the app can reuse specs and steps.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Callable

from ..config import FEATURE_NAMES, Config, ConfigError

MAX_MEMBERS = 2000
DEFAULT_SUCCESS = 0.1  # "learned": final test loss below this (regression, or a loss threshold asked for)
# "Learned" for classification: final test accuracy at or above this. Chosen on the
# founding video's sweep (`sweep --preset video`: 14 variants x 10 seeds, 1000 epochs),
# where test loss < 0.1 counted 66 of 140 networks as learned: 0.94 agrees on 138 of the
# 140 (the two others had test loss 0.081 and 0.084 at 90.8% and 92.0% accuracy; no
# threshold agrees on all: a loss below 0.1 came with 90.8%, one of 0.130 with 93.6%).
DEFAULT_SUCCESS_ACCURACY = 0.94
# Settings a sweep can vary, in the order variants are listed and shown.
SWEEP_FIELDS = ("dataset", "classes", "noise", "train_pct", "features", "layers", "activation",
                "lr", "reg", "reg_rate", "batch", "init_zero",
                # beyond the playground (after dataset: regression data bring the square loss back)
                "loss", "optimizer", "momentum", "rms_alpha", "beta1", "beta2", "eps", "lr_schedule",
                "until_loss", "patience", "min_delta", "max_epochs")


# ---- sweep specs ---------------------------------------------------------------


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


# ---- results -------------------------------------------------------------------


@dataclass(frozen=True)
class MemberResult:
    """One trained network. Losses are NaN or inf when it diverged; the best
    losses are the lowest after any epoch (inf if none was finite)."""

    variant: int
    seed: str
    epochs: int
    train_loss: float
    test_loss: float
    diverged: bool
    first_success: int | None  # first epoch with test loss < the success threshold
    best_train_loss: float = math.inf
    best_test_loss: float = math.inf
    best_test_epoch: int | None = None
    metrics: dict = field(default_factory=dict)  # e.g. train/test accuracy (classification)
    seconds: float = 0.0  # wall time spent training it (not part of any result table)


@dataclass(frozen=True)
class VariantStats:
    """Final test loss over a variant's seeds (a diverged member counts as inf)."""

    variant: int
    seeds: int
    median: float
    q1: float
    q3: float
    best: float
    best_seed: str
    worst: float
    worst_seed: str
    learned: int  # members whose final test loss < threshold
    reached: int  # members whose test loss went below it at some epoch
    median_epochs: float | None  # median first such epoch over those members
    diverged: int
    median_accuracy: float | None = None  # median final test accuracy (classification), 0..1

    @property
    def learned_share(self) -> float:
        return self.learned / self.seeds


@dataclass(frozen=True)
class SweepResult:
    """Members and statistics; `seconds` is this run's wall time, in which it
    trained `trained_epochs` network-epochs (fewer than `network_epochs`, all the
    members' epochs, when `from_file` members came from a results file)."""

    spec: SweepSpec
    members: tuple[MemberResult, ...]
    stats: tuple[VariantStats, ...]
    seconds: float
    network_epochs: int
    from_file: int = 0
    trained_epochs: int | None = None  # None: network_epochs

    @property
    def network_epochs_per_second(self) -> float:
        trained = self.network_epochs if self.trained_epochs is None else self.trained_epochs
        return trained / self.seconds if self.seconds > 0 else 0.0


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation quantile (NumPy's default) that keeps inf exact."""
    v = sorted(values)
    h = (len(v) - 1) * q
    lo, hi = math.floor(h), math.ceil(h)
    if v[lo] == v[hi]:
        return v[lo]
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def is_learned(problem: str, test_loss: float, test_accuracy: float = math.nan, diverged: bool = False,
               success: float = DEFAULT_SUCCESS, success_accuracy: float | None = DEFAULT_SUCCESS_ACCURACY) -> bool:
    """What "learned" means for one network, everywhere (sweeps, the tour):
    classification by its final test accuracy >= success_accuracy (unless that
    is None), else (regression) by its final test loss < success."""
    if success_accuracy is not None and problem == "classification":
        return not diverged and test_accuracy >= success_accuracy
    return _final(test_loss) < success


def _final(loss: float) -> float:
    return loss if math.isfinite(loss) else math.inf


def variant_stats(variant: int, members: list[MemberResult], success: float,
                  learned: Callable[[MemberResult], bool] | None = None) -> VariantStats:
    """Statistics of one variant's members (one per seed); `learned(member)`
    (SweepSpec.learned), by default final test loss < success."""
    learned = learned or (lambda m: _final(m.test_loss) < success)
    losses = [_final(m.test_loss) for m in members]
    best = min(range(len(members)), key=lambda k: losses[k])
    worst = max(range(len(members)), key=lambda k: losses[k])
    firsts = [m.first_success for m in members if m.first_success is not None]
    accuracies = [m.metrics["test_accuracy"] for m in members if "test_accuracy" in m.metrics]
    accuracies = [a if math.isfinite(a) else 0.0 for a in accuracies]  # no accuracy counts as none right
    return VariantStats(
        variant, len(members), quantile(losses, 0.5), quantile(losses, 0.25), quantile(losses, 0.75),
        losses[best], members[best].seed, losses[worst], members[worst].seed,
        learned=sum(map(learned, members)), reached=len(firsts),
        median_epochs=quantile(firsts, 0.5) if firsts else None,
        diverged=sum(m.diverged for m in members),
        median_accuracy=quantile(accuracies, 0.5) if accuracies else None,
    )


def summarize(spec: SweepSpec, members: list[MemberResult], seconds: float, network_epochs: int,
              from_file: int = 0, trained_epochs: int | None = None) -> SweepResult:
    by_variant: list[list[MemberResult]] = [[] for _ in spec.variants]
    for m in members:
        by_variant[m.variant].append(m)
    stats = tuple(variant_stats(v, ms, spec.success, spec.learned) for v, ms in enumerate(by_variant))
    return SweepResult(spec, tuple(members), stats, seconds, network_epochs, from_file, trained_epochs)


# ---- running -------------------------------------------------------------------


def slice_epochs(members: int, epochs: int) -> int:
    """Epochs per Population.step: at most ~20k network-epochs (well under a
    second for most nets) and ~1/20 of the run, so a progress bar moves."""
    return max(1, min(100, -(-epochs // 20), 20_000 // members))


def run_sweep(spec: SweepSpec, workers: int | None = None,
              progress: Callable[[int, int], None] | None = None,
              on_compile: Callable[[float], None] | None = None) -> SweepResult:
    """Train every member `spec.epochs` epochs. progress(done, total) is called
    with network-epochs (a diverged member counts as done). Small sweeps run
    uncompiled; big ones load the compiled kernels first, or on a cold cache
    compile them in the background and start uncompiled (prepare_kernels),
    calling on_compile(seconds) then."""
    start = time.perf_counter()
    if prepare_kernels(spec, range(spec.size), on_compile) == "compiled":
        start = time.perf_counter()
    report = (lambda epochs: progress(spec.size * epochs, spec.size * spec.epochs)) if progress else None
    results = train_members(spec, range(spec.size), workers, report)
    return summarize(spec, results, time.perf_counter() - start, sum(m.epochs for m in results))


def numpy_estimate(spec: SweepSpec, indices) -> float:
    """Rough seconds these members take on the uncompiled path (engine.compiled.numpy_seconds)."""
    from ..engine import compiled
    from ..engine.datasets import NUM_POINTS

    everyone = spec.members()
    seconds = 0.0
    for k in indices:
        config = spec.variants[everyone[k][0]]
        seconds += compiled.numpy_seconds(config, NUM_POINTS[config.problem] * config.train_pct // 100, spec.epochs)
    return seconds


def kernels_for(spec: SweepSpec, indices) -> str:
    """"compiled" or "numpy": which kernels finish these members first
    (engine.compiled.choose_path, from each one's estimated uncompiled time)."""
    from ..engine import compiled

    return compiled.choose_path(numpy_estimate(spec, indices), kernel_groups(spec, indices))


def prepare_kernels(spec: SweepSpec, indices, on_cold=None, wanted: bool = False) -> str:
    """engine.compiled.KernelCache.prepare for these members: "compiled",
    "numpy" (too small to load them, unless `wanted`) or "switching" (a cold
    cache: compiling in the background, uncompiled until they load;
    on_cold(seconds) is told)."""
    from ..engine import compiled

    indices = list(indices)
    seconds = float("inf") if wanted else numpy_estimate(spec, indices)
    return compiled.DEFAULT.prepare(kernel_groups(spec, indices), seconds, on_cold)


def kernel_groups(spec: SweepSpec, indices) -> set[str]:
    """The groups of compiled kernels (engine.compiled.GROUPS) these members train on."""
    from ..engine import compiled

    everyone = spec.members()
    return {compiled.group_for(spec.variants[everyone[k][0]]) for k in indices}


class _Track:
    """One member's first epoch under the success threshold and best losses, from its steps."""

    def __init__(self, success: float):
        self.success, self.best_train, self.best_test = success, math.inf, math.inf
        self.first: int | None = None
        self.best_epoch: int | None = None

    def add(self, at: int, losses) -> None:
        """losses: (n, 2) train/test loss after epochs at+1 ... at+n."""
        for e, (train, test) in enumerate(losses.tolist(), start=at + 1):
            if self.first is None and test < self.success:
                self.first = e
            if train < self.best_train:  # NaN compares False: never best
                self.best_train = train
            if test < self.best_test:
                self.best_test, self.best_epoch = test, e


def train_members(spec: SweepSpec, indices, workers: int | None = None,
                  progress: Callable[[int], None] | None = None) -> list[MemberResult]:
    """Train the members at `indices` (positions in spec.members()) together in
    one Population; progress(epochs) after each slice. Each member's numbers are
    its single Trainer's, whatever else is in the Population (and whichever
    kernels run it: the compiled ones if loaded, else their NumPy twin)."""
    from ..engine.population import Population

    everyone = spec.members()
    members = [everyone[k] for k in indices]
    tracks = [_Track(spec.success) for _ in members]
    with Population([spec.variants[v].replace(seed=s) for v, s in members], workers) as pop:
        chunk = slice_epochs(len(members), spec.epochs)
        for at in range(0, spec.epochs, chunk):
            for track, losses in zip(tracks, pop.step(min(chunk, spec.epochs - at))):
                track.add(at, losses)
            if progress:
                progress(min(spec.epochs, at + chunk))
        (train, test), epochs, diverged = pop.losses.T, pop.epochs, pop.diverged
        metrics = [accuracies(pop.trainer(k)) for k in range(len(members))]
        seconds = pop.seconds.tolist()
    return [MemberResult(v, s, int(epochs[k]), float(train[k]), float(test[k]), bool(diverged[k]), t.first,
                         t.best_train, t.best_test, t.best_epoch, metrics[k], seconds[k])
            for k, ((v, s), t) in enumerate(zip(members, tracks))]


def accuracies(trainer) -> dict[str, float]:
    """Classification: the share of train and test points on the right side of
    0 (output >= 0 is the +1 class; 2o - 1 for cross-entropy), by the exact
    forward pass (Trainer.metrics: the uncompiled one when the compiled kernels
    are not loaded, no compiler needed); with 3 or more classes, of points whose
    most probable class is theirs. Regression: {}."""
    config, net, data = trainer.config, trainer.network, trainer.data
    if config.problem != "classification" or trainer.diverged:
        return {}
    if config.classes > 2:  # the most probable class is the label
        from ..engine.class_metrics import class_metrics

        sets = (("train_accuracy", data.train_xy, data.train_y), ("test_accuracy", data.test_xy, data.test_y))
        return {name: class_metrics(net, config, xy, y).accuracy for name, xy, y in sets}
    train, test = trainer.metrics()
    return {"train_accuracy": train.accuracy, "test_accuracy": test.accuracy}
