"""The backcast against the record: dated observables of a March 2022 - July 2024 run, per replication.

The record (docs/validation.md; claims as in docs/sources.md): Seoul never sent lethal aid directly (the
articles, July 2024); it had lent over 300,000 155 mm shells by the end of 2023 (Q2 [001]; 500,000 reported
as planned, Q3 [003]); the DPRK sent up to 1,000,000 shells in 2023 (Q1 [000]), none before the September
2023 summit (Q38 [000]); Russia and the DPRK signed their treaty in June 2024 (Q37 [004]); no high-end
help was confirmed by July 2024 («potentially» [001]).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config.schema import ScenarioConfig, month_index
from ..design import draw_parameters, model_setup
from ..model.lethal_aid import LethalAidModel
from ..model.params import ParameterTable
from ..randomness import Streams

RECORD_START, RECORD_MONTHS = "2022-03", 29  # the run the observables are dated for: March 2022 to July 2024


def not_a_backcast(config: ScenarioConfig) -> str | None:
    """Why `config` cannot be matched against the record, if it cannot: the observables count months from March
    2022 (the treaty is 'run month 27') and read the state at the run's end as July 2024's, so a run that starts
    or ends elsewhere reads months that are not the record's (the forecast config, from August 2024, was 'ruled
    out' by 2023 and by the treaty)."""
    if config.start != RECORD_START or config.horizon_months != RECORD_MONTHS:
        return (f"it runs {config.horizon_months} months from {config.start}; the record is matched month by month "
                f"over {RECORD_MONTHS} months from {RECORD_START} (e.g. configs/backcast_2022.yaml)")
    return None


END_STATE = ("ladder", "aid", "nato", "ire", "ukr", "need", "rok_ru", "goodwill", "approval", "mobilization",
             "us_rok", "abandon", "cn_rok", "belief", "capability", "tension")


@dataclass(frozen=True)
class Target:
    """An observable of the record: its value, the sd of what the record leaves open, and of the model's
    structural error (history-matching's observation and discrepancy variances)."""

    name: str
    record: str
    value: float
    obs_sd: float
    discrepancy_sd: float
    statistic: str  # how a replication set becomes one number: "mean" or "median"


TARGETS = (
    Target("direct_by_2024_07", "Seoul sent no lethal aid directly through July 2024", 0.0, 0.02, 0.1, "mean"),
    Target("indirect_by_2023_12", "over 300,000 155 mm lent by the end of 2023 (500,000 reported as planned)",
           400_000, 60_000, 60_000, "median"),
    Target("dprk_shells_2023", "up to 1,000,000 DPRK shells in 2023 (an upper bound)", 500_000, 290_000,
           100_000, "mean"),
    Target("treaty_month", "the treaty (L4) in June 2024 (run month 27)", 27, 0.5, 3.0, "median"),
    Target("highend_by_2024_07", "no high-end help confirmed by July 2024", 0.0, 0.02, 0.1, "mean"),
)


def observe(config: ScenarioConfig, arm: str, replications: np.ndarray,
            parameters: ParameterTable | None = None) -> dict[str, np.ndarray]:
    """Per-replication observables of a backcast arm (parameters: a table to use instead of the draws)."""
    streams = Streams(config.seed, np.asarray(replications, dtype=np.uint64))
    params = parameters if parameters is not None else draw_parameters(config, streams)
    model = LethalAidModel(model_setup(config, arm), params, streams)
    start = month_index(config.start)
    dec_2023, first_2023 = month_index("2023-12") - start, month_index("2023-01") - start
    summit = month_index("2023-09") - start
    n, w = model.n, model.world
    indirect = np.zeros(n)
    dprk_2023 = np.zeros(n)
    treaty = np.full(n, float(config.horizon_months))  # censored: not by the end
    direct = np.zeros(n, dtype=bool)
    before_summit = np.zeros(n)
    for t in range(config.horizon_months):
        model.step()
        if t < summit:
            before_summit += w.dprk_supply
        if t <= dec_2023:
            indirect += w.rok_indirect
        if first_2023 <= t <= dec_2023:
            dprk_2023 += w.dprk_supply
        treaty = np.where((w.ladder >= 4) & (treaty == config.horizon_months), t, treaty)
        direct |= w.aid_intended >= 3
    out = {"direct_by_2024_07": direct.astype(float), "indirect_by_2023_12": indirect,
           "dprk_shells_2023": dprk_2023, "treaty_month": treaty,
           "highend_by_2024_07": w.highend.astype(float), "dprk_before_summit": before_summit}
    out.update({f"end.{k}": np.asarray(getattr(w, k), dtype=float) for k in END_STATE})
    return out


def summarise(observed: dict[str, np.ndarray]) -> dict[str, float]:
    """Each target's statistic over the replications."""
    return {t.name: float(np.mean(observed[t.name]) if t.statistic == "mean" else np.median(observed[t.name]))
            for t in TARGETS}
