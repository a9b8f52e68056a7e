"""Where a second worker pays for its start: `--workers auto` runs in one process below
executors.AUTO_MIN_ROWS replication-arms.  A script, not a test.

    python benchmarks/auto_threshold.py [--rows 49000,70000,105000,140000,210000] [--pairs 3] [--kernel auto]

For each size (replication-arms over the main config's 7 arms), `scenarios run configs/lethal_aid.yaml --reps N
--workers 1` and `--workers 2` in alternation, `--pairs` times, whole process (a pool's start is the point):
each pair's ratio, 1 worker's time over 2 workers'.  Compare with the threshold the executor uses.  On N
cores the break-even work scales as N / (N - 1), so a 2-core machine's figure is the largest.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"
ARMS = 7


def whole(reps: int, workers: int, kernel: str, runs: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scenarios", "run", str(CONFIG), "--reps", str(reps), "--workers",
                    str(workers), "--set", f"execution.kernel={kernel}", "--quiet", "--runs-dir", str(runs)],
                   cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="49000,70000,105000,140000,210000")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--kernel", default="auto", choices=["auto", "compiled", "numpy"])
    args = parser.parse_args()

    from scenarios.execution.executors import AUTO_MIN_ROWS, resolve_kernel, usable_cores

    kernel = resolve_kernel(args.kernel)
    print(f"{usable_cores()} usable cores; kernel {kernel}; `auto` pools from {AUTO_MIN_ROWS[kernel]:,} "
          f"replication-arms")
    with tempfile.TemporaryDirectory() as runs:
        for rows in (int(r) for r in args.rows.split(",")):
            reps = max(1, rows // ARMS)
            pairs = [(whole(reps, 1, kernel, Path(runs)), whole(reps, 2, kernel, Path(runs)))
                     for _ in range(args.pairs)]
            ratios = [one / two for one, two in pairs]
            ones, twos = [one for one, _ in pairs], [two for _, two in pairs]
            print(f"{reps * ARMS:>9,} replication-arms: 1 worker {min(ones):.2f}-{max(ones):.2f} s, 2 workers "
                  f"{min(twos):.2f}-{max(twos):.2f} s; each pair {min(ratios):.2f}-{max(ratios):.2f}x "
                  f"({'ahead' if min(ratios) > 1 else 'behind' if max(ratios) < 1 else 'even'}; `auto` runs it "
                  f"{'pooled' if reps * ARMS >= AUTO_MIN_ROWS[kernel] else 'in one process'})")


if __name__ == "__main__":
    main()
