"""Where the model's time per replication goes: a fixed cost per batch (Python running ~1,000 numpy calls a
month whatever the batch's size) and a marginal cost per replication (numpy's kernels over the batch's arrays),
against the random-number floor (docs/scaling.md, "The model against the random-number floor").

    python benchmarks/batch_cost.py [--arms status_quo,endogenous] [--rounds 5]

For each arm, one process simulates the same unit again and again (its parameter draws come from the cache, as
in scaling.py's "model alone"), at several batch sizes in alternation; the best time of each size is fitted with
time = fixed + marginal x replications (least squares).  "model" leaves the monthly series raw; "+ histograms"
bins them too, as a worker does.  The floor is numpy drawing one replication's 672 uniforms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from scaling import CONFIG, rng_floor_us

SIZES = (64, 1024, 8192, 16384)  # four: the draw cache keeps four batches, so rounds after the first hit it


def seconds(config, arm: str, n: int, binned: bool) -> float:
    from scenarios.design import WorkUnit
    from scenarios.execution.simulate import simulate_unit

    unit = WorkUnit(arm, 0, n)
    start = time.perf_counter()
    simulate_unit(config, unit, binned=binned)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arms", default="status_quo,endogenous")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit
    from scenarios.execution.simulate import simulate_unit

    config = load_config(CONFIG, [f"replications={max(SIZES)}"])
    floor = min(rng_floor_us() for _ in range(3))
    print(f"random-number floor: {floor:.2f} µs per replication (numpy, 672 uniforms)")
    print(f"{'arm':>12} {'stage':>14} {'fixed/batch':>12} {'marginal':>10} {'x floor':>8} {'at 8,192':>9} "
          f"{'x floor':>8}")
    for arm in args.arms.split(","):
        for binned, stage in ((False, "model"), (True, "+ histograms")):
            simulate_unit(config, WorkUnit(arm, 0, max(SIZES)), binned=binned)  # warm: draws cached, tables built
            best = {n: float("inf") for n in SIZES}
            for _ in range(args.rounds):
                for n in SIZES:
                    best[n] = min(best[n], seconds(config, arm, n, binned))
            sizes = np.array(SIZES, dtype=float)
            marginal, fixed = np.polyfit(sizes, np.array([best[n] for n in SIZES]), 1)
            at_batch = best[8192] / 8192 * 1e6
            print(f"{arm:>12} {stage:>14} {fixed * 1e3:>9.1f} ms {marginal * 1e6:>7.1f} µs "
                  f"{marginal * 1e6 / floor:>7.1f}x {at_batch:>6.1f} µs {at_batch / floor:>7.1f}x")


if __name__ == "__main__":
    main()
