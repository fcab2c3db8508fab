"""Sweeps in chunks: any chunking gives every run's single-Trainer numbers; best losses, accuracies."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import numpy as np
import pytest

from tui_playground.config import Config
from tui_playground.engine.features import feature_matrix
from tui_playground.engine.reference import ReferenceNet
from tui_playground.engine.training import Trainer
from tui_playground.sweeps.runner import complete, plan_chunks, run_local
from tui_playground.sweeps.spec import build_spec, member_seeds
from tui_playground.sweeps.training import accuracies, run_sweep, train_members

SPEC = build_spec([Config(seed="1", batch=5)], {"layers": [(1,), (4,)], "dataset": ["circle", "xor"]},
                  member_seeds("r", 3), 15, success=0.3)


def timeless(members):
    return [dataclasses.replace(m, seconds=0.0) for m in members]


def test_plan_chunks_is_seed_major_covers_each_pending_run_once_and_respects_the_size():
    members = SPEC.members()
    pending = [k for k in range(SPEC.size) if k != 4]
    chunks = plan_chunks(SPEC, pending, 5)
    assert sorted(k for c in chunks for k in c) == pending and all(len(c) <= 5 for c in chunks)
    assert sorted(members[k][1] for k in chunks[0]) == ["r-1"] * 4 + ["r-2"]  # variants of one seed together
    assert all(c == sorted(c) for c in chunks)


def test_member_numbers_are_the_single_trainers_full_curve():
    results = train_members(SPEC, [0, 5, 11], workers=2)
    for m in results:
        config = SPEC.variants[m.variant].replace(seed=m.seed)
        losses = Trainer(config).step(15)
        assert (m.train_loss, m.test_loss, m.epochs) == (losses[-1, 0], losses[-1, 1], 15)
        assert (m.best_train_loss, m.best_test_loss) == (losses[:, 0].min(), losses[:, 1].min())
        assert m.best_test_epoch == int(losses[:, 1].argmin()) + 1
        below = np.nonzero(losses[:, 1] < 0.3)[0]
        assert m.first_success == (int(below[0]) + 1 if len(below) else None)
        assert m.seconds > 0


def test_accuracy_is_the_share_of_points_on_the_right_side_by_the_reference_forward_pass():
    trainer = Trainer(Config(seed="acc", dataset="xor", layers=(3,)))
    trainer.step(10)
    n = trainer.network
    ref = ReferenceNet(n.sizes, n.W, n.B, n.dead, "tanh", "tanh")
    got = accuracies(trainer)
    d = trainer.data
    for name, X, y in (("train_accuracy", feature_matrix(d.train_xy, ("x1", "x2")), d.train_y),
                       ("test_accuracy", feature_matrix(d.test_xy, ("x1", "x2")), d.test_y)):
        right = sum((ref.forward(x) >= 0) == (label > 0) for x, label in zip(X, y))
        assert got[name] == right / len(y)
    assert 0.5 < got["train_accuracy"] < 1.0
    assert accuracies(Trainer(Config(seed="r").with_data("reg-plane"))) == {}


@pytest.mark.parametrize("workers", [1, 2])
def test_any_chunking_gives_the_one_population_results(workers):
    whole = run_sweep(SPEC, workers=2)
    runs, handed = {}, []
    result = complete(SPEC, runs, list(range(SPEC.size)),
                      lambda pending, sink, progress: run_local(SPEC, pending, sink, progress, workers),
                      handed.extend)
    assert timeless(result.members) == timeless(whole.members) and result.stats == whole.stats
    assert len(handed) == SPEC.size and result.from_file == 0 and result.trained_epochs == SPEC.size * 15


def test_complete_trains_only_what_is_missing_and_counts_the_rest_as_from_the_file():
    first = train_members(SPEC, [0, 1, 2, 7])
    runs = {(m.variant, m.seed): m for m in first}
    seen = []

    def runner(pending, sink, progress):
        seen.extend(pending)
        run_local(SPEC, pending, sink, progress, 2)

    done = []
    result = complete(SPEC, runs, [k for k in range(SPEC.size) if k not in (0, 1, 2, 7)], runner,
                      progress=done.append)
    assert seen == [3, 4, 5, 6, 8, 9, 10, 11]
    assert result.from_file == 4 and result.trained_epochs == 8 * 15 and result.network_epochs == 12 * 15
    assert timeless(result.members) == timeless(run_sweep(SPEC).members)
    assert done[-1] == 8 and done == sorted(done)


def test_the_engine_and_the_sweep_core_never_import_dask():
    code = ("import sys, tui_playground.engine.population, tui_playground.sweeps.runner, "
            "tui_playground.sweeps.store, tui_playground.sweeps.dask, tui_playground.cli.sweep; "
            "print(','.join(m for m in ('dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_with_three_classes_accuracy_is_the_share_whose_most_probable_class_is_theirs():
    from tui_playground.engine.class_metrics import class_metrics

    spec = build_spec([Config(seed="1", layers=(4,)).with_data("blobs").with_classes(3)], {}, ("m-1",), 12)
    (m,) = train_members(spec, [0])
    trainer = Trainer(spec.variants[0].replace(seed="m-1"))
    trainer.step(12)
    d = trainer.data
    assert m.metrics == {"train_accuracy": class_metrics(trainer.network, trainer.config, d.train_xy, d.train_y).accuracy,
                         "test_accuracy": class_metrics(trainer.network, trainer.config, d.test_xy, d.test_y).accuracy}
    assert 0 < m.metrics["test_accuracy"] <= 1 and m.test_loss == trainer.test_loss
