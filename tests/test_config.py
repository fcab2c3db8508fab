"""Config: validation with readable messages, playground links both ways, JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_playground.config import (
    ACTIVATIONS,
    CLASSIFICATION_DATASETS,
    FEATURE_NAMES,
    LEARNING_RATES,
    REG_RATES,
    REGRESSION_DATASETS,
    Config,
    ConfigError,
    from_url,
    js_number,
    new_seed,
    parse_features,
    parse_layers,
    to_fixed,
)

TOFIXED_VECTORS = json.loads((Path(__file__).parent / "data" / "ref" / "playground_seedrandom.json").read_text())["toFixed"]

REAL_LINK = (
    "https://playground.tensorflow.org/#activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane"
    "&learningRate=0.03&regularizationRate=0&noise=0&networkShape=4,2&seed=0.59624&showTestData=false"
    "&discretize=false&percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false"
    "&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification"
    "&initZero=false&hideText=false"
)


def test_defaults_are_the_playgrounds():
    c = Config(seed="s")
    assert (c.dataset, c.layers, c.activation, c.lr, c.batch, c.features) == (
        "circle", (4, 2), "tanh", 0.03, 10, ("x1", "x2"))
    assert c.reg == "none" and c.reg_rate == 0 and c.train_pct == 50 and c.noise == 0


def test_a_fresh_seed_looks_like_the_playgrounds():
    seed = Config().seed
    assert len(seed) == 7 and seed.startswith("0.") and seed[2:].isdigit()


@pytest.mark.parametrize("changes, words", [
    (dict(activation="softmax"), "activation must be one of relu, tanh, sigmoid, linear"),
    (dict(layers=(9,)), "1 to 8 neurons"),
    (dict(layers=(1,) * 7), "at most 6 hidden layers"),
    (dict(batch=0), "batch size must be a whole number from 1 to 30"),
    (dict(batch=31), "from 1 to 30"),
    (dict(noise=55), "noise"),
    (dict(train_pct=5), "train percentage"),
    (dict(lr=0.0), "learning rate must be a number > 0"),
    (dict(lr=float("nan")), "learning rate"),
    (dict(reg_rate=-1.0), "regularization rate must be a number >= 0"),
    (dict(reg="L3"), "regularization must be one of none, L1, L2"),
    (dict(features=()), "at least one input feature"),
    (dict(features=("x2", "x1")), "in the order"),
])
def test_bad_values_are_refused_with_a_readable_message(changes, words):
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        Config(seed="s").replace(**changes)


def test_with_data_switches_problem():
    c = Config(seed="s").with_data("reg-gauss")
    assert c.problem == "regression" and c.data_name == "reg-gauss" and c.dataset == "circle"
    assert c.with_data("spiral").data_name == "spiral"
    with pytest.raises(ConfigError, match="dataset must be one of"):
        c.with_data("moons")


def test_the_real_playground_link_round_trips_exactly():
    config = from_url(REAL_LINK)
    assert config == Config(seed="0.59624")
    assert config.to_url() == REAL_LINK


def test_a_bare_hash_and_partial_links_keep_defaults():
    c = from_url("#dataset=spiral&networkShape=&seed=abc&sinX=true", base=Config(seed="s"))
    assert (c.dataset, c.layers, c.seed) == ("spiral", (), "abc")
    assert c.features == ("x1", "x2", "sinx1")  # x, y keep their default "on"


def test_playground_only_keys_are_accepted_and_ignored():
    c = from_url(REAL_LINK + "&tutorial=dataset&batchSize_hide=true")
    assert c.batch == 10


@pytest.mark.parametrize("link, words", [
    ("https://example.com/#activation=tanh", "not a playground link"),
    ("hello", "not a playground link"),
    ("#activation=tanh&bogus=1", "unknown key 'bogus'"),
    ("#learningRate=fast", "learningRate must be a number"),
    ("#networkShape=4,x", "layers must be a comma list"),
    ("#showTestData=yes", "showTestData must be true or false"),
    ("#dataset=moons", "dataset must be one of"),
    ("#x=false&y=false", "at least one input feature"),
    ("#activation", "expected key=value"),
])
def test_bad_links_name_the_problem(link, words):
    with pytest.raises(ConfigError, match=words):
        from_url(link)


configs = st.builds(
    Config,
    problem=st.sampled_from(["classification", "regression"]),
    dataset=st.sampled_from(CLASSIFICATION_DATASETS),
    reg_dataset=st.sampled_from(REGRESSION_DATASETS),
    noise=st.integers(0, 50),
    train_pct=st.integers(10, 90),
    features=st.sets(st.sampled_from(FEATURE_NAMES), min_size=1).map(
        lambda s: tuple(n for n in FEATURE_NAMES if n in s)),
    layers=st.lists(st.integers(1, 8), max_size=6).map(tuple),
    activation=st.sampled_from(ACTIVATIONS),
    lr=st.sampled_from(LEARNING_RATES) | st.floats(1e-6, 100, allow_nan=False),
    reg=st.sampled_from(["none", "L1", "L2"]),
    reg_rate=st.sampled_from(REG_RATES) | st.floats(0, 10, allow_nan=False),
    batch=st.integers(1, 30),
    # "&", "=", "#" and unicode too: seeds are quoted; printable only (control characters are refused)
    seed=st.text(st.characters(blacklist_categories=("C", "Z")) | st.just(" "), max_size=12),
    init_zero=st.booleans(),
    show_test=st.booleans(),
    discretize=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(configs)
def test_any_config_survives_url_and_dict_round_trips(config):
    assert from_url(config.to_url(), base=Config(seed="other")) == config
    assert Config.from_dict(config.to_dict()) == config


@pytest.mark.parametrize("value, text", [(0.03, "0.03"), (1e-05, "0.00001"), (3.0, "3"), (0.0, "0"),
                                         (0.0001, "0.0001"), (10.0, "10")])
def test_numbers_are_written_as_javascript_does(value, text):
    assert js_number(value) == text


def test_feature_and_layer_lists():
    assert parse_features("all") == FEATURE_NAMES
    assert parse_features("sinY, x,xSquared") == ("x1", "x1sq", "sinx2")
    assert parse_layers("") == () and parse_layers("8, 2") == (8, 2)
    with pytest.raises(ConfigError, match="feature must be one of"):
        parse_features("x1,cosX")


def test_from_dict_refuses_unknown_keys():
    with pytest.raises(ConfigError, match="unknown config keys: colour"):
        Config.from_dict({"colour": "red"})


@pytest.mark.parametrize("seed", ["a\x1b[2Jb", "\udcff", "tab\there", "new\nline", "\u202eevil", "x" * 201])
def test_seeds_that_a_terminal_or_a_link_cannot_carry_are_refused(seed):
    # lone surrogates come from argv bytes that are not UTF-8; they crashed the link writer
    with pytest.raises(ConfigError, match="seed must be at most 200 printable characters") as exc:
        Config(seed=seed)
    assert "\x1b" not in str(exc.value) and len(str(exc.value)) < 140


@pytest.mark.parametrize("link", [
    "https://evil.example/playground#seed=1",
    "https://playground.tensorflow.org.evil.example/#seed=1",
    "https://playground.tensorflow.org@evil.example/#seed=1",
    "https://evil.example/?next=playground.tensorflow.org#seed=1",
    "ftp://playground.tensorflow.org/#seed=1",
    "https://playground.tensorflow.org:99999/#seed=1",
])
def test_links_from_other_sites_are_refused(link):
    with pytest.raises(ConfigError, match="not a playground link"):
        from_url(link)


@pytest.mark.parametrize("link", [
    "https://playground.tensorflow.org/#seed=1",
    "http://playground.tensorflow.org/#seed=1",
    "playground.tensorflow.org/#seed=1",
    "https://Playground.TensorFlow.org/#seed=1",
    "#seed=1",
    "seed=1",
])
def test_the_playgrounds_own_link_forms_are_read(link):
    assert from_url(link).seed == "1"


def test_a_long_bad_link_is_cut_in_the_message():
    with pytest.raises(ConfigError) as exc:
        from_url("https://evil.example/" + "x" * 5000 + "#seed=1")
    assert len(str(exc.value)) < 200


@pytest.mark.parametrize("value, text", [(0.05, "0.05000"), (0.596244, "0.59624"), (0.0, "0.00000"), (1.005, "1.00500")])
def test_to_fixed_5_pads_with_zeros(value, text):
    assert to_fixed(value, 5) == text


def test_to_fixed_matches_javascript_on_vectors():
    """JS rounds the exact binary value, ties away from zero: (1.005).toFixed(2) is "1.00"."""
    got = [[x, to_fixed(x, 5), to_fixed(x, 2)] for x, _, _ in TOFIXED_VECTORS]
    assert got == TOFIXED_VECTORS


def test_new_seed_without_a_stream_looks_like_a_playground_seed():
    seeds = {new_seed() for _ in range(20)}
    assert all(re.fullmatch(r"[01]\.\d{5}", s) for s in seeds)  # 0.999995.. gives "1.00000", as in JS
    assert len(seeds) > 1


@pytest.mark.parametrize("field", ["lr", "reg_rate"])
def test_a_number_beyond_any_float_is_a_config_error(field):
    with pytest.raises(ConfigError, match="must be a number"):
        Config(**{field: 10**400})
