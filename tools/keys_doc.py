"""Write docs/keys.md and the README's key table from the key table
(tui_playground/ui/playground/keys.py). tests/ui/test_keys.py checks that both
are in step with it: run this after changing a key.

    python tools/keys_doc.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the package from this checkout

from tui_playground.ui.playground.keys import keys_markdown, readme_table  # noqa: E402

BEGIN, END = "<!-- keys: written by tools/keys_doc.py -->", "<!-- /keys -->"


def with_table(readme: str, table: str) -> str:
    """`readme` with the text between the markers replaced by `table`."""
    head, rest = readme.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{table}{END}{tail}"


def main() -> None:
    (ROOT / "docs/keys.md").write_text(keys_markdown())
    readme = ROOT / "README.md"
    readme.write_text(with_table(readme.read_text(), readme_table()))


if __name__ == "__main__":
    main()
