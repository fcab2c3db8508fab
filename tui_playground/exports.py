"""Files spiral-tui writes for other programs: loss, grid and points CSVs and the
trained model (.npz, .onnx), atomically.

One place for both front ends: `spiral-tui train` and the app's export key
write the very same files. Every write is atomic (`write_atomic`): a crash
leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import numpy as np

    from .engine.training import Trainer

LOSS_HEADER = ["epoch", "train_loss", "test_loss"]
GRID_HEADER = ["x", "y", "output"]


def write_atomic(path: str | Path, text: str | bytes) -> None:
    """Write `text` (str as UTF-8, or bytes) to `path` so that a crash leaves the old file or the new one,
    never a broken one: a temp file in the same folder, synced, then renamed
    over `path`. Raises OSError."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def csv_text(header: list[str], rows: Iterable, lineterminator: str = "\n") -> str:
    """A header and rows as CSV text (the csv module's quoting)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def loss_csv(rows: np.ndarray) -> str:
    """rows: (n, 3) epoch, train loss, test loss -> CSV; losses with repr (exact)."""
    lines = ([int(e), repr(float(tr)), repr(float(te))] for e, tr, te in rows)
    return csv_text(LOSS_HEADER, lines)


def write_loss_csv(path: str | Path, rows: np.ndarray) -> None:
    """The loss CSV (see loss_csv), written atomically."""
    write_atomic(path, loss_csv(rows))


def grid_csv(trainer: Trainer, resolution: int = 100) -> str:
    """The network's output over [-6, 6]^2 as CSV rows x, y, output (row 0 is
    y = +6); with K classes x, y, p0..p(K-1), the class probabilities."""
    from .engine.boundary import grid_axis, neuron_grids

    snap = trainer.snapshot()
    maps = neuron_grids(snap.network, snap.config, resolution)[-1]  # (outputs, res, res)
    header = GRID_HEADER if len(maps) == 1 else ["x", "y", *(f"p{k}" for k in range(len(maps)))]
    axis = grid_axis(resolution)
    rows = ([f"{x:.6g}", f"{y:.6g}", *(f"{m[r, c]:.6g}" for m in maps)]
            for r, y in enumerate(axis[::-1]) for c, x in enumerate(axis))
    return csv_text(header, rows)


def write_grid_csv(path: str | Path, trainer: Trainer) -> None:
    """The grid CSV (see grid_csv), written atomically."""
    write_atomic(path, grid_csv(trainer))


# ---- the data and the trained model ---------------------------------------------

POINTS_HEADER = ["x", "y", "label", "split"]
MODEL_SUFFIXES = (".npz", ".onnx")


def _label_text(label: float, problem: str) -> str:
    """Class labels as whole numbers (-1, 1 or 0..K-1), regression values exactly."""
    return str(int(label)) if problem == "classification" else repr(float(label))


def points_csv(trainer: Trainer) -> str:
    """The train and test points as CSV x, y, label, split (train first, in
    training order): the format `--data` reads; coordinates exact (repr)."""
    snap = trainer.snapshot()
    d, problem = snap.data, snap.config.problem
    rows = [[repr(float(x)), repr(float(y)), _label_text(label, problem), split]
            for split, xy, labels in (("train", d.train_xy, d.train_y), ("test", d.test_xy, d.test_y))
            for (x, y), label in zip(xy, labels)]
    return csv_text(POINTS_HEADER, rows)


def write_points_csv(path: str | Path, trainer: Trainer) -> None:
    """The points CSV (see points_csv), written atomically."""
    write_atomic(path, points_csv(trainer))


class ModelExportError(ValueError):
    """A model that can't be written as asked; the message is one line."""


def check_model_path(path: str | Path) -> str:
    """The format ('.npz' or '.onnx') a model path asks for; for .onnx, that
    the onnx package is there. Raises ModelExportError (before any training)."""
    suffix = Path(path).suffix.lower()
    if suffix not in MODEL_SUFFIXES:
        raise ModelExportError(f"{path}: a model file name ends in .npz or .onnx")
    if suffix == ".onnx":
        from .engine.onnx_export import OnnxMissing, require_onnx

        try:
            require_onnx()
        except OnnxMissing as exc:
            raise ModelExportError(str(exc)) from None
    return suffix


def model_bytes(trainer: Trainer, suffix: str) -> bytes:
    """The trained network as a .npz or .onnx file's bytes."""
    from .engine.model_export import model_spec, npz_bytes

    snap = trainer.snapshot()
    spec = model_spec(snap.network, snap.config)
    if suffix == ".npz":
        return npz_bytes(spec)
    from .engine.onnx_export import onnx_bytes

    try:
        return onnx_bytes(spec)
    except (RuntimeError, ValueError) as exc:
        raise ModelExportError(str(exc)) from None


def write_model(path: str | Path, trainer: Trainer) -> None:
    """The trained network, in the format the path's suffix names, atomically.
    Raises ModelExportError, OSError."""
    write_atomic(path, model_bytes(trainer, check_model_path(path)))
