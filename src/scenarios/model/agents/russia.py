"""Russia: moves the Russia-DPRK ladder -1/0/+1 (L0..L6) by the value of each rung to Moscow.

A rung's monthly value (docs/model.md §4) weighs what Russia gets, munitions for its need (C3)
and, at the technology rungs L5/L6, meeting Pyongyang's wish list when it presses (C4, C5) and punishing
Seoul in proportion to Putin's ire (C5, C14), against its own reservations (C7), China's brake on L6
(C8), the value of Seoul's market (C22), the commitments it keeps while the war lasts (C31) and, if Seoul
declared a conditional threat, the cost of triggering it (D1, C13 vs C11).  Temperatures are small, so
the ladder moves when a move is worth it, not by noise.
"""

from __future__ import annotations

import numpy as np

from ..choice import Utility, along_options, logit_probabilities, sample
from ..mechanics import A3, L_HIGHEND, L_TECH, TOP_LADDER, col, supply_share, tech_rungs
from .base import DecisionAgent

MOVES = np.array([-1, 0, 1])
OPTIONS = ("step down", "hold", "step up")


class Russia(DecisionAgent):
    stream = "russia"

    def __init__(self, model, retaliatory: np.ndarray):
        super().__init__(model)
        self.retaliatory = retaliatory  # the hidden type (C5, C14): a restrained Russia weighs ire less
        self.ire_factor = np.where(retaliatory, 1.0, model.p.russia.restrained_ire_factor)
        self.move = np.zeros(model.n, dtype=np.int64)
        self.best_move = np.zeros(model.n, dtype=np.int64)
        self.likelihood = np.ones((model.n, 2))  # P(this month's move | retaliatory), P(... | restrained)
        self._cache: dict[tuple[int, bool], tuple] = {}

    def targets(self, around: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The rung each move leads to, (R, 3), and whether the move is allowed: within the ladder and the forcing
        bounds, and only while the war lasts (after it, the partnership only decays: C32, dynamics).  With
        `around`, moves from those rungs instead, free of the forcing (what Seoul imagines Moscow would do)."""
        m = self.model
        rungs = m.world.ladder if around is None else around
        target = along_options(rungs, MOVES)
        lo, hi = m.setup.ladder_bounds(m.month) if around is None else (0, TOP_LADDER)
        feasible = (target >= lo) & (target <= hi) & along_options(m.world.war_active, MOVES == 0, np.logical_or)
        feasible[:, 1] |= ~feasible.T.any(axis=0)  # a forced jump beyond one rung: hold, the forcing then sets it
        return np.clip(target, 0, TOP_LADDER), feasible

    def rung_values(self, keep: bool = False, around: np.ndarray | None = None
                    ) -> tuple[Utility, np.ndarray, np.ndarray, np.ndarray]:
        """Ire-free value of each move's rung: (utility, Seoul's-threat term, technology rungs, feasible).

        A pure function of the frozen state, so it is computed once a month however many agents ask
        (Seoul predicts Russia's response from the same values; `around` as in `targets`)."""
        m = self.model
        key = (m.month, around is None)
        if not keep and key in self._cache:
            return self._cache[key]
        if not keep:
            self._cache = {k: v for k, v in self._cache.items() if k[0] == m.month}
        w, p, r = m.world, m.p, m.p.russia
        target, feasible = self.targets(around)
        tech = tech_rungs(target)
        u = Utility(target.shape, keep)
        u.add("munitions for Russia's need", col(r.w_need * w.need, target) * supply_share(target, p), "C3, C5")
        # the wish list: oil and finance (L3), the treaty's embrace (L4), weapons technology (L5), high-end help (L6)
        u.add("Pyongyang's wish list", col(r.w_press * w.need * m.dprk.press, target) * np.maximum(target - 2, 0),
              "C4, C5, C28")
        u.add("Russia's reservations",
              -col(r.reservation, target) * (col(r.cost_l5, target) * (target >= L_TECH)
                                             + col(r.cost_l6, target) * (target >= L_HIGHEND)), "C7")
        brake = r.china_cost * p.china.restraint * (1.0 + p.china.restrain_boost * m.china.restrain)
        u.add("China's brake", -col(brake, target) * (target >= L_HIGHEND), "C8")
        u.add("Seoul's market", -col(r.w_market * w.rok_ru, target) * np.maximum(target - 1, 0), "C22")
        limits = r.limits_mechanism * r.limits_strength * (w.aid >= A3) * (1.0 + p.china.restraint)
        u.add("limits of the partnership", -col(limits, target) * (target >= L_TECH), "C9")
        u.add("switching", along_options(-r.switch_cost, np.abs(MOVES), np.multiply))
        u.add("commitments while the war lasts",
              along_options(-(r.step_down_cost * w.war_active), MOVES < 0, np.multiply), "C31")
        threat = m.rok.policy.threat(m, target)
        if threat is None:
            threat_term = np.zeros(target.shape, order="F")
        else:  # only while Seoul has not gone direct yet: after that the threat is spent
            threat_term = -col(r.credibility * r.w_rok_direct * (w.aid < A3) * w.war_active, target) * threat
            u.add("Seoul's declared threat", threat_term, "D1, C13")
        values = (u, threat_term, tech, feasible)
        if not keep:
            self._cache[key] = values
        return values

    def with_ire(self, base: np.ndarray, tech: np.ndarray, ire: np.ndarray, factor) -> np.ndarray:
        """Add the punishment term (C5, C14): each rung of technology help is worth w_ire x ire x type."""
        return base + (self.model.p.russia.w_ire * ire * factor)[:, None] * tech

    def step(self):
        m = self.model
        keep = m.trace is not None
        u, _, tech, feasible = self.rung_values(keep)
        tau = m.p.russia.tau
        both = [np.where(feasible, self.with_ire(u.total, tech, m.world.ire, f), -np.inf)
                for f in (1.0, m.p.russia.restrained_ire_factor)]
        p_ret, p_res = (logit_probabilities(x, tau) for x in both)
        own = np.where(self.retaliatory[:, None], both[0], both[1])
        index = sample(np.where(self.retaliatory[:, None], p_ret, p_res), m.streams.uniform("choice.russia", m.month))
        if keep:
            u.add("Putin's ire at Seoul", (m.p.russia.w_ire * m.world.ire * self.ire_factor)[:, None] * tech,
                  "C5, C14")
            m.trace.decision(self.stream, "ladder", OPTIONS, u,
                             np.where(self.retaliatory[:, None], p_ret, p_res), index, feasible)
        rows = np.arange(m.n)
        # Seoul's Bayes update uses the exact likelihood of this move under each type's policy.
        self.stage(move=MOVES[index], best_move=MOVES[own.argmax(axis=1)],
                   likelihood=np.stack([p_ret[rows, index], p_res[rows, index]], axis=1))
