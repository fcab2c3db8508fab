"""TrainingWorker: commands run at once while no thread owns the subject,
between slices (never during one) while it trains; frames replace each other;
stopping hands the subject back after the slice in progress."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual.app import App

from tui_playground.ui.runtime.pacing import TerminalPacer
from tui_playground.ui.runtime.worker import Frame, TrainingWorker

from ui_helpers import until_stopped, wait_until


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


async def test_without_a_thread_a_command_runs_at_once():
    app = Host()
    async with app.run_test():
        worker = TrainingWorker(app, TerminalPacer(), CountingPlan(), Counter())
        answers = []
        worker.submit(command("edit"), answers.append)
        assert answers == ["edit"] and worker.subject.log == ["edit"]


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
        worker.submit(command("now"), answers.append)  # the UI's again: runs at once
        assert answers == ["last", "now"] and subject.log.count("slice") == slices


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
