"""The compiled model (model/compiled) against the Mesa model and the random-number floor, in one run
(docs/scaling.md, "The compiled model").

    python benchmarks/compiled_kernels.py [--arms status_quo,direct_155,endogenous] [--reps 8192] [--rounds 5]

For each arm, the same batch (its parameter draws made once, outside the timing) is simulated by both models,
best of `--rounds`: the Mesa model (`LethalAidModel(...).run()`) and the compiled one (`compiled.simulate`, its
conversion of the outcomes included; the parameters' packing, made once for a batch's arms, is reported apart);
then the whole unit of work as a run's worker does it (`simulate_unit`: the draws, the model, the histograms),
with each kernel.  The floor is numpy drawing one replication's 672 uniforms, measured in every round beside the
models (this machine's speed drifts by a third within minutes, the floor's more than the model's), so each
arm's ratios are to the floor of its own rounds.  It also reports what a process pays
before its first compiled batch: importing numba and the kernel, and loading the compiled code from the cache.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import numpy as np

from scaling import CONFIG, rng_floor_us


def best_of(rounds: int, fn) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--arms", default="status_quo,direct_155,endogenous")
    parser.add_argument("--reps", type=int, default=8192)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    load = subprocess.run([sys.executable, "-c", "import time; t = time.perf_counter(); "
                           "import scenarios.model.compiled as c, numpy as np; "
                           "from scenarios.config.loader import load_config; "
                           "from scenarios.design import draw_parameters, model_setup; "
                           "from scenarios.randomness import Streams; "
                           f"cfg = load_config({str(CONFIG)!r}, ['replications=1']); "
                           "s = Streams(cfg.seed, np.arange(1, dtype=np.uint64)); "
                           "i = time.perf_counter(); c.simulate(model_setup(cfg, 'status_quo'), "
                           "draw_parameters(cfg, s), s); e = time.perf_counter(); "
                           "print(f'{i - t:.2f} {e - i:.2f}')"], capture_output=True, text=True, check=True)
    imported, first = load.stdout.split()
    print(f"a new process: import of numba and the kernel {imported} s, its first batch (the cached code "
          f"loaded; a fresh installation compiles here, ~25 s) {first} s")

    from scenarios.config.loader import load_config
    from scenarios.design import WorkUnit, draw_parameters, model_setup
    from scenarios.execution.simulate import simulate_unit
    from scenarios.model import compiled
    from scenarios.model.compiled.params import pack
    from scenarios.model.lethal_aid import LethalAidModel
    from scenarios.randomness import Streams

    config = load_config(CONFIG, [f"replications={args.reps}"])
    kernels = {kernel: config.model_copy(update={"execution": config.execution.model_copy(update={"kernel": kernel})})
               for kernel in ("numpy", "compiled")}
    replications = np.arange(args.reps, dtype=np.uint64)
    params = draw_parameters(config, Streams(config.seed, replications))
    per = args.reps / 1e6
    packing = best_of(args.rounds, lambda: pack(params))
    print(f"batch {args.reps:,}; packing the parameters for the kernel {packing / per:.2f} µs (once a batch: the "
          f"arms share it); the floor: numpy's 672 uniforms a replication, in each arm's rounds")
    print(f"{'arm':>12} {'floor':>8} {'Mesa model':>11} {'x floor':>8} {'compiled':>9} {'x floor':>8} {'speed-up':>9} "
          f"{'unit, numpy':>12} {'unit, compiled':>15} {'x floor':>8}")

    def measure(arm: str) -> list[float]:
        """Best of the rounds, each round timing the floor and the four ways in turn (seconds a batch)."""
        setup, unit = model_setup(config, arm), WorkUnit(arm, 0, args.reps)
        compiled.simulate(setup, params, Streams(config.seed, replications))  # loaded, warm, packed
        simulate_unit(kernels["numpy"], unit)  # the draws cached, as a run's later arms find them
        ways = [lambda: rng_floor_us(args.reps),
                lambda: LethalAidModel(setup, params, Streams(config.seed, replications)).run(),
                lambda: compiled.simulate(setup, params, Streams(config.seed, replications)),
                lambda: simulate_unit(kernels["numpy"], unit),
                lambda: simulate_unit(kernels["compiled"], unit)]
        best = [float("inf")] * len(ways)
        for _ in range(args.rounds):
            best = [min(b, best_of(1, way)) for b, way in zip(best, ways, strict=True)]
        return best

    for arm in args.arms.split(","):
        floor, mesa, fast, unit_numpy, unit_compiled = (t / per for t in measure(arm))
        print(f"{arm:>12} {floor:>5.2f} µs {mesa:>8.1f} µs {mesa / floor:>7.1f}x {fast:>6.1f} µs {fast / floor:>7.1f}x "
              f"{mesa / fast:>8.2f}x {unit_numpy:>9.1f} µs {unit_compiled:>12.1f} µs {unit_compiled / floor:>7.1f}x")

    # a unit's monthly histograms from the compiled model's block of series: numpy's passes, one per series, and
    # the compiled single pass (analysis/binning.py; the same counts and sums)
    from scenarios.analysis.timeseries import histograms

    _, series = compiled.simulate(model_setup(config, "status_quo"), params, Streams(config.seed, replications))
    with np.errstate(invalid="ignore"):
        binned_numpy = best_of(args.rounds, lambda: histograms(series)) / per
    binned_compiled = best_of(args.rounds, lambda: histograms(series, compiled=True)) / per
    print(f"a unit's monthly histograms (18 series x {next(iter(series.values())).shape[1]} months): numpy "
          f"{binned_numpy:.2f} µs, compiled {binned_compiled:.2f} µs a replication")


if __name__ == "__main__":
    main()
