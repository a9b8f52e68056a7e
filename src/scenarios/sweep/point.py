"""One sweep point as a task: simulate every arm's replications at the point's config and write the
point's files (in the worker, so the parent only tracks completion and memory stays flat)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..analysis.metrics import HEADLINE
from ..analysis.summary import describe
from ..analysis.timeseries import SeriesAccumulator
from ..config.schema import ScenarioConfig, month_index, month_label
from ..design import WorkUnit
from ..execution.simulate import point_config, simulate_unit
from ..storage import run_dir as store


@dataclass(frozen=True)
class PointJob:
    run_dir: str
    point: int
    overrides: tuple[tuple[str, object], ...]
    arms: tuple[str, ...]


def point_file(run_dir: Path, point: int, kind: str) -> Path:
    return run_dir / "points" / f"point-{point:05d}.{kind}"


def run_point(base: ScenarioConfig, job: PointJob) -> int:
    """Simulate the point; write outcomes, time series and summary; return the rows written."""
    config = point_config(base, job.overrides)
    run_dir, n, batch = Path(job.run_dir), config.replications, config.execution.batch_size
    series = SeriesAccumulator(config.horizon_months)
    outcomes = point_file(run_dir, job.point, "outcomes.parquet")
    tmp = outcomes.with_name(outcomes.name + ".tmp")
    writer, headline = None, {m.column: [] for m in HEADLINE}
    try:
        for arm in job.arms:
            for first in range(0, n, batch):
                result = simulate_unit(base, WorkUnit(arm, first, min(batch, n - first), job.point, job.overrides))
                table = pa.table(result.columns)
                writer = writer or pq.ParquetWriter(tmp, table.schema, compression="zstd")
                writer.write_table(table)
                series.add(arm, result.series)
                for column, parts in headline.items():
                    parts.append(result.columns[column])
    finally:
        if writer is not None:
            writer.close()
    start = month_index(config.start)
    ts = series.table([month_label(start + t) for t in range(config.horizon_months)])
    ts = ts.append_column("point", pa.array(np.full(ts.num_rows, job.point)))
    ts_file = point_file(run_dir, job.point, "timeseries.parquet")
    pq.write_table(ts, ts_file.with_name(ts_file.name + ".tmp"), compression="zstd")
    arms = {}
    for j, arm in enumerate(job.arms):
        rows = slice(j * n, (j + 1) * n)
        arms[arm] = {m.column: describe(np.concatenate(headline[m.column])[rows], m) for m in HEADLINE}
    store.write_json(point_file(run_dir, job.point, "summary.json"),
                     {"point": job.point, "values": dict(job.overrides), "arms": arms})
    ts_file.with_name(ts_file.name + ".tmp").replace(ts_file)
    tmp.replace(outcomes)  # last: a point counts as done only when its outcomes file exists
    return len(job.arms) * n
