"""A sweep's results: every member's numbers and each variant's statistics over
its seeds (`summarize` makes the frozen `SweepResult` the report prints).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable

from .member import MemberResult, final_loss
from .spec import SweepSpec


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


def variant_stats(variant: int, members: list[MemberResult], success: float,
                  learned: Callable[[MemberResult], bool] | None = None) -> VariantStats:
    """Statistics of one variant's members (one per seed); `learned(member)`
    (SweepSpec.learned), by default final test loss < success."""
    learned = learned or (lambda m: final_loss(m.test_loss) < success)
    losses = [final_loss(m.test_loss) for m in members]
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
