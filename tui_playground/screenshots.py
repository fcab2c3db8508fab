"""Write screenshots/*.svg (and .png when `rsvg-convert` is installed) of the
main screen for a fixed seed, paused after a fixed number of epochs.

    python -m tui_playground.screenshots [--out screenshots]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
from pathlib import Path

from .config import Config
from .engine.features import FEATURE_NAMES
from .ui.app import make_app

SHOTS = (
    # (file stem, config, epochs, terminal size)
    ("main-120x40", Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES,
                           batch=1, show_test=True), 300, (120, 40)),
    ("main-80x24", Config(seed="0.5", dataset="spiral", layers=(8, 8, 4), features=FEATURE_NAMES,
                          batch=1), 300, (80, 24)),
    ("circle-120x40", Config(seed="0.5", dataset="circle", layers=(4, 2)), 100, (120, 40)),
)


async def shoot(config: Config, epochs: int, size: tuple[int, int], path: Path) -> None:
    app = make_app(config)
    async with app.run_test(size=size) as pilot:
        while app.trainer is None:
            await pilot.pause(0.05)
        await pilot.pause()
        app.command("step", epochs)
        app.render_now()
        await pilot.pause()
        app.save_screenshot(path.name, str(path.parent))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="screenshots", type=Path)
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rsvg = shutil.which("rsvg-convert")
    for stem, config, epochs, size in SHOTS:
        svg = args.out / f"{stem}.svg"
        asyncio.run(shoot(config, epochs, size, svg))
        print(svg)
        if rsvg:
            png = svg.with_suffix(".png")
            subprocess.run([rsvg, "-w", str(size[0] * 12), str(svg), "-o", str(png)], check=True)
            print(png)


if __name__ == "__main__":
    main()
