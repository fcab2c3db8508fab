"""`python -m tui_playground.cli` is `spiral-tui`."""

import sys

from .app import main

sys.exit(main())
