"""The per-arm summary of a run: headline outcomes with 95% intervals, computed from outcomes.parquet
a few columns at a time (so memory is bounded by a few columns, not by the run)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..storage import arrow
from .metrics import HEADLINE, Metric, not_a_number
from .stats import Z95, wilson

SUMMARY_THREADS = 4  # columns in memory at once: at 1e6 replications x 7 arms, 4 x 56 MB
KEPT_ROWS = 1_000_000  # a run keeps its summary's columns in memory up to here (80 bytes a row), else re-reads


class SummaryColumns:
    """The columns a run's summary reads, kept as its rows are written: references to the Arrow buffers the
    rows arrived in, not copies.  The summary then reads them from memory instead of decoding them back from
    outcomes.parquet, which took 0.22-0.34 s at the end of a 7 x 60,000-100,000 run, on its clock after the
    last result.  Up to KEPT_ROWS rows (`table()` is None beyond, and the file is read as before)."""

    def __init__(self, metrics=HEADLINE):
        self.names = list(dict.fromkeys(["arm", *(m.column for m in metrics)]))
        self.chunks: dict[str, list] | None = {name: [] for name in self.names}
        self.rows = 0

    def add(self, table: pa.Table) -> None:
        self.rows += table.num_rows
        if self.chunks is None:
            return
        if self.rows > KEPT_ROWS:
            self.chunks = None  # memory stays bounded: the file is read back instead
            return
        for name in self.names:
            self.chunks[name].extend(table.column(name).chunks)

    def table(self) -> pa.Table | None:
        if self.chunks is None or not self.rows:
            return None
        return pa.table({name: pa.chunked_array(chunks) for name, chunks in self.chunks.items()})


def _as_metric(values: np.ndarray, metric: Metric) -> np.ndarray:
    """A column's values as the metric reads them: floats, inverted if asked, scaled."""
    values = values.astype(float)
    if metric.invert:
        values = 1.0 - values
    return values * metric.scale


def describe(values: np.ndarray, metric: Metric) -> dict:
    """Stats of one arm's metric; of a metric `defined_only`, over the values that are numbers, `n` counting those
    (months_to_highend is NaN where L6 never came).  Elsewhere a NaN shows in every statistic: it is a fault."""
    values = _as_metric(values, metric)
    if metric.defined_only:
        values = values[~np.isnan(values)]
    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    if metric.kind == "binary":
        low, high = wilson(int(values.sum()), n)
        return {"n": n, "estimate": mean, "ci95": [low, high], "interval": "Wilson"}
    sd = float(values.std(ddof=1)) if n > 1 else float("nan")
    p5, p50, p95 = (float(x) for x in np.percentile(values, [5, 50, 95])) if n else (np.nan,) * 3
    return _normal(n, mean, sd, p5, p50, p95)


T_UP_TO = 1000  # replications up to which a mean's interval takes Student's t: beyond, the normal's is within 0.12%


def _normal(n: int, mean: float, sd: float, p5: float, p50: float, p95: float) -> dict:
    """A continuous metric's stats, with the interval of its mean: Student's t up to T_UP_TO values (the normal
    quantile there understates it: 88% coverage at n = 5, 92% at n = 10), the normal beyond."""
    if n > T_UP_TO:
        quantile, interval = Z95, "normal (mean)"
    else:
        from scipy.special import stdtrit  # here, not above: a pooled run's parent imports no scipy (scaling.md)

        quantile, interval = (float(stdtrit(n - 1, 0.975)) if n > 1 else float("nan")), "t (mean)"
    half = quantile * sd / np.sqrt(n) if n > 1 else float("nan")
    return {"n": n, "estimate": mean, "ci95": [mean - half, mean + half], "interval": interval,
            "sd": sd, "p5": p5, "p50": p50, "p95": p95}


def describe_all(columns: dict[str, np.ndarray], metrics=HEADLINE) -> dict[str, dict]:
    """`describe` of several metrics of one arm, {column: stats}: the continuous ones of equal length at once,
    as rows of one array (np.percentile's own overhead, ~30 us a call, was most of a sweep point's summary:
    8% of a sweep worker's time).  The same numbers: a row's mean, sd and percentiles equal those of the
    row alone (tests/test_compare_stats.py)."""
    out: dict[str, dict] = {}
    continuous = [m for m in metrics if m.kind != "binary"]
    lengths = {len(columns[m.column]) for m in continuous}
    if len(lengths) == 1 and (n := lengths.pop()) > 1:
        rows = np.empty((len(continuous), n))
        for i, metric in enumerate(continuous):
            rows[i] = _as_metric(columns[metric.column], metric)
        means, sds = rows.mean(axis=1), rows.std(axis=1, ddof=1)
        percentiles = np.percentile(rows, [5, 50, 95], axis=1)
        for i, metric in enumerate(continuous):
            out[metric.column] = _normal(n, float(means[i]), float(sds[i]), *(float(x) for x in percentiles[:, i]))
    return {m.column: out[m.column] if m.column in out else describe(columns[m.column], m) for m in metrics}


def summarise(outcomes: Path | pa.Table, arms: list[str], metrics=HEADLINE) -> dict:
    """{'metrics': [...], 'arms': {arm: {column: stats}}} for the headline metrics, of a stored outcomes file
    or of a table in memory (a run made through the Python API).  A stored file's columns are read and
    described a few at a time in threads (Arrow's reads and numpy's percentiles run outside the GIL): this is
    the end of every run, when the workers are done and the cores free, and it is on the run's clock."""
    if isinstance(outcomes, pa.Table):
        def read(name):
            return outcomes.column(name)
    else:
        def read(name):  # a file handle per read: one ParquetFile is not shared between threads
            return pq.ParquetFile(outcomes).read(columns=[name]).column(name)
    arm_column = read("arm")
    # each arm as an Arrow scalar taken from an array: pyarrow's conversion of a str imports pandas (storage/arrow.py)
    masks = {arm: pc.equal(arm_column, name) for arm, name in zip(arms, arrow.array(list(arms)), strict=True)}

    def described(metric):
        column = read(metric.column)
        return {arm: describe(arrow.numpy(column.filter(masks[arm])), metric) for arm in arms}

    with ThreadPoolExecutor(SUMMARY_THREADS) as pool:
        stats = list(pool.map(described, metrics))
    out = {"metrics": [{"column": m.column, "label": m.label, "short": m.short, "kind": m.kind, "unit": m.unit,
                        "transform": "1 - value" if m.invert else (f"x {m.scale:g}" if m.scale != 1 else "")}
                       for m in metrics],
           "arms": {arm: {} for arm in arms}}
    for metric, by_arm in zip(metrics, stats, strict=True):
        for arm in arms:
            out["arms"][arm][metric.column] = by_arm[arm]
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
        elif name in BY_NAME and BY_NAME[name].kind == "category":
            raise ScenarioError(not_a_number(name))
        elif name in BY_NAME:
            o = BY_NAME[name]
            metrics.append(Metric(o.name, o.label, o.name, "binary" if o.kind == "binary" else "continuous",
                                  defined_only=o.nan_if_never))
        else:
            raise ScenarioError(f"unknown metric {name!r}; outcome columns are listed in docs/outputs.md, e.g. "
                                "highend_transfer, ladder_max, aid_intended_max")
    return summarise(Path(run_path) / "outcomes.parquet", arms, metrics)
