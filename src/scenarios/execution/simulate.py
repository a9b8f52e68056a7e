"""The unit of work: a picklable (config, WorkUnit) in, plain arrays (or Arrow tables) out. No live model leaves
here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.timeseries import Histograms, histograms
from ..config.loader import apply_overrides, resolved_dict, validate
from ..config.schema import ScenarioConfig
from ..design import WorkUnit, draw_parameters, model_setup, param_columns
from ..randomness import Streams

if TYPE_CHECKING:
    import pyarrow as pa


@dataclass
class BatchResult:
    unit: WorkUnit
    columns: dict[str, np.ndarray] | pa.Table  # one row per replication: ids and outcomes
    series: dict[str, np.ndarray] | Histograms  # monthly state: (replications, horizon) arrays, or binned
    parameters: dict[str, np.ndarray] | pa.Table | None = None  # 'replication' and the param.* draws, if asked


_point_configs: dict[tuple[bytes, tuple], ScenarioConfig] = {}  # a point's batches reuse its validated config


def point_config(config: ScenarioConfig, overrides: tuple[tuple[str, object], ...]) -> ScenarioConfig:
    """The config of a sweep point: the base with the swept keys set (validated like --set).  Cached by the
    base's content, not its id(): a new config may reuse a freed object's id."""
    digest = hashlib.blake2b(config.model_dump_json().encode(), digest_size=16).digest()
    key = (digest, overrides)
    if key not in _point_configs:
        if len(_point_configs) > 64:
            _point_configs.clear()
        data, _ = apply_overrides(resolved_dict(config), [f"{k}={json.dumps(v)}" for k, v in overrides])
        _point_configs[key] = validate(data, "<sweep point>")
    return _point_configs[key]


def simulate_unit(config: ScenarioConfig, unit: WorkUnit, replications: np.ndarray | None = None,
                  parameter_rows: dict[str, np.ndarray] | None = None, binned: bool = True) -> BatchResult:
    """Simulate a unit. `replications` and `parameter_rows` (per-row values of scalar parameters) let
    several sweep points share one model; by default the unit's own replication range is used.  The monthly
    series come back binned (Histograms: 1.1 MB against 17.7 MB of float32 arrays for 8,192 replications, and
    the parent only adds them up), or raw with `binned=False`."""
    if unit.overrides:
        config = point_config(config, unit.overrides)
    replications = unit.replications if replications is None else replications
    streams = Streams(config.seed, replications)
    params = draw_parameters(config, streams)
    if parameter_rows:
        params = params.replace(parameter_rows)
    setup = model_setup(config, unit.arm)
    compiled = config.execution.kernel == "compiled"  # `auto` is resolved per run or sweep, before its units
    # The models are imported here, not above: a run's parent, which only merges, never imports Mesa (~0.9 s) or
    # numba when a pool computes (the workers have them from the fork server's preload), and a compiled run never
    # imports Mesa at all
    if compiled:  # the same model compiled (model/compiled)
        from ..model.compiled import simulate

        outcomes, series = simulate(setup, params, streams)
    else:
        from ..model.lethal_aid import LethalAidModel

        outcomes, series = LethalAidModel(setup, params, streams).run()
    columns = {"arm": np.full(unit.count, unit.arm), "replication": replications.astype(np.int64)}
    if unit.point >= 0:
        columns["point"] = np.full(unit.count, unit.point, dtype=np.int64)
    columns.update(outcomes)
    drawn = None
    if unit.with_parameters or parameter_rows:  # the same in every arm: stored once, not on every row
        drawn = {"replication": columns["replication"], **param_columns(params)}
    return BatchResult(unit, columns, histograms(series, compiled) if binned else series, drawn)


def simulate_to_arrow(config: ScenarioConfig, unit: WorkUnit) -> BatchResult:
    """`simulate_unit` for a run, its rows as Arrow tables: converted where they were computed.  In a pool that
    is the worker, so the parent, which writes every worker's rows one after another, does not convert them
    (~3 ms a batch of 8,192, most of it the two text columns).  Converted by storage/arrow.py, not pa.table,
    whose conversion from numpy imports pandas (0.10-0.13 s a process)."""
    from ..storage import arrow

    result = simulate_unit(config, unit)
    return replace(result, columns=arrow.table(result.columns),
                   parameters=None if result.parameters is None else arrow.table(result.parameters))
