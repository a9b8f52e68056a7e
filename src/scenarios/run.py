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


from .analysis.summary import summarise
from .analysis.timeseries import SeriesAccumulator
from .config.loader import config_hash, dump_yaml
from .config.schema import ScenarioConfig, month_index, month_label
from .design import work_units
from .errors import ScenarioError
from .execution.executors import make_executor
from .execution.simulate import simulate_unit
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
    exe = config.execution
    chash = config_hash(config)
    path = store.create(runs_dir, config.name, chash)
    store.write_text(path / store.RESOLVED, dump_yaml(config))
    units = work_units(config, arms, exe.batch_size)
    manifest = {
        "status": "running", "name": config.name, "config_hash": chash, "seed": config.seed,
        "replications": config.replications, "arms": arms, "horizon_months": config.horizon_months,
        "start": config.start, "overrides": list(overrides), "batch_size": exe.batch_size, "workers": exe.workers,
        "model_version": store.versions()["scenarios"], "versions": store.versions(), "git_commit": store.git_commit(),
        "command": store.command_line(), "started_utc": store.utc_now(),
        "counts": {"units_planned": len(units), "units_done": 0, "rows_planned": len(arms) * config.replications,
                   "rows_written": 0},
    }
    store.write_json(path / store.MANIFEST, manifest)
    writer = store.OutcomeWriter(path / store.OUTCOMES)
    series = SeriesAccumulator(config.horizon_months)
    t0 = time.perf_counter()
    try:
        for done in make_executor(exe.workers).map(simulate_unit, config, units):
            unit = done.item
            if done.error:
                raise RuntimeError(f"simulating {unit.arm} replications {unit.first}.."
                                   f"{unit.first + unit.count - 1} failed:\n{done.error}")
            with store.uninterrupted():  # a unit's rows, series and count land together or not at all
                writer.write(done.result.columns)
                series.add(unit.arm, done.result.series)
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
        _finish(config, path, manifest, writer, series, t0)
    return RunResult(path, manifest, json.loads((path / store.SUMMARY).read_text()))


def _finish(config, path, manifest, writer, series, t0) -> None:
    writer.close()
    manifest["counts"]["rows_written"] = writer.rows
    if writer.rows:
        start = month_index(config.start)
        labels = [month_label(start + t) for t in range(config.horizon_months)]
        store.write_parquet(series.table(labels), path / store.TIMESERIES)
        arms_written = list(dict.fromkeys(a for a, _ in series.counts))
        store.write_json(path / store.SUMMARY, {"name": config.name, "status": manifest["status"],
                                                 "run_dir": str(path), **summarise(path / store.OUTCOMES, arms_written)})
    manifest["finished_utc"] = store.utc_now()
    manifest["wall_seconds"] = round(time.perf_counter() - t0, 3)
    store.write_json(path / store.MANIFEST, manifest)


def load_summary(run_path: Path) -> tuple[dict, dict]:
    manifest = store.read_manifest(run_path)
    summary_path = Path(run_path) / store.SUMMARY
    if not summary_path.exists():
        raise ScenarioError(f"{run_path}: the run wrote no summary (status {manifest.get('status')!r}, "
                            f"{manifest.get('counts', {}).get('rows_written', 0)} rows)")
    return manifest, json.loads(summary_path.read_text())

