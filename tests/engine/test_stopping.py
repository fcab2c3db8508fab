"""Stop rules: each fires exactly when its definition says, with its reason."""

import math

from tui_playground.engine.stopping import MAX_EPOCHS, PATIENCE, UNTIL_LOSS, StopRules, StopWatch


def run(rules: StopRules, start: float, losses: list[float], first_epoch: int = 1):
    """(epoch, reason) of the first epoch at which a rule fires, or None."""
    watch = StopWatch(rules, start)
    for epoch, loss in enumerate(losses, start=first_epoch):
        reason = watch.check(epoch, loss)
        if reason:
            return epoch, reason
    return None


def test_no_rules_never_stop():
    assert not StopRules().active
    assert run(StopRules(), 1.0, [0.0, 5.0, math.nan]) is None


def test_until_loss_fires_at_or_below_the_threshold():
    assert run(StopRules(until_loss=0.1), 0.5, [0.3, 0.11, 0.1, 0.05]) == (3, UNTIL_LOSS)
    assert run(StopRules(until_loss=0.1), 0.5, [0.3, math.nan]) is None


def test_patience_counts_epochs_without_improvement_from_the_start_loss():
    rules = StopRules(patience=3)
    # 0.4 improves on 0.5; then three epochs not below 0.4
    assert run(rules, 0.5, [0.4, 0.45, 0.4, 0.41, 0.3]) == (4, PATIENCE)
    # worse than the start counts too
    assert run(rules, 0.5, [0.6, 0.7, 0.8]) == (3, PATIENCE)
    # an improvement resets the count
    assert run(rules, 0.5, [0.6, 0.7, 0.45, 0.5, 0.5, 0.5]) == (6, PATIENCE)


def test_min_delta_makes_small_improvements_count_as_none():
    rules = StopRules(patience=2, min_delta=0.01)
    assert run(rules, 0.5, [0.495, 0.4901, 0.48]) == (2, PATIENCE)
    assert run(rules, 0.5, [0.489, 0.478, 0.467]) is None


def test_max_epochs_counts_the_networks_epochs_also_when_continuing():
    assert run(StopRules(max_epochs=3), 1.0, [0.9] * 10) == (3, MAX_EPOCHS)
    assert run(StopRules(max_epochs=3), 1.0, [0.9] * 10, first_epoch=3) == (3, MAX_EPOCHS)
    watch = StopWatch(StopRules(max_epochs=3), 1.0)
    assert watch.reason_before_training(3) == MAX_EPOCHS and watch.reason_before_training(2) is None


def test_first_rule_in_order_is_the_reason():
    rules = StopRules(until_loss=0.2, patience=1, max_epochs=1)
    assert run(rules, 0.1, [0.15]) == (1, UNTIL_LOSS)


def test_watch_continues_from_saved_state():
    watch = StopWatch(StopRules(patience=2), 0.9, best=0.3, since=1)
    assert watch.check(11, 0.35) == PATIENCE
