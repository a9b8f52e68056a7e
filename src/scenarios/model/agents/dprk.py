"""DPRK: presses Moscow for its wish list when Russia's need gives it leverage (C4, C38)."""

from __future__ import annotations

import numpy as np

from .base import DecisionAgent


class DPRK(DecisionAgent):
    stream = "dprk"

    def __init__(self, model):
        super().__init__(model)
        self.press = np.zeros(model.n, dtype=bool)

    def decide(self):
        w, p = self.model.world, self.model.p
        press = (p["dprk.leverage_weight"] * w.need * w.war_active + p["dprk.front_weight"] * w.nato
                 - p["dprk.press_cost"])
        choice, _ = self.logit(np.stack([np.zeros(self.model.n), press], axis=1), p["dprk.tau"])
        self.press = choice == 1
