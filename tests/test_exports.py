"""Exported files: atomic writes, the loss CSV and the boundary grid CSV."""

from __future__ import annotations

import csv
import os

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.network import forward_all
from tui_playground.engine.training import Trainer
from tui_playground.files.exports import csv_text, grid_csv, loss_csv, write_atomic, write_grid_csv, write_loss_csv


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    path.write_text("old")

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(path, "new")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["s.json"]


def test_a_write_replaces_the_file_and_keeps_line_endings_as_given(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("old")
    write_atomic(path, csv_text(["a", "b"], [[1, "x,y"]], lineterminator="\r\n"))
    assert path.read_bytes() == b'a,b\r\n1,"x,y"\r\n' and os.listdir(tmp_path) == ["t.csv"]


def test_loss_csv_round_trips_the_losses_exactly(tmp_path):
    rows = np.array([[0, 0.1 + 0.2, 1 / 3], [10, np.nan, np.inf]])
    assert loss_csv(rows).splitlines()[:2] == ["epoch,train_loss,test_loss", "0,0.30000000000000004,0.3333333333333333"]
    write_loss_csv(tmp_path / "loss.csv", rows)
    back = list(csv.reader((tmp_path / "loss.csv").open()))
    assert back[2] == ["10", "nan", "inf"]
    np.testing.assert_array_equal(np.array(back[1:], dtype=float), rows)


def test_grid_csv_is_the_output_neuron_on_the_100_by_100_grid_top_row_first(tmp_path):
    trainer = Trainer(Config(seed="g"))
    rows = list(csv.reader(grid_csv(trainer, resolution=5).splitlines()))
    assert rows[0] == ["x", "y", "output"] and len(rows) == 1 + 25
    assert [r[:2] for r in rows[1:6]] == [["-6", "6"], ["-3", "6"], ["0", "6"], ["3", "6"], ["6", "6"]]
    assert rows[-1][:2] == ["6", "-6"]
    snap = trainer.snapshot()
    centre = forward_all(snap.network, np.zeros((1, 2)), "tanh", "tanh")[-1][0, 0]  # x1 = x2 = 0
    assert rows[1 + 12] == ["0", "0", f"{centre:.6g}"]
    write_grid_csv(tmp_path / "grid.csv", trainer)
    assert len((tmp_path / "grid.csv").read_text().splitlines()) == 1 + 100 * 100
