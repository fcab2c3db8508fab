"""Checking a results file's lines before anything is built from them.

A results file is written by spiral-tui, but it may be hand-edited, damaged, or
made to hurt. As files/session_format does for sessions, every field of the
first line (the sweep) and of each run's line is checked for type, range and
agreement with the sweep: a run trained for more epochs than the sweep says, a
"diverged" that is not true or false, a config that is not its variant's, are
one line naming the line and the field, never a traceback or a wrong table.
"""

from __future__ import annotations

import json
import math

from ..config import Config, ConfigError
from ..files.json_fields import FieldCheck, is_number, short
from .member import MemberResult
from .presets import EXPERIMENTS
from .spec import MAX_MEMBERS, SweepSpec

FORMAT = "spiral-tui sweep results"
VERSION = 1
MAX_EPOCHS = 10**12
MAX_COMMAND = 10_000  # words of the command on the first line
MAX_METRICS = 64
NON_FINITE = ("nan", "inf", "-inf")  # how a diverged run's losses are written


class RecordError(ValueError):
    """What is wrong with one line; the message names the field."""


_CHECK = FieldCheck(RecordError)  # the shared field checks, raising this format's error
_field, _int = _CHECK.field, _CHECK.whole_number


def parse_line(raw: bytes) -> object:
    """One line's JSON. Raises RecordError (not JSON, nested too deep, a number of thousands of digits)."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise RecordError("brackets nested too deep") from None
    except ValueError:  # JSONDecodeError, bad UTF-8, an integer of more than 4,300 digits
        raise RecordError("not JSON") from None


# ---- the first line: the sweep ----------------------------------------------------


def check_head(head: object) -> tuple[SweepSpec, list[str]]:
    """The sweep and the command of a first line. Raises RecordError."""
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise RecordError("not a spiral-tui sweep results file")
    _CHECK.version(head, VERSION, f"written by a newer spiral-tui (results version {{version}}; this one reads {VERSION})")
    command = head.get("command", [])
    if not (isinstance(command, list) and len(command) <= MAX_COMMAND and all(isinstance(w, str) for w in command)):
        raise RecordError(f"command must be a list of words (got {short(command)})")
    return check_spec(_field(head, "spec", dict)), command


def check_spec(d: dict) -> SweepSpec:
    variants = _field(d, "variants", list, "spec.")
    if not 1 <= len(variants) <= MAX_MEMBERS:
        raise RecordError(f"spec.variants must be 1 to {MAX_MEMBERS} settings (got {len(variants)})")
    configs = tuple(_config(v, f"spec.variants[{n}]") for n, v in enumerate(variants))
    seeds = _field(d, "seeds", list, "spec.")
    if not seeds or not all(isinstance(s, str) for s in seeds) or len(set(seeds)) != len(seeds):
        raise RecordError(f"spec.seeds must be distinct seed strings (got {short(seeds)})")
    for s in seeds:
        _config_with_seed(configs[0], s)
    if len(variants) * len(seeds) > MAX_MEMBERS:
        raise RecordError(f"spec: {len(variants)} variants x {len(seeds)} seeds; at most {MAX_MEMBERS} networks")
    epochs = _int(d, "epochs", 1, MAX_EPOCHS, "spec.")
    success = _field(d, "success", (int, float), "spec.")
    if not (is_number(success) and success > 0):
        raise RecordError(f"spec.success must be a number > 0 (got {short(success)})")
    preset = d.get("preset")
    if preset is not None and not (isinstance(preset, str) and preset in EXPERIMENTS):
        raise RecordError(f"spec.preset must be null or one of {', '.join(EXPERIMENTS)} (got {short(preset)})")
    captions = d.get("captions", [])
    if not (isinstance(captions, list) and len(captions) in (0, len(variants))
            and all(isinstance(c, str) for c in captions)):
        raise RecordError(f"spec.captions must be none or one string per variant (got {short(captions)})")
    accuracy = d.get("success_accuracy")  # absent in files written before it: learned by the loss
    if accuracy is not None and not (is_number(accuracy) and 0 < accuracy <= 1):
        raise RecordError(f"spec.success_accuracy must be null or a share over 0, at most 1 (got {short(accuracy)})")
    return SweepSpec(configs, tuple(seeds), epochs, float(success), preset, tuple(captions),
                     None if accuracy is None else float(accuracy))


# ---- a run -----------------------------------------------------------------------


def check_member(d: object, spec: SweepSpec) -> MemberResult:
    """A run's line, checked against the sweep it belongs to. Raises RecordError."""
    if not isinstance(d, dict):
        raise RecordError("a run must be an object")
    variant = _int(d, "variant", 0, len(spec.variants) - 1)
    seed = _field(d, "seed", str)
    if seed not in spec.seeds:
        raise RecordError(f"seed {short(seed)} is not one of the sweep's")
    config = spec.variants[variant].replace(seed=seed)
    if _config(_field(d, "config", dict), "config") != config:
        raise RecordError(f"config is not variant {variant + 1}'s of the sweep")
    diverged = _field(d, "diverged", bool)
    epochs = _int(d, "epochs", 0, spec.epochs)
    stops = config.until_loss is not None or config.patience is not None or config.max_epochs is not None
    if epochs < spec.epochs and not (diverged or stops):
        raise RecordError(f"epochs {epochs}: the sweep trains every network {spec.epochs} epochs")
    train, test = _loss(d, "train_loss"), _loss(d, "test_loss")
    if diverged != (not (math.isfinite(train) and math.isfinite(test))):
        raise RecordError(f"diverged is {json.dumps(diverged)} but the losses are {short([train, test])}")
    metrics = _field(d, "metrics", dict)
    if len(metrics) > MAX_METRICS or not all(isinstance(k, str) for k in metrics):
        raise RecordError("metrics must be an object of named numbers")
    seconds = _field(d, "seconds", (int, float))
    if not (is_number(seconds) and seconds >= 0):
        raise RecordError(f"seconds must be a number >= 0 (got {short(seconds)})")
    return MemberResult(variant, seed, epochs, train, test, diverged, _epoch_or_none(d, "first_success_epoch", epochs),
                        _loss(d, "best_train_loss"), _loss(d, "best_test_loss"),
                        _epoch_or_none(d, "best_test_epoch", epochs),
                        {k: _loss(metrics, k, "metrics.") for k in metrics}, float(seconds))


def _loss(d: dict, key: str, where: str = "") -> float:
    """A number >= 0, or "nan", "inf", "-inf" (how non-finite values are written)."""
    value = _field(d, key, (int, float, str), where)
    if isinstance(value, str):
        if value not in NON_FINITE:
            raise RecordError(f"{where}{key} must be a number or one of {', '.join(NON_FINITE)} (got {short(value)})")
        return float(value)
    if not (is_number(value) and value >= 0):
        raise RecordError(f"{where}{key} must be a finite number >= 0 (got {short(value)})")
    return float(value)


def _epoch_or_none(d: dict, key: str, epochs: int) -> int | None:
    if key in d and d[key] is None:
        return None
    return _int(d, key, 0, epochs)


def _config(value: object, where: str) -> Config:
    if not isinstance(value, dict):
        raise RecordError(f"{where} must be an object (got {short(value)})")
    try:
        return Config.from_dict(value)
    except (ConfigError, TypeError, ValueError) as exc:
        raise RecordError(f"{where}: {exc}") from None


def _config_with_seed(config: Config, seed: str) -> Config:
    try:
        return config.replace(seed=seed)
    except ConfigError as exc:
        raise RecordError(f"spec.seeds: {exc}") from None
