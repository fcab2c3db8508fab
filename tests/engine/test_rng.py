"""The seeded stream must be npm seedrandom 2.4.4's, draw for draw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_playground.config import new_seed, to_fixed
from tui_playground.engine.rng import SeededRandom

REF = Path(__file__).parents[1] / "data" / "ref"
TRACE = json.loads((REF / "playground_trace_circle_seed1.json").read_text())
VECTORS = json.loads((REF / "playground_seedrandom.json").read_text())


def test_readme_example_hello():
    rng = SeededRandom("hello.")
    assert rng.random() == 0.9282578795792454
    assert rng.random() == 0.3752569768646784


def test_first_draws_of_seed_1_match_the_playground_trace():
    rng = SeededRandom(TRACE["seed"])
    assert [rng.random() for _ in TRACE["first_random_draws"]] == TRACE["first_random_draws"]


@pytest.mark.parametrize("stream", VECTORS["streams"], ids=lambda s: repr(s["seed"])[:12])
def test_stream_matches_seedrandom_up_to_20000_draws(stream):
    """Covers the empty key, non-BMP chars (UTF-16 code units) and keys longer than 256."""
    rng = SeededRandom(stream["seed"])
    draws = [rng.random() for _ in range(stream["checkpoints"][-1][0] + 1)]
    assert [[i, draws[i]] for i, _ in stream["checkpoints"]] == stream["checkpoints"]


@pytest.mark.parametrize("case", VECTORS["shuffles"], ids=lambda c: c["seed"])
def test_shuffle_matches_the_playground_fisher_yates(case):
    items = list(range(20))
    SeededRandom(case["seed"]).shuffle(items)
    assert items == case["result"]


def test_shuffle_is_a_permutation_and_consumes_one_draw_per_item():
    items = list(range(100))
    rng, twin = SeededRandom("p"), SeededRandom("p")
    rng.shuffle(items)
    for _ in range(100):
        twin.random()
    assert sorted(items) == list(range(100)) and items != list(range(100))
    assert rng.random() == twin.random()


def test_random_stays_in_unit_interval_and_uses_53_bits():
    rng = SeededRandom("range")
    draws = [rng.random() for _ in range(5000)]
    assert all(0.0 <= d < 1.0 for d in draws)
    assert any((d * 2**53) % 2**5 != 0 for d in draws)  # low bits are filled too


def test_uniform_is_random_times_width_plus_low():
    rng, twin = SeededRandom("u"), SeededRandom("u")
    for _ in range(100):
        assert rng.uniform(-5, 5) == twin.random() * (5 - -5) + -5


def test_normal_has_requested_mean_and_variance():
    rng = SeededRandom("normal")
    draws = [rng.normal(3.0, 4.0) for _ in range(20000)]
    mean = sum(draws) / len(draws)
    var = sum((d - mean) ** 2 for d in draws) / len(draws)
    assert mean == pytest.approx(3.0, abs=0.05)
    assert var == pytest.approx(4.0, rel=0.05)


def test_new_seed_from_a_stream_is_its_next_draw_to_fixed_5():
    assert new_seed(SeededRandom("1")) == to_fixed(TRACE["first_random_draws"][0], 5) == "0.26945"


def test_same_seed_same_stream_and_different_seeds_differ():
    def first(seed):
        rng = SeededRandom(seed)
        return [rng.random() for _ in range(10)]

    assert first("0.59624") == first("0.59624")
    assert first("0.59624") != first("0.59625")
