"""spiral-tui: TensorFlow Playground rebuilt for the terminal."""

__version__ = "0.1.0"

import os as _os

# Our matrices are tiny (10000 x 8 at most): BLAS threads only add overhead and
# contend with the training thread (measured 4x slower grids on 2 cores).
_os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
