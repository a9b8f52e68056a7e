"""One-at-a-time screening: does each parameter, moved from the low to the high end of its plausible range,
move some outcome (other than its own column)?  A parameter that moves nothing is dead and should go.

Every parameter's two ends run in one lockstep model per arm (rows = parameters x ends x replications, the
swept value set per row), under common random numbers, so an effect is a paired difference of the same
worlds.  The effect of a parameter on an outcome is |mean(high - low)| in units of the outcome's standard
deviation across the baseline rows; a parameter is live when its largest effect reaches `threshold`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config.parameters import ROK_FEATURES, fields
from ..config.schema import ScenarioConfig
from ..design import draw_parameters, model_setup
from ..model.lethal_aid import LethalAidModel
from ..model.outcomes import OUTCOMES
from ..randomness import Streams

NUMERIC = [o.name for o in OUTCOMES if o.kind != "category"]


@dataclass(frozen=True)
class Effect:
    parameter: str
    outcome: str  # the outcome it moves most
    arm: str
    size: float  # |mean paired difference| / sd of the outcome


def _ends(key: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) values of a scalar parameter for n rows each."""
    low, high = fields()[key].json_schema_extra["plausible"]
    return np.full(n, float(low)), np.full(n, float(high))


def _weight_ends(feature: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """A weight vector is screened one feature at a time: that feature's weight 0.02 vs 0.5."""
    k, j = len(ROK_FEATURES), ROK_FEATURES.index(feature)
    ends = []
    for share in (0.02, 0.5):
        w = np.full((n, k), (1 - share) / (k - 1))
        w[:, j] = share
        ends.append(w)
    return ends[0], ends[1]


def screen(config: ScenarioConfig, arms: list[str], replications: int = 200,
           threshold: float = 0.02) -> tuple[list[Effect], list[Effect]]:
    """(live, dead): each parameter's largest standardised effect over the outcomes and arms."""
    keys = [k for k in fields() if k != "rok.weights"] + [f"rok.weights.{f}" for f in ROK_FEATURES]
    n, count = replications, len(keys)
    base_reps = np.tile(np.arange(n, dtype=np.uint64), 2 * count)
    best: dict[str, Effect] = {}
    for arm in arms:
        streams = Streams(config.seed, base_reps)
        table = draw_parameters(config, streams)
        values = {}
        for i, key in enumerate(keys):
            rows = slice(2 * i * n, 2 * (i + 1) * n)
            entry = "rok.weights" if key.startswith("rok.weights.") else key
            if entry == "rok.weights":
                low, high = _weight_ends(key.rsplit(".", 1)[1], n)
            else:
                low, high = _ends(key, n)
            values.setdefault(entry, np.array(table[entry], dtype=float))[rows] = np.concatenate([low, high])
            for other, value in fields()[entry].json_schema_extra["screen_with"].items():  # where it can act
                values.setdefault(other, np.array(table[other], dtype=float))[rows] = value
        model = LethalAidModel(model_setup(config, arm), table.replace(values), streams)
        outcomes = model.run()[0]
        for name in NUMERIC:
            column = np.nan_to_num(np.asarray(outcomes[name], dtype=float), nan=-1.0).reshape(count, 2, n)
            sd = column.std() or 1.0
            sizes = np.abs((column[:, 1] - column[:, 0]).mean(axis=1)) / sd
            for key, size in zip(keys, sizes, strict=True):
                if key not in best or size > best[key].size:
                    best[key] = Effect(key, name, arm, float(size))
    live = [e for e in best.values() if e.size >= threshold]
    dead = [e for e in best.values() if e.size < threshold]
    return live, dead
