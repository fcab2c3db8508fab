"""The `spiral-tui` command line: `app` (main, the app command), `args` (what
the commands share), and one module per command: `train`, `sweep`, `tour`."""

from .app import main

__all__ = ["main"]
