"""The main screen's link, session, data-file and export actions.

Each action opens a dialog; the dialog's submit does the work or returns a
one-line error that stays in the dialog, and then nothing has changed. Files are
written only where the user said, atomically (temp file in the same folder, then
rename). Reading and writing files, like everything the trainer does, runs off
the UI thread (a worker command, or `off_ui`); the dialog shows it is working
until the answer comes back (a `Pending`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ...config import ConfigError, from_url
from ..dialogs.file_dialogs import AskDialog, LinkDialog
from ..runtime.worker import Pending, off_ui

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...engine.training import Trainer

SESSION_FILE = "spiral-session.json"

# (checkbox id, label, file name suffix, chosen at first) of the exports. Ids must
# not be used by app.tcss (#loss is the loss panel there). The file keys are in keys.py.
EXPORTS = (
    ("history", "loss history (CSV)", "loss.csv", True),
    ("boundary", "boundary grid, 100x100 (CSV)", "grid.csv", True),
    ("screenshot", "screenshot of the screen (SVG)", "screen.svg", True),
    ("points", "the points, train and test (CSV in your units; i reads it)", "points.csv", True),
    ("model", "the trained model (NumPy .npz)", "model.npz", True),
    ("onnx", "the trained model (ONNX, needs spiral-tui[onnx])", "model.onnx", False),
)


class FileActions:
    """What `screen`'s file keys do (it calls only the screen's public side:
    config, worker, apply_config, use_trainer, have_trainer, render_now)."""

    def __init__(self, screen: Screen) -> None:  # the PlaygroundScreen (it imports this module)
        self.screen = screen

    def notify(self, message: str, **kwargs) -> None:
        self.screen.notify(message, **kwargs)

    def push_screen(self, screen, callback=None) -> None:
        self.screen.app.push_screen(screen, callback)

    # ---- playground links --------------------------------------------------

    def show_url(self) -> None:
        config = self.screen.config
        link = config.to_url()
        self.screen.app.copy_to_clipboard(link)
        note = "Copied to the clipboard (OSC 52, where the terminal allows)."
        if config.data_file:
            note += " Your data file is not in it: the playground can't load files."
        self.push_screen(LinkDialog(link, note))
        self.notify("Playground link copied to the clipboard.")

    def open_url(self) -> None:
        self.push_screen(AskDialog(
            "Open a playground link", self._open_url, placeholder="https://playground.tensorflow.org/#... or #...",
            hint="Paste a link (or just its #hash); it starts from its seed."))

    def _open_url(self, link: str, _checks: dict[str, bool]) -> str | None:
        try:
            config = from_url(link, base=self.screen.config.replace(data_file=""))
        except ConfigError as exc:
            return str(exc)
        self.screen.apply_config(config)
        if self.screen.worker is not None:  # a link is a fresh start, even if only the learning rate differs
            self.screen.worker.submit(lambda t: t.restart())
            self.screen.render_now()
        self.notify("Opened the playground link.")
        return None

    # ---- sessions ----------------------------------------------------------

    def save_session(self) -> None:
        if self.screen.have_trainer():
            self.push_screen(AskDialog("Save the session", self._save_session, value=SESSION_FILE,
                                       hint="Config, data, weights, epoch and loss history, as JSON; replaces an existing file."))

    def _save_session(self, name: str, _checks: dict[str, bool]) -> str | Pending | None:
        from ...files.session import SessionError, save_session

        path = Path(name).expanduser()
        if not name or path.is_dir():
            return f"give a file name{'' if not name else f' ({name} is a folder)'}"
        def save(trainer: Trainer) -> str | int:
            try:
                save_session(trainer, path)
            except SessionError as exc:
                return str(exc)
            return trainer.epoch

        def report(outcome: str | int) -> str | None:
            if isinstance(outcome, str):
                return outcome
            self.notify(f"Saved the session (epoch {outcome}) to {path}")
            return None

        return self._on_trainer(save, report)

    def _on_trainer(self, command, report) -> Pending:
        """Run `command` on the trainer (on the worker's thread), then
        `report(result)` -> error line or None, the dialog's answer."""
        pending = Pending()
        self.screen.worker.submit(command, lambda result: pending.resolve(report(result)))
        return pending

    def load_session(self) -> None:
        if self.screen.have_trainer():
            self.push_screen(AskDialog("Load a session", self.open_session, value=SESSION_FILE,
                                       hint="Continues exactly where it was saved (space trains on)."))

    def open_session(self, name: str, _checks: dict[str, bool]) -> Pending:
        """Read the session off the UI thread; then show and train it (paused)."""
        from ...files.session import SessionError, load_session

        path = Path(name).expanduser()
        pending = Pending()

        def load() -> Trainer | str:
            try:
                return load_session(path)
            except SessionError as exc:
                return str(exc)

        def loaded(trainer: Trainer | str) -> None:
            if not isinstance(trainer, str):
                self.screen.use_trainer(trainer)
                self.notify(f"Loaded {name}: epoch {trainer.epoch}, {trainer.config.data_name}. Space trains on.")
            pending.resolve(trainer if isinstance(trainer, str) else None)

        off_ui(self.screen, load, loaded, "loading the session")
        return pending

    # ---- your own data -----------------------------------------------------

    def import_data(self) -> None:
        config = self.screen.config
        self.push_screen(AskDialog(
            "Use your own data", self._import_data, value=config.data_file, placeholder="points.csv",
            hint="CSV columns x, y, label (header optional). Labels -1/1, 0/1, or 2 to 6 names: "
                 "that many classes; other numbers: regression.",
            checks=(("rescale", "fit the points into the plane (rescale)", config.rescale),)))

    def _import_data(self, name: str, checks: dict[str, bool]) -> str | Pending:
        """Read the points off the UI thread (a file may be 64 MB), then use them."""
        from ...engine.datafile import DataFileError, load_points

        if not name:
            return "give the path of a CSV file"
        path = os.path.expanduser(name)
        pending = Pending()

        def load():
            try:
                return load_points(path, checks["rescale"])
            except DataFileError as exc:
                return str(exc)

        def loaded(points) -> None:
            if isinstance(points, str):
                pending.resolve(points)
                return
            try:  # the classes are the file's
                config = self.screen.config.replace(data_file=path, rescale=checks["rescale"], problem=points.problem,
                                                    classes=points.classes)
            except ConfigError as exc:
                pending.resolve(str(exc))
                return
            self.screen.apply_config(config)
            self.notify(points.description, timeout=8)
            pending.resolve(None)

        off_ui(self.screen, load, loaded, "reading the points")
        return pending

    # ---- exports -----------------------------------------------------------

    def export(self) -> None:
        if self.screen.have_trainer():
            self.push_screen(AskDialog(
                "Export", _check_folder, value=".", placeholder="folder",
                hint="Into this folder (it must exist); tab to the choices, space toggles.",
                checks=tuple((key, label, chosen) for key, label, _suffix, chosen in EXPORTS)),
                self._export_done)

    def _export_done(self, answer: tuple[str, dict[str, bool]] | None) -> None:
        if answer is not None:  # after the dialog is gone, so the screenshot shows the playground
            self.screen.call_after_refresh(self.export_files, Path(answer[0]).expanduser(), answer[1])

    def export_files(self, folder: Path, which: dict[str, bool]) -> None:
        """Write the chosen exports into `folder`: the data is taken between two
        slices, the screenshot on the UI thread, the files written off it."""
        self.notify("Exporting…", timeout=3)
        self.screen.worker.submit(lambda t: _gather(t, which), lambda got: self._write_exports(folder, which, *got))

    def _write_exports(self, folder: Path, which: dict[str, bool], stem: str, contents: dict) -> None:
        """contents: key -> text or bytes to write, or the ModelExportError that stopped it."""
        if which.get("screenshot"):
            contents = {**contents, "screenshot": self.screen.app.export_screenshot()}
        off_ui(self.screen, lambda: _write_files(folder, which, stem, contents), self._exported, "the export")

    def _exported(self, outcome: tuple[list[Path], list[str]] | str) -> None:
        written, problems = ([], [outcome]) if isinstance(outcome, str) else outcome
        if problems:
            self.notify("; ".join(problems), severity="error", timeout=8)
        if written:
            self.notify("Wrote " + ", ".join(str(p) for p in written), timeout=8)


def _write_files(folder: Path, which: dict[str, bool], stem: str, contents: dict) -> tuple[list[Path], list[str]]:
    """Off the UI thread: write each chosen export -> (paths written, problems)."""
    from ...files.exports import ModelExportError, write_atomic

    written: list[Path] = []
    problems: list[str] = []
    try:
        for key, _label, suffix, _chosen in EXPORTS:
            if not which.get(key):
                continue
            content = contents[key]
            if isinstance(content, ModelExportError):
                problems.append(str(content))
                continue
            path = folder / f"{stem}-{suffix}"
            write_atomic(path, content)
            written.append(path)
    except OSError as exc:
        problems.append(f"Export stopped: {exc.strerror or exc} ({exc.filename or folder})")
    return written, problems


def _gather(trainer: Trainer, which: dict[str, bool]) -> tuple[str, dict]:
    """On the worker, between two slices: the file stem and what each chosen
    export holds (a model that can't be made: its ModelExportError)."""
    from ...files.exports import ModelExportError, grid_csv, loss_csv, model_bytes, points_csv

    makers = {"history": lambda: loss_csv(trainer.history.array()), "boundary": lambda: grid_csv(trainer),
              "points": lambda: points_csv(trainer), "model": lambda: model_bytes(trainer, ".npz"),
              "onnx": lambda: model_bytes(trainer, ".onnx")}
    contents: dict = {}
    for key, make in makers.items():
        if which.get(key):
            try:
                contents[key] = make()
            except ModelExportError as exc:
                contents[key] = exc
    return f"{Path(trainer.config.data_name).stem}-epoch{trainer.epoch}", contents


def _check_folder(name: str, checks: dict[str, bool]) -> str | None:
    folder = Path(name or ".").expanduser()
    if not folder.is_dir():
        return f"{name}: no such folder" if not folder.exists() else f"{name}: not a folder"
    if not os.access(folder, os.W_OK):
        return f"{name}: not writable"
    if not any(checks.values()):
        return "choose at least one thing to export"
    return None
