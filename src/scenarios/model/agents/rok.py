"""The ROK government: its aid rung A0..A4 under the arm's policy mode, its NATO track, its belief.

fixed: hold the arm's rung from its month on.  conditional: D1/D2 as rules (go to A3 once the ladder
reaches theta or after an atrocity, C43-C45).  endogenous: logit over -1/0/+1 rungs by the expected
change of its utility features, weighted per replication, plus trigger bonuses (brief §ODD 4).
"""

from __future__ import annotations

import numpy as np

from ...config.schema import Conditional, Fixed
from ..choice import logit_probabilities
from .base import DecisionAgent

MOVES = np.array([-1, 0, 1])


def goodwill_gain(aid: np.ndarray, p: dict) -> np.ndarray:
    """Monthly European goodwill gain at a rung: cumulative, so the ordering A0<=...<=A4 holds (C57, C67)."""
    gains = np.stack([np.zeros_like(p["europe.gain_a1"]), p["europe.gain_a1"], p["europe.gain_a2"],
                      p["europe.gain_a3"], p["europe.gain_a4"]], axis=1).cumsum(axis=1)
    if aid.ndim == 1:
        return gains[np.arange(len(aid)), aid]
    return np.take_along_axis(gains, aid, axis=1)


def direct_intensity(aid: np.ndarray, p: dict) -> np.ndarray:
    """Direct shells relative to A3's: 0 below A3, 1 at A3, 1 + the 105 mm multiplier at A4."""
    mult = p["rok.direct105_multiplier"].reshape((-1,) + (1,) * (aid.ndim - 1))
    return (aid >= 3) * (1.0 + mult * (aid == 4))


def ire_target(aid: np.ndarray, p: dict) -> np.ndarray:
    """Level Putin's ire tends to at a rung: indirect < direct (C14-C16), A4 above A3."""
    shape = (-1,) + (1,) * (aid.ndim - 1)
    direct = p["russia.ire_kappa_direct"].reshape(shape)
    return np.where(aid >= 3, direct * np.where(aid == 4, p["russia.ire_a4_multiplier"].reshape(shape), 1.0),
                    np.where(aid >= 1, direct * p["russia.ire_indirect_ratio"].reshape(shape), 0.0))


def _expected_move(utility: np.ndarray, p: dict) -> np.ndarray:
    return logit_probabilities(utility, p["russia.tau"]) @ MOVES.astype(float)


class ROKGovernment(DecisionAgent):
    stream = "rok"

    def __init__(self, model, policy, from_month: int):
        super().__init__(model)
        self.policy = policy
        self.from_month = from_month  # month index the fixed rung starts
        self.target = model.world.aid.copy()
        self.triggered = np.zeros(model.n, dtype=bool)
        self.weights = model.p["rok.weights"]  # (R, 6), columns in the order of config.parameters.ROK_FEATURES

    def decide(self):
        if isinstance(self.policy, Fixed):
            self.target = np.full(self.model.n, self.fixed_rung())
        elif isinstance(self.policy, Conditional):
            self.target = self.conditional_target()
        else:
            self.target = self.endogenous_target()

    def fixed_rung(self) -> int:
        rung = int(self.policy.aid[1])
        return rung if self.model.month >= self.from_month else min(rung, 1)  # before: July 2024 stance (A1)

    def theta(self) -> np.ndarray:
        own = getattr(self.policy, "theta_ladder", None)
        return self.model.p["rok.theta_ladder"] if own is None else np.full(self.model.n, float(own))

    def conditional_target(self) -> np.ndarray:
        w = self.model.world
        trigger = w.ladder >= self.theta()  # D1 (C44, C45)
        if self.policy.atrocity:
            trigger |= w.atrocity_occurred  # D2 (C43)
        self.triggered |= trigger
        return np.where(self.triggered, 3, int(self.policy.base_aid[1]))

    def features(self, candidates: np.ndarray) -> np.ndarray:
        """Predicted long-run change of each utility feature if a candidate rung were held: (R, 3, 6)."""
        m, w, p = self.model, self.model.world, self.model.p
        col = lambda a: np.asarray(a, dtype=float)[:, None]  # noqa: E731
        direct = candidates >= 3
        intensity = direct_intensity(candidates, p)
        next_ire = col(p["russia.ire_decay"]) * col(w.ire) + (1 - col(p["russia.ire_decay"])) * ire_target(candidates, p)
        escalation = np.zeros(candidates.shape)
        for k in range(candidates.shape[1]):  # Russia's response, as a mixture over its types (brief §ODD 4)
            u_ret, u_res = m.russia.type_utilities(next_ire[:, k])
            escalation[:, k] = w.belief * _expected_move(u_ret, p) + (1 - w.belief) * _expected_move(u_res, p)
        gain = goodwill_gain(candidates, p)
        security = -col(p["rok.security_ladder_weight"]) * escalation  # C6, C18
        us = np.where(col(w.us_trump), 0.0, candidates / 4.0)  # C84 (Trump's view is unknown to Seoul)
        europe = gain / np.maximum(col(goodwill_gain(np.full(m.n, 4), p)), 1e-9)  # C57
        industry = ((1 + col(p["europe.goodwill_elasticity"]) * gain / col(p["europe.goodwill_decay"]))
                    * (1 + col(p["europe.surge_uplift"]) * (candidates >= 2)) - 1)  # C62, C64
        russia = -(col(p["relations.rok_ru_ire"]) * next_ire + col(p["relations.rok_ru_direct"]) * direct) \
            / col(p["relations.rok_ru_recovery"])  # C14-C17
        domestic = -(col(p["public.direct_backlash"] * p["public.skepticism"] / p["public.reversion"])
                     + col(p["opposition.mu_direct"] / p["opposition.mobilization_decay"])) * intensity  # C47, C48
        return np.stack([security, us, europe, industry, russia, domestic], axis=2)

    def endogenous_target(self) -> np.ndarray:
        m, w, p = self.model, self.model.world, self.model.p
        candidates = w.aid[:, None] + MOVES[None, :]
        feasible = (candidates >= 0) & (candidates <= 4) & ~((candidates >= 3) & (w.direct_vote < 0)[:, None])
        candidates = np.clip(candidates, 0, 4)
        utility = np.einsum("rkf,rf->rk", self.features(candidates), self.weights)
        bonus = (p["rok.beta_atrocity"] * w.atrocity_occurred + p["rok.beta_ladder"] * (w.ladder >= self.theta())
                 + p["rok.us_press_bonus"] * m.us.press + p["rok.nato_request_bonus"] * m.nato.request)  # C43-C45
        utility = utility + bonus[:, None] * (candidates >= 3) - p["rok.switch_cost"][:, None] * np.abs(MOVES)
        index, _ = self.logit(np.where(feasible, utility, -np.inf), p["rok.tau"])
        return candidates[np.arange(m.n), index]

    def nato_step(self) -> np.ndarray:
        """NATO rung for next month: 'auto' climbs a rung when the Russia-DPRK ladder rises (C21, C46)."""
        w = self.model.world
        if self.policy.nato == "auto":
            return np.minimum(w.nato + (w.ladder > w.ladder_prev), 3)
        return w.nato
