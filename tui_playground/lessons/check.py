"""Check a lesson headless: is every goal reachable with the steps' own answers?

For each goal step: a Trainer on the step's setup with the answer on top
(LessonStep.final_config: the step's seed), trained the step's epochs; the
goal and the limits are checked after every epoch (and before the first).
The result says the first epoch at which both held, or what was missed at
the end. A watch step only builds its trainer (its data must exist).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .goals import Condition, Expression, format_value
from .lesson_file import Lesson, LessonStep
from .measures import shape_values, snapshot_values

if TYPE_CHECKING:
    from ..engine.training import Trainer

# prepare(trainer, epochs): picks the kernels before a step trains (pick_kernels)
Prepare = Callable[["Trainer", int], None]

# Goals over these only can be checked from the losses that `Trainer.step`
# returns for each epoch, without a snapshot per epoch.
LOSS_ONLY = frozenset({"test_loss", "train_loss", "epoch", "neurons", "layers", "features"})


@dataclass(frozen=True)
class StepResult:
    number: int  # 1-based
    watch: bool
    met_at: int | None  # the first epoch at which goal and limits held; None: missed (or a watch step)
    epochs: int
    goal: str = ""
    limits: str = ""
    values: dict[str, float] = field(default_factory=dict)  # every measure at the end (or when met)
    missed: str = ""  # what did not hold at the end, in words

    @property
    def ok(self) -> bool:
        return self.watch or self.met_at is not None

    def line(self) -> str:
        """One line for people: 'step 2: goal met at epoch 143 (test_loss <= 0.2)'."""
        if self.watch:
            return f"step {self.number}: watch step ({self.epochs} epochs)"
        if self.met_at is not None:
            return f"step {self.number}: goal met at epoch {self.met_at} ({self.goal})"
        return f"step {self.number}: MISSED after {self.epochs} epochs: {self.missed}"

    def to_dict(self) -> dict[str, Any]:
        values = {k: (None if math.isnan(v) else v) for k, v in self.values.items()}
        return {"step": self.number, "kind": "watch" if self.watch else "goal", "goal": self.goal,
                "limits": self.limits, "epochs": self.epochs, "met_at": self.met_at, "ok": self.ok,
                "missed": self.missed or None, "values": values}


def missed_text(conditions: tuple[Condition, ...], values: dict[str, float], kind: str) -> str:
    """'test loss 0.214, goal <= 0.177; neurons 5, limit <= 4'."""
    return "; ".join(f"{c.label} {format_value(c.name, values.get(c.name, math.nan))}, "
                     f"{kind} {c.op} {format_value(c.name, c.value)}" for c in conditions)


def check_lesson(lesson: Lesson, prepare: Prepare | None = None,
                 on_result: Callable[[StepResult], None] | None = None) -> list[StepResult]:
    """Every step's result, in order. `prepare(trainer, epochs)` may pick the
    kernels first (the CLI loads compiled ones for long jobs); `on_result` is
    told each result as soon as it is known."""
    results = []
    for number, step in enumerate(lesson.steps, start=1):
        result = check_step(number, step, prepare)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def pick_kernels(trainer: Trainer, epochs: int, on_slow: Callable[[float], None] | None = None) -> None:
    """A `prepare` for check_lesson: long steps load (or compile) the compiled
    kernels first, short ones train uncompiled (same numbers): engine.compiled.path_for."""
    from ..engine import compiled

    if compiled.path_for([trainer], epochs) == "compiled":
        compiled.load(trainer.kernel_group, on_slow=on_slow)


def check_step(number: int, step: LessonStep, prepare: Prepare | None = None) -> StepResult:
    from ..engine.training import Trainer

    trainer = Trainer(step.final_config)
    if step.is_watch:
        return StepResult(number, True, None, step.epochs)
    if prepare is not None:
        prepare(trainer, step.epochs)
    met_at, values = _train_until_met(trainer, step)
    failing = () if met_at is not None else step.goal.failing(values)
    broken = () if met_at is not None else step.limits.failing(values)
    missed = "; ".join(filter(None, (missed_text(failing, values, "goal"), missed_text(broken, values, "limit"))))
    if trainer.diverged and met_at is None:
        missed = f"the loss diverged at epoch {trainer.epoch}" + (f"; {missed}" if missed else "")
    return StepResult(number, False, met_at, step.epochs, step.goal.text(), step.limits.text(), values, missed)


def _both(step: LessonStep) -> Expression:
    return Expression(step.goal.conditions + step.limits.conditions)


def _train_until_met(trainer: Trainer, step: LessonStep) -> tuple[int | None, dict[str, float]]:
    """(first epoch at which goal and limits hold, or None; the values then, or at the end)."""
    wanted = _both(step)
    needs_metrics = not wanted.names <= LOSS_ONLY
    values = snapshot_values(trainer.snapshot(metrics=needs_metrics))
    if wanted.holds(values):
        return 0, values
    if not needs_metrics:
        return _scan_losses(trainer, step.epochs, wanted, values)
    while trainer.epoch < step.epochs and not trainer.diverged:
        if not len(trainer.step(1)):
            break  # a stop rule of the config holds
        values = snapshot_values(trainer.snapshot(metrics=True))
        if wanted.holds(values):
            return trainer.epoch, values
    return None, values


def _scan_losses(trainer: Trainer, epochs: int, wanted: Expression,
                 values: dict[str, float]) -> tuple[int | None, dict[str, float]]:
    """Train all `epochs` at once and look for the first epoch in the losses it returns."""
    rows = trainer.step(epochs)
    base = shape_values(trainer.config)
    for epoch, (train, test) in enumerate(rows, start=1):
        at = {**values, **base, "epoch": float(epoch), "train_loss": _finite(train), "test_loss": _finite(test)}
        if wanted.holds(at):
            return epoch, at
    return None, snapshot_values(trainer.snapshot(metrics=True))


def _finite(x: float) -> float:
    return float(x) if math.isfinite(x) else math.nan
