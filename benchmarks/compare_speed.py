"""Time `scenarios compare` on two runs of 7 arms x N replications (default 100,000).

    python benchmarks/compare_speed.py [--reps N] [RUN_A RUN_B]

Without run directories it first makes them (with --workers 2), the second with a changed assumption.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def scenarios(*args) -> str:
    return subprocess.run([sys.executable, "-m", "scenarios.cli", *map(str, args)], capture_output=True, text=True,
                          check=True).stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="*")
    parser.add_argument("--reps", type=int, default=100_000)
    args = parser.parse_args()
    runs = args.runs
    if not runs:
        base = Path(tempfile.mkdtemp(prefix="compare-bench-"))
        config = ROOT / "configs" / "lethal_aid.yaml"
        common = ["run", config, "--reps", args.reps, "--workers", 2, "--runs-dir", base, "--json", "--quiet"]
        runs = [json.loads(scenarios(*common))["run_dir"],
                json.loads(scenarios(*common, "--set", "parameters.china.restraint=0.9"))["run_dir"]]
    t = time.perf_counter()
    out = scenarios("compare", *runs, "--format", "json")
    wall = time.perf_counter() - t
    doc = json.loads(out)
    n = doc["comparisons"][0]["n_a"]
    print(f"compare: 2 runs, {doc['n_comparisons']} comparisons, {n:,} replications per arm: {wall:.2f} s "
          f"(whole command, including Python start-up)")


if __name__ == "__main__":
    main()
