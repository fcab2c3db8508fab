"""Population speed: network-epochs/s for K = 1, 16, 64, 256 networks at once.

Run: python benchmarks/population.py [--seconds S] [--rounds R]   (about 40 s)
Setup: spiral, all 7 features, [8,8], relu, batch 1, one seed per member. K = 1 is
a plain Trainer in this thread on one core (its loss passes too: engine.loss_thread
off, the single-network speed of one core); K > 1 is a Population over all cores.
Prints the K=64 ratio to K=1 (target on 2 cores: >= 1.6x), and beside them one
Trainer as `train` runs it, its loss passes on the second core.
The sizes take turns for R rounds and the ratios are per round, so that other
programs' load hits both sides of a ratio alike; the medians are printed.
Each figure comes with the share of the cores the process actually got
(os.times: its CPU seconds over wall seconds x cores), and the load average is
printed before and after (with a warning when it is above the core count): a
busy machine shows in the figures instead of hiding in them.
"""

from __future__ import annotations

import argparse
import os
import time
from statistics import median

from loadinfo import cores as core_count
from loadinfo import load_line

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine.compiled import load as load_compiled_kernels
from tui_playground.engine.population import Population
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="1", dataset="spiral", features=FEATURE_NAMES, layers=(8, 8), activation="relu",
                lr=0.01, batch=1)
SIZES = (1, 16, 64, 256)
SLICE = 20  # epochs per Population.step, as a sweep with a progress bar would call it
LOSS_THREAD = 0  # the key of one Trainer with its loss passes on the second core


def timed(step, seconds: float) -> tuple[float, float]:
    """Call step() (-> network-epochs done) for `seconds`: (network-epochs/s,
    cores actually used = process CPU time / wall time; < 2 when others run)."""
    done, wall, cpu = 0, time.perf_counter(), _cpu()
    while time.perf_counter() - wall < seconds:
        done += step()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    return done / wall, cpu / wall


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=2.0, help="timed seconds per K and round (default 2)")
    p.add_argument("--rounds", type=int, default=5, help="rounds (default 5)")
    args = p.parse_args()
    load_compiled_kernels()
    print(load_line())
    print(f"spiral, 7 features, [8,8], relu, batch 1; {os.cpu_count()} cores; {args.rounds} rounds")
    trainer, two_threads = Trainer(SPIRAL), Trainer(SPIRAL)
    trainer.loss_thread = False
    trainer.step(SLICE)
    two_threads.step(SLICE)
    pops = {k: Population([SPIRAL.replace(seed=f"1-{i}") for i in range(k)]) for k in SIZES[1:]}
    steps = {1: lambda: len(trainer.step(SLICE)), LOSS_THREAD: lambda: len(two_threads.step(SLICE))}
    for k, pop in pops.items():
        pop.step(1)
        steps[k] = lambda pop=pop: sum(len(losses) for losses in pop.step(SLICE))
    speeds: dict[int, list[float]] = {k: [] for k in steps}
    cores: dict[int, list[float]] = {k: [] for k in steps}
    for _ in range(args.rounds):
        for k in steps:
            speed, busy = timed(steps[k], args.seconds)
            speeds[k].append(speed)
            cores[k].append(busy)
    for pop in pops.values():
        pop.close()
    for k in SIZES:
        busy = median(cores[k])
        print(f"K={k:4d} {median(speeds[k]):9.0f} network-epochs/s   ({busy:.2f} cores busy: "
              f"{busy / core_count():.0%} of the {core_count()} cores)")
    busy = median(cores[LOSS_THREAD])
    print(f"one network, its loss passes on a worker thread (engine.loss_thread): {median(speeds[LOSS_THREAD]):9.0f} "
          f"network-epochs/s   ({busy:.2f} cores busy), {median(speeds[LOSS_THREAD]) / median(speeds[1]):.2f}x K=1")
    ratios = [b / a for a, b in zip(speeds[1], speeds[64])]
    print(f"K=64 / K=1: {median(ratios):.2f}x, rounds {' '.join(f'{r:.2f}' for r in ratios)} "
          f"(target >= 1.6x on 2 cores)")
    # When other programs hold the cores, the ratio above says little; this one
    # scales each speed to what it would be with every core it asked for.
    wanted = min(os.cpu_count() or 1, 64)
    per_core = [(b / cb) * wanted / (a / ca) for a, ca, b, cb in zip(speeds[1], cores[1], speeds[64], cores[64])]
    print(f"K=64 / K=1 per busy core x {wanted} cores: {median(per_core):.2f}x (estimate), "
          f"rounds {' '.join(f'{r:.2f}' for r in per_core)}")
    print(load_line())


if __name__ == "__main__":
    main()
