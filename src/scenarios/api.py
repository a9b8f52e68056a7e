"""The Python API: load a scenario, run it in memory or into a run directory, read results as DataFrames.

    import scenarios
    config = scenarios.load("configs/lethal_aid.yaml", {"replications": 500, "parameters.china.restraint": 0.8})
    result = scenarios.run(config, arms=["status_quo", "direct_155"])
    result.summary_table()                 # arm x headline outcome, estimate and 95% interval
    result.compare("status_quo")           # paired differences under common random numbers
    result.outcomes()                      # one row per (arm, replication), parameters included
    scenarios.open_run("runs/lethal_aid-...").timeseries()

The same functions the command line calls, so a script's numbers are `scenarios run`'s numbers.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .config.schema import ScenarioConfig
from .errors import ScenarioError


def load(source: str | Path | Mapping | ScenarioConfig, overrides: Mapping[str, Any] | list[str] | None = None,
         ) -> ScenarioConfig:
    """A validated config from a YAML file, a dict or a config, with dotted-key overrides applied
    ({"parameters.china.restraint": 0.8} or ["parameters.china.restraint=0.8"], as `--set`)."""
    from .config.loader import apply_overrides, load_config, resolved_dict, validate

    texts = _override_texts(overrides)
    if isinstance(source, (str, Path)):
        return load_config(source, texts)
    data = resolved_dict(source) if isinstance(source, ScenarioConfig) else dict(source)
    data, origin = apply_overrides(data, texts)
    return validate(data, "<dict>", None, origin)


def _override_texts(overrides) -> list[str]:
    if overrides is None:
        return []
    if isinstance(overrides, Mapping):
        return [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    if isinstance(overrides, str):
        raise ScenarioError("overrides: give a dict {key: value} or a list of 'key=value' strings, not one string")
    return list(overrides)


def run(config: str | Path | Mapping | ScenarioConfig, *, arms: list[str] | None = None,
        replications: int | None = None, seed: int | None = None, workers: int | None = None,
        runs_dir: str | Path | None = None, progress=None) -> Results:
    """Simulate `config` (a path, dict or config).  With `runs_dir` the run is stored as `scenarios run`
    stores it and can be opened, compared and resumed later; without, it stays in memory.  A failure leaves
    no directory behind unless rows were already written (then it is resumable, as from the CLI)."""
    from . import orchestrate as runner

    changes = {k: v for k, v in (("replications", replications), ("seed", seed)) if v is not None}
    if workers is not None:
        changes["execution.workers"] = workers
    config = load(config, changes) if changes or not isinstance(config, ScenarioConfig) else config
    if runs_dir is None:
        memory = runner.simulate_in_memory(config, arms, progress)
        return Results(config, memory.manifest, memory.summary, memory.outcomes, memory.timeseries, None,
                       memory.parameters)
    runs_dir = Path(runs_dir)
    before = set(runs_dir.iterdir()) if runs_dir.is_dir() else set()
    try:
        done = runner.execute(config, runs_dir, arms, progress)
    except BaseException:
        _remove_empty_runs(runs_dir, before)
        raise
    return open_run(done.path)


def _remove_empty_runs(runs_dir: Path, before: set[Path]) -> None:
    """A run that failed before writing a row is of no use to anyone: take its directory away."""
    from .storage import run_dir as store

    for path in set(runs_dir.iterdir()) - before if runs_dir.is_dir() else ():
        try:
            rows = store.read_manifest(path).get("counts", {}).get("rows_written", 0)
        except ScenarioError:
            continue
        if not rows:
            shutil.rmtree(path, ignore_errors=True)


def open_run(path: str | Path) -> Results:
    """A stored run directory, checked as `scenarios show` checks it."""
    from .config.loader import load_stored
    from .orchestrate import load_summary
    from .storage import run_dir as store

    path = Path(path)
    manifest, summary = load_summary(path)
    return Results(load_stored(path / store.RESOLVED), manifest, summary, None, None, path)


class Results:
    """A finished run, stored (`path`) or in memory: its config, manifest and summary, and DataFrames."""

    def __init__(self, config: ScenarioConfig, manifest: dict, summary: dict, outcomes_table, timeseries_table,
                 path: Path | None, parameters_table=None):
        self.config, self.manifest, self.summary, self.path = config, manifest, summary, path
        self._outcomes, self._timeseries, self._parameters = outcomes_table, timeseries_table, parameters_table

    @property
    def arms(self) -> list[str]:
        return list(self.manifest["arms"])

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "in memory"
        return f"<scenarios.Results {self.config.name}: {len(self.arms)} arms x {self.config.replications:,} ({where})>"

    def outcomes(self, columns: list[str] | None = None):
        """One row per (arm, replication): outcomes and the replication's parameter draws (param.*)."""
        from .storage.tables import PARAM, read_outcomes, select

        if self._outcomes is None:
            return read_outcomes(self.path, None if columns is None else _with_ids(columns)).to_pandas()
        drawn = [c for c in self._parameters.column_names if c.startswith(PARAM)]
        wanted = _with_ids(columns) if columns is not None else self._outcomes.column_names + drawn
        return select(self._outcomes, self._parameters, wanted).to_pandas()

    def timeseries(self):
        """Monthly mean and 5/50/95% quantiles of each state series, per arm."""
        import pyarrow.parquet as pq

        from .storage import run_dir as store

        table = self._timeseries if self._timeseries is not None else pq.read_table(self.path / store.TIMESERIES)
        return table.to_pandas()

    def summary_table(self):
        """The headline outcomes: one row per (arm, outcome) with the estimate and its 95% interval."""
        import pandas as pd

        labels = {m["column"]: m["label"] for m in self.summary["metrics"]}
        shorts = {m["column"]: m.get("short") or m["label"] for m in self.summary["metrics"]}
        rows = [{"arm": arm, "outcome": column, "label": labels.get(column, column),
                 "short": shorts.get(column, column), "estimate": s["estimate"],
                 "low": s["ci95"][0], "high": s["ci95"][1], "n": s["n"]}
                for arm, by_column in self.summary["arms"].items() for column, s in by_column.items()]
        return pd.DataFrame(rows)

    def compare(self, baseline: str = "status_quo", arms: list[str] | None = None, metrics: list[str] = (),
                adjust: str = "none"):
        """Each arm (or those given) against `baseline`: differences with 95% intervals, paired across arms
        (common random numbers), as `scenarios compare` computes them."""
        import pandas as pd

        from .analysis.compare import Ref, RunData, compare_runs

        if baseline not in self.arms:
            raise ScenarioError(f"no baseline arm {baseline!r}; this run has: {', '.join(self.arms)}")
        unknown = [a for a in arms or () if a not in self.arms]
        if unknown:
            raise ScenarioError(f"unknown arm(s) {', '.join(unknown)}; this run has: {', '.join(self.arms)}")
        if self.path is not None:
            data = RunData(self.path, allow_partial=False)
        else:
            data = RunData.in_memory(self._outcomes, self.manifest, self.config.name)
        pairs = [(Ref(data.path, baseline), Ref(data.path, arm)) for arm in (arms or self.arms) if arm != baseline]
        result = compare_runs(pairs, {str(data.path): data}, list(metrics), adjust)
        return pd.DataFrame([c.record() for c in result["comparisons"]])


def _with_ids(columns: list[str]) -> list[str]:
    return list(dict.fromkeys(["arm", "replication", *columns]))
