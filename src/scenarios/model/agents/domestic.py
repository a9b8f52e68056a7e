"""The ROK opposition in the National Assembly: ACQUIESCE, CONTEST, or table the one Assembly-approval
bill (C47-C53).  The bill can be tabled once; the two-level game resolves it in `dynamics.ratify`."""

from __future__ import annotations

import numpy as np

from ..choice import options
from ..mechanics import A3
from .base import DecisionAgent

OPTIONS = ("acquiesce", "contest", "table the approval bill")  # mechanics.ACQUIESCE, CONTEST, LEGISLATE


class ROKOpposition(DecisionAgent):
    stream = "opposition"

    def __init__(self, model):
        super().__init__(model)
        self.action = np.zeros(model.n, dtype=np.int64)

    def step(self):
        w, o = self.model.world, self.model.p.opposition
        n = self.model.n
        shift = (w.aid_intended >= A3).astype(float)  # C51: Yoon's policy shift, as announced
        zero = np.zeros(n)
        u = self.utility(3)
        u.add("mobilisation and the policy shift",
              options(zero, o.contest_weight * (w.mobilization + shift), zero), "C51")
        u.add("disapproval and the policy shift",
              options(zero, zero, o.legislate_weight * (w.mobilization * (1.0 - w.approval) + shift)),
              "C50, C52")
        u.add("costs", options(zero, -o.contest_cost, -o.legislate_cost))
        feasible = options(np.ones(n, bool), np.ones(n, bool), ~w.bill_tabled)
        self.stage(action=self.logit("stance", OPTIONS, u, o.tau, feasible))
