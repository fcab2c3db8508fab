"""Saved sessions: everything needed to continue a run exactly where it stopped.

A session file is JSON: the config, the data points themselves (so it does not
depend on a points file still being there), weights, biases, dead links, the
gradients accumulated for the next batch, the optimizer state (momentum, rmsprop,
adam) and the stop rules' watch, the random stream's state (so Reset
after loading draws what it would have drawn), epoch and loss history. Floats
are written with repr, which round-trips exactly; NaN/Infinity use Python's
JSON extension. Writes are atomic (exports.write_atomic).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..config import Config, ConfigError
from ..engine.datasets import Dataset, Units
from ..engine.network import Network
from ..engine.optimizers import OptimizerState
from ..engine.training import Trainer, TrainerState
from .exports import write_atomic
from .session_format import (  # noqa: F401 (FORMAT, VERSION: the format's names, kept here too)
    FORMAT,
    VERSION,
    SessionFormatError,
    UnreadableFile,
    check_session,
    parse_session,
)


class SessionError(ValueError):
    """A session file that can't be read or written; the message is one line."""


def session_dict(trainer: Trainer) -> dict:
    st = trainer.state()
    net, d, sizes = st.network, st.data, st.network.sizes
    L = net.num_layers
    opt, watch = st.optimizer, st.stop_watch
    assert opt is not None and watch is not None  # Trainer.state() always takes both
    return {
        "format": FORMAT,
        "version": VERSION,
        "config": st.config.to_dict(),
        "epoch": st.epoch,
        "diverged": st.diverged,
        "sizes": sizes.tolist(),
        "weights": [net.weights(l).tolist() for l in range(L)],
        "biases": [net.biases(l).tolist() for l in range(L)],
        "dead": [net.dead_links(l).astype(int).tolist() for l in range(L)],
        "accumulated": {
            "weights": [st.acc_weights[l, : sizes[l], : sizes[l + 1]].tolist() for l in range(L)],
            "biases": [st.acc_biases[l, : sizes[l + 1]].tolist() for l in range(L)],
            "count": st.acc_count,
        },
        "optimizer": {  # momentum/rmsprop/adam state (engine.optimizers): slot 1, slot 2, updates so far
            "weights_1": [opt.sW1[l, : sizes[l], : sizes[l + 1]].tolist() for l in range(L)],
            "weights_2": [opt.sW2[l, : sizes[l], : sizes[l + 1]].tolist() for l in range(L)],
            "biases_1": [opt.sB1[l, : sizes[l + 1]].tolist() for l in range(L)],
            "biases_2": [opt.sB2[l, : sizes[l + 1]].tolist() for l in range(L)],
            "updates": float(opt.t[0]),
            "name": st.config.optimizer,  # whose state this is: checked on loading
        },
        "stop_watch": {"best": watch[0], "since": watch[1], "reason": st.stop_reason},
        "rng": st.rng,
        "history": {"stride": st.history_stride, "rows": st.history.tolist()},
        "data": {
            "name": d.name, "noise": d.noise, "train_pct": d.train_pct,
            "train": np.column_stack([d.train_xy, d.train_y]).tolist(),
            "test": np.column_stack([d.test_xy, d.test_y]).tolist(),
            **({"units": _units_dict(d.units)} if d.units is not None else {}),
        },
    }


def _units_dict(u: Units) -> dict:
    """A points file's own units (engine.datasets.Units): its map onto the plane,
    class names and each point's own coordinates (and regression labels)."""
    def own(xy, labels):
        if xy is None:
            return None
        return (xy if labels is None else np.column_stack([xy, labels])).tolist()

    return {"offset": list(u.offset), "scale": list(u.scale), "class_names": list(u.class_names),
            "label_range": None if u.label_range is None else list(u.label_range),
            "train": own(u.train_xy, u.train_label), "test": own(u.test_xy, u.test_label)}


def _units(d: dict | None) -> Units | None:
    if d is None:
        return None

    def own(rows):
        if rows is None:
            return None, None
        arr = np.asarray(rows, dtype=float)
        arr = arr.reshape(len(rows), -1) if len(rows) else arr.reshape(0, 2)
        xy, labels = arr[:, :2].copy(), (arr[:, 2].copy() if arr.shape[1] > 2 else None)
        for a in (xy, labels):
            if a is not None:
                a.flags.writeable = False
        return xy, labels

    (train_xy, train_label), (test_xy, test_label) = own(d["train"]), own(d["test"])
    pair = lambda v: (float(v[0]), float(v[1]))  # noqa: E731
    return Units(pair(d["offset"]), pair(d["scale"]), tuple(d["class_names"]),
                 None if d["label_range"] is None else pair(d["label_range"]),
                 train_xy, test_xy, train_label, test_label)


def save_session(trainer: Trainer, path: str | Path) -> None:
    """Save atomically; raises SessionError (one line) when it can't be written."""
    text = json.dumps(session_dict(trainer), separators=(",", ":"))
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise SessionError(f"can't save session to {path}: {exc.strerror or exc}") from None


def load_session(path: str | Path) -> Trainer:
    """The saved Trainer, ready to continue. Raises SessionError (one line)."""
    try:
        data = parse_session(path)
    except UnreadableFile as exc:
        raise SessionError(f"can't open session {path}: {exc}") from None
    except SessionFormatError as exc:
        raise SessionError(f"{path}: {exc}") from None
    try:
        check_session(data)
    except SessionFormatError as exc:
        message = str(exc)
        raise SessionError(f"{path}: {message if message.startswith('saved by') else 'damaged session: ' + message}") from None
    try:
        return _trainer_from(data)
    except ConfigError as exc:
        raise SessionError(f"{path}: bad config in session: {exc}") from None
    except SessionFormatError as exc:
        raise SessionError(f"{path}: damaged session: {exc}") from None
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise SessionError(f"{path}: damaged session ({exc.__class__.__name__}: {exc})") from None


def _padded(layers: list, sizes: np.ndarray, M: int, dtype=float) -> np.ndarray:
    """Per-layer nested lists -> the padded (L, M, M) or (L, M) layout."""
    L = len(sizes) - 1
    if len(layers) != L:
        raise ValueError(f"expected {L} layers, found {len(layers)}")
    first = np.asarray(layers[0], dtype=dtype) if L else np.zeros(0)
    out = np.zeros((L, M, M) if first.ndim == 2 else (L, M), dtype=dtype)
    for l, values in enumerate(layers):
        arr = np.asarray(values, dtype=dtype)
        shape = (sizes[l], sizes[l + 1]) if arr.ndim == 2 else (sizes[l + 1],)
        if arr.shape != shape:
            raise ValueError(f"layer {l} has shape {arr.shape}, expected {shape}")
        out[(l,) + tuple(slice(0, n) for n in shape)] = arr
    return out


def _dataset(d: dict) -> Dataset:
    def split(rows):
        arr = np.asarray(rows, dtype=float).reshape(-1, 3)
        xy, y = arr[:, :2].copy(), arr[:, 2].copy()
        xy.flags.writeable = y.flags.writeable = False
        return xy, y

    train, test = split(d["train"]), split(d["test"])
    if not len(train[0]) or not len(test[0]):
        raise ValueError("empty train or test set")
    (train_xy, train_y), (test_xy, test_y) = train, test
    return Dataset(d["name"], int(d["noise"]), int(d["train_pct"]), train_xy, train_y, test_xy, test_y,
                   _units(d.get("units")))


def _check_class_labels(config: Config, d: Dataset) -> None:
    """With K classes every label must be a class number 0..K-1 (the kernel
    indexes the output layer with it); with two, -1 or 1 (a 5.0 or a 0.0 would
    train toward a target no output reaches)."""
    if config.problem != "classification":
        return
    labels = np.concatenate([d.train_y, d.test_y])
    allowed = np.arange(config.classes) if config.classes > 2 else np.array([-1.0, 1.0])
    if not np.isin(labels, allowed).all():
        bad = labels[~np.isin(labels, allowed)][0]
        want = f"class numbers 0..{config.classes - 1}" if config.classes > 2 else "-1 or 1 (two classes)"
        raise SessionFormatError(f"data labels must be {want} (found {bad:g})")


# Optimizers whose second slot holds a running mean of squared gradients (>= 0).
SQUARED_SLOT = ("rmsprop", "adam")


def _check_optimizer_state(config: Config, o: dict) -> None:
    """The saved state is the config's optimizer's (`name`, saved since it was
    added: a session edited from momentum to adam would train on momentum's
    velocity as adam's mean), and a second moment is never negative (sqrt of it
    is the step's divisor)."""
    name = o.get("name", config.optimizer)
    if name != config.optimizer:
        raise SessionFormatError(f"the optimizer state is {name!s:.20}'s, but config.optimizer is "
                                 f"{config.optimizer} (a state can't be carried over: drop 'optimizer' to start afresh)")
    if config.optimizer in SQUARED_SLOT:
        for key in ("weights_2", "biases_2"):
            if any(np.any(np.asarray(layer, dtype=float) < 0) for layer in o[key]):
                raise SessionFormatError(f"optimizer.{key}: {config.optimizer}'s second moment can't be negative")


def _trainer_from(data: dict) -> Trainer:
    config = Config.from_dict(data["config"])
    dataset = _dataset(data["data"])
    _check_class_labels(config, dataset)
    sizes = np.asarray(data["sizes"], dtype=np.int64)
    if tuple(sizes) != config.shape:
        raise ValueError(f"network sizes {tuple(sizes)} don't match the config's {config.shape}")
    M = int(sizes.max())
    net = Network(sizes, _padded(data["weights"], sizes, M), _padded(data["biases"], sizes, M),
                  _padded(data["dead"], sizes, M, dtype=np.bool_))
    acc = data["accumulated"]
    history = data["history"]
    optimizer, watch = None, data.get("stop_watch")  # both absent in sessions saved before them
    if "optimizer" in data:
        o = data["optimizer"]
        _check_optimizer_state(config, o)
        optimizer = OptimizerState(_padded(o["weights_1"], sizes, M), _padded(o["weights_2"], sizes, M),
                                   _padded(o["biases_1"], sizes, M), _padded(o["biases_2"], sizes, M),
                                   np.array([float(o["updates"])]))
    state = TrainerState(
        config, dataset, net,
        acc_weights=_padded(acc["weights"], sizes, M), acc_biases=_padded(acc["biases"], sizes, M),
        acc_count=float(acc["count"]), rng=data["rng"], epoch=int(data["epoch"]),
        history=np.asarray(history["rows"], dtype=float).reshape(-1, 3), history_stride=int(history["stride"]),
        diverged=bool(data["diverged"]), optimizer=optimizer,
        stop_watch=None if watch is None else (float(watch["best"]), int(watch["since"])),
        stop_reason=None if watch is None else watch["reason"])
    return Trainer.from_state(state)
