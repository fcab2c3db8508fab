"""The shipped thumbnails are the ones the data sets give, bit for bit, and
the main screen shows them in its first frame."""

import numpy as np

from tui_playground.ui.playground import thumbnails


def test_the_shipped_file_equals_a_fresh_computation():
    samples, maps = thumbnails.load()
    fresh = thumbnails.dataset_samples()
    assert set(samples) == set(fresh)
    for key, (xy, y) in fresh.items():
        assert samples[key][0].tobytes() == xy.tobytes() and samples[key][1].tobytes() == y.tobytes(), key
    assert maps.tobytes() == thumbnails.feature_maps().tobytes()


def test_a_missing_file_is_computed(tmp_path):
    samples, maps = thumbnails.load(str(tmp_path / "none.npz"))
    assert set(samples) == set(thumbnails.dataset_samples()) and maps.shape == (7, 24, 24)


def test_a_bad_file_is_computed(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, maps=np.zeros(3))
    samples, _ = thumbnails.load(str(bad))
    assert "spiral" in samples
