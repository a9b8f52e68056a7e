"""The compiled model's entry point: a batch's parameters, setup and streams in, LethalAidModel.run()'s output out."""

from __future__ import annotations

import numpy as np

from ..outcomes import OUTCOMES, SERIES
from ..params import ParameterTable
from ..policies import ConditionalAid, EndogenousAid, FixedAid
from ..setup import Setup
from ...randomness import Streams
from . import kernel, rng
from .params import packed
from .state import SIZE

assert kernel.OUTCOME_NAMES == tuple(o.name for o in OUTCOMES), "kernel.py and outcomes.py disagree"
DTYPES = {"binary": np.bool_, "continuous": np.float64, "month": np.float64, "rung": np.int8, "count": np.int16}


def policy_vector(setup: Setup) -> np.ndarray:
    """Seoul's policy object (policies.py) as the kernel's integer vector."""
    policy, v = setup.policy, np.zeros(kernel.POLICY_SIZE, dtype=np.int64)
    v[kernel.NATO_HOLD] = policy.nato == "hold"
    v[kernel.THETA] = -1
    if isinstance(policy, FixedAid):
        v[kernel.KIND], v[kernel.RUNG], v[kernel.FROM_MONTH] = kernel.FIXED, policy.rung, policy.from_month
    elif isinstance(policy, ConditionalAid):
        v[kernel.KIND], v[kernel.ATROCITY_TRIGGER], v[kernel.BASE_RUNG] = (
            kernel.CONDITIONAL,
            policy.atrocity,
            policy.base_rung,
        )
        v[kernel.THETA] = -1 if policy.theta is None else policy.theta
        v[kernel.DISCLOSURE] = kernel.DISCLOSURES[policy.disclosure]
    else:
        assert isinstance(policy, EndogenousAid)
        v[kernel.KIND], v[kernel.DISCLOSURE] = kernel.ENDOGENOUS, kernel.DISCLOSURES[policy.disclosure]
    return v


def simulate(
    setup: Setup, params: ParameterTable, streams: Streams
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """What LethalAidModel(setup, params, streams).run() returns: (outcomes, monthly series (R, horizon))."""
    f, n = setup.forcings, params.n
    forcing = np.stack([f.ladder_lo, f.ladder_hi, f.aid_lo, f.aid_hi, f.nato_lo, f.nato_hi, f.us_hold]).astype(np.int64)
    out = np.empty((len(OUTCOMES), n))
    series = np.empty((n, len(SERIES), setup.horizon), dtype=np.float32)
    keys = rng.name_keys(streams.seed)
    kernel.simulate_batch(
        packed(params),
        streams.replications,
        keys,
        forcing,
        np.asarray(f.war_hold, dtype=np.bool_),
        np.asarray(f.ire_shock, dtype=np.float64),
        policy_vector(setup),
        setup.start_aid,
        setup.inauguration_month,
        out,
        series,
        np.empty(kernel.TABLE_SHAPE),
        np.empty_like(keys),
        np.empty(3, dtype=np.bool_),
        np.empty((2, setup.horizon)),
        np.empty(SIZE),
        np.empty(kernel.MOVES_SHAPE),
    )
    outcomes = {}
    for o, row in zip(OUTCOMES, out, strict=True):
        if o.kind == "category":  # us_type
            outcomes[o.name] = np.where(row > 0, "TRUMP", "BIDEN")
        else:
            outcomes[o.name] = row.astype(DTYPES[o.kind])
    return outcomes, {s.name: series[:, i] for i, s in enumerate(SERIES)}


def compile_kernel() -> None:
    """Compile (or load from the cache) the kernel for the types `simulate` passes, on an empty batch: done when
    this module is imported, so that a fork server loads the machine code once for all the workers it forks."""
    from .params import COUNT

    keys = rng.name_keys(0)
    kernel.simulate_batch(np.zeros((0, COUNT)), np.zeros(0, dtype=np.uint64), keys,
                          np.zeros((kernel.FORCING_ROWS, 1), dtype=np.int64),
                          np.zeros(1, dtype=np.bool_), np.zeros(1), np.zeros(kernel.POLICY_SIZE, dtype=np.int64), 1, 0,
                          np.zeros((len(OUTCOMES), 0)), np.zeros((0, len(SERIES), 1), dtype=np.float32),
                          np.empty(kernel.TABLE_SHAPE), np.empty_like(keys), np.empty(3, dtype=np.bool_),
                          np.empty((2, 1)), np.empty(SIZE), np.empty(kernel.MOVES_SHAPE))


compile_kernel()
