"""Russia: moves the Russia-DPRK ladder -1/0/+1 (L0..L6) by need, ire, its reservations and China's."""

from __future__ import annotations

import numpy as np

from ..choice import logit_probabilities, sample
from .base import DecisionAgent

MOVES = np.array([-1, 0, 1])


def supply_share(ladder: np.ndarray, p: dict) -> np.ndarray:
    """Share of DPRK capacity sent to Russia at a rung (rows: replications); nothing below L2 (C28)."""
    extra = ladder.ndim - 1
    s2 = p["dprk.supply_share_l2"].reshape((-1,) + (1,) * extra)
    per = p["dprk.supply_share_per_rung"].reshape((-1,) + (1,) * extra)
    return np.where(ladder >= 2, np.clip(s2 + per * (ladder - 2), 0.0, 1.0), 0.0)


def base_utilities(model) -> np.ndarray:
    """U(move) for moves -1/0/+1 without the ire term, shape (R, 3); infeasible moves are -inf
    (brief §ODD 4, Russia rows).  Ire enters linearly (`with_ire`), so callers that weigh several ire
    levels or types (Seoul's prediction, the Bayes likelihoods) share this part."""
    w, p = model.world, model.p
    target = w.ladder[:, None] + MOVES[None, :]
    lo, hi = model.ladder_bounds
    feasible = (target >= lo) & (target <= hi)
    target = np.clip(target, 0, 6)
    per_step = (p["russia.w_press"] * model.dprk.press  # C4: Pyongyang presses its wish list
                + p["russia.drift"]  # C11, C29: the partnership deepens anyway
                - p["russia.w_market"] * w.rok_ru)  # C22: Seoul as a future market
    china = (p["russia.china_cost"] * p["china.restraint"] * (w.tension / p["tension.init"])
             * (1.0 + p["china.restrain_boost"] * model.china.restrain))  # C8
    limits = (p["russia.limits_mechanism"] * p["russia.limits_strength"] * (w.aid >= 3)
              * (1.0 + p["china.restraint"]))  # C9, a competing hypothesis (off by default)
    u = ((p["russia.w_need"] * w.need)[:, None] * supply_share(target, p)  # C3, C5: munitions relief
         + per_step[:, None] * MOVES[None, :]
         - (p["russia.reservation"] * p["russia.cost_l5"] + limits)[:, None] * (target >= 5)  # C7
         - (p["russia.reservation"] * p["russia.cost_l6"] + china + limits)[:, None] * (target >= 6)  # C7, C8
         - p["russia.switch_cost"][:, None] * np.abs(MOVES)[None, :])
    return np.where(feasible, u, -np.inf)


def with_ire(base: np.ndarray, p: dict, ire: np.ndarray, type_factor) -> np.ndarray:
    """Add the punishment term (C5, C14): escalating a rung is worth w_ire x ire x type."""
    return base + (p["russia.w_ire"] * ire * type_factor)[:, None] * MOVES[None, :]


class Russia(DecisionAgent):
    stream = "russia"

    def __init__(self, model, retaliatory: np.ndarray):
        super().__init__(model)
        p = model.p
        self.retaliatory = retaliatory  # hidden type (C5, C14)
        self.restrained_factor = p["russia.restrained_ire_factor"]
        self.move = np.zeros(model.n, dtype=np.int64)
        self.likelihood = np.ones((model.n, 2))  # P(move | retaliatory), P(move | restrained)
        self._base: tuple[int, np.ndarray] | None = None

    def base(self) -> np.ndarray:
        """This month's ire-free utilities, computed once: Seoul's prediction and Russia's own choice
        both read the same frozen state in the decide phase."""
        month = self.model.month
        if self._base is None or self._base[0] != month:
            self._base = (month, base_utilities(self.model))
        return self._base[1]

    def type_utilities(self, ire: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        base, p = self.base(), self.model.p
        return with_ire(base, p, ire, 1.0), with_ire(base, p, ire, self.restrained_factor)

    def decide(self):
        m, tau = self.model, self.model.p["russia.tau"]
        p_ret, p_res = (logit_probabilities(u, tau) for u in self.type_utilities(m.world.ire))
        index = sample(np.where(self.retaliatory[:, None], p_ret, p_res), m.streams.uniform("choice.russia", m.month))
        self.move = MOVES[index]
        rows = np.arange(m.n)
        # Seoul's Bayes update uses the exact likelihood of this move under each type's policy.
        self.likelihood = np.stack([p_ret[rows, index], p_res[rows, index]], axis=1)
