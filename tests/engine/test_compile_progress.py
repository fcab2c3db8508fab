"""What the user is told while the kernels compile (engine.compile_progress):
a countdown that stays true on a busy machine, and the speed after the switch
as this machine will deliver it. Fake wall and CPU clocks: no sleeps."""

from __future__ import annotations

import pytest

from tui_playground.config import Config
from tui_playground.engine import compiled, loss_thread
from tui_playground.engine.compile_progress import FLOOR, MIN_SPAN, CompileClock, CompileStatus, StepPace, promised_rate
from tui_playground.engine.training import Trainer

ESTIMATE = 36.0


class Compiler:
    """A fake compiler: wall and CPU seconds advanced by hand."""

    def __init__(self, groups=("classic",)):
        self.wall, self.cpu = 1000.0, 50.0
        self.clock = CompileClock(lambda g, first: ESTIMATE if first else 13.0, clock=lambda: self.wall)
        self.clock.start(list(groups), lambda: self.cpu)

    def run(self, seconds: float, share: float, group: str = "classic"):
        """Advance second by second at `share` of a core; the progress after each."""
        seen = []
        for _ in range(int(seconds)):
            self.wall += 1.0
            self.cpu += share
            seen.append(self.clock.progress(group))
        return seen


def test_no_countdown_before_the_compilers_pace_is_seen():
    compiler = Compiler()
    first = compiler.run(MIN_SPAN - 1, 0.5)
    assert all(p.fraction is not None and p.seconds_left is None for p in first)
    assert compiler.run(1, 0.5)[0].seconds_left == pytest.approx((ESTIMATE - 0.5 * MIN_SPAN) / 0.5)


def test_past_its_estimate_the_compile_says_so_instead_of_sitting_near_the_end():
    """The compiler keeps going well past the estimate (a loaded machine):
    while within it, the fraction rises and the countdown never says less
    than FLOOR; past it, no fraction or countdown, only the time spent."""
    compiler = Compiler()
    seen = compiler.run(300, 0.25)
    within = [p for p in seen if p.fraction is not None]
    past = seen[len(within):]
    assert len(within) == 143 and len(past) == 157  # (spent reaches 36 s at 144 s of wall)
    fractions = [p.fraction for p in within]
    assert fractions == sorted(fractions) and len(set(fractions)) == len(fractions)  # it moves every second
    assert sum(f >= 0.99 for f in fractions) <= 1
    assert all(p.seconds_left is None or p.seconds_left >= FLOOR for p in within)
    assert [p.seconds_left for p in within[-3:]] == [FLOOR] * 3  # the last ~1 s of CPU: ~3 s, not ~1 s
    assert all(p.fraction is None and p.seconds_left is None for p in past)
    assert [p.elapsed for p in past] == [float(s) for s in range(144, 301)]  # it keeps moving
    status = CompileStatus.of("classic", "warming", past[-1])
    assert status.short() == "numpy, still compiling 300 s"
    assert CompileStatus.of("classic", "warming", seen[150]).text() == "uncompiled; compiling 151 s so far, longer than expected"


def test_the_countdown_follows_a_change_of_load_smoothly():
    """Half a core, then a quarter (more load): the countdown rises to the new
    truth over the averaging window instead of doubling from one second to the next."""
    compiler = Compiler()
    before = compiler.run(20, 0.5)
    after = compiler.run(30, 0.25)
    counts = [p.seconds_left for p in before[int(MIN_SPAN):] + after]
    assert max(abs(b - a) / a for a, b in zip(counts, counts[1:])) < 0.05  # unsmoothed: 52 s, then 103 s
    assert after[-1].seconds_left == pytest.approx((ESTIMATE - 10 - 7.5) / 0.25)  # the new pace, once seen whole
    assert before[-1].seconds_left == pytest.approx((ESTIMATE - 10) / 0.5)


def test_a_group_waiting_its_turn_counts_the_ones_before_it_and_a_compiled_one_loads():
    compiler = Compiler(("classic", "softmax"))
    waiting = compiler.run(10, 1.0, group="softmax")[-1]
    assert waiting.fraction == 0.0 and waiting.seconds_left == pytest.approx(ESTIMATE - 10 + 13.0)
    compiler.clock.done("classic")
    loading = compiler.clock.progress("classic")
    assert loading.loading and CompileStatus.of("classic", "warming", loading).short() == "numpy, compiled, loading"
    assert compiler.clock.progress("softmax").fraction == 0.0  # its turn has begun: nothing spent yet
    compiler.clock.loaded("classic")
    assert compiler.clock.progress("classic") == (None, None, None, False)


def test_the_promised_rate_is_the_quiet_speed_at_the_share_the_uncompiled_steps_get():
    quiet = 1e-4  # CPU seconds an epoch: 10000 epochs/s on a quiet core
    busy = StepPace()
    assert promised_rate(quiet, busy) is None  # nothing measured yet: no promise
    busy.add(2, wall=0.6, cpu=0.12)
    assert promised_rate(quiet, busy) is None  # not a second yet
    busy.add(2, wall=0.6, cpu=0.12)
    assert promised_rate(quiet, busy) == pytest.approx(2_000)  # a fifth of a core
    assert promised_rate(quiet, busy, most=300.0) == 300.0  # a speed level of N a frame


def test_the_promised_rate_scales_with_the_observed_uncompiled_rate():
    """The same steps, with the caller's work between them (the app's frames):
    the uncompiled rate it observes halves, and so does the promise."""
    quiet, alone, framed = 1e-4, StepPace(), StepPace()
    for _ in range(20):
        alone.add(5, wall=0.1, cpu=0.05)
        framed.add(5, wall=0.1, cpu=0.05, gap=0.1)
    assert promised_rate(quiet, alone) == pytest.approx(5_000)
    assert promised_rate(quiet, framed) == pytest.approx(2_500)
    assert framed.busy() == pytest.approx(0.5) and framed.share() == pytest.approx(0.5)


def test_older_steps_count_less():
    pace = StepPace()
    pace.add(10, wall=1.0, cpu=1.0)
    for _ in range(60):
        pace.add(2, wall=1.0, cpu=0.25)
    assert pace.share() == pytest.approx(0.25, rel=0.02)


def test_a_trainer_times_its_uncompiled_steps_and_promises_from_them(monkeypatch):
    """Trainer.kernel_status: the compiled speed at what the uncompiled steps
    get (each step timed, and the time between two steps: the caller's); on
    two cores, the speed with the loss passes on a worker (engine.loss_thread)."""
    monkeypatch.setattr(loss_thread, "available", lambda: True)
    trainer = Trainer(Config(seed="compile-progress"), kernels=compiled.KernelCache(is_warm=lambda g: False))
    assert trainer.kernel_status().rate_after is None
    trainer.step(3, path="numpy")
    trainer.step(2, path="numpy")
    pace = trainer._pace
    assert pace is not None and pace.epochs == pytest.approx(5, rel=0.01) and pace.gaps > 0 and pace.cpu > 0
    d = trainer.data
    quiet = compiled.compiled_seconds(trainer.config, len(d.train_y), len(d.test_y), 1)
    beside = compiled.compiled_seconds(trainer.config, len(d.train_y), len(d.test_y), 1, loss_thread=True)
    assert beside < quiet
    trainer._pace = StepPace()
    trainer._pace.add(100, wall=1.0, cpu=0.5, gap=1.0)
    assert trainer.kernel_status().rate_after == pytest.approx(0.25 / beside)
    assert trainer.kernel_status(most=10.0).rate_after == 10.0
    monkeypatch.setattr(trainer.kernels, "compiling_after", lambda group: True)  # the app's: more groups to come
    assert trainer.kernel_status().rate_after == pytest.approx(0.25 / quiet)
    monkeypatch.setattr(trainer.kernels, "compiling_after", lambda group: False)
    trainer.loss_thread = False  # a population's member: the loss passes on its own core
    assert trainer.kernel_status().rate_after == pytest.approx(0.25 / quiet)


def test_without_a_cpu_clock_the_wall_time_counts_from_min_span_on():
    """A child whose pid is not watched yet (or no /proc): no countdown at
    first, then wall seconds against the estimate."""
    compiler = Compiler()
    compiler.clock.start(["classic"])
    early = compiler.run(MIN_SPAN - 1, 0.5)
    assert all(p.seconds_left is None for p in early)
    assert compiler.run(1, 0.5)[0].seconds_left == pytest.approx(ESTIMATE - MIN_SPAN)
