"""The pictures of the data sets and features the main screen's side columns show."""

from __future__ import annotations

import numpy as np

from ...config import DATASETS, MAX_CLASSES, MULTICLASS_DATASETS
from ...engine.features import FEATURE_NAMES

THUMB_RES = 24  # resolution of data set and feature thumbnails


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
