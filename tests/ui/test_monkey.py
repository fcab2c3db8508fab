"""The monkey in CI: two hundred seeded random keys per seed on a training app
(tests/ui/monkey.py); tools/monkey.py runs the long version."""

from __future__ import annotations

import pytest
from monkey import monkey


@pytest.mark.parametrize("seed", [1, 2])
async def test_random_keys_leave_the_app_alive_and_consistent(seed, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # ctrl+s, E and the palette's screenshot write here
    tally = await monkey(200, seed)
    assert tally.keys >= 200 and tally.checks >= 200 // 10
    assert len(tally.screens) >= 3  # it got around: the main screen and some dialogs at least
