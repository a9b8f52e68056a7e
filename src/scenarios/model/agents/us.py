"""The US administration: Biden (PRESS_ROK, REASSURE, HOLD) until a Trump inauguration, then Trump
(PUSH_WAR_END, COST_SHARING_PRESSURE, HOLD) (C73-C84)."""

from __future__ import annotations

import numpy as np

from .base import DecisionAgent


class USGovernment(DecisionAgent):
    stream = "us"

    def __init__(self, model):
        super().__init__(model)
        false = np.zeros(model.n, dtype=bool)
        self.press, self.reassure, self.push_war_end, self.cost_sharing = false, false, false, false

    def decide(self):
        w, p = self.model.world, self.model.p
        indirect = w.aid < 3
        biden = [p["us.press_weight"] * (1.0 - w.ukr) * indirect * w.war_active,  # C73, C84
                 p["us.reassure_weight"] * w.abandon]  # C77
        favour = np.maximum(p["us.trump_view"], 0.0) * (w.aid >= 3)  # C78: direct aid sets Seoul apart
        trump = [p["us.war_end_weight"] * w.war_active,  # C80
                 p["us.cost_sharing_weight"] * (1.0 - favour)]  # free riding [001]
        hold = p["us.hold_value"]
        utility = np.stack([np.where(w.us_trump, trump[0], biden[0]),
                            np.where(w.us_trump, trump[1], biden[1]), hold], axis=1)
        choice, _ = self.logit(utility, p["us.tau"])
        self.press = ~w.us_trump & (choice == 0)
        self.reassure = ~w.us_trump & (choice == 1)
        self.push_war_end = w.us_trump & (choice == 0)
        self.cost_sharing = w.us_trump & (choice == 1)
