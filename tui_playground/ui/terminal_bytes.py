"""What reaches the terminal: the bytes frames are paced by (see pacing.py)."""

from __future__ import annotations

from .pacing import FramePacer, byte_budget


class ByteCounting:
    """App mixin: `bytes_written` counts what the driver writes, and `pacer`
    paces frames by the fps cap and the byte budget, watching that count."""

    bytes_written: int = 0

    def make_pacer(self, max_kbps: float | None, environ) -> FramePacer:
        return FramePacer(*byte_budget(max_kbps, environ), total_bytes=lambda: self.bytes_written)

    def count_bytes(self) -> None:
        """Wrap the driver's write (not in headless tests: no terminal)."""
        driver = self._driver
        if driver is None or self.is_headless:
            return
        write = driver.write

        def counting_write(data: str) -> None:
            self.bytes_written += len(data.encode("utf-8", "replace"))
            write(data)

        driver.write = counting_write  # type: ignore[method-assign]
