"""Model speed: replications per second of the lockstep model alone (no files), per arm, and optionally the
same for another git revision in the same run, so a before/after ratio is not blurred by machine load.

    python benchmarks/model_speed.py                     # this tree
    python benchmarks/model_speed.py --against 7d05a21   # this tree and that commit, interleaved

Each measurement runs in a fresh process (`simulate_unit` on one batch of 8,192 replications after one warm-up
batch; `all`: the same replications for every arm of the config in turn, as `scenarios run` does); trees are
measured in alternation and the median of --repeat rounds is reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
import numpy as np
from scenarios.config.loader import load_config
from scenarios.design import WorkUnit
from scenarios.execution.simulate import simulate_unit
config_path, arm, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = load_config(config_path)
arms = list(cfg.arms) if arm == "all" else [arm]
simulate_unit(cfg, WorkUnit(arms[0], 0, 512))
t = time.perf_counter()
for a in arms:
    simulate_unit(cfg, WorkUnit(a, 10_000, n))
print(json.dumps({"seconds": (time.perf_counter() - t) / len(arms)}))
"""


def measure(src: Path, config: Path, arm: str, n: int) -> float:
    env_path = str(src)
    out = subprocess.run([sys.executable, "-c", CHILD, str(config), arm, str(n)], capture_output=True, text=True,
                         check=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    return n / json.loads(out.stdout.strip().splitlines()[-1])["seconds"]


@contextmanager
def source_trees(against: str | None):
    """{label: (src, config)}: this tree, and `against` checked out in a temporary git worktree (removed after)."""
    trees = {"this tree": (ROOT / "src", ROOT / "configs" / "lethal_aid.yaml")}
    with tempfile.TemporaryDirectory() as tmp:
        if against:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", tmp, against], check=True,
                           capture_output=True)
            trees[against] = (Path(tmp) / "src", Path(tmp) / "configs" / "lethal_aid.yaml")
        try:
            yield trees
        finally:
            if against:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", tmp], capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", help="a git revision to measure in the same run")
    parser.add_argument("--arms", default="status_quo,direct_155,endogenous,all",
                        help="comma-separated arms; 'all' runs every arm of the config in turn, as a run does")
    parser.add_argument("--reps", type=int, default=8192)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with source_trees(args.against) as trees:
        rates = {(t, a): [] for t in trees for a in args.arms.split(",")}
        for _ in range(args.repeat):
            for arm in args.arms.split(","):
                for tree, (src, config) in trees.items():
                    rates[(tree, arm)].append(measure(src, config, arm, args.reps))
    print(f"{'tree':>12} {'arm':>12} {'reps/s':>9} {'µs/rep':>8}")
    for (tree, arm), values in rates.items():
        rate = statistics.median(values)
        print(f"{tree:>12} {arm:>12} {rate:>9,.0f} {1e6 / rate:>8.1f}")
    if args.against:
        for arm in args.arms.split(","):
            ratio = statistics.median(rates[("this tree", arm)]) / statistics.median(rates[(args.against, arm)])
            print(f"{arm}: this tree is {ratio:.2f}x the speed of {args.against}")


if __name__ == "__main__":
    main()
