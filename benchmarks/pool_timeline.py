"""Where a pooled run's time goes, task by task.  A script, not a test.

    python benchmarks/pool_timeline.py [--reps 100000] [--workers 16] [--sweep]

Runs `execute` as `scenarios run` does, with every task timed where it runs: when it started and ended, its
CPU time, its page faults, which worker ran it, and when the parent took its result.  Then it says what the
pool's efficiency is lost to: workers starting late, workers idle between tasks, tasks slower than one process
alone (CPU time short of wall time: the worker waited for a core; CPU time itself longer: the cores slow each
other), or the parent taking results late.  With --sweep, the same for the jobs of the Sobol sweep
(configs/sweeps/sensitivity.yaml).
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
    """A run's task (simulate_to_arrow), with when and how it ran attached to its result (pickled with it)."""
    import os

    from scenarios.execution.simulate import simulate_to_arrow

    faults, cpu, start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time(), time.time()
    result = simulate_to_arrow(config, unit)
    result.timing = {"pid": os.getpid(), "start": start, "end": time.time(), "cpu": time.process_time() - cpu,
                     "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults, "rows": unit.count}
    return result


def timed_job(base, job):
    """A sweep's run_point, with when and how it ran attached to its result."""
    import os

    from scenarios.sweep.point import run_point

    faults, cpu, start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time(), time.time()
    result = run_point(base, job)
    result.timing = {"pid": os.getpid(), "start": start, "end": time.time(), "cpu": time.process_time() - cpu,
                     "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults,
                     "rows": len(job.points) * len(job.arms) * base.replications}
    return result


def trace_run(reps: int, workers: int):
    import pool_timeline  # this file by its module name, so the workers can unpickle timed_unit

    from scenarios import orchestrate
    from scenarios.config.loader import load_config

    taken, begin = [], []
    simulated = orchestrate._simulated

    def traced(config, units, arms):
        begin.append(time.time())  # called just after the run's clock starts
        for unit, result in simulated(config, units, arms):
            taken.append((result.timing, time.time()))
            yield unit, result

    orchestrate.simulate_to_arrow, orchestrate._simulated = pool_timeline.timed_unit, traced
    cfg = load_config(CONFIG, [f"replications={reps}", f"execution.workers={workers}"])
    with tempfile.TemporaryDirectory() as d:
        t0 = time.time()
        result = orchestrate.execute(cfg, Path(d))
        end = time.time()
    return f"7 arms x {reps:,}", taken, result.manifest["wall_seconds"], t0, end, begin[0]


def trace_sweep(workers: int):
    import json

    import pool_timeline

    from scenarios.config.loader import load_config
    from scenarios.sweep import runner
    from scenarios.sweep.spec import build_spec, read_sweep_file

    taken, begin = [], []
    make_executor = runner.make_executor

    def traced_executor(*args, **kwargs):
        begin.append(time.time())  # made just after the sweep's clock starts
        return Traced(make_executor(*args, **kwargs))

    class Traced:
        def __init__(self, executor):
            self.executor = executor

        def map(self, fn, config, items):
            for done in self.executor.map(fn, config, items):
                if done.result is not None:
                    taken.append((done.result.timing, time.time()))
                yield done

    runner.run_point = pool_timeline.timed_job
    runner.make_executor = traced_executor
    sweep_file = ROOT / "configs" / "sweeps" / "sensitivity.yaml"
    extends, sets, block = read_sweep_file(sweep_file)
    base = load_config(extends, [*sets, f"execution.workers={workers}"])
    with tempfile.TemporaryDirectory() as d:
        t0 = time.time()
        path = runner.prepare(base, build_spec(block, str(sweep_file)), Path(d))
        runner.run(path)
        end = time.time()
        in_sweep = json.loads((path / "manifest.json").read_text())["wall_seconds"]
    return "the Sobol sweep (sensitivity.yaml)", taken, in_sweep, t0, end, begin[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--sweep", action="store_true", help="the Sobol sweep's jobs instead of a run's tasks")
    args = parser.parse_args()
    what, taken, in_run, t0, whole_end, begin = (trace_sweep(args.workers) if args.sweep
                                                 else trace_run(args.reps, args.workers))
    end = begin + in_run  # the clock's end: the run's or sweep's files published (a sweep's analysis follows)
    tasks = [t for t, _ in taken]
    workers = sorted({t["pid"] for t in tasks})
    busy = sum(t["end"] - t["start"] for t in tasks)
    cpu = sum(t["cpu"] for t in tasks)
    rows = sum(t["rows"] for t in tasks)
    print(f"{what}, {args.workers} workers: {len(tasks)} tasks on {len(workers)} workers; "
          f"{in_run:.2f} s on its clock ({whole_end - t0:.2f} s with its set-up)")
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
    # A pool task returns a batch's units together (a run's task: one batch, every arm), so the parent can take a
    # unit only once the task's last unit is done: timed from each unit's own end, the lag was mostly the rest of
    # its task (a median of ~290 ms at 7 x 200,000, which looked like a parent falling behind).  A task's units
    # come consecutively from one worker; timed from the first taken to the last's end (two tasks in a row of the
    # same worker, taken back to back, count as one, and the lag as at most 0).
    bursts: list[list] = []
    for t, took in taken:
        if bursts and bursts[-1][-1][0]["pid"] == t["pid"]:
            bursts[-1].append((t, took))
        else:
            bursts.append([(t, took)])
    lags = [max(0.0, burst[0][1] - max(t["end"] for t, _ in burst)) for burst in bursts]
    print(f"parent took a task's results {statistics.median(lags) * 1e3:.0f} ms after its last unit ended "
          f"(median of {len(lags)}), max {max(lags) * 1e3:.0f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
