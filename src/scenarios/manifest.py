"""The manifest's fields, built in one place for runs, sweeps and runs kept in memory (docs/outputs.md)."""

from __future__ import annotations

from .config.loader import config_hash
from .config.schema import ScenarioConfig
from .storage import run_dir as store


def what_ran(config: ScenarioConfig, arms: list[str], status: str, rows_planned: int | None = None) -> dict:
    """What was simulated: the fields that comparisons and readers rely on."""
    planned = len(arms) * config.replications if rows_planned is None else rows_planned
    return {"status": status, "name": config.name, "config_hash": config_hash(config), "seed": config.seed,
            "replications": config.replications, "arms": arms, "horizon_months": config.horizon_months,
            "start": config.start, "model_version": store.versions()["scenarios"],
            "counts": {"rows_planned": planned, "rows_written": 0}}


def provenance(config: ScenarioConfig, overrides: list[str], workers: int | str) -> dict:
    """How, where and when it was made: the --set values, execution settings, versions, commit, command."""
    return {"overrides": list(overrides), "batch_size": config.execution.batch_size, "workers": workers,
            "executor": config.execution.executor, "kernel": config.execution.kernel, "versions": store.versions(),
            "git_commit": store.git_commit(),
            "command": store.command_line(), "started_utc": store.utc_now()}
