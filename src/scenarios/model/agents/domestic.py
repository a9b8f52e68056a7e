"""The ROK opposition in the National Assembly: ACQUIESCE, CONTEST, or LEGISLATE an approval law (C47-C53)."""

from __future__ import annotations

import numpy as np

from .base import DecisionAgent

ACQUIESCE, CONTEST, LEGISLATE = 0, 1, 2


class ROKOpposition(DecisionAgent):
    stream = "opposition"

    def __init__(self, model):
        super().__init__(model)
        self.action = np.zeros(model.n, dtype=np.int64)

    def decide(self):
        w, p = self.model.world, self.model.p
        direct = (w.aid >= 3).astype(float)
        contest = p["opposition.contest_weight"] * (w.mobilization + direct) - p["opposition.contest_cost"]  # C51
        legislate = (p["opposition.legislate_weight"] * (w.mobilization * (1.0 - w.approval) + direct)  # C50, C52
                     - p["opposition.legislate_cost"])
        legislate = np.where(w.na_law, -np.inf, legislate)
        utility = np.stack([np.zeros(self.model.n), contest, legislate], axis=1)
        self.action, _ = self.logit(utility, p["opposition.tau"])
