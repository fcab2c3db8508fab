"""Files spiral-tui writes for other programs: loss and grid CSVs, atomically.

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


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` to `path` so that a crash leaves the old file or the new one,
    never a broken one: a temp file in the same folder, synced, then renamed
    over `path`. Raises OSError."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
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
    """The network's output over [-6, 6]^2 as CSV rows x, y, output (row 0 is y = +6)."""
    from .engine.boundary import grid_axis, output_grid

    snap = trainer.snapshot()
    out = output_grid(snap.network, snap.config, resolution)
    axis = grid_axis(resolution)
    rows = ([f"{x:.6g}", f"{y:.6g}", f"{out[r, c]:.6g}"]
            for r, y in enumerate(axis[::-1]) for c, x in enumerate(axis))
    return csv_text(GRID_HEADER, rows)


def write_grid_csv(path: str | Path, trainer: Trainer) -> None:
    """The grid CSV (see grid_csv), written atomically."""
    write_atomic(path, grid_csv(trainer))
