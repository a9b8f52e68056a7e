"""Sweep points from a spec: grid, Latin hypercube, Sobol (Saltelli) or Morris trajectories.

Every design is seeded from the run seed, so the same spec and seed give the same points."""

from __future__ import annotations

import itertools

import numpy as np

from .spec import DEFAULT_SAMPLES, SweepSpec


def problem(spec: SweepSpec) -> dict:
    """The SALib problem of the ranged keys."""
    return {"num_vars": len(spec.params), "names": list(spec.params),
            "bounds": [[r.low, r.high] for r in spec.params.values()]}


def points(spec: SweepSpec, seed: int) -> list[dict[str, object]]:
    """The design as a list of {dotted key: value}, in point order."""
    if spec.design == "grid":
        axes = [np.linspace(r.low, r.high, r.n).round(12).tolist() for r in spec.params.values()]
        axes += list(spec.values.values())
        return [dict(zip(spec.keys, combo, strict=True)) for combo in itertools.product(*axes)]
    n = spec.samples or DEFAULT_SAMPLES[spec.design]
    prob = problem(spec)
    if spec.design == "lhs":
        from scipy.stats import qmc  # here: scipy.stats takes 0.6 s to import, which a grid sweep need not pay

        unit = qmc.LatinHypercube(d=prob["num_vars"], seed=seed).random(n)
        matrix = qmc.scale(unit, *np.array(prob["bounds"]).T)
    elif spec.design == "sobol":
        from SALib.sample import sobol
        matrix = sobol.sample(prob, n, calc_second_order=False, seed=seed % 2**32)
    else:
        from SALib.sample import morris
        matrix = morris.sample(prob, n, num_levels=4, seed=seed % 2**32)
    return [dict(zip(prob["names"], (float(x) for x in row), strict=True)) for row in matrix]


def runs_needed(spec: SweepSpec) -> str:
    """How many points a method needs, for the warning and the docs."""
    d = len(spec.params)
    if spec.design == "sobol":
        return f"N x (d + 2) = N x {d + 2} points; indices settle from N ~ 512-1024"
    if spec.design == "morris":
        return f"r x (d + 1) = r x {d + 1} points; r = 10-20 trajectories is usual"
    return ""
