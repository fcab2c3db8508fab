"""The pictures of the data sets and features the main screen's side columns show.

Generating the samples is pure Python (every data set, and the multiclass ones
for 3..6 classes: ~0.3 s quiet, 1.5 s loaded), so they are computed once and
shipped as thumbnails.npz next to this module; `load()` reads it in a few ms,
so the thumbnails are in the first frame, and computes them only if the file
is missing or unreadable. Rebuild the file with
`python -m tui_playground.ui.playground.thumbnails` (a test checks that it
equals a fresh computation, bit for bit).
"""

from __future__ import annotations

import os

import numpy as np

from ...config import DATASETS, MAX_CLASSES, MULTICLASS_DATASETS
from ...engine.features import FEATURE_NAMES

THUMB_RES = 24  # resolution of data set and feature thumbnails
PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "thumbnails.npz")


def dataset_samples(noise: int = 0, seed: str = "thumbnails") -> dict:
    """name -> (xy, labels) of each data set, and (name, K) -> the same for the
    multiclass sets with K = 3..6 classes: the thumbnails."""
    from ...engine.datasets import make_dataset
    from ...engine.multiclass_data import make_multiclass_dataset
    from ...engine.rng import SeededRandom

    out: dict = {}
    for name in DATASETS:
        d = make_dataset(name, noise, 50, SeededRandom(seed))
        out[name] = (d.train_xy, d.train_y)
    for name in MULTICLASS_DATASETS:
        for k in range(3, MAX_CLASSES + 1):
            d = make_multiclass_dataset(name, k, noise, 50, SeededRandom(seed))
            out[name, k] = (d.train_xy, d.train_y)
    return out


def feature_maps(resolution: int = THUMB_RES) -> np.ndarray:
    """(7, res, res) each feature's value over the plane, FEATURE_NAMES order."""
    from ...engine.boundary import grid_inputs

    values = grid_inputs(FEATURE_NAMES, resolution)
    return values.T.reshape(len(FEATURE_NAMES), resolution, resolution)


def _key(key) -> str:
    return key if isinstance(key, str) else f"{key[0]}:{key[1]}"


def _unkey(text: str):
    name, _, k = text.partition(":")
    return (name, int(k)) if k else name


def _expected_keys() -> list:
    return [*DATASETS, *((n, k) for n in MULTICLASS_DATASETS for k in range(3, MAX_CLASSES + 1))]


def save(path: str = PATH) -> None:
    """Write dataset_samples() and feature_maps() to `path` (the shipped file)."""
    samples = dataset_samples()
    arrays = {f"xy {_key(k)}": xy for k, (xy, _) in samples.items()}
    arrays.update({f"y {_key(k)}": y for k, (_, y) in samples.items()})
    np.savez_compressed(path, maps=feature_maps(), **arrays)


def load(path: str = PATH) -> tuple[dict, np.ndarray]:
    """(dataset_samples(), feature_maps()): from the shipped file, else computed."""
    try:
        with np.load(path, allow_pickle=False) as f:
            samples = {_unkey(k[3:]): (f[k], f["y " + k[3:]]) for k in f.files if k.startswith("xy ")}
            maps = f["maps"]
        if set(samples) == set(_expected_keys()):
            return samples, maps
    except (OSError, ValueError, KeyError):
        pass
    return dataset_samples(), feature_maps()


if __name__ == "__main__":
    save()
