"""The playground's seeded random stream: an exact port of npm seedrandom 2.4.4.

The playground calls ``Math.seedrandom(seedString)`` and then draws every random
number of a run from ``Math.random()``: data generation, the shuffle, the initial
weights. Reproducing that stream bit for bit makes a playground link give the
very same run here (docs/playground.md, "The random stream").

The generator is ARC4 (RC4-drop[256]) keyed from the seed string's UTF-16 code
units; each double is built from at least seven ARC4 bytes. Everything stays in
plain Python ints: a run draws only a few thousand numbers.
"""

from __future__ import annotations

import math
from typing import Any

from . import fdmath

_WIDTH = 256  # each ARC4 output is one byte
_MASK = _WIDTH - 1
_CHUNKS = 6  # bytes taken up front for each double
_START_DENOM: int = _WIDTH**_CHUNKS  # 2^48
_SIGNIFICANCE = 2**52
_OVERFLOW = 2**53


def _utf16_code_units(text: str) -> list[int]:
    """What JavaScript's ``charCodeAt`` sees: UTF-16 code units, not code points."""
    raw = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(raw[k : k + 2], "little") for k in range(0, len(raw), 2)]


def _mix_key(seed: str) -> list[int]:
    """seedrandom's ``mixkey``: fold the seed's char codes into a key of <= 256 bytes.

    In JS unset key entries are ``undefined`` (``undefined * 19`` is NaN and
    ``smear ^= NaN`` leaves smear unchanged), so they count as 0 here.
    """
    key: list[int] = []
    smear = 0
    for j, code in enumerate(_utf16_code_units(seed)):
        slot = j & _MASK
        smear ^= (key[slot] if slot < len(key) else 0) * 19
        value = (smear + code) & _MASK
        if slot < len(key):
            key[slot] = value
        else:
            key.append(value)
    return key


class _Arc4:
    """ARC4 with seedrandom's key schedule; the first 256 output bytes are dropped."""

    def __init__(self, key: list[int]):
        key = key or [0]  # seedrandom treats the empty key as [0]
        s = list(range(_WIDTH))
        j = 0
        for i in range(_WIDTH):
            t = s[i]
            j = (j + key[i % len(key)] + t) & _MASK
            s[i] = s[j]
            s[j] = t
        self._s, self._i, self._j = s, 0, 0
        for _ in range(_WIDTH):
            self.next_byte()

    def next_byte(self) -> int:
        s = self._s
        i = self._i = (self._i + 1) & _MASK
        t = s[i]
        j = self._j = (self._j + t) & _MASK
        s[i] = s[j]
        s[j] = t
        return s[(s[i] + t) & _MASK]

    def take(self, count: int) -> int:
        """The next ``count`` bytes as one big-endian integer (seedrandom's ``g``)."""
        r = 0
        for _ in range(count):
            r = r * _WIDTH + self.next_byte()
        return r


class SeededRandom:
    """The playground's seeded random stream (``Math.seedrandom(seed); Math.random()``)."""

    def __init__(self, seed: str):
        self.seed = seed
        self._arc4 = _Arc4(_mix_key(seed))

    def random(self) -> float:
        """Like ``Math.random()``: a double in [0, 1) with all 53 bits random.

        JS keeps n and d in doubles, but every value stays exact: n is an integer
        below 2^61 that is a multiple of 256 after the first loop, the second loop
        halves it at most 8 times (so it stays an integer), and n + x < 2^53.
        Python's int / int is correctly rounded, d is a power of two, so the
        result equals JS's ``(n + x) / d``.
        """
        n = self._arc4.take(_CHUNKS)
        d = _START_DENOM
        x = 0
        while n < _SIGNIFICANCE:
            n = (n + x) * _WIDTH
            d *= _WIDTH
            x = self._arc4.take(1)
        while n >= _OVERFLOW:
            n //= 2
            d //= 2
            x >>= 1
        return (n + x) / d

    def get_state(self) -> dict[str, Any]:
        """Where the stream is: enough to continue it exactly (saved sessions)."""
        a = self._arc4
        return {"seed": self.seed, "s": list(a._s), "i": a._i, "j": a._j}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "SeededRandom":
        s, i, j = state["s"], state["i"], state["j"]
        if sorted(s) != list(range(_WIDTH)) or not (0 <= i < _WIDTH and 0 <= j < _WIDTH):
            raise ValueError("not an ARC4 state")
        rng = cls.__new__(cls)
        rng.seed = str(state["seed"])
        rng._arc4 = _Arc4.__new__(_Arc4)
        rng._arc4._s, rng._arc4._i, rng._arc4._j = list(s), i, j
        return rng

    def uniform(self, a: float, b: float) -> float:
        """The playground's ``randUniform``: ``random() * (b - a) + a``."""
        return self.random() * (b - a) + a

    def normal(self, mean: float = 0.0, variance: float = 1.0) -> float:
        """The playground's ``normalRandom`` (Marsaglia polar method, fdlibm log)."""
        while True:
            v1 = 2 * self.random() - 1
            v2 = 2 * self.random() - 1
            s = v1 * v1 + v2 * v2
            if not s > 1:
                break
        if s == 0:  # JS: sqrt(Infinity) * 0 is NaN; Python would raise instead
            return math.nan
        result = math.sqrt(-2 * fdmath.log(s) / s) * v1
        return mean + math.sqrt(variance) * result

    def shuffle(self, items: list[Any]) -> None:
        """The playground's Fisher-Yates shuffle, from the end, in place."""
        counter = len(items)
        while counter > 0:
            index = math.floor(self.random() * counter)
            counter -= 1
            items[counter], items[index] = items[index], items[counter]
