"""Do the cores slow each other down?  A script, not a test.

    python benchmarks/core_contention.py [--batches 1024,8192] [--seconds 3]

The pool's efficiency at k workers can fall short for two reasons: the software (a serial parent, idle workers)
or the machine (k processes sharing caches, memory bandwidth, or hyper-threaded cores).  This separates them:
k independent processes, started together, each run the model on its own batch over and over, with no pool,
no parent and no files.  Their speed against one process alone is the most any pool could get from k cores.
It does this for the model at each batch size given, and for a cache-resident numpy loop as a control.  First,
it runs the model alone in this process, in a forked child and in a fork server's child (where the pool's
workers run), alternately: is a child slower than its parent?

    python benchmarks/core_contention.py --where     # only that comparison
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"


def model_work(batch: int):
    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit
    from scenarios.execution.simulate import simulate_unit

    config = load_config(CONFIG, [f"execution.batch_size={batch}"])
    first = iter(range(0, 10**9, batch))
    simulate_unit(config, WorkUnit("status_quo", 0, batch))  # warm: imports, caches
    # a new first replication each time, so its parameter draws are made, as in a run
    return lambda: simulate_unit(config, WorkUnit("status_quo", next(first), batch)), batch


def control_work(batch: int):
    import numpy as np

    x = np.random.default_rng(0).random(batch)

    def step():
        y = x
        for _ in range(200):
            y = np.exp(-y) * 0.5 + 0.25
        return y

    return step, batch


def worker(make, batch, seconds, barrier, out):
    step, reps = make(batch)
    barrier.wait()
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        step()
        n += 1
    out.put((time.perf_counter() - t) / (n * reps) * 1e6)


def per_rep_us(make, batch: int, k: int, seconds: float, method: str = "fork") -> float:
    ctx = mp.get_context(method)
    barrier, out = ctx.Barrier(k), ctx.Queue()
    procs = [ctx.Process(target=worker, args=(make, batch, seconds, barrier, out)) for _ in range(k)]
    for p in procs:
        p.start()
    times = [out.get() for _ in procs]
    for p in procs:
        p.join()
    return statistics.median(times)


def in_this_process(make, batch: int, seconds: float) -> float:
    step, reps = make(batch)
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        step()
        n += 1
    return (time.perf_counter() - t) / (n * reps) * 1e6


def where_it_runs(batch: int, seconds: float, rounds: int = 2) -> None:
    """The model alone, in this process, in a forked child, and in a child of a fork server that preloaded it
    (as the pool's workers are): a pooled task on 16 cores cost 1.35-1.4x one process's, half of it unexplained."""
    from scenarios.execution.executors import RUN_WORK, SWEEP_WORK

    mp.get_context("forkserver").set_forkserver_preload([RUN_WORK, SWEEP_WORK])
    for _ in range(rounds):
        here = in_this_process(model_work, batch, seconds)
        forked = per_rep_us(model_work, batch, 1, seconds, "fork")
        served = per_rep_us(model_work, batch, 1, seconds, "forkserver")
        print(f"model, batch {batch}, one process: {here:6.2f} us per replication in this process, {forked:6.2f} "
              f"in a forked child ({forked / here:.2f}x), {served:6.2f} in a fork server's child "
              f"({served / here:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", default="1024,8192", help="model batch sizes, comma-separated")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long each process works")
    parser.add_argument("--where", action="store_true", help="only: this process against forked children")
    args = parser.parse_args()
    import os

    cores = len(os.sched_getaffinity(0))
    counts = [k for k in (1, 2, 4, 8, 16) if k <= cores]
    where_it_runs(8192, args.seconds)
    if args.where:
        return
    print(f"{cores} usable cores; k processes work side by side, no pool; median per process")
    cases = [("model", model_work, int(b)) for b in args.batches.split(",")] + [("exp loop", control_work, 8192)]
    for name, make, batch in cases:
        alone = None
        for k in counts:
            us = per_rep_us(make, batch, k, args.seconds)
            alone = alone or us
            print(f"{name:8}, batch {batch:>5}, {k:>2} processes: {us:7.2f} us per replication, "
                  f"{alone / us:4.0%} of one process's speed each ({k * alone / us:5.1f}x one process together)")


if __name__ == "__main__":
    main()
