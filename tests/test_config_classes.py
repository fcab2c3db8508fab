"""Config with more than two classes: validation, switching, links, JSON."""

from __future__ import annotations

import pytest

from tui_playground.config import Config, ConfigError, from_url, to_hash


def test_two_classes_is_the_default_and_the_playground_shape():
    c = Config(seed="1")
    assert c.classes == 2 and c.outputs == 1 and c.shape == (2, 4, 2, 1)
    assert "classes" not in to_hash(c)  # links stay the playground's own


def test_k_classes_give_k_outputs():
    c = Config(seed="1", dataset="blobs", classes=4, layers=(8,))
    assert c.outputs == 4 and c.shape == (2, 8, 4)


@pytest.mark.parametrize("changes, words", [
    (dict(classes=7), "classes must be a whole number from 2 to 6"),
    (dict(classes=1), "from 2 to 6"),
    (dict(classes=3), "data set circle has 2 classes; with 3 classes use blobs or spiral"),
    (dict(dataset="blobs"), "data set blobs needs 3 to 6 classes (got 2)"),
    (dict(classes=3, dataset="spiral", problem="regression"), "3 classes need a classification problem"),
    (dict(classes=True), "whole number"),
])
def test_bad_class_settings_are_one_line(changes, words):
    with pytest.raises(ConfigError) as err:
        Config(seed="1", **changes)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_switching_classes_and_data_keeps_the_config_valid():
    c = Config(seed="1")
    assert c.with_classes(4).dataset == "spiral" and c.with_classes(4).classes == 4
    assert c.with_data("blobs").classes == 3 and c.with_classes(5).with_data("blobs").classes == 5
    blobs = c.with_data("blobs").with_classes(6)
    assert blobs.with_data("xor").classes == 2 and blobs.with_classes(2).dataset == "circle"
    assert blobs.with_data("reg-plane").classes == 2 and blobs.with_data("reg-plane").problem == "regression"
    assert c.with_data("reg-gauss").with_classes(3).problem == "classification"


def test_links_carry_k_as_an_extra_key_and_a_playground_link_means_two_classes():
    c = Config(seed="9", dataset="blobs", classes=5)
    assert to_hash(c).endswith("&hideText=false&classes=5")
    assert from_url("#" + to_hash(c)) == c
    playground = "https://playground.tensorflow.org/#dataset=spiral&problem=classification&seed=9"
    assert from_url(playground, base=c.with_data("spiral")).classes == 2
    assert from_url("#learningRate=0.1", base=c).classes == 5  # a partial hash keeps the rest
    with pytest.raises(ConfigError, match="bad playground link: classes must be"):
        from_url("#dataset=blobs&classes=9")


def test_json_round_trip_and_old_dicts_without_classes():
    c = Config(seed="j", dataset="spiral", classes=3)
    assert Config.from_dict(c.to_dict()) == c
    old = Config(seed="j").to_dict()
    del old["classes"]
    assert Config.from_dict(old).classes == 2
