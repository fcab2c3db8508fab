"""`python -m tui_playground ...` is `spiral-tui ...` (tests run it in a pty)."""

from .cli import main

raise SystemExit(main())
