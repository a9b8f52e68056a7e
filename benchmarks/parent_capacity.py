"""How fast can a pooled run's parent take results?  A script, not a test.

    python benchmarks/parent_capacity.py [--reps 100000] [--workers 2]

The workers return results computed before the run (one per arm and batch size, read from a file) instead of
simulating, so the run goes as fast as its parent can receive, write and summarise what a real run sends it:
the same bytes per replication-arm, the same files.  The replication-arms per second it reaches are the most
that any number of workers could deliver through this parent; compared with what one worker computes, that
says how many workers the parent can keep up with.  With `--workers 1` there is no pool: the parent's own work
without the transfer.  On a machine with few cores the canned workers take cores the parent's threads would
have, so the figure is a lower bound there.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"
CANNED = "SCENARIOS_CANNED_RESULTS"  # the file of precomputed results, named in the environment for the workers
_canned: dict = {}


def canned_unit(config, unit):
    """The precomputed result for the unit's arm and size, relabelled as this unit."""
    if not _canned:
        _canned.update(pickle.loads(Path(os.environ[CANNED]).read_bytes()))
    return replace(_canned[(unit.arm, unit.count, unit.with_parameters)], unit=unit)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import parent_capacity  # this file by its module name, so the workers can unpickle canned_unit

    from scenarios import orchestrate
    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit, work_units
    from scenarios.execution.executors import with_kernel
    from scenarios.execution.simulate import simulate_to_arrow
    from scenarios.storage.run_dir import OutcomeWriter

    # the kernel a run uses (`auto` resolved), so that the worker's pace below is the one a run has
    config = with_kernel(load_config(CONFIG, [f"replications={args.reps}", f"execution.workers={args.workers}"]))
    rows = len(config.arms) * args.reps
    kinds = {(u.arm, u.count, u.with_parameters): u for u in work_units(config, list(config.arms), 8192)}
    results = {key: simulate_to_arrow(config, unit) for key, unit in kinds.items()}
    t = time.perf_counter()  # a worker's steady pace: a fresh batch, its draws made once for all arms
    for arm in config.arms:
        simulate_to_arrow(config, WorkUnit(arm, 10 * 8192, 8192, with_parameters=arm == next(iter(config.arms))))
    worker_us = (time.perf_counter() - t) / (len(config.arms) * 8192) * 1e6

    with tempfile.TemporaryDirectory() as d:
        canned = Path(d) / "canned.pickle"
        canned.write_bytes(pickle.dumps(results))
        os.environ[CANNED] = str(canned)  # the fork server, started below, passes it on to the workers
        orchestrate.simulate_to_arrow = parent_capacity.canned_unit
        encoders = timed_encoders(OutcomeWriter)
        before, main_before = resource.getrusage(resource.RUSAGE_SELF), time.thread_time()
        result = orchestrate.execute(config, Path(d) / "runs")
        after, main = resource.getrusage(resource.RUSAGE_SELF), time.thread_time() - main_before
        encoder = sum(encoders.values())
    seconds = result.manifest["wall_seconds"]
    parent_us = seconds / rows * 1e6
    total = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"{len(config.arms)} arms x {args.reps:,} replications, "
          f"{'no pool' if args.workers == 1 else f'{args.workers} canned workers'}: {seconds:.2f} s on the run's "
          f"clock, {parent_us:.2f} us per replication-arm ({rows / seconds:,.0f} per second)")
    print(f"the parent's CPU per replication-arm: {total / rows * 1e6:.2f} us in all its threads: main "
          f"{main / rows * 1e6:.2f}, Parquet encoders {encoder / rows * 1e6:.2f} ("
          + ", ".join(f"{name} {cpu / rows * 1e6:.2f}" for name, cpu in encoders.items()) + "), "
          f"the rest (the pool's and the summary's threads) "
          f"{(total - main - encoder) / rows * 1e6:.2f}")
    busiest = max(main, *encoders.values()) / rows * 1e6
    print(f"one worker computes a replication-arm in {worker_us:.1f} us ({config.execution.kernel} model; a "
          f"batch's 7 arms, its draws once): the parent kept pace with about {worker_us / parent_us:.0f} such "
          f"workers here; its busiest thread alone ({busiest:.2f} us) would allow {worker_us / busiest:.0f}")


def timed_encoders(writer_class) -> dict[str, float]:
    """CPU seconds each file's encoding thread spends encoding (its thread's CPU clock around every row group),
    filled in as the run writes: the threads end when their files close."""
    cpu: dict[str, float] = {}
    encode = writer_class._encode

    def timed(self, table):
        start = time.thread_time()
        try:
            encode(self, table)
        finally:
            cpu[self.path.name] = cpu.get(self.path.name, 0.0) + time.thread_time() - start

    writer_class._encode = timed
    return cpu


if __name__ == "__main__":
    main()
