"""Global sensitivity of the headline outcomes to the swept parameters, with SALib.

Sobol: first-order and total indices with bootstrap intervals (Saltelli design, no second order).
Morris: mu* (mean absolute elementary effect, with interval) and sigma.  The outcome of a point is its
Monte Carlo mean over the replications; common random numbers keep that noise shared across points.  Besides
each arm's outcomes, the indices of each arm's difference from the first arm ("B vs A/metric") say which
assumptions the policy effect depends on.
"""

from __future__ import annotations

import numpy as np

from ..analysis.metrics import HEADLINE
from . import designs
from .spec import SweepSpec

NEGATIVE, WIDE = -0.05, 0.2  # an index below NEGATIVE or an interval half-width above WIDE is not to be trusted


def analyse(spec: SweepSpec, points: list[dict], summary: dict, seed: int) -> dict:
    prob = designs.problem(spec)
    x = np.array([[p[k] for k in prob["names"]] for p in points], dtype=float)
    by_point = {s["point"]: s for s in summary["points"]}
    if len(by_point) != len(points):
        return {"method": spec.design, "error": "not every point finished; resume the sweep first"}
    arms = list(by_point[0]["arms"])
    out = {"method": spec.design, "parameters": prob["names"], "points": len(points),
           "runs_needed": designs.runs_needed(spec), "indices": {}, "warnings": []}

    def estimate(arm: str, column: str) -> np.ndarray:
        return np.array([by_point[i]["arms"][arm][column]["estimate"] for i in range(len(points))], float)

    # each arm's outcome, and each arm's difference from the first arm (the policy effect, paired by CRN)
    targets = [(f"{arm}/{m.column}", arm, None, m) for arm in arms for m in HEADLINE]
    targets += [(f"{arm} vs {arms[0]}/{m.column}", arm, arms[0], m) for arm in arms[1:] for m in HEADLINE]
    for key, arm, reference, metric in targets:
        y = estimate(arm, metric.column) - (0 if reference is None else estimate(reference, metric.column))
        if np.ptp(y) == 0:
            out["indices"][key] = None  # the outcome does not vary over the design
            continue
        if spec.design == "sobol" and (varied := _varies_off_the_base_points(prob, y)) is not None:
            out["indices"][key] = None
            out["warnings"].append(f"{key}: the same at every base point of the design; it differs at {varied} of "
                                   f"{len(y)} points, where one assumption moved alone: Sobol indices are undefined "
                                   "(no variance to divide by); more samples or replications")
            continue
        if spec.design == "sobol":
            out["indices"][key] = _sobol(prob, y, seed)
            out["warnings"] += _sobol_warnings(key, out["indices"][key], spec, len(points))
        else:
            out["indices"][key] = _morris(prob, x, y, seed)
    trajectories = len(points) // (len(spec.params) + 1)
    if spec.design == "morris" and trajectories < 10:
        out["warnings"].append(f"Morris with {trajectories} trajectories: 10-20 are usual "
                               f"({designs.runs_needed(spec)})")
    return out


def _varies_off_the_base_points(prob: dict, y: np.ndarray) -> int | None:
    """How many points differ from the base points' common value, if the outcome is the same at every base point
    of Saltelli's design (its A and B rows; SALib's own layout and test), else None.  Sobol's estimators divide by
    the outcome's variance over those points: with none, SALib warns and returns 0 for every index, which read as
    'no assumption matters' where the outcome moved only at points where one assumption moved alone (seen with
    few samples and replications, for a rare outcome such as P(L6))."""
    from SALib.analyze.sobol import separate_output_values

    z = (y - y.mean()) / y.std()  # as SALib standardises before it tests
    d = prob["num_vars"]
    a, b, _, _ = separate_output_values(z, d, len(z) // (d + 2), False)
    base = np.r_[a, b]
    eps = np.finfo(float).eps
    if np.ptp(base) > eps:
        return None
    return int(np.sum(np.abs(z - base[0]) > eps))


def _sobol(prob: dict, y: np.ndarray, seed: int) -> dict:
    from SALib.analyze import sobol
    res = sobol.analyze(prob, y, calc_second_order=False, seed=seed % 2**32)
    return {name: {"S1": float(res["S1"][j]), "S1_conf": float(res["S1_conf"][j]),
                   "ST": float(res["ST"][j]), "ST_conf": float(res["ST_conf"][j])}
            for j, name in enumerate(prob["names"])}


def _morris(prob: dict, x: np.ndarray, y: np.ndarray, seed: int) -> dict:
    from SALib.analyze import morris
    res = morris.analyze(prob, x, y, num_levels=4, seed=seed % 2**32)
    return {name: {"mu_star": float(res["mu_star"][j]), "mu_star_conf": float(res["mu_star_conf"][j]),
                   "sigma": float(res["sigma"][j])} for j, name in enumerate(prob["names"])}


def _sobol_warnings(key: str, indices: dict, spec: SweepSpec, n_points: int) -> list[str]:
    out = []
    for name, v in indices.items():
        bad = [f"{k}={v[k]:+.2f}" for k in ("S1", "ST") if v[k] < NEGATIVE]
        bad += [f"{k} ±{v[k]:.2f}" for k in ("S1_conf", "ST_conf") if v[k] > WIDE]
        if bad:
            out.append(f"{key}: {name}: {', '.join(bad)} from {n_points} points — too few for Sobol "
                       f"({designs.runs_needed(spec)})")
    return out
