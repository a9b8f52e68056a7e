"""Two per-value costs, in one run (a script, not a timed test):

1. The monthly summaries (`SeriesAccumulator`: add two arms' series, build the table) on the model's own
   series at 200, 1,000 and 1,001 replications an arm (a sweep point has 200; past 1,000 the bins are counted);
   with --against REV, the same for that git revision, alternately, in fresh processes.
2. The Beta and Gamma inverse CDFs (`config/inversion.py`) against scipy's, ns a value, at the catalogue's
   shapes, on 8,192 uniforms.

    python benchmarks/summaries_and_draws.py [--against 638163d] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from model_speed import source_trees  # a sibling script: python benchmarks/... puts this folder on the path


SUMMARIES = """
import json, sys, time
from scenarios.analysis.timeseries import SeriesAccumulator
from scenarios.config.loader import load_config
from scenarios.design import WorkUnit
from scenarios.execution.simulate import simulate_unit
cfg = load_config(sys.argv[1])
labels = [str(t) for t in range(cfg.horizon_months)]
out = {}
for n in (200, 1000, 1001):
    data = {arm: simulate_unit(cfg, WorkUnit(arm, 0, n), binned=False).series for arm in ("status_quo", "direct_155")}
    def once():
        acc = SeriesAccumulator(cfg.horizon_months)
        for arm, series in data.items():
            acc.add(arm, series)
        acc.table(labels)
    once()
    t = time.perf_counter()
    for _ in range(10):
        once()
    out[n] = (time.perf_counter() - t) / 10 * 1e3
print(json.dumps(out))
"""


def summaries_ms(src: Path, config: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", SUMMARIES, str(config)], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def inverse_ns() -> None:
    import numpy as np
    from scipy import special

    from scenarios.config.inversion import beta_ppf, gamma_ppf

    u = np.random.default_rng(0).random(8192)

    def ns(f, *shape):
        f(*shape, u)
        t = time.perf_counter()
        for _ in range(30):
            f(*shape, u)
        return (time.perf_counter() - t) / 30 / len(u) * 1e9

    for shape in ((2.0, 2.0), (3.0, 7.0), (6.0, 4.0), (5.0, 5.0)):
        print(f"Beta{shape}: scipy {ns(special.betaincinv, *shape):.0f} ns a value, "
              f"table + Newton {ns(beta_ppf, *shape):.0f} ns")
    for shape in (1.0, 2.0, 4.0):
        print(f"Gamma({shape:g}): scipy {ns(special.gammaincinv, shape):.0f} ns a value, "
              f"table + Newton {ns(gamma_ppf, shape):.0f} ns")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--against", help="a git revision to measure the summaries of in the same run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with source_trees(args.against) as trees:
        times = {tree: [] for tree in trees}
        for _ in range(args.repeat):
            for tree, (src, config) in trees.items():
                times[tree].append(summaries_ms(src, config))
    for tree, runs in times.items():
        cells = ", ".join(f"{n} replications {statistics.median(r[n] for r in runs):.1f} ms" for n in runs[0])
        print(f"monthly summaries of 2 arms ({tree}, median of {args.repeat}): {cells}")
    inverse_ns()


if __name__ == "__main__":
    main()
