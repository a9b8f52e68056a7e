"""History matching: which values of the contested assumptions are *not implausible* given the 2022-24 record,
and what the forecast says under the prior box and under that region.

Method (Craig et al. 1997; Vernon, Goldstein & Bower 2010): a Latin hypercube over the box; at each point the
backcast's summary of each dated observable (history.TARGETS) is compared with the record by the
implausibility I = |model - record| / sqrt(observation var + discrepancy var + Monte Carlo var); a point is
not implausible when its largest I is at most 3 (Pukelsheim's three-sigma rule).  We chose this over an ABC
posterior (pyabc, ELFI) because the record is a handful of bounds and dates, not data with a likelihood:
history matching says which regions the record rules out without pretending to a posterior, and needs a few
hundred points rather than tens of thousands.  Every point runs the same worlds (common random numbers).
"""

from __future__ import annotations

import numpy as np

from ..config.loader import apply_overrides, resolved_dict, validate
from ..config.schema import ScenarioConfig
from ..design import draw_parameters, model_setup
from ..model.lethal_aid import LethalAidModel
from ..randomness import Streams
from . import history

# The contested assumptions history matching explores, and their ranges (the prior box).
BOX = {
    "china.restraint": (0.0, 1.0), "russia.reservation": (0.0, 1.0), "russia.need_base": (0.3, 0.7),
    "russia.ire_kappa_direct": (0.1, 0.6), "russia.w_press": (0.2, 1.5), "russia.w_market": (0.0, 1.0),
    "russia.switch_cost": (0.0, 0.3), "russia.tau": (0.001, 0.1), "dprk.capacity_per_month": (60_000, 250_000),
    "events.atrocity_hazard": (0.0, 0.02), "rok.switch_cost": (0.02, 0.3), "rok.beta_atrocity": (0.0, 0.5),
    "rok.beta_ladder": (0.0, 0.5),
}
THRESHOLD = 3.0


def design(points: int, seed: int) -> dict[str, np.ndarray]:
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(BOX), seed=seed % 2**32).random(points)
    return {key: low + (high - low) * unit[:, j] for j, (key, (low, high)) in enumerate(BOX.items())}


def _table(config: ScenarioConfig, theta: dict[str, np.ndarray], reps: int):
    """Parameters for points x reps rows: replication j of every point is the same world (CRN)."""
    points = len(next(iter(theta.values())))
    replications = np.tile(np.arange(reps, dtype=np.uint64), points)
    streams = Streams(config.seed, replications)
    table = draw_parameters(config, streams).replace({k: np.repeat(v, reps) for k, v in theta.items()})
    return streams, table


def _statistics(observed: dict[str, np.ndarray], points: int, reps: int) -> tuple[dict, dict]:
    """Each target's statistic per point and the Monte Carlo variance of that statistic."""
    stats, mc = {}, {}
    for t in history.TARGETS:
        values = observed[t.name].reshape(points, reps)
        var = values.var(axis=1, ddof=1) / reps
        if t.statistic == "median":
            stats[t.name] = np.median(values, axis=1)
            mc[t.name] = var * np.pi / 2  # the median's sampling variance under normality
        else:
            stats[t.name] = values.mean(axis=1)
            mc[t.name] = var
    return stats, mc


def implausibility(stats: dict, mc: dict) -> dict[str, np.ndarray]:
    return {t.name: np.abs(stats[t.name] - t.value) / np.sqrt(t.obs_sd ** 2 + t.discrepancy_sd ** 2 + mc[t.name])
            for t in history.TARGETS}


def forecast_highend(config: ScenarioConfig, arm: str, theta: dict[str, np.ndarray], reps: int) -> np.ndarray:
    """P(L6) of the forecast arm at each point."""
    points = len(next(iter(theta.values())))
    streams, table = _table(config, theta, reps)
    outcomes, _ = LethalAidModel(model_setup(config, arm), table, streams).run()
    return outcomes["highend_transfer"].reshape(points, reps).mean(axis=1)


FORECAST_ARMS = ("status_quo", "direct_155")  # the forecast's arms whose P(L6) is reported under the box and region


def history_match(backcast: ScenarioConfig, forecast: ScenarioConfig, points: int = 256, reps: int = 100,
                  arm: str = "record", forecast_arms: tuple[str, ...] = FORECAST_ARMS,
                  progress=None) -> dict:
    theta = design(points, backcast.seed)
    streams, table = _table(backcast, theta, reps)
    observed = history.observe(backcast, arm, streams.replications, table)
    if progress:
        progress(points * reps)
    stats, mc = _statistics(observed, points, reps)
    implaus = implausibility(stats, mc)
    worst = np.max(np.stack(list(implaus.values())), axis=0)
    keep = worst <= THRESHOLD
    highend = {}
    for a in forecast_arms:
        highend[a] = forecast_highend(forecast, a, theta, reps)
        if progress:
            progress(points * reps)
    return {"points": points, "replications_per_point": reps, "box": {k: list(v) for k, v in BOX.items()},
            "targets": [t.__dict__ for t in history.TARGETS], "theta": theta, "statistics": stats,
            "implausibility": implaus, "worst": worst, "not_implausible": keep, "highend": highend}


def summarise(result: dict) -> dict:
    """The answer in numbers: the non-implausible share of the box (with its binomial standard error), which
    targets rule points out, the region's ranges, and the forecast's P(L6) under the box and the region, with a
    split-half check of how much the answer would move with more points."""
    keep, points = result["not_implausible"], result["points"]
    share = keep.mean()
    rng = np.random.default_rng(0)
    out = {"points": points, "replications_per_point": result["replications_per_point"],
           "non_implausible_share": float(share), "share_se": float(np.sqrt(share * (1 - share) / points)),
           "non_implausible_points": int(keep.sum()),
           "ruled_out_by": {name: float((i > THRESHOLD).mean()) for name, i in result["implausibility"].items()},
           "region": {k: [float(np.min(v[keep])), float(np.max(v[keep]))] if keep.any() else None
                      for k, v in result["theta"].items()},
           "forecast": {}}
    halves = (np.arange(points) % 2 == 0, np.arange(points) % 2 == 1)
    for arm, values in result["highend"].items():
        nroy = values[keep]
        boot = [rng.choice(nroy, len(nroy)).mean() for _ in range(1000)] if len(nroy) else [np.nan]
        out["forecast"][arm] = {
            "prior": float(values.mean()), "prior_se": float(values.std(ddof=1) / np.sqrt(points)),
            "non_implausible": float(nroy.mean()) if len(nroy) else None,
            "non_implausible_ci95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))],
            "split_halves": [float(values[keep & h].mean()) if (keep & h).any() else None for h in halves]}
    return out


def with_values(config: ScenarioConfig, values: dict[str, float]) -> ScenarioConfig:
    """The config with some parameters set (e.g. a non-implausible point)."""
    sets = [f"parameters.{k}={v}" for k, v in values.items()]
    return validate(apply_overrides(resolved_dict(config), sets)[0])
