"""Throughput and memory of `scenarios run` on configs/lethal_aid.yaml (a script, not a timed test).

    python benchmarks/throughput.py            # batch size 1 vs default, 100,000 replications of one arm
    python benchmarks/throughput.py --million  # also peak memory for 1,000,000 replications of one arm

Each measurement runs the full pipeline (model, Parquet, summary) in a fresh process, which reports its
wall time and peak resident memory (its own and its workers').
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
from scenarios.config.loader import load_config
from scenarios.orchestrate import execute
arm, reps, batch, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cfg = load_config(sys.argv[5], [f"replications={reps}", f"execution.batch_size={batch}",
                               f"execution.workers={workers}"])
t = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    execute(cfg, Path(d), [arm])
wall = time.perf_counter() - t
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"wall_s": wall, "peak_mb": peak / 1024}))
"""


def measure(arm: str, reps: int, batch: int, workers: int = 1) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, arm, str(reps), str(batch), str(workers), str(CONFIG)],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result.update(arm=arm, reps=reps, batch_size=batch, workers=workers, reps_per_s=reps / result["wall_s"])
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--million", action="store_true", help="also measure 1,000,000 replications")
    parser.add_argument("--arm", default="status_quo")
    args = parser.parse_args()
    from scenarios.config.loader import load_config
    default_batch = load_config(CONFIG).execution.batch_size
    rows = [measure(args.arm, 300, 1), measure(args.arm, 100_000, default_batch),
            measure(args.arm, 100_000, default_batch, workers=2), measure("endogenous", 100_000, default_batch),
            measure("endogenous", 100_000, default_batch, workers=2)]
    if args.million:
        rows.append(measure(args.arm, 1_000_000, default_batch, workers=2))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    print(f"{'arm':12} {'reps':>9} {'batch':>6} {'workers':>7} {'wall s':>8} {'reps/s':>9} {'peak MB':>8}")
    for r in rows:
        print(f"{r['arm']:12} {r['reps']:>9,} {r['batch_size']:>6} {r['workers']:>7} {r['wall_s']:>8.2f} "
              f"{r['reps_per_s']:>9,.0f} {r['peak_mb']:>8.0f}")
    ratio = rows[1]["reps_per_s"] / rows[0]["reps_per_s"]
    print(f"default batch ({default_batch}) vs batch 1, one worker: {ratio:,.0f}x faster")


if __name__ == "__main__":
    main()
