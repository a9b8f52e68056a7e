"""The experiment design: which (arm, replications) work units make a run, and each replication's
parameter draws.  Data only: nothing here simulates, writes files or starts processes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import distributions as dist
from .config.parameters import ROK_FEATURES, flatten
from .config.schema import ScenarioConfig
from .randomness import Streams


@dataclass(frozen=True)
class WorkUnit:
    """Picklable: a batch of consecutive replications of one arm (at one sweep point, if any)."""

    arm: str
    first: int
    count: int
    point: int = -1  # sweep point id; -1 outside sweeps
    overrides: tuple[tuple[str, object], ...] = ()  # (dotted key, value) that make this point's config

    @property
    def replications(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.count, dtype=np.uint64)


def work_units(config: ScenarioConfig, arms: list[str], batch_size: int) -> list[WorkUnit]:
    """Arm-major, replication-ascending: the row order of outcomes.parquet."""
    n = config.replications
    return [WorkUnit(arm, first, min(batch_size, n - first)) for arm in arms for first in range(0, n, batch_size)]


def draw_parameters(config: ScenarioConfig, streams: Streams) -> dict[str, np.ndarray]:
    """Per-replication draws; stream 'param.<key>' per parameter, so adding one never shifts another."""
    draws = {}
    for key, spec in flatten(config.parameters).items():
        k = dist.width(spec)
        u = streams.uniform(f"param.{key}", 0, k) if k else streams.uniform(f"param.{key}")
        value = dist.sample(spec, u[:, None] if k is None and isinstance(spec, dict) else u)
        if key == "rok.weights":
            names = list(spec.alpha if hasattr(spec, "alpha") else spec)
            value = value[:, [names.index(f) for f in ROK_FEATURES]]
        draws[key] = value
    return draws


def param_columns(draws: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Flatten draws into 'param.<key>' columns (weight vectors: one column per feature)."""
    cols = {}
    for key, value in draws.items():
        if value.ndim == 2:
            for j, feature in enumerate(ROK_FEATURES):
                cols[f"param.{key}.{feature}"] = value[:, j]
        else:
            cols[f"param.{key}"] = value
    return cols
