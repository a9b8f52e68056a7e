"""NATO/Europe as one aggregate actor: asks Seoul for more, deepens the partnership, or holds (C57-C67)."""

from __future__ import annotations

import numpy as np

from .base import DecisionAgent


class NATOEurope(DecisionAgent):
    stream = "nato"

    def __init__(self, model):
        super().__init__(model)
        self.request = np.zeros(model.n, dtype=bool)
        self.deepen = np.zeros(model.n, dtype=bool)

    def decide(self):
        w, p = self.model.world, self.model.p
        request = p["europe.request_weight"] * (1.0 - w.ukr) * (w.aid < 3) * w.war_active  # C65, C66
        deepen = p["europe.deepen_weight"] * w.goodwill
        choice, _ = self.logit(np.stack([request, deepen, p["europe.hold_value"]], axis=1), p["europe.tau"])
        self.request, self.deepen = choice == 0, choice == 1
