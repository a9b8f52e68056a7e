"""Orchestrates one run: config -> design -> executor -> run directory -> summary.

The run directory always ends with a manifest that tells the truth: `complete`, or `interrupted` /
`failed` with the rows that were written; outcome files are published only once their footer is written.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from .analysis.summary import SummaryColumns, summarise
from .analysis.timeseries import SeriesAccumulator
from .config.loader import dump_yaml, load_stored
from .config.schema import ScenarioConfig, month_index, month_label
from .design import BATCH_MAJOR, WorkUnit, check_memory, unit_count, work_units
from .errors import ScenarioError
from .execution.executors import get_ready, make_executor, preflight, resolve_kernel, resolve_workers, with_kernel
from .execution.tasks import DRAW_SHARE, tail_pieces
from .execution.simulate import simulate_to_arrow, simulate_unit
from .manifest import provenance, what_ran
from .storage import arrow
from .storage import run_dir as store

Progress = Callable[[int], None]  # called with the replications just finished


@dataclass
class RunResult:
    path: Path
    manifest: dict
    summary: dict


def select_arms(config: ScenarioConfig, arms: list[str] | None) -> list[str]:
    if not arms:
        return list(config.arms)
    unknown = [a for a in arms if a not in config.arms]
    if unknown:
        raise ScenarioError(f"unknown arm(s) {', '.join(unknown)}; the config defines: {', '.join(config.arms)}")
    return list(dict.fromkeys(arms))


def execute(config: ScenarioConfig, runs_dir: Path, arms: list[str] | None = None,
            progress: Progress | None = None, overrides: list[str] = ()) -> RunResult:
    """Run `config` into a new directory under `runs_dir`; `overrides` (the --set values that made the config)
    are recorded so pictures and reports can say what was changed."""
    arms = select_arms(config, arms)
    config = with_kernel(config)
    exe = config.execution
    workers = resolve_workers(exe.workers, len(arms) * config.replications, unit_count(config, arms, exe.batch_size),
                              exe.kernel)
    check_memory(config, workers)
    preflight(exe)
    store.check_space(runs_dir, len(arms) * config.replications)
    manifest = (what_ran(config, arms, "running") | {"run_id": None, "row_order": BATCH_MAJOR}
                | provenance(config, overrides, workers) | store.writer_identity())
    manifest["counts"].update(units_planned=unit_count(config, arms, exe.batch_size), units_done=0)

    def fill(staging: Path, run_id: str) -> None:
        store.write_text(staging / store.RESOLVED, dump_yaml(config))
        store.write_json(staging / store.MANIFEST, {**manifest, "run_id": run_id})

    path = store.create(runs_dir, config.name, manifest["config_hash"], fill)
    manifest["run_id"] = path.name
    return _simulate(config, path, manifest, arms, progress, SeriesAccumulator(config.horizon_months), 0)


def resume(path: Path, workers: int | None = None, progress: Progress | None = None) -> RunResult:
    """Finish an interrupted, failed or abandoned run in place: the rows it holds are kept, the rest are
    simulated; the outcomes are those of an uninterrupted run (replication i depends only on the seed and i)."""
    from .storage import verify

    manifest = store.read_manifest(path)
    state = verify.status(manifest)
    if manifest.get("kind"):
        raise ScenarioError(f"{path}: a {manifest['kind']}; resume a sweep with scenarios sweep --resume")
    if state == "complete":
        raise ScenarioError(f"{path}: complete; nothing to resume")
    if state == "running":
        raise ScenarioError(f"{path}: still being written by pid {manifest.get('pid')}; wait for it or stop it")
    verify.require(path, manifest, need_outcomes=False, need_config=True)
    config = load_stored(path / store.RESOLVED)
    if workers:
        config = config.model_copy(update={"execution": config.execution.model_copy(update={"workers": workers})})
    arms = manifest["arms"]
    kept = _rows_kept(path)
    order = manifest.get("row_order", "arm-major")  # runs made before batch-major order keep theirs
    series = SeriesAccumulator.restore(path / SERIES_STATE, kept) or _rebuild_series(config, arms, kept, order)
    manifest.update(status="running", resumed=True, error=None, **store.writer_identity())
    store.write_json(path / store.MANIFEST, manifest)
    return _simulate(config, path, manifest, arms, progress, series, kept, order)


SERIES_STATE = "series.state.npz"  # the monthly histograms of an unfinished run, so --resume need not redo them


def _rows_kept(path: Path) -> int:
    """Rows an unfinished run holds for sure: those of its published outcome file (a writer killed mid-file
    leaves only an unreadable .tmp, which is discarded)."""
    import pyarrow.parquet as pq

    (path / (store.OUTCOMES + ".tmp")).unlink(missing_ok=True)
    try:
        return pq.ParquetFile(path / store.OUTCOMES).metadata.num_rows
    except (OSError, ValueError):
        return 0


def _cut(config: ScenarioConfig, arms: list[str], rows: int, order: str):
    """The plan's units cut at row `rows` of the outcomes: (the part before, the part after) of each unit,
    None where a part is empty."""
    for unit in work_units(config, arms, config.execution.batch_size, order):
        kept = min(max(rows, 0), unit.count)
        rows -= unit.count
        yield (WorkUnit(unit.arm, unit.first, kept) if kept else None,
               WorkUnit(unit.arm, unit.first + kept, unit.count - kept, with_parameters=unit.with_parameters)
               if kept < unit.count else None)


def _rebuild_series(config: ScenarioConfig, arms: list[str], rows: int, order: str) -> SeriesAccumulator:
    """An abandoned run left no histograms: simulate the kept rows again for their monthly series only."""
    series = SeriesAccumulator(config.horizon_months)
    for unit, _ in _cut(config, arms, rows, order):
        if unit is None:
            break
        series.add(unit.arm, simulate_unit(config, unit).series)
    return series


TASK_REPLICATIONS = 24_576  # a Dask task's least replication-arms: >= 1 s of model at ~40 us each


def _simulated(config: ScenarioConfig, units: list, arms: int):
    """(unit, result) in plan order from the configured executor (`units` batch-major, `arms` per batch); a unit
    that failed stops the run.  A pool task takes one batch of replications for every arm, so its worker
    draws the batch's parameters once, not once per arm (3-4 us a replication, a third of a compiled unit's
    work) -- except the last batch per worker, which may be split by arm so that no worker idles behind
    another's large last task (the plan's last batch is often short), as far as that pays for drawing the
    batch again in each piece (`tail_pieces`).  A Dask task takes whole batches too, >= TASK_REPLICATIONS
    replication-arms."""
    exe = config.execution
    rows, count = sum(unit.count for unit in units), len(units)
    counts = list({unit.first: unit.count for unit in units}.values())  # each batch's replications, in order
    workers = resolve_workers(exe.workers, rows, count, exe.kernel)
    sized = max(0, len(counts) - workers)
    pieces = tail_pieces(counts, arms, workers, sized, DRAW_SHARE[resolve_kernel(exe.kernel)]) if workers > 1 else None
    dask_per_task = arms * max(1, -(-TASK_REPLICATIONS // (arms * exe.batch_size)))
    executor = make_executor(exe, rows, count, arms, dask_per_task, sized=sized, pieces=pieces)
    for done in executor.map(simulate_to_arrow, config, units):
        unit = done.item
        if done.error:
            raise RuntimeError(f"simulating {unit.arm} replications {unit.first}.."
                               f"{unit.first + unit.count - 1} failed:\n{done.error}")
        yield unit, done.result


@dataclass
class MemoryResult:
    outcomes: object  # pyarrow.Table, one row per (arm, replication), the columns of outcomes.parquet
    timeseries: object  # pyarrow.Table, the columns of timeseries.parquet
    summary: dict  # as summary.json
    manifest: dict  # the fields a stored run's manifest has that comparisons read
    parameters: object  # pyarrow.Table, as parameters.parquet: one row per replication


def simulate_in_memory(config: ScenarioConfig, arms: list[str] | None = None,
                       progress: Progress | None = None) -> MemoryResult:
    """The same simulation as `execute`, kept in memory: for notebooks and the seminar page."""
    arms = select_arms(config, arms)
    config = with_kernel(config)
    exe = config.execution
    rows, count = len(arms) * config.replications, unit_count(config, arms, exe.batch_size)
    check_memory(config, resolve_workers(exe.workers, rows, count, exe.kernel))
    preflight(exe)
    series = SeriesAccumulator(config.horizon_months)
    tables, drawn = [], []
    for unit, result in _simulated(config, list(work_units(config, arms, exe.batch_size)), len(arms)):
        tables.append(result.columns)
        if result.parameters is not None:
            drawn.append(result.parameters)
        series.add(unit.arm, result.series)
        if progress:
            progress(unit.count)
    outcomes = pa.concat_tables(tables)
    parameters = pa.concat_tables(drawn)
    start = month_index(config.start)
    timeseries = series.table([month_label(start + t) for t in range(config.horizon_months)])
    manifest = what_ran(config, arms, "complete")
    manifest["counts"]["rows_written"] = outcomes.num_rows
    summary = {"name": config.name, "status": "complete", "run_dir": None, "run_id": None,
               **summarise(outcomes, arms)}
    return MemoryResult(outcomes, timeseries, summary, manifest, parameters)


def _simulate(config, path, manifest, arms, progress, series, kept, order=BATCH_MAJOR) -> RunResult:
    writer = store.OutcomeWriter(path / store.OUTCOMES)
    drawn = store.OutcomeWriter(path / store.PARAMETERS)  # each replication's draws, once for all arms
    summary_columns = None if kept else SummaryColumns()  # a resumed run's kept rows are only in its file
    if kept:  # a resumed run: its kept rows first, as they were
        writer.copy_from(path / store.OUTCOMES)
        if (path / store.PARAMETERS).exists():
            drawn.copy_from(path / store.PARAMETERS)
    units = [rest for _, rest in _cut(config, arms, kept, order) if rest is not None]  # small: ~1 per 8,192 rows
    get_ready(config.execution, sum(unit.count for unit in units), len(units), wait=True)  # not the run's time
    t0 = time.perf_counter()
    try:
        for unit, result in _simulated(config, units, len(arms)):
            with store.uninterrupted():  # a unit's rows, series and count land together or not at all
                # Arrow from simulate_to_arrow; numpy from a stand-in task (the tests')
                rows = arrow.table(result.columns)
                writer.write(rows)
                if summary_columns is not None:
                    summary_columns.add(rows)
                # the draws in replication order, or drawn again at the end
                if result.parameters is not None and drawn.rows == unit.first:
                    drawn.write(result.parameters)
                series.add(unit.arm, result.series)
                manifest["counts"]["units_done"] += 1
            if progress:
                progress(unit.count)
        manifest["status"] = "complete"
    except KeyboardInterrupt:
        manifest["status"] = "interrupted"
        raise
    except BaseException as exc:
        manifest["status"] = "failed"
        manifest["error"] = "".join(traceback.format_exception_only(exc)).strip()
        raise
    finally:
        _finish(config, path, manifest, writer, series, t0, drawn, summary_columns)
    return RunResult(path, manifest, json.loads((path / store.SUMMARY).read_text()))


def _finish(config, path, manifest, writer, series, t0, drawn, summary_columns=None) -> None:
    try:
        _publish(config, path, manifest, writer, series, drawn, summary_columns)
    except OSError as exc:  # a full disk or a file-size limit: say so in the manifest, not 'running' forever
        manifest["status"] = "failed"
        manifest["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        manifest["finished_utc"] = store.utc_now()
        manifest["wall_seconds"] = round((manifest.get("wall_seconds") or 0) + time.perf_counter() - t0, 3)
        try:
            store.write_json(path / store.MANIFEST, manifest)
        except OSError:
            pass  # the disk refuses even this; the reader sees the writer gone and says 'abandoned'


def _in_memory(summary_columns: SummaryColumns | None, rows: int):
    """The summary's columns from memory, if they hold every row the file does."""
    table = summary_columns.table() if summary_columns is not None else None
    return table if table is not None and table.num_rows == rows else None


def _publish(config, path, manifest, writer, series, drawn, summary_columns=None) -> None:
    _draw_missing(config, drawn, min(writer.rows, config.replications))
    drawn.close()
    writer.close()
    manifest["counts"]["rows_written"] = writer.rows
    if writer.rows:
        start = month_index(config.start)
        labels = [month_label(start + t) for t in range(config.horizon_months)]
        store.write_parquet(series.table(labels), path / store.TIMESERIES)
        arms_written = series.arms
        store.write_json(path / store.SUMMARY, {"name": config.name, "status": manifest["status"],
                                                 "run_dir": str(path), "run_id": manifest.get("run_id"),
                                                 **summarise(_in_memory(summary_columns, writer.rows)
                                                             or path / store.OUTCOMES, arms_written)})
    if manifest["status"] == "complete":
        (path / SERIES_STATE).unlink(missing_ok=True)
    elif writer.rows:
        series.save(path / SERIES_STATE, writer.rows)


def _draw_missing(config: ScenarioConfig, drawn, rows: int) -> None:
    """Parameter draws for replications the workers did not return in order (a resumed run whose earlier
    part lost its parameters file): drawn here, from the same streams, so the file is whole."""
    from .design import parameter_rows

    while drawn.rows < rows:
        drawn.write(parameter_rows(config, drawn.rows, min(rows - drawn.rows, config.execution.batch_size)))


def load_summary(run_path: Path) -> tuple[dict, dict]:
    """A run's manifest and summary, after checking the directory can be trusted."""
    from .storage import verify

    manifest = store.read_manifest(run_path)
    verify.require(Path(run_path), manifest)
    summary_path = Path(run_path) / store.SUMMARY
    if not summary_path.exists():
        state = verify.status(manifest)
        why = (f"abandoned: its writer (pid {manifest.get('pid')}) no longer exists"
               if state == "abandoned" else f"status {state!r}")
        raise ScenarioError(f"{run_path}: no summary yet ({why}; "
                            f"{manifest.get('counts', {}).get('rows_written', 0):,} rows published); finish it with "
                            f"scenarios run --resume {run_path}")
    return manifest, verify.read_json(summary_path)
