"""Engine speed: epochs/s for the interactive cases, on the compiled kernels and
on the uncompiled exact path (NumPy, what trains while numba compiles), and ms
for the boundary grids.

Run: python benchmarks/engine.py   (one core; numbers are noisy, compare in one run)
One epoch = the pass over the training points plus the train and test loss.
"""

from __future__ import annotations

import statistics
import time

from tui_playground.config import Config
from tui_playground.engine.boundary import neuron_grids
from tui_playground.engine.compiled import load as load_compiled_kernels
from tui_playground.engine.training import Trainer

SPIRAL = Config(seed="1", dataset="spiral", features=("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"),
                layers=(8, 8), activation="tanh")
CASES = {
    "spiral 7 features [8,8] tanh batch 1": SPIRAL.replace(batch=1),
    "spiral 7 features [8,8] tanh batch 10": SPIRAL.replace(batch=10),
    "spiral 7 features [8,8] relu L1 batch 1": SPIRAL.replace(batch=1, activation="relu", reg="L1", reg_rate=0.001, lr=0.01),
    "circle default [4,2] tanh batch 10": Config(seed="1"),
}


def epochs_per_second(config: Config, path: str = "compiled", slices: int = 60,
                      epochs: int = 10) -> tuple[float, float]:
    """(best, median) epochs/s over short slices: the best slice is what the code
    can do, the median what this (shared, noisy) machine gave."""
    trainer = Trainer(config)
    trainer.step(2, path=path)
    rates = []
    for _ in range(slices):
        start = time.perf_counter()
        trainer.step(epochs, path=path)
        rates.append(epochs / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def grid_ms(config: Config, repeats: int = 50) -> float:
    snap = Trainer(config).snapshot()
    neuron_grids(snap.network, config)
    start = time.perf_counter()
    for _ in range(repeats):
        neuron_grids(snap.network, config)
    return (time.perf_counter() - start) / repeats * 1000


def main() -> None:
    load_compiled_kernels()
    print(f"{'case':45s} {'compiled':>17s} {'numpy (uncompiled)':>20s}")
    print(f"{'':45s} {'best':>8s} {'median':>8s} {'best':>9s} {'median':>8s}   epochs/s")
    for name, config in CASES.items():
        best, median = epochs_per_second(config)
        np_best, np_median = epochs_per_second(config, "numpy", slices=12, epochs=3)
        print(f"{name:45s} {best:8.0f} {median:8.0f} {np_best:9.1f} {np_median:8.1f}")
    print(f"{'100x100 grid, every neuron, spiral [8,8]':45s} {grid_ms(SPIRAL):8.2f} ms")


if __name__ == "__main__":
    main()
