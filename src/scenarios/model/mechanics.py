"""Formulas shared by the agents' decisions and the monthly transitions (so neither imports the other).

Every function takes rungs as an array of shape (R,) or (R, k) (k candidate rungs per replication) and
per-replication parameters of shape (R,), and returns the same shape as the rungs.
"""

from __future__ import annotations

import numpy as np

A0, A1, A2, A3, A4 = range(5)  # Seoul's aid ladder
ACQUIESCE, CONTEST, LEGISLATE = range(3)  # the opposition's options
L_TREATY, L_TECH, L_HIGHEND = 4, 5, 6  # Russia-DPRK rungs that carry meaning in the utilities
TOP_LADDER, TOP_NATO = 6, 5


def col(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """A per-replication array shaped to broadcast against `like` ((R,) or (R, k))."""
    values = np.asarray(values)
    return values if like.ndim == values.ndim else values.reshape(values.shape + (1,) * (like.ndim - values.ndim))


def direct_volume(aid: np.ndarray, p) -> np.ndarray:
    """Direct shells relative to A3's: 0 below A3, 1 at A3, 1 + the 105 mm multiplier at A4 (C1)."""
    return (aid >= A3) * (1.0 + col(p.rok.direct105_multiplier, aid) * (aid == A4))


def indirect_volume(aid: np.ndarray, p) -> np.ndarray:
    """Indirect shells relative to A1's: 0 at A0, 1 at A1, 1 + surge/indirect from A2 on (C59, C64)."""
    surge = col(p.rok.surge_per_month / p.rok.indirect_per_month, aid)
    return (aid >= A1) * (1.0 + surge * (aid >= A2))


def ire_target(aid: np.ndarray, p) -> np.ndarray:
    """The level Putin's ire tends to at a rung (C14-C16): any supply angers Moscow ('wherever they might come
    from'), indirect supply less (plausible deniability), in proportion to its volume; open aid the full level."""
    kappa = col(p.russia.ire_kappa_direct, aid)
    open_aid = (aid >= A3) * (1.0 + (col(p.russia.ire_a4_multiplier, aid) - 1.0) * (aid == A4))
    return kappa * (col(p.russia.ire_indirect_ratio, aid) * indirect_volume(aid, p) + open_aid)


def goodwill_gain(aid: np.ndarray, p) -> np.ndarray:
    """Monthly European goodwill gain at a rung; cumulative increments keep A0 <= ... <= A4 (C57, C67)."""
    e = p.europe
    # rung-major (5, R), summed rung by rung along R: numpy's cumsum over the short rung axis took 0.23 ms a call
    gains = np.empty((5, len(e.gain_a1)))
    gains[0] = 0.0
    for rung, gain in enumerate((e.gain_a1, e.gain_a2, e.gain_a3, e.gain_a4), start=1):
        np.add(gains[rung - 1], gain, out=gains[rung])
    rows = np.arange(aid.shape[0])
    return gains[aid, rows if aid.ndim == 1 else rows[:, None]]


def supply_share(ladder: np.ndarray, p) -> np.ndarray:
    """Share of DPRK capacity sent to Russia at a rung: nothing below L2, more per rung (C28)."""
    d = p.dprk
    share = col(d.supply_share_l2, ladder) + col(d.supply_share_per_rung, ladder) * (ladder - 2)
    return np.where(ladder >= 2, np.clip(share, 0.0, 1.0), 0.0)


def tech_rungs(ladder: np.ndarray) -> np.ndarray:
    """Rungs of Russian technology help reached: 0 up to L4, 1 at L5 (weapons technology), 2 at L6 (high-end)."""
    return np.maximum(ladder - L_TREATY, 0)


def export_rate(aid: np.ndarray, goodwill: np.ndarray, nato: np.ndarray, war: np.ndarray, p) -> np.ndarray:
    """ROK arms exports to Europe, USD bn a year (C57, C60-C64)."""
    e = p.europe
    return (col(e.eu_base_bn, aid) * (1 + col(e.goodwill_elasticity, aid) * goodwill)
            * (1 + col(e.war_uplift, aid) * war) * (1 + col(e.nato_uplift, aid) * nato / TOP_NATO)
            * (1 + col(e.surge_uplift, aid) * (aid >= A2)))
