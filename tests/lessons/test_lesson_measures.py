"""The values goals are checked against come from one training snapshot."""

from __future__ import annotations

import math

from tui_playground.config import Config
from tui_playground.engine.training import Trainer
from tui_playground.lessons.measures import dead_links, shape_values, snapshot_values


def test_a_snapshot_gives_every_name_its_value():
    t = Trainer(Config(dataset="xor", layers=(3, 2), features=("x1", "x2", "x1x2"), seed="1"))
    t.step(5, path="numpy")
    v = snapshot_values(t.snapshot(metrics=True))
    train, test = t.metrics()
    assert v == {"neurons": 5.0, "layers": 2.0, "features": 3.0, "epoch": 5.0, "train_loss": t.train_loss,
                 "test_loss": t.test_loss, "dead_links": 0.0, "train_accuracy": train.accuracy,
                 "test_accuracy": test.accuracy}


def test_without_metrics_or_in_regression_accuracy_is_unknown():
    t = Trainer(Config(seed="1"))
    assert math.isnan(snapshot_values(t.snapshot())["test_accuracy"])
    r = Trainer(Config(seed="1").with_data("reg-plane"))
    assert math.isnan(snapshot_values(r.snapshot(metrics=True))["train_accuracy"])


def test_dead_links_counts_only_real_links_of_the_padded_arrays():
    t = Trainer(Config(layers=(3,), seed="1"))  # shape 2-3-1 padded to 3x3
    net = t.network.copy()
    net.dead[:] = True  # padding included
    assert dead_links(net) == 2 * 3 + 3 * 1


def test_shape_values_are_the_hidden_neurons_layers_and_inputs():
    assert shape_values(Config(layers=(8, 4), features=("x1",))) == {"neurons": 12.0, "layers": 2.0,
                                                                      "features": 1.0}
