"""Population: member i gives exactly what Trainer(configs[i]) gives, whatever
the other members, the number of threads or the shared data."""

from __future__ import annotations

import numpy as np
import pytest

from tui_playground.config import FEATURE_NAMES, Config
from tui_playground.engine.population import Population
from tui_playground.engine.training import Trainer

SPIRAL_L1 = Config(seed="p-1", dataset="spiral", features=FEATURE_NAMES, layers=(8, 8), activation="relu",
                   lr=0.01, reg="L1", reg_rate=0.001, batch=1)
MIXED = [
    SPIRAL_L1,
    SPIRAL_L1.replace(layers=(3,)),  # same data as the first, another network
    SPIRAL_L1.replace(seed="p-2", layers=(), batch=7),
    Config(seed="p-1", dataset="xor", layers=(5, 2, 3), activation="tanh", reg="L2", reg_rate=0.003, batch=10),
    Config(seed="p-3", dataset="circle", layers=(1,), activation="sigmoid", lr=0.1, batch=30, noise=25),
    Config(seed="p-1", layers=(2,), activation="linear", batch=3, train_pct=70).with_data("reg-plane"),
]
SLICES = (13, 1, 8)  # uneven slices: batches carry over between calls


def single_runs(configs):
    out = []
    for c in configs:
        t = Trainer(c)
        out.append(([t.step(n) for n in SLICES], t))
    return out


def assert_same_state(a: Trainer, b: Trainer):
    for name in ("W", "B", "dead"):
        assert np.array_equal(getattr(a.network, name), getattr(b.network, name)), name
    assert (a.epoch, a.train_loss, a.test_loss, a.diverged) == (b.epoch, b.train_loss, b.test_loss, b.diverged)
    assert np.array_equal(a.history.array(), b.history.array())


@pytest.mark.parametrize("workers", [1, 2])
def test_every_member_equals_its_single_trainer_exactly(workers):
    expected = single_runs(MIXED)
    with Population(MIXED, workers=workers) as pop:
        got = [pop.step(n) for n in SLICES]
        for i, (losses, trainer) in enumerate(expected):
            for k in range(len(SLICES)):
                assert np.array_equal(got[k][i], losses[k]), (i, k)
            assert_same_state(pop.trainer(i), trainer)


def test_l1_case_kills_links_and_still_matches():
    with Population([SPIRAL_L1, SPIRAL_L1.replace(seed="p-9")], workers=2) as pop:
        pop.step(20)
        assert pop.trainer(0).network.dead.any() and pop.trainer(1).network.dead.any()
        single = Trainer(SPIRAL_L1)
        single.step(20)
        assert np.array_equal(single.network.dead, pop.trainer(0).network.dead)


def test_members_with_the_same_data_settings_share_one_data_set():
    with Population(MIXED[:3], workers=1) as pop:
        a, b, c = (pop.trainer(i) for i in range(3))
        assert a.data is b.data and a.data is not c.data
        assert a._Xtr is b._Xtr  # the feature matrix too


def test_losses_epochs_histories_and_snapshot_read_the_members():
    with Population(MIXED[:2], workers=2) as pop:
        pop.step(4)
        assert pop.losses.shape == (2, 2) and pop.epochs.tolist() == [4, 4]
        assert pop.losses[1].tolist() == [pop.trainer(1).train_loss, pop.trainer(1).test_loss]
        assert [h.shape for h in pop.histories] == [(5, 3), (5, 3)]
        snap = pop.snapshot(0)
        assert snap.epoch == 4 and snap.config == MIXED[0] and not snap.network.W.flags.writeable


def test_a_member_opened_alone_continues_as_the_single_run():
    with Population(MIXED[:2]) as pop:
        pop.step(5)
        member = pop.trainer(1)
    later = member.step(6)
    assert np.array_equal(later, Trainer(MIXED[1]).step(11)[5:])
    member.regenerate("other")  # a later restart is the plain Trainer's
    assert_same_state(member, Trainer(MIXED[1].replace(seed="other")))


def test_a_diverging_member_stops_and_the_others_go_on():
    bad = Config(seed="1", activation="relu", lr=10.0, batch=1, layers=(8, 8)).with_data("reg-gauss")
    with Population([bad, MIXED[4]], workers=2) as pop:
        first = pop.step(5)
        second = pop.step(5)
        assert len(first[0]) == 1 and len(second[0]) == 0 and len(second[1]) == 5
        assert pop.diverged.tolist() == [True, False] and pop.epochs.tolist() == [1, 10]


def test_a_member_whose_stop_rule_held_stays_stopped_over_later_steps():
    rule = Config(seed="0.5-1", layers=(4, 2), lr=0.3, until_loss=0.15)
    alone = Trainer(rule)
    alone.step(100)  # one call: it stops right after the epoch that reaches the loss
    assert alone.stop_reason == "until-loss" and alone.epoch < 20
    with Population([rule, MIXED[4]]) as pop:
        for _ in range(10):
            pop.step(3)
        assert pop.epochs.tolist() == [alone.epoch, 30]
        assert pop.trainer(0).stop_reason == "until-loss"
        assert_same_state(pop.trainer(0), alone)


def test_empty_population_is_an_error():
    with pytest.raises(ValueError):
        Population([])


def test_members_on_a_points_file_equal_single_trainers(tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("".join(f"{i % 13},{(i * 7) % 11},{'a' if i % 3 else 'b'}\n" for i in range(60)))
    configs = [Config(seed=s, data_file=str(points), layers=(3,)) for s in ("a", "b")]
    with Population(configs) as pop:
        got = pop.step(4)
    for config, losses in zip(configs, got):
        np.testing.assert_array_equal(losses, Trainer(config).step(4))
