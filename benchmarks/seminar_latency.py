"""How long the seminar page takes to answer a slider move: the callback (1,000 replications x 2 arms, in
memory) plus what the page draws from it (tables, the fan chart as PNG), warm, over random slider settings.

    python benchmarks/seminar_latency.py [--moves 40] [--reps 1000] [--drag]

Moves are random: each sets a random slider to a random value.  With --drag, one slider (China's restraint)
goes across its range in --moves steps, as a hand drags it: consecutive answers differ a little, and the
chart's layout, made for the previous answer's tick labels, more often stands.  Prints p50 and p95 seconds of
the whole answer and of the model part alone.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--drag", action="store_true", help="one slider across its range in small steps")
    args = parser.parse_args()
    import scenarios
    from scenarios.seminar import estimate as est
    from scenarios.seminar.app import difference_html, fan_png, summary_html

    base = scenarios.load(Path(__file__).resolve().parents[1] / "configs" / "lethal_aid.yaml")
    sliders = est.sliders(base)
    arms = ("status_quo", "direct_155")
    rng = np.random.default_rng(1)
    total, model = [], []
    for move in range(args.moves + 2):
        if args.drag:
            s = next(s for s in sliders if s.key == "china.restraint")
            value = s.low + (s.high - s.low) * move / (args.moves + 1)
        else:
            s = sliders[move % len(sliders)]
            value = float(rng.uniform(s.low, s.high))
        settings = est.Settings(arms, args.reps, ((s.key, value),))
        t0 = time.perf_counter()
        answer = est.estimate(base, settings)
        t1 = time.perf_counter()
        summary_html(answer.summary), difference_html(answer.difference)
        fan_png([(answer.timeseries[answer.timeseries["arm"] == a], a) for a in arms])
        if move >= 2:  # the first two warm the process, as the server is warm
            total.append(time.perf_counter() - t0)
            model.append(t1 - t0)
    how = "steps of one slider dragged" if args.drag else "random slider moves"
    print(f"{args.reps:,} replications x 2 arms, {args.moves} {how}, {os.cpu_count()} cores: "
          f"answer p50 {np.percentile(total, 50):.3f} s, p95 {np.percentile(total, 95):.3f} s; "
          f"model+summary+compare alone p50 {np.percentile(model, 50):.3f} s, p95 {np.percentile(model, 95):.3f} s")


if __name__ == "__main__":
    main()
