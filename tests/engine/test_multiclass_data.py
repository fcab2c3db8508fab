"""K-class data sets: blobs and a K-arm spiral, seeded, shuffled and split like the playground's."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_playground.engine.datasets import make_dataset
from tui_playground.engine.multiclass_data import BLOB_RADIUS, GENERATORS, class_sizes, make_multiclass_dataset
from tui_playground.engine.rng import SeededRandom


def all_points(d):
    return np.vstack([d.train_xy, d.test_xy]), np.concatenate([d.train_y, d.test_y])


@pytest.mark.parametrize("name", GENERATORS)
@pytest.mark.parametrize("classes", [3, 4, 5, 6])
def test_k_classes_of_500_points_split_by_the_train_share(name, classes):
    d = make_multiclass_dataset(name, classes, 10, 70, SeededRandom("k"))
    xy, labels = all_points(d)
    assert len(xy) == 500 and len(d.train_xy) == 350
    assert sorted(set(labels)) == [float(k) for k in range(classes)]
    assert [int((labels == k).sum()) for k in range(classes)] == class_sizes(500, classes)
    assert not d.train_xy.flags.writeable


def test_class_sizes_add_up():
    assert class_sizes(500, 3) == [167, 167, 166] and class_sizes(500, 6) == [84, 84, 83, 83, 83, 83]


@pytest.mark.parametrize("name", GENERATORS)
def test_same_seed_same_points_other_seed_other_points(name):
    a = all_points(make_multiclass_dataset(name, 4, 20, 50, SeededRandom("1")))
    b = all_points(make_multiclass_dataset(name, 4, 20, 50, SeededRandom("1")))
    c = all_points(make_multiclass_dataset(name, 4, 20, 50, SeededRandom("2")))
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


def test_two_arms_are_the_playground_spiral_with_classes_for_labels():
    """The K-arm formula is the playground's: with K = 2 it draws the very points
    (arm 0 is the playground's +1, arm 1 its -1), shuffled the same way."""
    mine = make_multiclass_dataset("spiral", 2, 30, 50, SeededRandom("0.5"))
    playground = make_dataset("spiral", 30, 50, SeededRandom("0.5"))
    np.testing.assert_array_equal(mine.train_xy, playground.train_xy)
    np.testing.assert_array_equal(mine.train_y, (1 - playground.train_y) / 2)


def test_blobs_sit_around_k_centres_on_a_circle():
    d = make_multiclass_dataset("blobs", 5, 0, 50, SeededRandom("b"))
    xy, labels = all_points(d)
    for k in range(5):
        centre = xy[labels == k].mean(axis=0)
        angle = 2 * math.pi * k / 5
        expected = BLOB_RADIUS * np.array([math.sin(angle), math.cos(angle)])
        assert np.linalg.norm(centre - expected) < 0.25  # 100 points, sd 0.71: the mean is within ~0.07
    spread = [xy[labels == k].std(axis=0).mean() for k in range(5)]
    assert all(0.55 < s < 0.9 for s in spread)  # variance 0.5 at noise 0


def test_noise_widens_blobs_and_blurs_spiral_arms():
    quiet = all_points(make_multiclass_dataset("blobs", 3, 0, 50, SeededRandom("n")))
    loud = all_points(make_multiclass_dataset("blobs", 3, 50, 50, SeededRandom("n")))
    assert loud[0][loud[1] == 0].std(axis=0).mean() > 2 * quiet[0][quiet[1] == 0].std(axis=0).mean()
    exact = all_points(make_multiclass_dataset("spiral", 3, 0, 50, SeededRandom("n")))
    radius = np.linalg.norm(exact[0], axis=1)
    assert radius.max() < 5 and radius.min() == 0.0  # every arm starts at the centre
