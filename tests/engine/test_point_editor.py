"""Points placed by hand: running split, delete nearest, clear, undo, and training on them."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.point_editor import PointEditor
from tui_playground.engine.training import Trainer


def test_each_point_keeps_the_split_it_got_at_the_train_share():
    editor = PointEditor(train_pct=50)
    splits = [editor.add(i, 0, 1.0).test for i in range(6)]
    assert splits == [False, True, False, True, False, True]
    editor = PointEditor(train_pct=70)
    splits = [editor.add(i, 0, 1.0).test for i in range(10)]
    assert sum(splits) == 3 and editor.counts == (7, 3)
    editor.delete_nearest(0, 0)  # removing a point moves no other between train and test
    assert [p.test for p in editor.points] == splits[1:]


def test_delete_nearest_clear_and_undo():
    editor = PointEditor()
    for x, y in ((0, 0), (3, 3), (-4, 1)):
        editor.add(x, y, -1.0)
    assert editor.delete_nearest(2.5, 2) .x == 3
    assert [(p.x, p.y) for p in editor.points] == [(0, 0), (-4, 1)]
    editor.clear()
    assert editor.points == [] and editor.delete_nearest(0, 0) is None
    assert editor.undo() and len(editor.points) == 2
    assert editor.undo() and len(editor.points) == 3
    assert editor.undo() and len(editor.points) == 2  # before the third point
    editor.undo(), editor.undo()
    assert editor.points == [] and not editor.undo()


def test_the_dataset_has_train_then_test_in_the_order_placed():
    editor = PointEditor(train_pct=50)
    for i in range(4):
        editor.add(i, -i, float(i % 2 * 2 - 1))
    d = editor.dataset()
    assert d.train_xy.tolist() == [[0, 0], [2, -2]] and d.test_xy.tolist() == [[1, -1], [3, -3]]
    assert d.train_y.tolist() == [-1, -1] and d.test_y.tolist() == [1, 1] and not d.train_xy.flags.writeable


def test_a_trainer_trains_on_placed_points_keeping_its_network():
    trainer = Trainer(Config(seed="e", layers=(3,), batch=1, lr=0.1))
    trainer.step(2)
    weights = trainer.network.W.copy()
    editor = PointEditor.from_dataset(trainer.data, 50)
    assert editor.counts == (len(trainer.data.train_y), len(trainer.data.test_y))
    editor.clear()
    for x, label in ((-3, -1.0), (-2, -1.0), (2, 1.0), (3, 1.0)):
        editor.add(x, 0, label)
    trainer.set_data(editor.dataset())
    assert np.array_equal(trainer.network.W, weights) and trainer.epoch == 2
    before = trainer.train_loss
    trainer.step(200)
    assert trainer.train_loss < before / 2 and trainer.epoch == 202
    with pytest.raises(ValueError, match="at least one training and one test point"):
        one = PointEditor()
        one.add(0, 0, 1.0)
        trainer.set_data(one.dataset())


def test_k_class_points_train_with_softmax():
    trainer = Trainer(Config(seed="k", dataset="blobs", classes=3, layers=(4,), batch=1, lr=0.1))
    editor = PointEditor(train_pct=50)
    for k, (x, y) in enumerate(((0, 4), (4, -3), (-4, -3)) * 4):
        editor.add(x, y, float(k % 3))
    trainer.set_data(editor.dataset())
    trainer.step(100)
    assert trainer.train_loss < 0.5


def test_load_replaces_the_points_with_their_splits_or_the_running_split_and_undoes():
    editor = PointEditor(train_pct=50)
    editor.add(1, 1, 1.0)
    editor.load([(0.5, -2.0, 2.0), (3.0, 4.0, 0.0), (-1.0, 0.0, 1.0)], test=(True, False, True))
    assert [(p.x, p.y, p.label, p.test) for p in editor.points] == [
        (0.5, -2.0, 2.0, True), (3.0, 4.0, 0.0, False), (-1.0, 0.0, 1.0, True)]
    editor.load([(0, 0, 1.0), (1, 0, -1.0), (2, 0, 1.0), (3, 0, -1.0)])  # no splits: as if placed one by one
    assert [p.test for p in editor.points] == [False, True, False, True]
    assert editor.add(9, 9, 1.0).test is False  # the running split goes on from there
    editor.undo()
    editor.undo()
    assert [(p.x, p.test) for p in editor.points] == [(0.5, True), (3.0, False), (-1.0, True)]
    editor.undo()
    assert [(p.x, p.y) for p in editor.points] == [(1, 1)]
