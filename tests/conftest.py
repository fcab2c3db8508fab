"""Test lanes. `pytest -m "not slow" -n auto` is the day-to-day loop; CI runs everything (`-n auto`).

A module listed in SLOW_MODULES is slow as a whole (every test in it gets the
`slow` marker here, so the list is the one place to read what the quick lane
leaves out); a single slow test elsewhere carries `@pytest.mark.slow` itself.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

# module -> why it is slow
SLOW_MODULES = {
    "tests/engine/test_compiled.py": "compiles kernel groups in fresh processes and caches",
    "tests/ui/test_cold_start.py": "starts the app on an empty compiler cache",
    "tests/ui/test_demo_recording.py": "records the tour with the real asciinema",
    "tests/ui/test_terminal_restore.py": "signals a real app in a pty",
    "tests/ui/test_monkey.py": "hundreds of random keys through Pilot",
    "tests/cli/test_sweep_dask.py": "a local Dask cluster",
    "tests/engine/test_fdmath.py": "compiles its own njit loops over every V8 vector",
    "tests/cli/test_fuzz.py": "hypothesis runs train and sweep on hundreds of generated flags and files",
}


def pytest_configure(config: pytest.Config) -> None:
    # A shell starts a background job (`bash .ci/run &`, a CI runner's step) with
    # SIGINT ignored, and an ignored signal stays ignored across exec: every
    # `spiral-tui` the tests start would then shrug off the Ctrl-C the tests send.
    # A handled SIGINT is reset to the default at exec, so the children get
    # Python's KeyboardInterrupt as in a terminal.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # An xdist worker (-n) gets COLUMNS=80 and LINES=24 in its environment, and a
    # Textual app takes its size from them before the terminal's: every app the
    # tests start in a 120x40 pty would draw at 80x24.
    if os.environ.get("PYTEST_XDIST_WORKER"):
        os.environ.pop("COLUMNS", None)
        os.environ.pop("LINES", None)


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the xdist_group markers
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.relative_to(ROOT).as_posix() in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow"):
            # With `-n auto` (pytest-xdist, --dist loadgroup in pyproject) the slow tests
            # run one after another on one worker, as they do without -n (pty
            # sessions, cold compiles and clusters never compete with each other);
            # the quick tests share the other workers.
            item.add_marker(pytest.mark.xdist_group("slow"))
