"""Reading a run's rows with their parameter draws.

A replication's draws are the same in every arm (and at every point of a sweep over scalar parameters), so
they are stored once, in parameters.parquet (one row per replication), not on each of outcomes.parquet's
rows; a sweep's swept values live in design.parquet (one row per point).  Readers that want `param.*`
columns beside the outcomes get them joined here.  Runs written before parameters.parquet existed carry
the columns in outcomes.parquet and are read as they are.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import RunDirError
from . import run_dir as store

PARAM = "param."
DESIGN = "design.parquet"


def join_parameters(outcomes: pa.Table, parameters: pa.Table, names: list[str] | None = None,
                    design: pa.Table | None = None) -> pa.Table:
    """`outcomes` with the param.* columns (`names`, default all) of each row's replication; at a sweep
    point, a swept parameter takes the point's value from `design`."""
    reps = parameters.column("replication").to_numpy()
    rows = outcomes.column("replication").to_numpy()
    index = rows if np.array_equal(reps, np.arange(len(reps))) else np.searchsorted(reps, rows)
    if len(rows) and (index.max() >= len(reps) or not np.array_equal(reps[index], rows)):
        raise RunDirError("parameters.parquet does not hold every replication of the outcomes; the run is damaged")
    swept = {}
    if design is not None and "point" in outcomes.column_names:
        points = outcomes.column("point").to_numpy()
        for key in design.column_names:
            if key.startswith("parameters."):
                swept[PARAM + key.removeprefix("parameters.")] = design.column(key).to_numpy()[points]
    for name in names if names is not None else [n for n in parameters.column_names if n.startswith(PARAM)]:
        values = swept[name] if name in swept else parameters.column(name).to_numpy()[index]
        outcomes = outcomes.append_column(name, pa.array(values))
    return outcomes


def parameter_names(run: Path) -> list[str]:
    """The param.* columns a run can give its rows."""
    names = pq.ParquetFile(Path(run) / store.OUTCOMES).schema_arrow.names
    stored = [n for n in names if n.startswith(PARAM)]
    if stored or not (Path(run) / store.PARAMETERS).exists():
        return stored
    return [n for n in pq.ParquetFile(Path(run) / store.PARAMETERS).schema_arrow.names if n.startswith(PARAM)]


def select(table: pa.Table, parameters: pa.Table | None, wanted: list[str], design: pa.Table | None = None,
           ) -> pa.Table:
    """The `wanted` columns of outcome rows `table`: its own, and param.* ones joined from `parameters`."""
    from ..errors import ScenarioError

    names = table.column_names
    joined = [c for c in wanted if c.startswith(PARAM) and c not in names]
    unknown = [c for c in wanted if c not in names and c not in joined]
    if unknown:
        raise ScenarioError(f"no column(s) {', '.join(unknown)}; see docs/outputs.md")
    if joined:
        table = join_parameters(table, parameters, joined, design)
    return table.select(wanted)


def read_outcomes(run: Path, columns: list[str] | None = None) -> pa.Table:
    """outcomes.parquet's rows with the requested columns (default: all, parameters included)."""
    run = Path(run)
    names = pq.ParquetFile(run / store.OUTCOMES).schema_arrow.names
    wanted = list(dict.fromkeys(columns)) if columns is not None else names + [
        n for n in parameter_names(run) if n not in names]
    joined = [c for c in wanted if c.startswith(PARAM) and c not in names]
    keys = [k for k in ("point", "replication") if k in names and (joined or k in wanted)]
    table = pq.read_table(run / store.OUTCOMES, columns=list(dict.fromkeys(keys + [c for c in wanted if c in names])))
    parameters = design = None
    if joined:
        if not (run / store.PARAMETERS).exists():
            raise RunDirError(f"{run}: no {store.PARAMETERS}, so its rows' parameter draws are unknown; rerun it "
                              f"(scenarios run {run / store.RESOLVED}) to get them")
        parameters = pq.read_table(run / store.PARAMETERS, columns=["replication", *joined])
        design = pq.read_table(run / DESIGN) if (run / DESIGN).exists() else None
    return select(table, parameters, wanted, design)
