"""Named experiments, sweep specs (cross product, limits) and result statistics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_playground.config import FEATURE_NAMES, Config, ConfigError
from tui_playground.engine.training import Trainer
from tui_playground.sweeps.member import MemberResult
from tui_playground.sweeps.presets import EXPERIMENTS, preset_spec, video
from tui_playground.sweeps.results import quantile, variant_stats
from tui_playground.sweeps.spec import MAX_MEMBERS, build_spec, cross_product, member_seeds
from tui_playground.sweeps.training import run_sweep


def test_video_is_the_founding_experiment_in_order():
    steps = video("7")
    shapes = [(s.config.dataset, s.config.layers) for s in steps]
    assert shapes == [("circle", (n,)) for n in (1, 2, 3, 4, 8)] + [("spiral", (n,)) for n in (1, 2, 4, 6, 8)] + [
        ("spiral", (8, n)) for n in (2, 4, 6, 8)]
    for s in steps:
        c = s.config
        assert (c.batch, c.activation, c.reg, c.reg_rate, c.seed) == (1, "relu", "L1", 0.001, "7")
        circle = c.dataset == "circle"
        assert c.lr == (0.03 if circle else 0.01)
        assert c.features == (("x1", "x2") if circle else FEATURE_NAMES)
        assert s.caption and "\n" not in s.caption
    assert EXPERIMENTS["video"] is video


def test_preset_video_expands_to_its_variants_in_order_with_captions():
    bases, captions = preset_spec("video")
    spec = build_spec(bases, {}, member_seeds("1", 2), 10, captions=captions)
    assert list(spec.variants) == [s.config for s in video("1")]
    assert spec.captions == tuple(s.caption for s in video("1"))
    assert spec.varied == ("dataset", "features", "layers", "lr")
    assert spec.label(10) == "dataset spiral  features all  layers 8,2  lr 0.01"


def test_preset_with_an_override_changes_every_variant_and_drops_captions():
    bases, captions = preset_spec("video")
    spec = build_spec(bases, {"activation": ["tanh"]}, ("a",), 10, captions=captions)
    assert len(spec.variants) == 14 and {c.activation for c in spec.variants} == {"tanh"}
    assert spec.captions == ()
    collapsed = build_spec(bases, {"layers": [(8,)]}, ("a",), 10)
    assert [(c.dataset, c.layers) for c in collapsed.variants] == [("circle", (8,)), ("spiral", (8,))]


def test_unknown_preset_is_a_config_error():
    with pytest.raises(ConfigError, match="preset must be one of video"):
        preset_spec("nope")


def test_cross_product_order_last_field_fastest_and_datasets_switch_problem():
    base = Config(seed="s")
    variants = cross_product([base], {"lr": [0.1, 0.3], "dataset": ["xor", "reg-plane"]})
    assert [(c.data_name, c.problem, c.lr) for c in variants] == [
        ("xor", "classification", 0.1), ("xor", "classification", 0.3),
        ("reg-plane", "regression", 0.1), ("reg-plane", "regression", 0.3)]
    assert cross_product([base], {"lr": [0.1, 0.1]}) == [base.replace(lr=0.1)]


def test_members_are_variant_major_with_their_seeds():
    spec = build_spec([Config(seed="x")], {"layers": [(1,), (2,)]}, member_seeds("b", 3), 5)
    assert spec.seeds == ("b-1", "b-2", "b-3") and spec.size == 6
    assert spec.members()[:4] == [(0, "b-1"), (0, "b-2"), (0, "b-3"), (1, "b-1")]
    assert spec.member_configs()[3] == Config(seed="b-1", layers=(2,))


@pytest.mark.parametrize("kwargs, message", [
    (dict(axes={"batch": [40]}), "batch size"),
    (dict(axes={"lr": [-1.0]}), "learning rate"),
    (dict(epochs=0), "epochs"),
    (dict(seeds=()), "seed"),
    (dict(seeds=("a", "a")), "distinct"),
    (dict(success=0.0), "success"),
    (dict(axes={"lr": [0.001 * k for k in range(1, 202)]}), f"at most {MAX_MEMBERS}"),
    (dict(axes={"seed": ["a"]}), "cannot sweep seed"),
])
def test_bad_specs_raise_one_line_config_errors(kwargs, message):
    args = dict(axes={}, seeds=member_seeds("1", 10), epochs=10, success=0.1) | kwargs
    with pytest.raises(ConfigError, match=message) as info:
        build_spec([Config(seed="1")], args["axes"], args["seeds"], args["epochs"], args["success"])
    assert "\n" not in str(info.value)


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30), st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]))
def test_quantile_is_numpys_linear_quantile(values, q):
    assert quantile(values, q) == pytest.approx(float(np.quantile(values, q)), rel=1e-12, abs=1e-9)


def test_quantile_keeps_infinity_exact():
    assert quantile([1.0, math.inf, math.inf], 0.75) == math.inf
    assert quantile([1.0, 3.0, math.inf], 0.5) == 3.0


def member(loss, seed, first=None, diverged=False):
    return MemberResult(0, seed, 10, loss, loss, diverged, first)


def test_variant_stats_by_hand():
    members = [member(0.05, "a", 3), member(0.4, "b"), member(0.01, "c", 7), member(math.nan, "d", 2, True),
               member(0.2, "e", 9)]
    s = variant_stats(0, members, success=0.1)
    finite = [0.05, 0.4, 0.01, math.inf, 0.2]
    assert (s.median, s.q1, s.q3) == (0.2, 0.05, 0.4)
    assert (s.best, s.best_seed, s.worst, s.worst_seed) == (0.01, "c", math.inf, "d")
    assert (s.learned, s.reached, s.median_epochs, s.diverged, s.seeds) == (2, 4, 5.0, 1, 5)
    assert s.learned_share == 0.4 and sorted(finite)[2] == s.median


def test_run_sweep_members_are_the_single_runs_and_first_success_is_right():
    spec = build_spec([Config(seed="1", batch=5)], {"layers": [(1,), (4,)]}, member_seeds("r", 2), 12,
                      success=0.3)
    result = run_sweep(spec, workers=2)
    assert result.network_epochs == 4 * 12 and result.seconds > 0
    for m, config in zip(result.members, spec.member_configs()):
        losses = Trainer(config).step(12)
        assert (m.train_loss, m.test_loss, m.epochs) == (losses[-1, 0], losses[-1, 1], 12)
        below = [e + 1 for e, test in enumerate(losses[:, 1]) if test < 0.3]
        assert m.first_success == (below[0] if below else None)
    assert any(m.first_success for m in result.members) and any(m.first_success is None for m in result.members)
    assert [s.variant for s in result.stats] == [0, 1]


def test_a_sweep_member_ends_where_its_stop_rule_holds():
    # 200 epochs go in slices of 10: a member stopped in one slice must not train in the next
    spec = build_spec([Config(seed="1", layers=(4, 2), lr=0.3, until_loss=0.15)], {}, member_seeds("0.5", 3), 200)
    for m, config in zip(run_sweep(spec, workers=1).members, spec.member_configs()):
        alone = Trainer(config)
        losses = alone.step(200)
        assert alone.stop_reason == "until-loss" and len(losses) < 20
        assert (m.epochs, m.test_loss, m.best_test_epoch) == (alone.epoch, alone.test_loss, alone.epoch)
