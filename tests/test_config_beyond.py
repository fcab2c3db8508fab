"""Config settings beyond the playground: validation, links, dicts."""

import pytest

from tui_playground.config import Config, ConfigError, from_url, hash_pairs

PLAYGROUND_LINK = ("activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&"
                   "regularizationRate=0&noise=0&networkShape=4,2&seed=0.59624&showTestData=false&discretize=false&"
                   "percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&"
                   "sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&"
                   "hideText=false")

BEYOND = dict(activation="elu,sine", layers=(3, 2), loss="cross-entropy", optimizer="adam", beta1=0.8, eps=1e-6,
              lr_schedule="cosine:300", until_loss=0.05, patience=20, min_delta=0.001, max_epochs=500)


def test_a_playground_only_link_is_exactly_the_browsers():
    config = from_url("#" + PLAYGROUND_LINK)
    assert config.to_url().split("#")[1] == PLAYGROUND_LINK
    assert config.beyond_playground == () and config.stop_rules == {}


def test_beyond_settings_travel_under_extra_keys_after_the_playgrounds():
    config = Config(seed="1", **BEYOND)
    pairs = hash_pairs(config.to_url())
    keys = list(pairs)
    assert keys[: keys.index("hideText") + 1] == list(hash_pairs("#" + PLAYGROUND_LINK))
    assert pairs["activation"] == "tanh" and pairs["activations"] == "elu,sine"  # the browser gets its default
    assert {k: pairs[k] for k in keys[keys.index("hideText") + 1:]} == {
        "activations": "elu,sine", "loss": "cross-entropy", "optimizer": "adam", "beta1": "0.8",
        "eps": "0.000001", "lrSchedule": "cosine:300", "untilLoss": "0.05", "patience": "20",
        "minDelta": "0.001", "maxEpochs": "500"}
    assert from_url(config.to_url()) == config
    assert config.beyond_playground == ("activation", "loss", "optimizer", "lr_schedule")
    assert Config.from_dict(config.to_dict()) == config


def test_activations_key_wins_wherever_it_stands():
    assert from_url("#activations=gaussian&activation=relu").activation == "gaussian"


def test_per_layer_activation_lists():
    assert Config(seed="1", activation="relu, relu").activation == "relu"
    c = Config(seed="1", activation="relu,tanh")
    assert c.hidden_activations == ("relu", "tanh") and c.beyond_playground == ("activation",)
    assert Config(seed="1", activation="sine", layers=(3, 3, 3)).hidden_activations == ("sine",) * 3


@pytest.mark.parametrize("changes, words", [
    (dict(activation="swish,relu,elu"), "has 3 names for 2 hidden layers"),
    (dict(activation="mish"), "activation must be one of relu, tanh, sigmoid, linear, leaky-relu, elu, swish"),
    (dict(loss="hinge"), "loss must be one of square, cross-entropy"),
    (dict(loss="cross-entropy", problem="regression"), "cross-entropy is for classification"),
    (dict(optimizer="nadam"), "optimizer must be one of sgd, momentum, rmsprop, adam"),
    (dict(momentum=1.0), "momentum must be a number >= 0 and < 1"),
    (dict(beta2=-0.1), "adam beta2 must be a number >= 0 and < 1"),
    (dict(eps=0.0), "eps must be a number > 0"),
    (dict(lr_schedule="linear"), "must be one of constant, step:EVERY:FACTOR, exp:RATE, cosine:EPOCHS"),
    (dict(patience=0), "patience must be a whole number"),
    (dict(max_epochs=0), "max-epochs must be a whole number"),
    (dict(until_loss=-1.0), "until-loss must be a number >= 0"),
])
def test_bad_values_are_one_line_naming_what_is_allowed(changes, words):
    with pytest.raises(ConfigError) as info:
        Config(seed="1", **changes)
    assert words in str(info.value) and "\n" not in str(info.value)


def test_regression_data_bring_the_square_loss_back():
    c = Config(seed="1", loss="cross-entropy").with_data("reg-gauss")
    assert c.loss == "square" and c.problem == "regression"


def test_config_edits_keep_one_name_per_layer():
    c = Config(seed="1", layers=(4, 2), activation="relu,tanh")
    assert c.with_layer_added(1, 2).activation == "relu,relu,tanh"  # the new layer takes its left neighbour's
    assert c.with_layer_added(0, 2).activation == "relu,relu,tanh"  # first: the first layer's
    assert c.with_layer_added(2, 3).activation == "relu,tanh,tanh"
    assert c.with_layer_removed(0).activation == "tanh" and c.with_layer_removed(1).activation == "relu"
    assert c.with_layer_activation(0, "elu").activation == "elu,tanh"
    assert c.with_layer_activation(0, "tanh").activation == "tanh"  # all the same: one name again
    assert c.with_layers((8, 8, 8)).activation == "relu,tanh,tanh" and c.with_layers(()).activation == "relu"
    plain = Config(seed="1", layers=(4, 2), activation="sine")
    assert plain.with_layer_added(0, 2).activation == "sine" and plain.with_layers((1,)).activation == "sine"
    assert plain.replace(layers=()).with_layer_added(0, 2).layers == (2,)
