"""China: leans on Moscow against high-end help (C8), pushes back on Seoul's NATO ties (C39), and
supports Russia's war economy (C85) at a reputational cost (C89)."""

from __future__ import annotations

import numpy as np

from ..mechanics import TOP_NATO
from .base import DecisionAgent


class China(DecisionAgent):
    stream = "china"

    def __init__(self, model):
        super().__init__(model)
        false = np.zeros(model.n, dtype=bool)
        self.restrain, self.pushback, self.enable = false, false.copy(), false.copy()

    def step(self):
        w, c = self.model.world, self.model.p.china
        restrain = self.utility(1)
        alarm = np.maximum(w.ladder - c.alarm_rung + 1, 0)  # C8: 'full speed ahead' on high-end help
        restrain.add("peninsula stability", (c.stability_weight * c.restraint * alarm)[:, None], "C8")
        restrain.add("its partnership with Moscow", -c.partnership_cost[:, None], "C85")
        pushback = self.utility(1)
        pushback.add("Seoul's NATO ties", (c.pushback_weight * w.nato / TOP_NATO)[:, None], "C39")
        pushback.add("the Korean market", -c.pushback_cost[:, None], "C87")
        enable = self.utility(1)
        enable.add("Russia's need", (c.enable_weight * w.need * w.war_active)[:, None], "C85")
        enable.add("reputation (NATO's warning)", -c.reputation_cost[:, None], "C89")
        self.stage(restrain=self.binary("restrain", "restrain Moscow", restrain, c.tau),
                   pushback=self.binary("pushback", "push back on Seoul", pushback, c.tau),
                   enable=self.binary("enable", "support Russia's war economy", enable, c.tau))
