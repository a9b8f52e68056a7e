"""Sweep points as tasks: simulate every arm's replications at the points' configs and write each
point's files (in the worker, so the parent only tracks completion and memory stays flat).

When a sweep varies only scalar parameters, several points share one lockstep model: their rows are
the same replication ids with the swept parameters set per row.  A row's numbers depend only on its
replication id and parameters, so the results are those of one model per point (tested), without the
fixed cost of a model per point.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..analysis.metrics import HEADLINE
from ..analysis.summary import describe
from ..analysis.timeseries import SeriesAccumulator
from ..config.distributions import width
from ..config.parameters import flatten
from ..config.schema import ScenarioConfig, month_index, month_label
from ..design import WorkUnit
from ..execution.simulate import simulate_unit
from ..storage import run_dir as store

Overrides = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class PointJob:
    run_dir: str
    points: tuple[tuple[int, Overrides], ...]  # (point id, swept key values), consecutive in plan order
    arms: tuple[str, ...]
    parameters_per_row: bool = False  # the points' draws differ beyond the swept values: keep them on each row


def point_file(run_dir: Path, point: int, kind: str) -> Path:
    return run_dir / "points" / f"point-{point:05d}.{kind}"


def shares_parameters(base: ScenarioConfig, keys: list[str], points: list[dict]) -> bool:
    """Every point draws the base's parameters except the swept ones, which take the point's number: then
    the draws are stored once (parameters.parquet) and the swept values come from design.parquet."""
    return batchable(base, keys) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                         for point in points for v in point.values())


def batchable(base: ScenarioConfig, keys: list[str]) -> bool:
    """Points can share a model when every swept key is a scalar parameter (not a weight vector)."""
    scalars = {f"parameters.{k}" for k, spec in flatten(base.parameters).items() if width(spec) is None}
    return all(key in scalars for key in keys)


class _PointOutput:
    """One point's results, streamed to its (temporary) outcome file as they come (the run's own atomic
    writer); only the headline columns are kept for the summary."""

    def __init__(self, run_dir: Path, point: int, horizon: int):
        self.run_dir, self.point = run_dir, point
        self.writer = store.OutcomeWriter(point_file(run_dir, point, "outcomes.parquet"))
        self.series = SeriesAccumulator(horizon)
        self.headline: dict[str, dict[str, list]] = {}

    def add(self, arm: str, columns: dict, series: dict) -> None:
        self.writer.write(columns)
        self.series.add(arm, series)
        for m in HEADLINE:
            self.headline.setdefault(arm, {}).setdefault(m.column, []).append(columns[m.column])

    def discard(self) -> None:
        self.writer.discard()

    def publish(self, base: ScenarioConfig, overrides: Overrides) -> None:
        start = month_index(base.start)
        ts = self.series.table([month_label(start + t) for t in range(base.horizon_months)])
        ts = ts.append_column("point", pa.array(np.full(ts.num_rows, self.point)))
        store.write_parquet(ts, point_file(self.run_dir, self.point, "timeseries.parquet"))
        arms = {arm: {m.column: describe(np.concatenate(cols[m.column]), m) for m in HEADLINE}
                for arm, cols in self.headline.items()}
        store.write_json(point_file(self.run_dir, self.point, "summary.json"),
                         {"point": self.point, "values": dict(overrides), "arms": arms})
        self.writer.close()  # last: a point counts as done only when its outcomes file exists


def run_point(base: ScenarioConfig, job: PointJob) -> dict[int, str | None]:
    """Simulate the job's points and write each point's files; return {point: error or None}.

    If a shared model fails, each point is retried on its own, so a failure names its point."""
    if len(job.points) > 1:
        outputs = _outputs(base, job)
        try:
            for arm in job.arms:
                _simulate_together(base, arm, job.points, outputs)
        except Exception:
            _discard(outputs)
            results = {}
            for item in job.points:
                try:
                    results.update(run_point(base, PointJob(job.run_dir, (item,), job.arms,
                                                            job.parameters_per_row)))
                except Exception:
                    results[item[0]] = traceback.format_exc()
            return results
    else:
        outputs = _outputs(base, job)
        (point, overrides), = job.points
        n, batch = base.replications, base.execution.batch_size
        try:
            for arm in job.arms:
                for first in range(0, n, batch):
                    unit = WorkUnit(arm, first, min(batch, n - first), point, overrides,
                                    with_parameters=job.parameters_per_row)
                    result = simulate_unit(base, unit)
                    columns = result.columns
                    if job.parameters_per_row:
                        columns = columns | {k: v for k, v in result.parameters.items() if k != "replication"}
                    outputs[point].add(arm, columns, result.series)
        except BaseException:
            _discard(outputs)
            raise
    for point, overrides in job.points:
        outputs[point].publish(base, overrides)
    return {point: None for point, _ in job.points}


def _outputs(base: ScenarioConfig, job: PointJob) -> dict[int, _PointOutput]:
    return {point: _PointOutput(Path(job.run_dir), point, base.horizon_months) for point, _ in job.points}


def _discard(outputs: dict[int, _PointOutput]) -> None:
    for out in outputs.values():
        out.discard()


def _simulate_together(base: ScenarioConfig, arm: str, points, outputs) -> None:
    """One lockstep model over all the points' rows (each point: replications 0..n-1)."""
    n, k = base.replications, len(points)
    reps = np.tile(np.arange(n, dtype=np.uint64), k)
    rows = {key: np.repeat([float(dict(o)[key]) for _, o in points], n) for key, _ in points[0][1]}
    unit = WorkUnit(arm, 0, n * k)
    result = simulate_unit(base, unit, replications=reps,
                           parameter_rows={key.removeprefix("parameters."): v for key, v in rows.items()}, binned=False)
    for j, (point, _) in enumerate(points):
        part = slice(j * n, (j + 1) * n)
        columns = {name: values[part] for name, values in result.columns.items()}
        columns = {"arm": columns.pop("arm"), "replication": columns.pop("replication"),
                   "point": np.full(n, point, dtype=np.int64), **columns}  # the column order of simulate_unit
        outputs[point].add(arm, columns, {name: values[part] for name, values in result.series.items()})
