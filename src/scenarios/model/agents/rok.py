"""The ROK government: its aid rung A0..A4 (by the arm's policy object), the NATO track, its belief.

Seoul's utility (endogenous aid, and accepting NATO's next rung in every arm) is a weighted sum of its
interests (§1.1 of the claims): long-horizon security, the US alliance, European goodwill, industry, ties
with Russia, with China, and domestic politics.  Except security, each feature is the *long-run* change a
rung would bring if held, measured in units of that feature's swing from A0 to A4 in this replication, so
the Dirichlet weights read as swing weights (multi-attribute utility).  Security is the chance that Russia
answers with technology help to Pyongyang within `foresight_months`, from Russia's own rung values at the
ire the rung would provoke, mixed over Russia's two types by Seoul's belief (C6, C18).
"""

from __future__ import annotations

import numpy as np

from ...config.parameters import ROK_FEATURES
from ..choice import along_options, logit_probabilities
from ..mechanics import A3, L_HIGHEND, L_TREATY, TOP_NATO, direct_volume, goodwill_gain, ire_target
from ..policies import ConditionalAid
from .base import DecisionAgent

MOVES = np.array([-1, 0, 1])
OPTIONS = ("step down a rung", "hold", "step up a rung")
RUNGS = np.arange(5)
F = {name: i for i, name in enumerate(ROK_FEATURES)}
FEATURE_LABELS = {"us": ("the US alliance", "C78, C79, C84"), "europe": ("European goodwill", "C57"),
                  "industry": ("the defence industry", "C62, C64"), "russia": ("ties with Russia", "C14-C17"),
                  "china": ("ties with China", "C85"), "domestic": ("domestic politics", "C47, C48")}


def long_run_by_rung(p) -> dict[str, np.ndarray]:
    """Each non-security feature's long-run value if a rung were held, (R, 5) over A0..A4 (parameters only)."""
    n = len(p.rok.tau)
    rungs = np.broadcast_to(RUNGS, (n, 5))
    volume = direct_volume(rungs, p)
    direct = (rungs >= A3).astype(float)
    europe = goodwill_gain(rungs, p) / p.europe.goodwill_decay[:, None]
    return {
        "us_biden": p.us.biden_gain[:, None] * rungs / 4,  # C84
        "us_trump": ((p.us.trump_gain * p.us.trump_view - p.us.prolong_penalty)[:, None] * direct),  # C78, C79
        "europe": europe,  # C57, C67
        "industry": (1 + p.europe.goodwill_elasticity[:, None] * europe)
        * (1 + p.europe.surge_uplift[:, None] * (rungs >= 2)) - 1,  # C62, C64
        "russia": -(p.relations.rok_ru_ire[:, None] * ire_target(rungs, p)
                    + p.relations.rok_ru_direct[:, None] * direct) / p.relations.rok_ru_recovery[:, None],  # C14-C17
        "china": -p.china.aid_effect[:, None] * volume,  # C85 (inferred)
        "domestic": -(p.public.direct_backlash * p.public.skepticism / p.public.reversion
                      + p.opposition.mu_direct / p.opposition.mobilization_decay)[:, None] * volume,  # C47, C48
    }


def nato_step_values(p) -> dict[str, np.ndarray]:
    """Each feature's long-run change from one NATO rung deeper (R,)."""
    europe = p.europe.gain_per_nato_rung / p.europe.goodwill_decay
    return {
        "europe": europe,  # C61
        "industry": (1 + p.europe.goodwill_elasticity * europe) * (1 + p.europe.nato_uplift / TOP_NATO) - 1,  # C61
        "russia": -p.relations.rok_ru_ire * p.russia.ire_nato / (1 - p.russia.ire_decay),  # C20: a passing bump
        "china": -p.china.nato_effect,  # C39, C86
    }


def swing(values: np.ndarray) -> np.ndarray:
    return values.max(axis=1) - values.min(axis=1)


class ROKGovernment(DecisionAgent):
    stream = "rok"

    def __init__(self, model, policy):
        super().__init__(model)
        p = model.p
        self.policy = policy
        self.target = model.world.aid.copy()
        self.accept_nato = np.zeros(model.n, dtype=bool)
        self.triggered = np.zeros(model.n, dtype=bool)
        self.weights = p["rok.weights"]  # (R, 7), columns in the order of ROK_FEATURES
        self.by_rung = long_run_by_rung(p)
        self.nato_values = nato_step_values(p)
        floor = 1e-9
        self.unit = {
            "us": np.maximum(np.maximum(swing(self.by_rung["us_biden"]), swing(self.by_rung["us_trump"])), floor),
            **{f: np.maximum(np.maximum(swing(self.by_rung[f]), np.abs(self.nato_values.get(f, 0.0))), floor)
               for f in ("europe", "industry", "russia", "china")},
            "domestic": np.maximum(swing(self.by_rung["domestic"]), floor),
        }

    def step(self):
        staged = {"accept_nato": self.nato_choice()}
        if isinstance(self.policy, ConditionalAid):
            staged["triggered"] = self.triggered | self.policy.triggers(self.model)
            staged["target"] = self.policy.target_given(staged["triggered"])
        else:
            staged["target"] = self.policy.target(self)
        self.stage(**staged)

    def escalation_risk(self, candidates: np.ndarray) -> np.ndarray:
        """P(Russia steps up into technology help within the foresight horizon | a rung were held), (R, k).

        The step Seoul fears is the next technology rung: from L4 to L5 (or L5 to L6); below L4 Seoul imagines
        Moscow already at the treaty rung ('if military cooperation ... were to strengthen', C18).  Its chance
        each month comes from Russia's own rung values at the ire the candidate would provoke, mixed over Russia's
        types by Seoul's belief (C6, C18); Seoul predicts what Moscow would prefer, not what a scripted record
        lets it do."""
        m, p = self.model, self.model.p
        russia, ladder = m.russia, m.world.ladder
        u, threat_term, tech, feasible = russia.rung_values(around=np.clip(ladder, L_TREATY, L_HIGHEND))
        ire = ire_target(candidates, p) * m.world.war_active[:, None]
        risk = np.zeros(candidates.shape, order="F")
        belief = m.world.belief
        for k in range(candidates.shape[1]):
            base = u.total - threat_term * (candidates[:, k] >= A3)[:, None]  # going direct spends the threat
            p_up = 0.0
            for weight, factor in ((belief, 1.0), (1 - belief, p.russia.restrained_ire_factor)):
                utility = np.where(feasible, russia.with_ire(base, tech, ire[:, k], factor), -np.inf)
                p_up = p_up + weight * logit_probabilities(utility, p.russia.tau)[:, 2]
            risk[:, k] = 1.0 - (1.0 - p_up) ** p.rok.foresight_months
        return risk * (ladder < L_HIGHEND)[:, None] * m.world.war_active[:, None]

    def endogenous_target(self) -> np.ndarray:
        m, w, p = self.model, self.model.world, self.model.p
        current = w.aid
        moved = along_options(current, MOVES)
        candidates = np.clip(moved, 0, 4)
        feasible = ((moved >= 0) & (moved <= 4)
                    & ~((candidates >= A3) & (w.direct_vote < 0)[:, None])
                    & along_options(w.war_active, MOVES == 0, np.logical_or))  # after the war there is nothing to send
        u = self.utility(3)
        weight = {f: self.weights[:, F[f]][:, None] for f in ROK_FEATURES}
        u.add("security: Russia's answer",
              -weight["security"] * p.rok.threat_per_rung[:, None] * self.escalation_risk(candidates), "C6, C18")
        us = np.where(w.us_trump[:, None], self.by_rung["us_trump"], self.by_rung["us_biden"])
        # each candidate's place in a flattened (R, 5) table; np.take on it, option-major, is ~4x faster than
        # np.take_along_axis (0.15 ms a call here)
        at = (candidates + (np.arange(m.n) * len(RUNGS))[:, None]).T
        for f, (label, claim) in FEATURE_LABELS.items():
            table = us if f == "us" else self.by_rung[f]
            u.add(label, weight[f] * np.take(table, at).T / self.unit[f][:, None], claim)
        bonus = (p.rok.beta_atrocity * w.atrocity_occurred + p.rok.beta_ladder * (w.ladder >= p.rok.theta_ladder)
                 + p.rok.us_press_bonus * m.us.press + p.rok.nato_request_bonus * m.nato.request)  # C43-C45, C66, C84
        u.add("triggers and requests", bonus[:, None] * (candidates >= A3), "C43-C45, C66, C84")
        u.add("switching", along_options(-p.rok.switch_cost, np.abs(MOVES), np.multiply), "C19")
        index = self.logit("aid", OPTIONS, u, p.rok.tau, feasible)
        return candidates[np.arange(m.n), index]

    def nato_choice(self) -> np.ndarray:
        """Accept NATO's next rung if offered (C21, C46: deeper Russia-DPRK ties push Seoul toward NATO)."""
        m, w, p = self.model, self.model.world, self.model.p
        if self.policy.nato == "hold":
            return np.zeros(m.n, dtype=bool)
        u = self.utility(1)
        u.add("security: partners against the Russia-DPRK threat",
              (self.weights[:, F["security"]] * p.rok.nato_security_value * w.ladder / 6)[:, None], "C21, C46, C70")
        for f, claim in (("europe", "C61"), ("industry", "C61"), ("russia", "C20"), ("china", "C39, C86")):
            u.add(FEATURE_LABELS[f][0], (self.weights[:, F[f]] * self.nato_values[f] / self.unit[f])[:, None], claim)
        return self.binary("nato", "accept the next NATO rung", u, p.rok.tau) & (w.nato < TOP_NATO)

