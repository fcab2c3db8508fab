"""Where numba caches the compiled kernels: a folder named by their sources.

numba's own cache notices an edit to engine/kernels.py only, but the kernels
inline code from other modules (fdmath's tanh, the activations, losses and
optimizers). So the cache goes in a folder named by the hash of all of them:
an edit to any compiles afresh, and a checkout with the same sources (another
worktree, a reinstall) finds the kernels already compiled.

Imported by engine.compiled (without numba) and engine.kernels (its locator).
"""

from __future__ import annotations

import hashlib
import os

# Every engine module that engine/kernels.py imports: their numba code is compiled
# into the kernels (fdarray, the array forms beside each activation, only rides
# along with activations.py, but an edit there costs one recompile, not a stale cache).
SOURCES = ("kernels.py", "fdmath.py", "activations.py", "losses.py", "optimizers.py", "fdarray.py")
HERE = os.path.dirname(os.path.abspath(__file__))


def source_hash() -> str:
    """12 hex digits of the SHA-256 of SOURCES' contents, in that order."""
    digest = hashlib.sha256()
    for name in SOURCES:
        with open(os.path.join(HERE, name), "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:12]


def cache_dirs() -> list[str]:
    """Where the kernels' numba cache may go, in order of preference, each a
    folder named by source_hash(): under NUMBA_CACHE_DIR when set (numba's own
    rule: then nowhere else), else the user's cache folder (one compile serves
    every checkout of the same sources), else next to the package."""
    name = f"kernels-{source_hash()}"
    chosen = os.environ.get("NUMBA_CACHE_DIR")
    if chosen:
        return [os.path.join(chosen, name)]
    return [os.path.join(user_cache(), name), os.path.join(HERE, "__pycache__", name)]


def user_cache() -> str:
    """spiral-tui's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache)."""
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "spiral-tui")
