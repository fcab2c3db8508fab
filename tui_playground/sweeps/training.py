"""Training a sweep's members: `run_sweep` trains them all in one Population
and returns a `SweepResult`; `train_members` trains some (the runners' chunks,
a Dask task), `prepare_kernels` chooses and loads the kernels they run on.
No UI imports here: the CLI renders results.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from .member import MemberResult
from .results import SweepResult, summarize
from .spec import SweepSpec


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
