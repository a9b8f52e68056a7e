"""The unit of work: a picklable (config, WorkUnit) in, plain arrays out. No live model leaves here."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config.schema import ScenarioConfig
from ..design import WorkUnit, param_columns
from ..model.lethal_aid import LethalAidModel


@dataclass
class BatchResult:
    unit: WorkUnit
    columns: dict[str, np.ndarray]  # one row per replication: ids, outcomes, parameter draws
    series: dict[str, np.ndarray]  # monthly state, (replications, horizon)


def simulate_unit(config: ScenarioConfig, unit: WorkUnit) -> BatchResult:
    model = LethalAidModel(config, unit.arm, unit.replications)
    outcomes, series = model.run()
    columns = {"arm": np.full(unit.count, unit.arm), "replication": unit.replications.astype(np.int64)}
    columns.update(outcomes)
    columns.update(param_columns(model.p))
    return BatchResult(unit, columns, series)
