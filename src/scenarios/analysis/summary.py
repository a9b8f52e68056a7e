"""The per-arm summary of a run: headline outcomes with 95% intervals, computed from outcomes.parquet
one column at a time (so memory is bounded by one column, not by the run)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from .metrics import HEADLINE, Metric
from .stats import Z95, wilson


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


def summarise(outcomes: Path | pa.Table, arms: list[str], metrics=HEADLINE) -> dict:
    """{'metrics': [...], 'arms': {arm: {column: stats}}} for the headline metrics, of a stored outcomes file
    or of a table in memory (a run made through the Python API)."""
    if isinstance(outcomes, pa.Table):
        def read(name):
            return outcomes.column(name)
    else:
        file = pq.ParquetFile(outcomes)

        def read(name):
            return file.read(columns=[name]).column(name)
    arm_column = read("arm")
    masks = {arm: pc.equal(arm_column, arm) for arm in arms}
    out = {"metrics": [{"column": m.column, "label": m.label, "short": m.short, "kind": m.kind, "unit": m.unit,
                        "transform": "1 - value" if m.invert else (f"x {m.scale:g}" if m.scale != 1 else "")}
                       for m in metrics],
           "arms": {arm: {} for arm in arms}}
    for metric in metrics:
        column = read(metric.column)
        for arm in arms:
            values = column.filter(masks[arm]).to_numpy(zero_copy_only=False)
            out["arms"][arm][metric.column] = describe(values, metric)
    return out


def summarise_columns(run_path: Path, arms: list[str], columns: list[str]) -> dict:
    """A summary of any outcome columns of a stored run (headline ones keep their display transform)."""
    from ..errors import ScenarioError
    from ..model.outcomes import BY_NAME

    by_column = {m.column: m for m in HEADLINE} | {m.short: m for m in HEADLINE}
    metrics = []
    for name in columns:
        if name in by_column:
            metrics.append(by_column[name])
        elif name in BY_NAME and BY_NAME[name].kind != "category":
            o = BY_NAME[name]
            metrics.append(Metric(o.name, o.label, o.name, "binary" if o.kind == "binary" else "continuous"))
        else:
            raise ScenarioError(f"unknown metric {name!r}; outcome columns are listed in docs/outputs.md, e.g. "
                                "highend_transfer, ladder_max, aid_intended_max")
    return summarise(Path(run_path) / "outcomes.parquet", arms, metrics)
