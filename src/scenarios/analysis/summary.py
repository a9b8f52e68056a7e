"""The per-arm summary of a run: headline outcomes with 95% intervals, computed from outcomes.parquet
one column at a time (so memory is bounded by one column, not by the run)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
from .stats import Z95, wilson


@dataclass(frozen=True)
class Metric:
    column: str
    label: str
    short: str
    kind: str  # "binary" (a probability) or "continuous"
    scale: float = 1.0
    unit: str = ""
    invert: bool = False  # report 1 - column (e.g. war still on = not war_ended)


HEADLINE = (
    Metric("highend_transfer", "P(Russia gives the DPRK high-end nuclear/missile help)", "P(L6)", "binary"),
    Metric("dprk_shells_total", "DPRK shells sent to Russia", "DPRK shells", "continuous", 1e-6, "million"),
    Metric("war_ended", "P(war still on at the horizon)", "P(war on)", "binary", invert=True),
    Metric("ukr_position_mean", "Ukraine's battlefield position, mean (0.5 = stalemate)", "Ukraine", "continuous"),
    Metric("eu_goodwill_end", "European goodwill toward Seoul at the horizon", "EU goodwill", "continuous"),
    Metric("rok_exports_eu_total_bn", "ROK arms exports to Europe over the horizon", "Exports EU", "continuous", 1.0, "USD bn"),
    Metric("rok_ru_rel_end", "ROK-Russia relation at the horizon (0-1)", "ROK-RU", "continuous"),
    Metric("opposition_mobilization_max", "Opposition mobilisation, maximum (0-1)", "Opposition", "continuous"),
    Metric("na_law_enacted", "P(Assembly-approval law enacted)", "P(NA law)", "binary"),
    Metric("us_rok_rel_end", "US-ROK relation at the horizon (0-1)", "US-ROK", "continuous"),
    Metric("cn_rok_rel_end", "China-ROK relation at the horizon (0-1)", "CN-ROK", "continuous"),
)


def describe(values: np.ndarray, metric: Metric) -> dict:
    values = values.astype(float)
    if metric.invert:
        values = 1.0 - values
    values = values * metric.scale
    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    if metric.kind == "binary":
        low, high = wilson(int(values.sum()), n)
        return {"n": n, "estimate": mean, "ci95": [low, high], "interval": "Wilson"}
    sd = float(values.std(ddof=1)) if n > 1 else float("nan")
    half = Z95 * sd / np.sqrt(n) if n > 1 else float("nan")
    p5, p50, p95 = (float(x) for x in np.percentile(values, [5, 50, 95])) if n else (np.nan,) * 3
    return {"n": n, "estimate": mean, "ci95": [mean - half, mean + half], "interval": "normal (mean)",
            "sd": sd, "p5": p5, "p50": p50, "p95": p95}


def summarise(outcomes_path: Path, arms: list[str]) -> dict:
    """{'metrics': [...], 'arms': {arm: {column: stats}}} for the headline metrics."""
    file = pq.ParquetFile(outcomes_path)
    arm_column = file.read(columns=["arm"]).column("arm")
    masks = {arm: pc.equal(arm_column, arm) for arm in arms}
    out = {"metrics": [{"column": m.column, "label": m.label, "kind": m.kind, "unit": m.unit,
                        "transform": "1 - value" if m.invert else (f"x {m.scale:g}" if m.scale != 1 else "")}
                       for m in HEADLINE],
           "arms": {arm: {} for arm in arms}}
    for metric in HEADLINE:
        column = file.read(columns=[metric.column]).column(metric.column)
        for arm in arms:
            values = column.filter(masks[arm]).to_numpy(zero_copy_only=False)
            out["arms"][arm][metric.column] = describe(values, metric)
    return out
