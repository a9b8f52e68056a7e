"""Run a sweep point by point; resumable, and a failing point is recorded, not fatal.

Each finished job (one point, or consecutive points that share a model) is written on its own
(points/points-FIRST-LAST.*, atomically), so an interrupted sweep keeps every finished point and `--resume` runs
only the missing ones.  When all points are present the
point files are merged, in point order, into the run directory's outcomes and time series, so a resumed
sweep ends with the same files as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

from ..config.loader import apply_overrides, config_hash, dump_yaml, resolved_dict, validate
from ..config.schema import ScenarioConfig
from ..errors import ConfigError, Problem, RunDirError
from ..design import check_memory, parameter_rows
from ..execution.executors import SWEEP_WORK, get_ready, make_executor, preflight, resolve_workers, with_kernel
from ..manifest import provenance, what_ran
from ..orchestrate import select_arms
from ..storage import arrow
from ..storage import run_dir as store
from . import designs
from .point import PointJob, batchable, covered, finished, run_point, shares_parameters
from .spec import SweepSpec

SWEEP, DESIGN, FAILURES, POINTS = "sweep.json", "design.parquet", "failures.jsonl", "points"
MAX_POINTS_PER_JOB = 32


@dataclass
class SweepResult:
    path: Path
    manifest: dict
    failures: int
    warnings: list[str] = field(default_factory=list)  # the sensitivity analysis's (too few samples, ...)
    ran: bool = True  # False: the sweep was complete already (a resume with nothing to do)


def _point_overrides(point: dict) -> tuple[tuple[str, object], ...]:
    return tuple(point.items())


def _with_point(data: dict, point: dict) -> dict:
    """The base's data with the point's dotted keys set, as `apply_overrides` sets them, but copying only the
    mappings on each key's path (a deep copy of the whole config and a YAML round trip of each value were 2/3 of
    checking the Sobol sweep's 1,792 points: 6.3 s under a profiler).  A path through a non-mapping goes the
    slow way, for `apply_overrides`'s message."""
    out = dict(data)
    for key, value in point.items():
        *parents, last = key.split(".")
        node = out
        for k in parents:
            child = node.get(k)
            if not isinstance(child, dict):
                return apply_overrides(data, [f"{k}={json.dumps(v)}" for k, v in point.items()])[0]
            node[k] = node = dict(child)
        node[last] = value
    return out


def check_points(base: ScenarioConfig, points: list[dict]) -> None:
    """Validate every point's config before anything runs; name the point and the key."""
    problems, data = [], resolved_dict(base)
    for i, point in enumerate(points):
        try:
            validate(_with_point(data, point), f"sweep point {i}")
        except ConfigError as exc:
            values = ", ".join(f"{k}={v}" for k, v in point.items())
            problems += [Problem(f"sweep point {i} ({values})", p.key, p.message, p.hint) for p in exc.problems]
        if len(problems) >= 10:
            break
    if problems:
        raise ConfigError(problems)


def check(base: ScenarioConfig, spec: SweepSpec) -> tuple[ScenarioConfig, list[str], list[dict]]:
    """(the base as the sweep runs it, its arms, its points), every point's config checked: what `prepare`
    writes, and what `scenarios validate` says of a sweep file, without writing anything."""
    if spec.replications:
        base = validate(apply_overrides(resolved_dict(base), [f"replications={spec.replications}"])[0])
    base = with_kernel(base)  # stored resolved: every run and resume of the sweep uses the same kernel
    arms = select_arms(base, spec.arms)
    points = designs.points(spec, base.seed)
    check_points(base, points)
    return base, arms, points


def prepare(base: ScenarioConfig, spec: SweepSpec, runs_dir: Path, name: str | None = None,
            overrides: list[str] = ()) -> Path:
    """Make the run directory with everything needed to run (or resume) the sweep; `name` (default: the base
    config's name + '-sweep') names the directory, `overrides` are recorded for titles."""
    base, arms, points = check(base, spec)
    chash = hashlib.sha256(f"{config_hash(base)}{spec.model_dump_json()}".encode()).hexdigest()[:8]
    name = name or f"{base.name}-sweep"
    manifest = (what_ran(base, arms, "prepared", len(points) * len(arms) * base.replications)
                | {"kind": "sweep", "name": name, "config_hash": chash, "design": spec.design, "swept": spec.keys,
                   "points": len(points)} | provenance(base, overrides, base.execution.workers))
    manifest["counts"].update(points_planned=len(points), points_done=0, points_failed=0)

    def fill(staging: Path, run_id: str) -> None:
        (staging / POINTS).mkdir()
        store.write_text(staging / store.RESOLVED, dump_yaml(base))
        store.write_json(staging / SWEEP, {"spec": json.loads(spec.model_dump_json()), "arms": arms,
                                           "points": points, "base": resolved_dict(base)})
        design = {"point": list(range(len(points)))} | {k: [p[k] for p in points] for k in spec.keys}
        pq.write_table(arrow.table(design), staging / DESIGN)
        if shares_parameters(base, spec.keys, points):  # every point's draws but the swept ones: stored once
            writer = store.OutcomeWriter(staging / store.PARAMETERS)
            for first in range(0, base.replications, base.execution.batch_size):
                writer.write(parameter_rows(base, first, min(base.execution.batch_size, base.replications - first)))
            writer.close()
        store.write_json(staging / store.MANIFEST, {**manifest, "run_id": run_id})

    return store.create(runs_dir, name, chash, fill)


def load(path: Path) -> tuple[ScenarioConfig, dict, dict]:
    manifest = store.read_manifest(path)
    if manifest.get("kind") != "sweep" or not (path / SWEEP).exists():
        raise RunDirError(f"{path}: not a sweep run directory (no {SWEEP}); resume works on `scenarios sweep` runs")
    sweep = json.loads((path / SWEEP).read_text())
    return validate(sweep["base"], str(path / SWEEP)), sweep, manifest


def run(path: Path, workers: int | None = None, progress: Callable[[int], None] | None = None,
        on_total: Callable[[int, int], None] | None = None) -> SweepResult:
    """Run every point of a prepared sweep that has no results yet, then merge.  A complete sweep has nothing
    left to run (its points' files are gone: merged into the run's own)."""
    base, sweep, manifest = load(path)
    if manifest.get("status") == "complete":
        return SweepResult(path, manifest, 0, [], ran=False)
    if workers:
        base = base.model_copy(update={"execution": base.execution.model_copy(update={"workers": workers})})
    points, arms = sweep["points"], tuple(sweep["arms"])
    files = finished(path)  # a resumed sweep's finished jobs
    done = covered(files)
    todo = [i for i, _ in enumerate(points) if i not in done]
    store.check_space(path, len(todo) * len(arms) * base.replications)
    rows = len(todo) * len(arms) * base.replications
    exe = base.execution
    jobs = _jobs(path, base, sweep, points, todo, arms, resolve_workers(exe.workers, rows, len(todo), exe.kernel))
    workers = resolve_workers(exe.workers, rows, len(jobs), exe.kernel)  # as the executor will
    check_memory(base, workers)
    preflight(base.execution)
    if on_total:
        on_total(len(todo) * len(arms) * base.replications, len(points) - len(todo))
    (path / FAILURES).unlink(missing_ok=True)  # failures are re-tried on resume; keep only this attempt's
    manifest.update(status="running", workers=workers, resumed=manifest.get("status") != "prepared")
    store.write_json(path / store.MANIFEST, manifest)
    get_ready(base.execution, rows, len(jobs), wait=True, work=SWEEP_WORK)  # start-up, not the sweep's time
    t0, failures, status = time.perf_counter(), 0, "failed"
    merger = Merger(path, len(points), files)
    try:
        for done in make_executor(base.execution, rows, len(jobs)).map(run_point, base, jobs):
            ids = [i for i, _ in done.item.points]
            errors = {i: done.error for i in ids} if done.error else done.result.errors
            if not done.error:
                merger.found(done.result.files)
            for i, error in errors.items():
                if error:
                    failures += 1
                    _record_failure(path, i, points[i], error)
            merger.advance(ids[-1] + 1)  # results come in point order: all below are settled
            if progress:
                progress(len(ids) * len(arms) * base.replications)
        status = "partial" if failures else "complete"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    except BaseException:
        manifest["error"] = traceback.format_exc(limit=3)
        raise
    finally:
        manifest["status"] = status
        _finish(path, base, manifest, points, arms, t0, merger)
    return SweepResult(path, manifest, failures, _analyse(path, sweep, manifest))


def _analyse(path: Path, sweep: dict, manifest: dict) -> list[str]:
    """A finished sobol or morris sweep's indices, into sensitivity.json (the sweep's own last step, so a
    sweep run from Python leaves the same directory as one run from the command line); its warnings."""
    from . import sensitivity
    from .spec import SweepSpec

    spec = SweepSpec.model_validate(sweep["spec"])
    if spec.design not in ("sobol", "morris") or manifest["status"] != "complete":
        return []
    doc = sensitivity.analyse(spec, sweep["points"], json.loads((path / store.SUMMARY).read_text()),
                              manifest["seed"])
    store.write_json(path / "sensitivity.json", doc)
    return list(doc.get("warnings", []))


def _jobs(path: Path, base: ScenarioConfig, sweep: dict, points: list, todo: list[int], arms: tuple,
          workers: int = 1) -> list[PointJob]:
    """One job per point, or, for scalar-parameter sweeps, consecutive points sharing a lockstep model
    up to the batch size.  A job's points are contiguous (a resumed sweep's gaps split them): its files are
    named by its first and last point.  With several workers the jobs shrink towards the end (guided
    self-scheduling: a job takes at most 1/(2 x workers) of the points left, down to a quarter of the full
    size), so that the workers finish together instead of some idling behind another's last large job; a
    smaller job costs more per point (the model's fixed ~35 ms a step loop), so only the tail is cut."""
    keys = list(sweep["spec"]["params"]) + list(sweep["spec"]["values"])
    # each point of a job keeps its own series histogram and rows: bound them, whatever --reps is
    per_job = max(1, min(base.execution.batch_size // base.replications, MAX_POINTS_PER_JOB)) \
        if batchable(base, keys) else 1
    per_row = not (path / store.PARAMETERS).exists()
    jobs, left = [], len(todo)
    for run in _contiguous(todo):
        k = 0
        while k < len(run):
            size = per_job if workers <= 1 else max(1, per_job // 4, min(per_job, -(-left // (2 * workers))))
            ids = run[k:k + size]
            jobs.append(PointJob(str(path), tuple((i, _point_overrides(points[i])) for i in ids), arms, per_row))
            k, left = k + len(ids), left - len(ids)
    return jobs


def _contiguous(ids: list[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] -> [[1, 2, 3], [7, 8]]"""
    runs: list[list[int]] = []
    for i in ids:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _record_failure(path: Path, i: int, point: dict, error: str) -> None:
    line = json.dumps({"point": i, "values": point, "error": error.strip().splitlines()[-1], "traceback": error})
    with open(path / FAILURES, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def _finish(path: Path, base: ScenarioConfig, manifest: dict, points: list, arms: list, t0: float,
            merger: Merger) -> None:
    done = covered(finished(path))  # on disk: a job interrupted after writing its files counts too
    manifest["counts"]["points_done"] = len(done)
    manifest["counts"]["points_failed"] = sum(1 for _ in open(path / FAILURES)) if (path / FAILURES).exists() else 0
    manifest["counts"]["rows_written"] = len(done) * len(arms) * base.replications
    if manifest["status"] in ("complete", "partial") and done:
        merger.publish()
    else:
        merger.abandon()
    if done:
        for leftover in (path / POINTS).glob("*.tmp"):  # from failed points; a resume rewrites them
            leftover.unlink()
    manifest["finished_utc"] = store.utc_now()
    manifest["wall_seconds"] = round(manifest.get("wall_seconds", 0) + time.perf_counter() - t0, 3)
    store.write_json(path / store.MANIFEST, manifest)
    if manifest["status"] == "complete":  # every row is in the run's own files now: the job files (3x their
        shutil.rmtree(path / POINTS, ignore_errors=True)  # size) were only for --resume; a partial run keeps them


class Merger:
    """Appends finished points, in point order, to the run's outcome and time-series files while the
    sweep runs (so the merge overlaps the simulation); `publish` renames them into place.  It reads one set of
    files per job (`point.finished`), so its cost per point shrinks with the job's size."""

    KINDS = (("outcomes", store.OUTCOMES), ("timeseries", store.TIMESERIES))

    def __init__(self, path: Path, n_points: int, files: dict):
        self.path, self.n_points, self.next = path, n_points, 0
        # buffered writers: one row group per point would bloat the footer (thousands of points)
        self.writers = {target: store.OutcomeWriter(path / target) for _, target in self.KINDS}
        self.summaries: list[dict] = []
        self.files = dict(files)  # first point -> its job's files: those found at the start, then `found`

    def found(self, files: list) -> None:
        """Files a job of this run wrote."""
        self.files.update((f.first, f) for f in files)

    def advance(self, upto: int) -> None:
        """Merge every point below `upto` that has its files (failed points have none and are skipped)."""
        while self.next < min(upto, self.n_points):
            files = self.files.get(self.next)
            if files is None:
                self.next += 1
                continue
            tables = [(target, files.table(kind)) for kind, target in self.KINDS]
            summaries = files.summaries()
            with store.uninterrupted():  # a job's rows and summaries are merged together or not at all
                for target, table in tables:
                    self.writers[target].write(table)
                self.summaries.extend(summaries)
                self.next = files.last + 1

    def publish(self) -> None:
        self.advance(self.n_points)
        for writer in self.writers.values():
            writer.close()
        store.write_json(self.path / store.SUMMARY, {"kind": "sweep", "run_dir": str(self.path),
                                                      "points": self.summaries}, compact=True)

    def abandon(self) -> None:
        for writer in self.writers.values():
            writer.discard()
