"""Sweep points as tasks: simulate every arm's replications at the points' configs and write each
point's files (in the worker, so the parent only tracks completion and memory stays flat).

When a sweep varies only scalar parameters, several points share one lockstep model: their rows are
the same replication ids with the swept parameters set per row.  A row's numbers depend only on its
replication id and parameters, so the results are those of one model per point (tested), without the
fixed cost of a model per point.
"""

from __future__ import annotations

import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..analysis.metrics import HEADLINE
from ..analysis.summary import describe_all
from ..analysis.timeseries import KeptBins, SeriesAccumulator, bins_of
from ..config.distributions import width
from ..config.parameters import flatten
from ..config.schema import ScenarioConfig, month_index, month_label
from ..design import WorkUnit
from ..execution.simulate import simulate_unit
from ..storage import arrow, point_files
from ..storage import run_dir as store

Overrides = tuple[tuple[str, object], ...]


@dataclass(frozen=True)
class PointJob:
    run_dir: str
    points: tuple[tuple[int, Overrides], ...]  # (point id, swept key values), consecutive in plan order
    arms: tuple[str, ...]
    parameters_per_row: bool = False  # the points' draws differ beyond the swept values: keep them on each row


@dataclass(frozen=True)
class Finished:
    """The files of finished points `first`..`last`: one job's (its points share one model, so they finish
    together), or one point's as written before jobs had files of their own (`point-NNNNN.*`, Parquet)."""

    first: int
    last: int
    stem: Path  # the files are <stem>.outcomes.<suffix>, <stem>.timeseries.<suffix>, <stem>.summary.json
    suffix: str

    def table(self, kind: str) -> pa.Table:
        """The `outcomes` or `timeseries` rows of these points, in point order."""
        path = self.stem.with_name(f"{self.stem.name}.{kind}.{self.suffix}")
        if self.suffix == "arrow":
            return point_files.read_table(path)
        import pyarrow.parquet as pq

        return pq.read_table(path)

    def summaries(self) -> list[dict]:
        data = json.loads(self.stem.with_name(f"{self.stem.name}.summary.json").read_text())
        return data["points"] if "points" in data else [data]


_FINISHED = re.compile(r"points-(\d+)-(\d+)\.outcomes\.arrow|point-(\d+)\.outcomes\.parquet")


def finished(run_dir: Path) -> dict[int, Finished]:
    """The finished points' files by first point.  A job's outcomes file is written last, so it marks the job
    as finished; a temporary file (.tmp) never does."""
    found = {}
    for path in (Path(run_dir) / "points").iterdir():
        match = _FINISHED.fullmatch(path.name)
        if match:
            first, last, legacy = match.groups()
            first, last = (int(legacy), int(legacy)) if legacy else (int(first), int(last))
            stem = path.with_name(path.name.split(".")[0])
            found[first] = Finished(first, last, stem, "parquet" if legacy else "arrow")
    return found


def covered(files: dict[int, Finished]) -> set[int]:
    return {i for f in files.values() for i in range(f.first, f.last + 1)}


def _job_stem(run_dir: Path, first: int, last: int) -> Path:
    return run_dir / "points" / f"points-{first:05d}-{last:05d}"


def shares_parameters(base: ScenarioConfig, keys: list[str], points: list[dict]) -> bool:
    """Every point draws the base's parameters except the swept ones, which take the point's number: then
    the draws are stored once (parameters.parquet) and the swept values come from design.parquet."""
    return batchable(base, keys) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                         for point in points for v in point.values())


def batchable(base: ScenarioConfig, keys: list[str]) -> bool:
    """Points can share a model when every swept key is a scalar parameter (not a weight vector)."""
    scalars = {f"parameters.{k}" for k, spec in flatten(base.parameters).items() if width(spec) is None}
    return all(key in scalars for key in keys)


class _JobOutput:
    """A job's results, written as one set of files for all its points (the merge then reads one file per job,
    not one per point).  A one-point job streams its rows to the file as they come (its replications may be
    many); a job of several points keeps theirs until it ends, to write them in point order (they are at most
    one batch of replications per arm: `runner._jobs`).  Only the headline columns are kept for the summary."""

    def __init__(self, run_dir: Path, points: list[int], horizon: int):
        self.stem = _job_stem(run_dir, points[0], points[-1])
        self.points = points
        self.writer = point_files.ArrowFileWriter(self.stem.with_name(self.stem.name + ".outcomes.arrow"))
        self.rows: dict[int, list] = {point: [] for point in points}
        self.series = {point: SeriesAccumulator(horizon) for point in points}
        self.headline: dict[int, dict[str, dict[str, list]]] = {point: {} for point in points}

    def add(self, point: int, arm: str, columns: dict, series: dict | KeptBins) -> None:
        if len(self.points) == 1:
            self.writer.write(columns)
        else:
            self.rows[point].append(arrow.table(columns))
        self.series[point].add(arm, series)
        for m in HEADLINE:
            self.headline[point].setdefault(arm, {}).setdefault(m.column, []).append(columns[m.column])

    def discard(self) -> None:
        self.writer.discard()

    def publish(self, base: ScenarioConfig, overrides: dict[int, Overrides]) -> None:
        start = month_index(base.start)
        months = [month_label(start + t) for t in range(base.horizon_months)]
        series = []
        for point in self.points:
            ts = self.series[point].table(months)
            series.append(ts.append_column("point", arrow.array(np.full(ts.num_rows, point))))
        # one chunk, not one per point and arm: the parent's merge and encoder pay per chunk (a worker has time)
        point_files.write_table(pa.concat_tables(series).combine_chunks(),
                                self.stem.with_name(self.stem.name + ".timeseries.arrow"))
        summaries = [{"point": point, "values": dict(overrides[point]),
                      "arms": {arm: describe_all({m.column: np.concatenate(cols[m.column]) for m in HEADLINE})
                               for arm, cols in self.headline[point].items()}} for point in self.points]
        store.write_json(self.stem.with_name(self.stem.name + ".summary.json"), {"points": summaries}, compact=True)
        kept = [table for point in self.points for table in self.rows[point]]
        if kept:
            self.writer.write(pa.concat_tables(kept).combine_chunks())
        self.writer.close()  # last: the job's points count as finished only when its outcomes file exists


@dataclass
class JobResult:
    errors: dict[int, str | None]  # point -> its error (a traceback), None where it finished
    files: list[Finished]  # what the job wrote, for the merge (which so never has to look for them)


def run_point(base: ScenarioConfig, job: PointJob) -> JobResult:
    """Simulate the job's points and write their files.

    If a shared model fails, each point is retried on its own, so a failure names its point."""
    run_dir = Path(job.run_dir)
    output = _JobOutput(run_dir, [point for point, _ in job.points], base.horizon_months)
    if len(job.points) > 1:
        try:
            for arm in job.arms:
                _simulate_together(base, arm, job.points, output)
        except Exception:
            output.discard()
            result = JobResult({}, [])
            for item in job.points:
                try:
                    alone = run_point(base, PointJob(job.run_dir, (item,), job.arms, job.parameters_per_row))
                    result.errors.update(alone.errors)
                    result.files.extend(alone.files)
                except Exception:
                    result.errors[item[0]] = traceback.format_exc()
            return result
    else:
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
                    output.add(point, arm, columns, result.series)
        except BaseException:
            output.discard()
            raise
    try:
        output.publish(base, dict(job.points))
    except BaseException:
        output.discard()
        raise
    first, last = job.points[0][0], job.points[-1][0]
    return JobResult({point: None for point, _ in job.points}, [Finished(first, last, output.stem, "arrow")])


def _simulate_together(base: ScenarioConfig, arm: str, points, output: _JobOutput) -> None:
    """One lockstep model over all the points' rows (each point: replications 0..n-1)."""
    n, k = base.replications, len(points)
    reps = np.tile(np.arange(n, dtype=np.uint64), k)
    rows = {key: np.repeat([float(dict(o)[key]) for _, o in points], n) for key, _ in points[0][1]}
    unit = WorkUnit(arm, 0, n * k)
    result = simulate_unit(base, unit, replications=reps,
                           parameter_rows={key.removeprefix("parameters."): v for key, v in rows.items()}, binned=False)
    # every point's rows binned in one pass a variable, not one pass a point (8% of a sweep worker's time)
    bins = {name: bins_of(name, values) for name, values in result.series.items()}
    for j, (point, _) in enumerate(points):
        part = slice(j * n, (j + 1) * n)
        columns = {name: values[part] for name, values in result.columns.items()}
        columns = {"arm": columns.pop("arm"), "replication": columns.pop("replication"),
                   "point": np.full(n, point, dtype=np.int64), **columns}  # the column order of simulate_unit
        output.add(point, arm, columns, KeptBins({name: b[part] for name, b in bins.items()},
                                                 {name: values[part].sum(axis=0, dtype=np.float64)
                                                  for name, values in result.series.items()}, n))
