"""mechanics.py's formulas for one replication, compiled: what Seoul's aid sends and provokes, read by the agents'
choices and by the monthly transitions alike."""

from __future__ import annotations

from . import params as P
from .choice import flag
from .jit import kernel_function


@kernel_function
def direct_volume(q, aid):
    return flag(aid >= 3) * (1.0 + q[P.ROK_DIRECT105_MULTIPLIER] * flag(aid == 4))


@kernel_function
def indirect_volume(q, aid):
    surge = q[P.ROK_SURGE_PER_MONTH] / q[P.ROK_INDIRECT_PER_MONTH]
    return flag(aid >= 1) * (1.0 + surge * flag(aid >= 2))


@kernel_function
def ire_target(q, aid):
    open_aid = flag(aid >= 3) * (1.0 + (q[P.RUSSIA_IRE_A4_MULTIPLIER] - 1.0) * flag(aid == 4))
    return q[P.RUSSIA_IRE_KAPPA_DIRECT] * (q[P.RUSSIA_IRE_INDIRECT_RATIO] * indirect_volume(q, aid) + open_aid)


@kernel_function
def goodwill_gain(q, aid):
    gain = 0.0  # the cumulative sums of mechanics.goodwill_gain, added in the same order
    if aid >= 1:
        gain = gain + q[P.EUROPE_GAIN_A1]
    if aid >= 2:
        gain = gain + q[P.EUROPE_GAIN_A2]
    if aid >= 3:
        gain = gain + q[P.EUROPE_GAIN_A3]
    if aid >= 4:
        gain = gain + q[P.EUROPE_GAIN_A4]
    return gain


@kernel_function
def supply_share(q, rung):
    if rung < 2:
        return 0.0
    return min(max(q[P.DPRK_SUPPLY_SHARE_L2] + q[P.DPRK_SUPPLY_SHARE_PER_RUNG] * (rung - 2), 0.0), 1.0)
