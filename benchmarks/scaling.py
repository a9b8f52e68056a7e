"""Scale and speed in one run (issue: use every core, Dask, start fast, store once).  A script, not a test.

    python benchmarks/scaling.py [--reps 30000] [--million] [--workers-only]

Reports, each measured in this one run (the machines are shared: compare ratios, not seconds across runs):
start-up times; the default run's start-up share; model speed per replication against the numpy random-number
floor; bytes stored per replication (and what the old layout, parameters on every row, would take); the
parent's serial CPU per replication; wall time and parallel efficiency at 1, 2, 4, ... workers (as many as
there are cores) with peak memory summed over the process tree; Dask against the local pool on the same
work; and, for worker counts beyond the cores there are, the efficiency the per-stage costs predict (an upper
bound: on 16 real cores it said 93% where 38% was measured; benchmarks/pool_timeline.py says where it goes).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "configs" / "lethal_aid.yaml"
RNG_DRAWS_PER_REPLICATION = 672  # uniform draws one status-quo replication consumes (30 months)


def seconds(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def tree_stats(pid: int, cpu: dict[int, float]) -> tuple[int, int]:
    """(resident, proportional) bytes of a process and all its descendants (Linux /proc).  Resident counts a
    page shared by the fork server and its workers once per process; proportional (PSS) splits it among them,
    so it is what the tree really occupies.  Also records each process's CPU seconds so far in `cpu` (by pid:
    the last sample stands for a process that has ended, which misses at most one interval of its CPU)."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as f:
                rss += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{p}/smaps_rollup") as f:
                pss += next(int(line.split()[1]) for line in f if line.startswith("Pss:")) * 1024
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            cpu[p] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, all threads
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError, StopIteration):
            continue
    return rss, pss


def run_cli(args: list[str]) -> dict:
    """`scenarios run ...` in a fresh process: wall, in-run wall, peak memory and CPU of its process tree."""
    with tempfile.TemporaryDirectory() as runs:
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "scenarios", "run", str(CONFIG), *args, "--runs-dir", runs,
                                 "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
        peak, cpu = [0, 0], {}

        def watch():
            while proc.poll() is None:
                peak[:] = map(max, peak, tree_stats(proc.pid, cpu))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        proc.wait()
        watcher.join()
        wall = time.perf_counter() - t
        if proc.returncode:
            raise RuntimeError(proc.stderr.read().decode()[-2000:])
        path = next(Path(runs).iterdir())
        manifest = json.loads((path / "manifest.json").read_text())
        stored = sum((path / f).stat().st_size for f in ("outcomes.parquet", "parameters.parquet"))
        return {"wall": wall, "in_run": manifest["wall_seconds"], "peak_mb": peak[0] / 2**20, "pss_mb": peak[1] / 2**20,
                "cpu": sum(cpu.values()), "rows": manifest["counts"]["rows_written"], "stored_bytes": stored}


CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
from scenarios.config.loader import load_config
from scenarios.orchestrate import execute
from scenarios.storage.run_dir import OutcomeWriter
sys.path.insert(0, "benchmarks")
from parent_capacity import timed_encoders
reps, workers = int(sys.argv[1]), int(sys.argv[2])
cfg = load_config(sys.argv[3], [f"replications={reps}", f"execution.workers={workers}"])
encoders = timed_encoders(OutcomeWriter)  # each file's encoding thread's CPU (the threads end with their files)
before = resource.getrusage(resource.RUSAGE_SELF)
main_before = time.thread_time()
t = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    execute(cfg, Path(d))
wall = time.perf_counter() - t
main = time.thread_time() - main_before
after = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": wall, "parent_cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
                  "main_cpu": main, "encoder_cpu": encoders}))
"""


def parent_cost(reps: int, workers: int) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(reps), str(workers), str(CONFIG)], capture_output=True,
                         text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def model_us_per_replication(reps: int, arm: str = "status_quo", kernel: str = "numpy") -> float:
    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit
    from scenarios.execution.simulate import simulate_unit

    config = load_config(CONFIG, [f"replications={reps}", f"execution.kernel={kernel}"])
    batch = config.execution.batch_size
    simulate_unit(config, WorkUnit(arm, 0, min(reps, 256)))  # warm
    t = time.perf_counter()
    for first in range(0, reps, batch):
        simulate_unit(config, WorkUnit(arm, first, min(batch, reps - first)))
    return (time.perf_counter() - t) / reps * 1e6


def model_alone_us(arm: str = "status_quo", batch: int = 8192, kernel: str = "numpy") -> float:
    """The model without its parameter draws: one batch again and again, so the draws come from the cache."""
    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit
    from scenarios.execution.simulate import simulate_unit

    config = load_config(CONFIG, [f"execution.kernel={kernel}"])
    simulate_unit(config, WorkUnit(arm, 0, batch))
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        simulate_unit(config, WorkUnit(arm, 0, batch))
        best = min(best, time.perf_counter() - t)
    return best / batch * 1e6


def draws_us_per_replication(batches: int = 8, batch: int = 8192) -> float:
    """Drawing one replication's parameters (distinct batches, so none comes from the draw cache)."""
    import numpy as np

    from scenarios.config.loader import load_config
    from scenarios.design import draw_parameters
    from scenarios.randomness import Streams

    config = load_config(CONFIG)
    t = time.perf_counter()
    for b in range(batches):
        draw_parameters(config, Streams(config.seed, np.arange(b * batch, (b + 1) * batch, dtype=np.uint64)))
    return (time.perf_counter() - t) / (batches * batch) * 1e6


def rng_floor_us(reps: int = 100_000) -> float:
    import numpy as np

    rng = np.random.default_rng(1)
    t = time.perf_counter()
    for first in range(0, reps, 8192):
        rng.random((min(8192, reps - first), RNG_DRAWS_PER_REPLICATION))
    return (time.perf_counter() - t) / reps * 1e6


def old_layout_bytes(reps: int) -> int:
    """What outcomes.parquet would take with every replication's draws on every arm's row (the old layout)."""
    from scenarios import api
    from scenarios.storage import run_dir as store

    with tempfile.TemporaryDirectory() as d:
        result = api.run(CONFIG, replications=reps, runs_dir=d, workers=1)
        writer = store.OutcomeWriter(Path(d) / "joined.parquet")
        from scenarios.storage.tables import read_outcomes

        writer.write(read_outcomes(result.path))
        writer.close()
        return (Path(d) / "joined.parquet").stat().st_size


def scaling(reps: int, cores: int) -> dict:
    """7 arms x `reps` at 1, 2, 4, ... workers: efficiency on the run's clock (which starts with the model loaded
    where it runs, in this process or in the fork server) and over the whole process."""
    results = {}
    counts = [w for w in (1, 2, 4, 8, 16) if w <= cores]
    for w in counts:
        results[w] = run_cli(["--reps", str(reps), "--workers", str(w)])
    one = results[1]
    for w in counts:
        r = results[w]
        print(f"7 arms x {reps:,}, {w:>2} worker(s): {r['in_run']:6.2f} s in the run, {r['wall']:6.2f} s "
              f"wall; efficiency {one['in_run'] / (w * r['in_run']):4.0%} in the run, "
              f"{one['wall'] / (w * r['wall']):4.0%} whole; peak memory of the process tree "
              f"{r['peak_mb']:6.0f} MB resident summed, {r['pss_mb']:6.0f} MB proportional (shared pages once)")
    for w in counts[1:]:  # what other tenants' load cannot blur: the work itself
        r = results[w]
        print(f"{w:>2} workers: CPU of the process tree {r['cpu']:.2f} s against {one['cpu']:.2f} s with one "
              f"({r['cpu'] / one['cpu']:.2f}x the work); on {w} idle cores the whole process could be at most "
              f"{one['cpu'] / r['cpu']:.0%} efficient, less its serial start-up")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=30_000, help="replications per arm for the scaling runs")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 replications of one arm")
    parser.add_argument("--workers-only", action="store_true",
                        help="only the runs at 1, 2, 4, ... workers (a lent 16-core machine's time is short)")
    args = parser.parse_args()
    from scenarios.execution.executors import usable_cores

    cores = usable_cores()
    exe = [sys.executable, "-m", "scenarios"]
    print(f"{cores} usable cores, Python {sys.version.split()[0]}")

    if args.workers_only:
        scaling(args.reps, cores)
        return
    bad = Path(tempfile.mkdtemp()) / "bad.yaml"
    bad.write_text("name: x\nseed: oops\n")
    print(f"start-up (median of 5): --help {seconds(exe + ['--help']):.2f} s, --version "
          f"{seconds(exe + ['--version']):.2f} s, a config error {seconds(exe + ['validate', str(bad)]):.2f} s")

    default = run_cli([])
    print(f"default run (7 arms x 2,000): {default['wall']:.2f} s wall, {default['in_run']:.2f} s in the run: "
          f"start-up and finish {1 - default['in_run'] / default['wall']:.0%} of the time")

    floor = rng_floor_us()
    sizes = [1_000, 10_000, 100_000] + ([1_000_000] if args.million else [])
    for kernel in ("numpy", "compiled"):
        for reps in sizes:
            us = model_us_per_replication(reps, kernel=kernel)
            print(f"model ({kernel}), status_quo, {reps:>9,} replications, one core: {us:6.1f} us/replication = "
                  f"{1e6 / us:8,.0f} reps/s per core; {us / floor:5.1f}x the numpy floor ({floor:.2f} us for "
                  f"{RNG_DRAWS_PER_REPLICATION} uniforms)")

    draws = draws_us_per_replication()
    print(f"parameter draws: {draws:.1f} us per replication, made once per batch for all 7 arms (once per arm "
          f"before: {6 * draws / 7:.1f} us per replication-arm saved)")
    for kernel in ("numpy", "compiled"):
        alone = model_alone_us(kernel=kernel)
        print(f"model alone ({kernel}; a batch of 8,192 with its draws cached, best of 3): {alone:.1f} "
              f"us/replication = {alone / floor:.1f}x the numpy floor")

    rows = 7 * args.reps
    serial = parent_cost(args.reps, 1)
    small, pooled = parent_cost(args.reps // 4, min(2, cores)), parent_cost(args.reps, min(2, cores))
    # the parent's cost per replication-arm at the margin: fixed costs (pool start, summary) cancel out
    margin = rows - 7 * (args.reps // 4)
    total_us = (pooled["parent_cpu"] - small["parent_cpu"]) / margin * 1e6
    main_us = (pooled["main_cpu"] - small["main_cpu"]) / margin * 1e6
    # the main thread collects results (and reads the workers' hand-off files); each Parquet file is encoded on a
    # thread of its own beside it, so the serial bound is the busiest of those threads, not their sum
    encoders = {name: (pooled["encoder_cpu"].get(name, 0.0) - small["encoder_cpu"].get(name, 0.0)) / margin * 1e6
                for name in pooled["encoder_cpu"]}
    rest_us = total_us - main_us - sum(encoders.values())
    parent_us = max(main_us, rest_us, *encoders.values())
    worker_us = serial["wall"] / rows * 1e6
    print(f"parent's CPU with a pool, at the margin, per replication-arm: {total_us:.1f} us in all its threads: "
          f"{main_us:.1f} main, " + ", ".join(f"{us:.1f} encoding {name}" for name, us in encoders.items())
          + f", {rest_us:.1f} the pool's own threads; serial bound (the busiest): {parent_us:.1f} us (the process, "
          f"fixed costs included: {pooled['parent_cpu'] / rows * 1e6:.1f}); the model on one core: {worker_us:.1f} us")

    results = scaling(args.reps, cores)
    per_rep = results[1]["stored_bytes"] / results[1]["rows"]
    old = old_layout_bytes(args.reps) / results[1]["rows"]
    print(f"stored: {per_rep:.0f} bytes per replication-arm (outcomes + parameters); with the draws on every "
          f"row, as before: {old:.0f} ({old / per_rep:.1f}x)")
    dask = run_cli(["--reps", str(args.reps), "--workers", str(min(2, cores)), "--executor", "dask"])
    local = results[min(2, cores)]
    print(f"dask (local cluster, {min(2, cores)} workers) vs local pool on the same work: {dask['in_run']:.2f} s vs "
          f"{local['in_run']:.2f} s in the run ({dask['wall']:.2f} vs {local['wall']:.2f} s wall)")
    for n in (n for n in (4, 8, 16) if n > cores):  # only where it cannot measure; on 16 real cores this
        # model of the stages said 93% where 38% was measured (docs/scaling.md): read it as an upper bound
        pace = max(worker_us / n, parent_us)  # per replication-arm: the slowest stage sets it
        parent_cores = total_us / pace  # the parent's threads need cores too, beside n workers on n cores
        predicted = (worker_us / n) / pace * n / (n + parent_cores)
        print(f"predicted efficiency at {n:>2} workers on {n} cores from the per-stage costs (the parent's "
              f"busiest thread bounds the pace; its threads take {parent_cores:.1f} cores): at most "
              f"{predicted:.0%}")
    print_plan_bounds(args.reps)


def print_plan_bounds(reps: int) -> None:
    """The plan's own bound on the efficiency at 2-16 workers (`tasks.plan_finish`: the tasks as they are cut
    and handed out, nothing of starting, sending or writing), for this benchmark's size and for 1,000,000: with
    the compiled model 7 x 100,000 lasts well under a second on 16 workers, and how its 13 batches divide is
    already a loss."""
    from scenarios.execution.tasks import DRAW_SHARE, plan_finish, tail_pieces

    share = DRAW_SHARE["compiled"]
    for size in dict.fromkeys((reps, 1_000_000)):
        counts = [8192] * (size // 8192) + ([size % 8192] if size % 8192 else [])
        one = sum(counts) * (7 + share)  # one worker: each batch drawn once
        bounds = []
        for n in (2, 4, 8, 16):
            sized = max(0, len(counts) - n)
            pieces = tail_pieces(counts, 7, n, sized, share)
            bounds.append(f"{n} workers {one / (n * plan_finish(counts, 7, n, sized, share, pieces)):.0%} "
                          f"({pieces} task{'s' if pieces > 1 else ''} a tail batch)")
        print(f"the plan's own bound, 7 arms x {size:,} ({len(counts)} batches; compiled model): " + ", ".join(bounds))


if __name__ == "__main__":
    main()
