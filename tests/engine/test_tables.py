"""The engine's tables are keyed by the names config (and so the CLI, links and
the UI) uses; settings beyond the playground train on either path."""

import pytest

from tui_playground import config
from tui_playground.config import Config
from tui_playground.engine import numpy_kernels
from tui_playground.engine.activations import ACTIVATIONS, PLAYGROUND_ACTIVATIONS
from tui_playground.engine.losses import LOSSES
from tui_playground.engine.network import ARRAY_ACTIVATIONS
from tui_playground.engine.optimizers import HYPER_DEFAULTS, OPTIMIZERS
from tui_playground.engine.schedules import SCHEDULES
from tui_playground.engine.training import Trainer, playground_math


def test_engine_tables_have_the_configs_names():
    assert tuple(ACTIVATIONS) == config.ACTIVATIONS == tuple(n for n in ARRAY_ACTIVATIONS if n != "softmax")
    assert PLAYGROUND_ACTIVATIONS == config.PLAYGROUND_ACTIVATIONS
    assert tuple(numpy_kernels.ACT_CODES) == config.ACTIVATIONS
    assert tuple(LOSSES) == config.LOSSES
    assert tuple(OPTIMIZERS) == config.OPTIMIZERS
    assert {n: o.hyperparameters for n, o in OPTIMIZERS.items()} == config.OPTIMIZER_HYPERPARAMETERS
    assert HYPER_DEFAULTS == {k: config.DEFAULTS[k] for k in HYPER_DEFAULTS}
    assert tuple(SCHEDULES) == tuple(config.LR_SCHEDULES)


@pytest.mark.parametrize("changes", [dict(activation="elu"), dict(loss="cross-entropy"), dict(optimizer="adam"),
                                     dict(lr_schedule="exp:0.9"), dict(activation="relu,tanh")])
def test_beyond_the_playground_trains_uncompiled_until_the_kernels_are_loaded(changes):
    from tui_playground.engine import compiled, kernels

    cache = compiled.KernelCache(importer=lambda: kernels, is_warm=lambda groups: True)
    c = Config(seed="t", **changes)
    assert not playground_math(c)
    trainer = Trainer(c, kernels=cache)
    assert trainer.path == "numpy"
    assert len(trainer.step(2)) == 2 and cache.ready() is None  # no waiting for the compiler
    trainer.metrics()
    assert cache.ready() is None
    cache.load("general")  # their group (in the test process: from the suite's cache, else compiled)
    assert trainer.path == "compiled" and len(trainer.step(1)) == 1


def test_playground_settings_and_stop_rules_are_playground_math():
    assert playground_math(Config(seed="t", activation="relu", until_loss=0.1, patience=3, max_epochs=9))
