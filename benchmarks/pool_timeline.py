"""Where a pooled run's time goes, task by task.  A script, not a test.

    python benchmarks/pool_timeline.py [--reps 100000] [--workers 16]

Runs `execute` as `scenarios run` does, with every task timed where it runs: when it started and ended, its
CPU time, its page faults, which worker ran it, and when the parent took its result.  Then it says what the
pool's efficiency is lost to: workers starting late, workers idle between tasks, tasks slower than one process
alone (CPU time short of wall time: the worker waited for a core; CPU time itself longer: the cores slow each
other), or the parent taking results late.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"


def timed_unit(config, unit):
    """simulate_unit, with when and how it ran attached to its result (pickled with it)."""
    import os

    from scenarios.execution.simulate import simulate_unit

    faults, cpu, start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time(), time.time()
    result = simulate_unit(config, unit)
    result.timing = {"pid": os.getpid(), "start": start, "end": time.time(), "cpu": time.process_time() - cpu,
                     "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults, "rows": unit.count}
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=16)
    args = parser.parse_args()
    import pool_timeline  # this file by its module name, so the workers can unpickle timed_unit

    from scenarios import orchestrate
    from scenarios.config.loader import load_config

    taken = []
    simulated = orchestrate._simulated

    def traced(config, units, arms):
        for unit, result in simulated(config, units, arms):
            taken.append((result.timing, time.time()))
            yield unit, result

    orchestrate.simulate_unit, orchestrate._simulated = pool_timeline.timed_unit, traced
    cfg = load_config(CONFIG, [f"replications={args.reps}", f"execution.workers={args.workers}"])
    with tempfile.TemporaryDirectory() as d:
        t0 = time.time()
        result = orchestrate.execute(cfg, Path(d))
        end = time.time()
    in_run = result.manifest["wall_seconds"]
    begin = end - in_run  # the run's own clock starts after the fork server is ready
    tasks = [t for t, _ in taken]
    workers = sorted({t["pid"] for t in tasks})
    busy = sum(t["end"] - t["start"] for t in tasks)
    cpu = sum(t["cpu"] for t in tasks)
    rows = sum(t["rows"] for t in tasks)
    print(f"7 arms x {args.reps:,}, {args.workers} workers: {len(tasks)} tasks on {len(workers)} workers; "
          f"{in_run:.2f} s on the run's clock ({end - t0:.2f} s with its set-up)")
    print(f"task time, summed: {busy:.2f} s wall, {cpu:.2f} s CPU ({cpu / busy:.0%}); "
          f"{busy / rows * 1e6:.1f} us wall per replication-arm in a task, {cpu / rows * 1e6:.1f} us CPU")
    print(f"workers busy {busy / (len(workers) * in_run):.0%} of the run's clock x workers")
    firsts = [min(t["start"] for t in tasks if t["pid"] == p) - begin for p in workers]
    lasts = [end - max(t["end"] for t in tasks if t["pid"] == p) for p in workers]
    print(f"first task began after {min(firsts):.2f}-{max(firsts):.2f} s (median {statistics.median(firsts):.2f}); "
          f"last task ended {min(lasts):.2f}-{max(lasts):.2f} s before the end (median {statistics.median(lasts):.2f})")
    gaps = []
    for p in workers:
        mine = sorted((t["start"], t["end"]) for t in tasks if t["pid"] == p)
        gaps += [b[0] - a[1] for a, b in zip(mine, mine[1:], strict=False)]
    if gaps:
        print(f"idle between a worker's tasks: {sum(gaps):.2f} s in all, median {statistics.median(gaps) * 1e3:.0f} "
              f"ms, max {max(gaps) * 1e3:.0f} ms")
    order = {}
    for p in workers:
        for k, t in enumerate(sorted((t for t in tasks if t["pid"] == p), key=lambda t: t["start"])):
            order.setdefault(min(k, 2), []).append(t)
    for k, group in sorted(order.items()):
        per = [(t["end"] - t["start"]) / t["rows"] * 1e6 for t in group]
        print(f"{['first', 'second', 'later'][k]:>6} tasks of a worker: {statistics.median(per):6.1f} us wall per "
              f"replication-arm (median), CPU {statistics.median(t['cpu'] / t['rows'] * 1e6 for t in group):6.1f}, "
              f"page faults {statistics.median(t['faults'] for t in group):,.0f}")
    lags = [took - t["end"] for t, took in taken]
    print(f"parent took a result {statistics.median(lags) * 1e3:.0f} ms after it was ready (median), max "
          f"{max(lags) * 1e3:.0f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
