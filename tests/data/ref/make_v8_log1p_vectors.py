"""Regenerate v8_log1p_vectors.json: Math.log1p from a local node (V8), as bit patterns.

Run: python tests/data/ref/make_v8_log1p_vectors.py   (needs `node` on PATH)
"""

import json
import subprocess
from pathlib import Path

import numpy as np

SCRIPT = (
    "const ls=require('fs').readFileSync(0,'utf8').trim().split('\\n');"
    "const b=new BigUint64Array(1),f=new Float64Array(b.buffer);"
    "const h=v=>{f[0]=v;return b[0].toString(16)};"
    "process.stdout.write(ls.map(s=>{b[0]=BigInt('0x'+s);return h(Math.log1p(f[0]))}).join('\\n'))"
)
# High words where fdlibm's log1p changes branch, and values just around them.
THRESHOLDS = (0xBFD2BEC4, 0xBFD2BEC3, 0x3FDA827A, 0x3FDA8279, 0x43400000, 0x3E200000, 0x3C900000, 0x3FF00000,
              0xBFF00000, 0x7FF00000)


def arguments() -> np.ndarray:
    rng = np.random.default_rng(11)
    n = 300
    edges = [(hi << 32) | lo for hi in THRESHOLDS for lo in (0, 1, 0xFFFFFFFF)]
    return np.concatenate([
        rng.uniform(-1, 1, n), rng.uniform(-1, 50, n), np.exp(rng.uniform(-40, 40, n)),
        -np.exp(rng.uniform(-40, 0, n)), np.ldexp(rng.uniform(1, 2, n), rng.integers(-1074, 1024, n)),
        rng.integers(0, 2**64 - 1, n, dtype=np.uint64).view(np.float64),
        np.array(edges, dtype=np.uint64).view(np.float64),
        [0.0, -0.0, -1.0, np.inf, -np.inf, 5e-324, -5e-324, 1e-300, -0.5, 1.0],
    ])


def main() -> None:
    xs = arguments()
    stdin = "\n".join(f"{b:x}" for b in xs.view(np.uint64)) + "\n"
    out = subprocess.run(["node", "-e", SCRIPT], input=stdin, capture_output=True, text=True, check=True)
    version = subprocess.run(["node", "-p", "process.versions.v8"], capture_output=True, text=True).stdout.strip()
    pairs = [[f"{b:016x}", r.rjust(16, "0")] for b, r in zip(xs.view(np.uint64), out.stdout.split())]
    path = Path(__file__).with_name("v8_log1p_vectors.json")
    rows = ",\n".join(json.dumps(p) for p in pairs)
    path.write_text(f'{{"v8": {json.dumps(version)},\n"x_and_log1p_bits": [\n{rows}\n]}}\n')


if __name__ == "__main__":
    main()
