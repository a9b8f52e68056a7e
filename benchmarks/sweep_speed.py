"""Time a 10 x 10 grid sweep, 1,000 replications per point and 2 arms (200,000 replications), with 1 and 2
workers (a script, not a timed test).

    python benchmarks/sweep_speed.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    timings = {}
    for workers in (1, 2):
        with tempfile.TemporaryDirectory() as runs:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "scenarios.cli", "sweep", str(ROOT / "configs" / "lethal_aid.yaml"),
                            "--param", "parameters.china.restraint=0:1:10", "--param", "parameters.us.p_trump=0:1:10",
                            "--arm", "status_quo", "--arm", "direct_155", "--reps", "1000", "--workers", str(workers),
                            "--runs-dir", runs, "--quiet", "--no-plots"], check=True, capture_output=True)
            timings[workers] = time.perf_counter() - t
        print(f"10x10 grid x 2 arms x 1,000 replications, {workers} worker(s): {timings[workers]:.1f} s "
              f"({200_000 / timings[workers]:,.0f} replications/s, whole command)")
    print(f"speed-up from 1 to 2 workers: {timings[1] / timings[2]:.2f}x")


if __name__ == "__main__":
    main()
