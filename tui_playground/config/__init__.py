"""The settings of one experiment, as plain data: no NumPy, no numba, nothing
else of the package, so the CLI and the UI can build and check a Config before
(or without) loading the engine.

    names.py   the name tables (data sets, activations, features, limits)
    checks.py  ConfigError, each field's check, the parsers of setting texts
    model.py   Config (the frozen dataclass), DEFAULTS, the seed format
    links.py   the playground's links, from one table of URL keys (LINK)

Everything is imported from here: `from tui_playground.config import Config`.
"""

from __future__ import annotations

from . import checks, links, model, names
from .checks import *  # noqa: F403 (each module's __all__: what the package offers)
from .links import *  # noqa: F403
from .model import *  # noqa: F403
from .names import *  # noqa: F403

__all__ = names.__all__ + checks.__all__ + model.__all__ + links.__all__
