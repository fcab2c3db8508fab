"""The six data sets must be the playground's, bit for bit, and look like their names."""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pytest

from tui_playground.engine.datasets import (
    CLASSIFICATION,
    GENERATORS,
    NUM_POINTS,
    REGRESSION,
    make_dataset,
)
from tui_playground.engine.rng import SeededRandom

REF = Path(__file__).parents[1] / "data" / "ref"
TRACE = json.loads((REF / "playground_trace_circle_seed1.json").read_text())
CASES = json.loads((REF / "playground_datasets.json").read_text())["cases"]


def as_dicts(xy: np.ndarray, labels: np.ndarray) -> list[dict]:
    return [{"x": float(x), "y": float(y), "label": float(v)} for (x, y), v in zip(xy, labels)]


def sha256(xy: np.ndarray, labels: np.ndarray) -> str:
    return hashlib.sha256(np.column_stack([xy, labels]).astype("<f8").tobytes()).hexdigest()


def generate(name: str, seed: str, noise: float, num_points: int | None = None):
    num_points = num_points or NUM_POINTS["regression" if name in REGRESSION else "classification"]
    return GENERATORS[name](SeededRandom(seed), num_points, noise)


def len_of(case: dict) -> int:
    return case["n_train"] + case["n_test"]


def test_circle_seed_1_matches_the_playground_trace():
    config = TRACE["config"]
    points = generate("circle", TRACE["seed"], config["noise"] / 100)
    assert [{"x": x, "y": y, "label": v} for x, y, v in points[:3]] == TRACE["generated_first3"]

    data = make_dataset("circle", config["noise"], config["percTrainData"], SeededRandom(TRACE["seed"]))
    assert as_dicts(data.train_xy[:5], data.train_y[:5]) == TRACE["train_first5"]
    assert as_dicts(data.test_xy[:3], data.test_y[:3]) == TRACE["test_first3"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['dataset']}-noise{c['noise']}")
def test_dataset_is_bit_identical_to_the_playground(case):
    """Reference made by the playground's dataset.ts under node (tests/data/ref/make_*.js)."""
    rng = SeededRandom(case["seed"])
    points = GENERATORS[case["dataset"]](SeededRandom(case["seed"]), len_of(case), case["noise"] / 100)
    data = make_dataset(case["dataset"], case["noise"], case["percTrainData"], rng)
    assert [{"x": x, "y": y, "label": v} for x, y, v in points[:3]] == case["generated_first3"]
    assert as_dicts(data.train_xy[:3], data.train_y[:3]) == case["train_first3"]
    assert as_dicts(data.test_xy[:3], data.test_y[:3]) == case["test_first3"]
    assert (len(data.train_y), len(data.test_y)) == (case["n_train"], case["n_test"])
    assert sha256(data.train_xy, data.train_y) == case["train_sha256"]
    assert sha256(data.test_xy, data.test_y) == case["test_sha256"]
    assert rng.random() == case["next_random"]  # the stream is left where the playground leaves it


@pytest.mark.parametrize("name", CLASSIFICATION + REGRESSION)
def test_noise_draws_happen_even_at_noise_zero(name):
    quiet, noisy = SeededRandom("draws"), SeededRandom("draws")
    GENERATORS[name](quiet, 100, 0.0)
    GENERATORS[name](noisy, 100, 0.5)
    assert quiet.random() == noisy.random()


@pytest.mark.parametrize("name", CLASSIFICATION + REGRESSION)
def test_same_seed_same_data_different_seed_different_data(name):
    a = make_dataset(name, 20, 50, SeededRandom("0.11111"))
    b = make_dataset(name, 20, 50, SeededRandom("0.11111"))
    c = make_dataset(name, 20, 50, SeededRandom("0.22222"))
    assert np.array_equal(a.train_xy, b.train_xy) and np.array_equal(a.test_y, b.test_y)
    assert not np.array_equal(a.train_xy, c.train_xy)


@pytest.mark.parametrize("train_pct", range(10, 100, 10))
@pytest.mark.parametrize("name", ["spiral", "reg-gauss"])
def test_split_takes_floor_of_percent_for_training(name, train_pct):
    data = make_dataset(name, 0, train_pct, SeededRandom("split"))
    total = NUM_POINTS["regression" if name in REGRESSION else "classification"]
    assert len(data.train_y) == math.floor(total * train_pct / 100)
    assert len(data.train_y) + len(data.test_y) == total


def test_dataset_arrays_are_read_only_float64_with_documented_shapes():
    data = make_dataset("xor", 0, 30, SeededRandom("shape"))
    assert data.train_xy.shape == (150, 2) and data.train_y.shape == (150,)
    assert data.test_xy.shape == (350, 2) and data.test_y.shape == (350,)
    for array in (data.train_xy, data.train_y, data.test_xy, data.test_y):
        assert array.dtype == np.float64
        with pytest.raises(ValueError):
            array[0] = 1.0


def test_shuffle_mixes_the_two_classes():
    data = make_dataset("circle", 0, 50, SeededRandom("mix"))
    assert 0.4 < np.mean(data.train_y[:100] == 1) < 0.6


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_classification_labels_are_balanced_plus_minus_one(name):
    labels = np.array([v for _, _, v in generate(name, "balance", 0.0)])
    assert set(labels) == {1.0, -1.0}
    assert 0.4 < np.mean(labels == 1) < 0.6


def test_circle_radii_inside_for_plus_ring_for_minus():
    points = np.array(generate("circle", "radii", 0.0))
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.all(radius[:250] <= 2.5) and np.all(points[:250, 2] == 1)
    assert np.all((radius[250:] >= 3.5 - 1e-12) & (radius[250:] <= 5 + 1e-12)) and np.all(points[250:, 2] == -1)


def test_circle_noise_flips_some_labels_but_not_coordinates():
    quiet = np.array(generate("circle", "flip", 0.0))
    noisy = np.array(generate("circle", "flip", 0.5))
    assert np.array_equal(quiet[:, :2], noisy[:, :2])
    assert np.any(quiet[:, 2] != noisy[:, 2])


def test_xor_label_is_sign_of_product_and_points_avoid_the_axes_at_noise_zero():
    points = np.array(generate("xor", "xor", 0.0))
    x, y, label = points.T
    assert np.all(np.abs(x) > 0.3) and np.all(np.abs(y) > 0.3)
    assert np.all(np.abs(points[:, :2]) <= 5.3)
    assert np.array_equal(label, np.where(x * y >= 0, 1.0, -1.0))


def test_gauss_blobs_centre_on_plus_two_and_minus_two():
    points = np.array(generate("gauss", "blobs", 0.0, 4000))
    plus, minus = points[points[:, 2] == 1, :2], points[points[:, 2] == -1, :2]
    assert np.allclose(plus.mean(axis=0), [2, 2], atol=0.1)
    assert np.allclose(minus.mean(axis=0), [-2, -2], atol=0.1)
    assert np.allclose(plus.var(axis=0), 0.5, rtol=0.1)  # variance 0.5 at noise 0


def test_gauss_noise_half_gives_variance_four():
    points = np.array(generate("gauss", "wide", 0.5, 4000))
    assert np.allclose(points[:2000, :2].var(axis=0), 4.0, rtol=0.1)


def test_spiral_radius_grows_linearly_to_five():
    points = np.array(generate("spiral", "spiral", 0.0))
    radius = np.hypot(points[:, 0], points[:, 1])
    expected = np.arange(250) / 250 * 5
    assert np.allclose(radius[:250], expected) and np.allclose(radius[250:], expected)
    assert np.all(points[:250, 2] == 1) and np.all(points[250:, 2] == -1)
    assert np.allclose(points[1:250, :2], -points[251:, :2])  # the second arm is the first turned by pi


def test_reg_plane_labels_are_linear_in_x_plus_y_at_noise_zero():
    x, y, label = np.array(generate("reg-plane", "plane", 0.0)).T
    assert np.all(np.abs(np.column_stack([x, y])) <= 6)
    assert np.allclose(label, (x + y) / 10)
    assert np.all(np.abs(label) <= 1.2)


def test_reg_plane_labels_stay_near_one_point_two_with_noise():
    label = np.array(generate("reg-plane", "plane", 0.5))[:, 2]
    assert np.all(np.abs(label) <= 1.8) and np.abs(label).max() > 1.0


def test_reg_gauss_labels_in_unit_range_with_signed_bumps():
    x, y, label = np.array(generate("reg-gauss", "bumps", 0.0)).T
    assert np.all(np.abs(label) <= 1)
    assert label.max() > 0.9 and label.min() < -0.9
    assert np.all(label[np.hypot(x - 4, y - 2.5) < 0.5] > 0.7)  # sign +1 at (4, 2.5)
    assert np.all(label[np.hypot(x - 0, y - 2.5) < 0.5] < -0.7)  # sign -1 at (0, 2.5)
    far = (np.abs(y) > 4.5 + 0.01) | (np.abs(x) > 6)
    assert np.all(label[far] == 0)
