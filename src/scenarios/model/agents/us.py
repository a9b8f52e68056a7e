"""The US administration: Biden (PRESS_ROK, REASSURE, HOLD) until a Trump inauguration, then Trump
(PUSH_WAR_END, COST_SHARING, HOLD) (C73-C84)."""

from __future__ import annotations

import numpy as np

from ..choice import options
from ..mechanics import A3
from .base import DecisionAgent

OPTIONS = ("press Seoul for more (Biden) or push to end the war (Trump)",
           "reassure Seoul (Biden) or press for cost sharing (Trump)", "hold")


class USGovernment(DecisionAgent):
    stream = "us"

    def __init__(self, model):
        super().__init__(model)
        false = np.zeros(model.n, dtype=bool)
        self.press, self.reassure, self.push_war_end, self.cost_sharing = false, false, false, false

    def step(self):
        w, us = self.model.world, self.model.p.us
        trump = w.us_trump
        favour = np.maximum(us.trump_view, 0.0) * (w.aid >= A3)  # C78: direct aid sets Seoul apart
        u = self.utility(3)
        zero = np.zeros(self.model.n)
        u.add("Biden: Ukraine's shortfall, Seoul indirect",
              options(us.press_weight * (1.0 - w.ukr) * (w.aid < A3) * w.war_active * ~trump, zero, zero),
              "C73, C84")
        u.add("Biden: Seoul's fear of abandonment", options(zero, us.reassure_weight * w.abandon * ~trump, zero), "C77")
        u.add("Trump: end the war", options(us.war_end_weight * w.war_active * trump, zero, zero), "C80")
        u.add("Trump: free riding, less if Seoul's aid pleases him",
              options(zero, us.cost_sharing_weight * (1.0 - favour) * trump, zero), "C78")
        u.add("hold", options(zero, zero, us.hold_value))
        choice = self.logit("stance", OPTIONS, u, us.tau)
        self.stage(press=~trump & (choice == 0), reassure=~trump & (choice == 1),
                   push_war_end=trump & (choice == 0), cost_sharing=trump & (choice == 1))
