"""Population speed: network-epochs/s for K = 1, 16, 64, 256 networks at once.

Run: python benchmarks/population.py [--seconds S]   (about 30 s; noisy on a busy machine)
Setup: spiral, all 7 features, [8,8], relu, batch 1, one seed per member. K = 1 is
a plain Trainer in this thread (the single-network speed); K > 1 is a Population
over all cores. Prints the K=64 ratio to K=1 (target on 2 cores: >= 1.6x).
"""

from __future__ import annotations

import argparse
import os
import time

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine.compiled import load as load_compiled_kernels
from tui_playground.engine.population import Population
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="1", dataset="spiral", features=FEATURE_NAMES, layers=(8, 8), activation="relu",
                lr=0.01, batch=1)
SIZES = (1, 16, 64, 256)
SLICE = 20  # epochs per Population.step, as a sweep with a progress bar would call it


def timed(step, seconds: float) -> tuple[float, float]:
    """Call step() (-> network-epochs done) for `seconds`: (network-epochs/s,
    cores actually used = process CPU time / wall time; < 2 when others run)."""
    done, wall, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds:
        done += step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return done / wall, cpu / wall


def single(seconds: float) -> tuple[float, float]:
    trainer = Trainer(SPIRAL)
    trainer.step(SLICE)
    return timed(lambda: len(trainer.step(SLICE)), seconds)


def population(k: int, seconds: float) -> tuple[float, float]:
    with Population([SPIRAL.replace(seed=f"1-{i}") for i in range(k)]) as pop:
        pop.step(1)
        return timed(lambda: sum(len(losses) for losses in pop.step(SLICE)), seconds)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seconds", type=float, default=5.0, help="timed seconds per K (default 5)")
    seconds = p.parse_args().seconds
    load_compiled_kernels()
    print(f"spiral, 7 features, [8,8], relu, batch 1; {os.cpu_count()} cores")
    speeds, cores = {}, {}
    for k in SIZES:
        speeds[k], cores[k] = single(seconds) if k == 1 else population(k, seconds)
        print(f"K={k:4d} {speeds[k]:9.0f} network-epochs/s   ({cores[k]:.2f} cores busy)")
    print(f"K=64 / K=1: {speeds[64] / speeds[1]:.2f}x (target >= 1.6x on 2 cores)")
    # When other programs hold the cores, the ratio above says little; this one
    # scales each speed to what it would be with every core it asked for.
    per_core = {k: speeds[k] / cores[k] for k in (1, 64)}
    wanted = min(os.cpu_count() or 1, 64)
    print(f"K=64 / K=1 per busy core x {wanted} cores: {per_core[64] * wanted / per_core[1]:.2f}x (estimate)")


if __name__ == "__main__":
    main()
