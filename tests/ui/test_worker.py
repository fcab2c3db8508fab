"""TrainingWorker: commands never run on the UI thread: paused, on a thread
started for them, and between slices (never during one) while it trains; a
command that fails is one line and the app lives; frames replace each other;
stopping hands the subject back after the slice in progress."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from textual.app import App
from ui_helpers import notifications, until_stopped, wait_ready, wait_until

from tui_playground.ui.app import make_app
from tui_playground.ui.runtime.pacing import TerminalPacer
from tui_playground.ui.runtime.worker import CommandFailed, Frame, TrainingWorker


@dataclass
class Tick(Frame):
    count: int


class Counter:
    """A subject that logs what happens to it: slices and commands."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.in_slice = False


class CountingPlan:
    def slice(self, worker: TrainingWorker[Counter]) -> float | None:
        subject = worker.subject
        subject.in_slice = True
        subject.log.append("slice")
        subject.in_slice = False
        worker.post(Tick(len(subject.log), generation=worker.generation))
        return 0.001


class Host(App):
    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[Tick] = []

    def on_tick(self, message: Tick) -> None:
        self.ticks.append(message)


def command(name: str):
    def run(subject: Counter) -> str:
        assert not subject.in_slice  # a command never runs inside a slice
        subject.log.append(name)
        return name

    return run


async def test_paused_a_command_runs_on_a_thread_and_answers_on_the_ui_thread():
    app = Host()
    async with app.run_test() as pilot:
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), Counter())
        ui_thread = threading.current_thread()
        ran_on, answered_on = [], []

        def where(subject):
            ran_on.append(threading.current_thread())
            return command("edit")(subject)

        worker.submit(where, lambda answer: answered_on.append((threading.current_thread(), answer)))
        await wait_until(pilot, lambda: answered_on)
        assert ran_on and ran_on[0] is not ui_thread
        assert answered_on == [(ui_thread, "edit")] and worker.subject.log == ["edit"]
        await until_stopped(pilot, worker)
        assert not worker.busy and not worker.running  # it ran the command, not a slice


async def test_paused_a_slow_command_does_not_block_the_ui_thread():
    app = Host()
    async with app.run_test() as pilot:
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), Counter())
        release = threading.Event()
        worker.submit(lambda subject: release.wait(30))  # a step on the uncompiled path, an export...
        ticks = []
        app.set_interval(0.01, lambda: ticks.append(1))
        for _ in range(3000):  # not pilot.pause: in these tests it waits for the commands
            if len(ticks) >= 3:
                break
            await asyncio.sleep(0.01)
        assert len(ticks) >= 3 and worker.busy  # the event loop ran while the command waited
        release.set()
        await wait_until(pilot, lambda: not worker.busy)


async def test_a_failing_command_is_one_line_and_the_app_lives():
    failures: list[str] = []

    class Watching(Host):
        def on_command_failed(self, message: CommandFailed) -> None:
            failures.append(message.text)

    app = Watching()
    async with app.run_test() as pilot:
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), Counter())
        answers = []

        def broken(subject):
            raise ValueError("no such weight\n(a traceback line)")

        worker.submit(broken, answers.append)
        worker.submit(command("next"), answers.append)
        await wait_until(pilot, lambda: answers == ["next"])  # the next command still runs
        assert failures == ["a command failed: no such weight"]
        assert app.is_running and app.return_code is None
        worker.start()  # and it trains on
        await wait_until(pilot, lambda: "slice" in worker.subject.log)
        worker.stop()
        await until_stopped(pilot, worker)


async def test_a_failing_slice_stops_training_and_the_app_lives():
    failures: list[str] = []

    class Broken:
        def slice(self, worker):
            raise RuntimeError("kernel said no")

    class Watching(Host):
        def on_command_failed(self, message: CommandFailed) -> None:
            failures.append(message.text)

    app = Watching()
    async with app.run_test() as pilot:
        worker = TrainingWorker(app, TerminalPacer(), Broken(), Counter())
        worker.start()
        await until_stopped(pilot, worker)
        await wait_until(pilot, lambda: failures == ["training failed: kernel said no"])
        assert app.is_running and not worker.running


async def test_while_training_commands_run_between_slices_in_order():
    app = Host()
    async with app.run_test() as pilot:
        subject = Counter()
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), subject)
        worker.start()
        await wait_until(pilot, lambda: subject.log.count("slice") >= 3)
        answers = []
        for name in ("a", "b", "c"):
            worker.submit(command(name), answers.append)
        await wait_until(pilot, lambda: answers == ["a", "b", "c"])  # answered on the UI thread, in order
        log = subject.log
        assert log.index("a") < log.index("b") < log.index("c")
        await wait_until(pilot, lambda: subject.log[-1] == "slice")  # and training goes on
        worker.stop()
        await until_stopped(pilot, worker)
        assert worker.idle and not worker.running


async def test_stop_runs_what_is_queued_then_hands_the_subject_back():
    app = Host()
    async with app.run_test() as pilot:
        subject = Counter()
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), subject)
        worker.start()
        await wait_until(pilot, lambda: "slice" in subject.log)
        answers = []
        worker.submit(command("last"), answers.append)
        worker.stop()
        await until_stopped(pilot, worker)
        assert "last" in subject.log and answers == ["last"]
        slices = subject.log.count("slice")
        worker.submit(command("now"), answers.append)  # paused again: on a thread of its own, no slice
        await wait_until(pilot, lambda: answers == ["last", "now"])
        await until_stopped(pilot, worker)
        assert subject.log.count("slice") == slices


async def test_a_build_runs_on_the_thread_and_replace_makes_old_frames_stale():
    app = Host()
    async with app.run_test() as pilot:
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), build=Counter)
        worker.start()
        await wait_until(pilot, lambda: len(app.ticks) > 0)
        old = app.ticks[-1]
        assert worker.is_current(old)
        worker.replace(Counter())
        await wait_until(pilot, lambda: not worker.is_current(old))
        await wait_until(pilot, lambda: worker.is_current(app.ticks[-1]))
        worker.stop()
        await until_stopped(pilot, worker)


def test_a_newer_frame_replaces_an_older_one_of_the_same_worker_only():
    assert Tick(1, generation=5).can_replace(Tick(2, generation=5))
    assert not Tick(1, generation=5).can_replace(Tick(2, generation=6))


async def test_the_courier_posts_every_message_in_order_before_the_subject_is_handed_back():
    """The training thread never posts to the app itself (that waits for the
    UI thread's GIL): its courier does, and has posted the last frame by the
    time the worker is idle."""
    app = Host()
    posted: list[tuple[int, str]] = []
    post = app.post_message

    def recording_post(message):
        if isinstance(message, Tick):
            posted.append((message.count, threading.current_thread().name))
        return post(message)

    app.post_message = recording_post
    async with app.run_test() as pilot:
        subject = Counter()
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), subject)
        worker.start()
        await wait_until(pilot, lambda: subject.log.count("slice") >= 5)
        worker.stop()
        await until_stopped(pilot, worker)
        assert posted[-1][0] == len(subject.log)  # the last slice's frame
        assert [count for count, _ in posted] == sorted(count for count, _ in posted)
        assert {name for _, name in posted} == {"spiral-tui-courier"}


# ---- in the app -------------------------------------------------------------------


async def test_in_the_app_a_failing_command_shows_one_line_and_the_app_goes_on(config):
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        app.playground.worker.submit(lambda trainer: 1 / 0)
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        assert [n.message for n in notifications(app) if n.severity == "error"] == [
            "a command failed: division by zero"]
        await pilot.press("s")  # and it goes on: one step
        assert app.trainer.epoch == 1 and app.is_running and app.return_code is None


async def test_in_the_app_a_paused_step_runs_off_the_ui_thread(config, monkeypatch):
    from tui_playground.engine.training import Trainer

    threads: list[threading.Thread] = []
    step = Trainer.step

    def recording(self, *args, **kwargs):
        threads.append(threading.current_thread())
        return step(self, *args, **kwargs)

    monkeypatch.setattr(Trainer, "step", recording)
    app = make_app(config)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("s", "s")
        assert app.trainer.epoch == 2 and not app.playground.playing
        assert len(threads) == 2 and threading.current_thread() not in threads
