"""China: restrains Moscow on high-end help (C8) and pushes back on Seoul's NATO ties (C39)."""

from __future__ import annotations

import numpy as np

from .base import DecisionAgent


class China(DecisionAgent):
    stream = "china"

    def __init__(self, model):
        super().__init__(model)
        self.restrain = np.zeros(model.n, dtype=bool)
        self.pushback = np.zeros(model.n, dtype=bool)

    def decide(self):
        w, p = self.model.world, self.model.p
        zero = np.zeros(self.model.n)
        restrain = (p["china.stability_weight"] * p["china.restraint"] * (1.0 + np.maximum(w.ladder - p["china.alarm_rung"], 0))
                    - p["china.partnership_cost"])  # C8 vs C85
        pushback = p["china.pushback_weight"] * w.nato - p["china.pushback_cost"]  # C39 vs C87
        a, _ = self.logit(np.stack([zero, restrain], axis=1), p["china.tau"], ".restrain")
        b, _ = self.logit(np.stack([zero, pushback], axis=1), p["china.tau"], ".pushback")
        self.restrain, self.pushback = a == 1, b == 1
