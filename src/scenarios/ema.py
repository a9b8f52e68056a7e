"""A bridge to the EMA Workbench (`pip install "scenarios[ema]"`): this model as an EMA `Model`, so the
Workbench's samplers, evaluators, PRIM, feature scoring and robust optimisation work on it unchanged.

    from ema_workbench import perform_experiments
    from scenarios.ema import build_model
    model = build_model("configs/lethal_aid.yaml", replications=200)
    experiments, outcomes = perform_experiments(model, scenarios=100, policies=model.levers[0].categories)

- uncertainties: parameters of the catalogue with their plausible ranges (default: every scalar parameter
  the config draws from a distribution), named as in the config with `__` for the dot, since the Workbench
  wants Python identifiers: `china__restraint` is `parameters.china.restraint`;
- lever: `arm`, one of the config's arms;
- outcomes: every declared outcome that is a yes/no or a number, as the mean over `replications` (for a
  yes/no outcome, its probability).

One EMA experiment runs `replications` replications of one arm with the uncertainties fixed at the sampled
values and everything else drawn as the config says, with the config's seed: experiments with the same
arm and values give the same numbers, and different arms see the same worlds (common random numbers).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from .config.schema import ScenarioConfig
from .errors import ScenarioError


def contested(config: ScenarioConfig) -> list[str]:
    """Parameters the config draws from a distribution rather than fixing (e.g. china.restraint)."""
    from .config.parameters import flatten

    return [key for key, spec in flatten(config.parameters).items()
            if getattr(spec, "dist", None) not in (None, "dirichlet")]  # a weight vector is not one number


def uncertainty_ranges(keys: list[str]) -> dict[str, tuple[float, float]]:
    from .config.parameters import fields

    known = fields()
    out = {}
    for key in keys:
        info = known.get(key)
        if info is None:
            raise ScenarioError(f"unknown parameter {key!r}; parameters are listed in docs/config-reference.md")
        low, high = (info.json_schema_extra or {}).get("plausible") or (None, None)
        if low is None or high is None or not low < high:
            raise ScenarioError(f"{key}: no plausible range in the catalogue; give the range yourself")
        out[key] = (float(low), float(high))
    return out


class _Experiment:
    """The function EMA calls (picklable, so EMA's multiprocessing evaluator can ship it)."""

    def __init__(self, config: ScenarioConfig, replications: int, outcomes: list[str]):
        self.config, self.replications, self.outcomes = config, replications, outcomes

    def __call__(self, arm: str, **values) -> dict[str, float]:
        from .api import load, run

        # EMA's names are Python identifiers: `china__restraint` is the config's `china.restraint`
        sets = {f"parameters.{key.replace('__', '.')}": float(value) for key, value in values.items()}
        config = load(self.config, sets | {"replications": self.replications})
        table = run(config, arms=[arm]).outcomes(self.outcomes)
        return {name: float(np.nanmean(table[name].to_numpy(float))) for name in self.outcomes}


def build_model(config: str | Path | ScenarioConfig = "configs/lethal_aid.yaml", uncertainties=None,
                replications: int = 200, outcomes: list[str] | None = None, name: str = "scenarios"):
    """An EMA Workbench `Model` of this model.  `uncertainties`: parameter keys (ranges from the catalogue)
    or {key: (low, high)}; default: the config's contested assumptions."""
    from .api import load
    from .model.outcomes import OUTCOMES

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optional parallel back ends the Workbench mentions on import
        from ema_workbench import CategoricalParameter, Model, RealParameter, ScalarOutcome

    base = load(config)
    if isinstance(uncertainties, dict):
        ranges = {k: (float(lo), float(hi)) for k, (lo, hi) in uncertainties.items()}
        uncertainty_ranges(list(ranges))  # the keys must exist
    else:
        ranges = uncertainty_ranges(list(uncertainties) if uncertainties else contested(base))
    names = outcomes or [o.name for o in OUTCOMES if o.kind != "category"]
    model = Model(name, function=_Experiment(base, replications, names))
    model.uncertainties = [RealParameter(key.replace(".", "__"), low, high)
                           for key, (low, high) in ranges.items()]
    model.levers = [CategoricalParameter("arm", list(base.arms))]
    model.outcomes = [ScalarOutcome(n) for n in names]
    return model
