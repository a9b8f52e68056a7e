"""DPRK: presses Moscow for its wish list when Russia's need gives it leverage (C4) and as a united front
against Seoul's NATO ties (C38)."""

from __future__ import annotations

import numpy as np

from ..mechanics import TOP_NATO
from .base import DecisionAgent


class DPRK(DecisionAgent):
    stream = "dprk"

    def __init__(self, model):
        super().__init__(model)
        self.press = np.zeros(model.n, dtype=bool)

    def step(self):
        w, d = self.model.world, self.model.p.dprk
        u = self.utility(1)
        u.add("Russia's need (leverage)", (d.leverage_weight * w.need * w.war_active)[:, None], "C4")
        u.add("united front against NATO ties", (d.front_weight * w.nato / TOP_NATO)[:, None], "C38")
        u.add("cost of pressing", -d.press_cost[:, None])
        self.stage(press=self.binary("press", "press the wish list", u, d.tau))
