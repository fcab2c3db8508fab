"""The machine's load next to every benchmark figure: a figure measured beside
other work says so, instead of hiding it.

    load_line()   "load 3.10 2.80 2.50 on 2 cores (uptime 19:40:01)", with a
                  warning line when the 1-minute load is above the core count
    CpuShare      the share of the cores this process actually got over a
                  stretch of wall time (os.times: user + system of the process
                  and its children, over wall time x cores)
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field


def cores() -> int:
    return os.cpu_count() or 1


def load_line() -> str:
    """The load average and core count, and a warning when the machine is loaded."""
    one, five, fifteen = os.getloadavg()
    line = f"load {one:.2f} {five:.2f} {fifteen:.2f} on {cores()} cores ({time.strftime('%H:%M:%S', time.gmtime())} UTC)"
    if one > cores():
        line += (f"\nWARNING: loaded machine: load average {one:.1f} is above the {cores()} cores; "
                 "absolute figures are low, compare ratios measured in one run")
    return line


@dataclass
class CpuShare:
    """with CpuShare() as share: ...; then share.of_cores: CPU seconds used by
    this process over (wall seconds x cores), 0..1; share.cpu, share.wall."""

    cpu: float = 0.0
    wall: float = 0.0
    _start: tuple = field(default=(), repr=False)

    def __enter__(self) -> "CpuShare":
        t = os.times()
        self._start = (t.user + t.system, time.perf_counter())
        return self

    def __exit__(self, *exc) -> None:
        t = os.times()
        self.cpu = t.user + t.system - self._start[0]
        self.wall = time.perf_counter() - self._start[1]

    @property
    def of_cores(self) -> float:
        return self.cpu / (self.wall * cores()) if self.wall > 0 else 0.0
