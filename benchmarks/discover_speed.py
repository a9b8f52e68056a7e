"""Scenario discovery on a 200,000-row run: `scenarios discover` vs the EMA Workbench's own pipeline on the
same table (extra-trees feature scores on all rows + PRIM over all parameter columns), in one process.

    python benchmarks/discover_speed.py [--reps 100000] [--skip-ema]

Prints seconds for: making the run, our report (all steps, 10 resamples), EMA feature scoring, EMA PRIM.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=100_000, help="replications per arm (2 arms)")
    parser.add_argument("--skip-ema", action="store_true")
    args = parser.parse_args()
    import scenarios
    from scenarios.analysis.discover_run import load_cases, run_discovery

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = scenarios.run(root / "configs" / "lethal_aid.yaml", arms=["status_quo", "direct_155"],
                               replications=args.reps, runs_dir=tmp)
        print(f"run: {2 * args.reps:,} rows in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        report, _ = run_discovery(result.path, "highend_transfer", paired=("status_quo", "direct_155"))
        ours = time.perf_counter() - t
        print(f"scenarios discover --paired (all steps): {ours:.1f} s on {os.cpu_count()} cores; "
              f"{report['sentence']}")
        t = time.perf_counter()
        report, _ = run_discovery(result.path, "highend_transfer", arm="direct_155")
        print(f"scenarios discover --arm direct_155: {time.perf_counter() - t:.1f} s")
        if args.skip_ema:
            return
        from ema_workbench.analysis import feature_scoring, prim

        x, y, _ = load_cases(result.path, "highend_transfer", "direct_155", None, None)
        t = time.perf_counter()
        feature_scoring.get_ex_feature_scores(x, y, mode=feature_scoring.RuleInductionType.CLASSIFICATION)
        scoring = time.perf_counter() - t
        print(f"EMA feature scoring, {x.shape[1]} inputs x {len(y):,} rows: {scoring:.1f} s")
        t = time.perf_counter()
        prim.Prim(x, y).find_box()
        print(f"EMA PRIM find_box over all {x.shape[1]} inputs: {time.perf_counter() - t:.1f} s "
              "(its resampling check not included)")


if __name__ == "__main__":
    main()
