"""NATO/Europe as one aggregate actor: asks Seoul for more (C65, C66) and offers the partnership's next
rung (the steps the articles name after July 2024: BICES and intelligence sharing, industrial and cyber
cooperation) when Seoul's standing is high (C61)."""

from __future__ import annotations

import numpy as np

from ..mechanics import A3, TOP_NATO
from .base import DecisionAgent


class NATOEurope(DecisionAgent):
    stream = "nato"

    def __init__(self, model):
        super().__init__(model)
        self.request = np.zeros(model.n, dtype=bool)
        self.offer = np.zeros(model.n, dtype=bool)

    def step(self):
        w, e = self.model.world, self.model.p.europe
        request = self.utility(1)
        request.add("Ukraine's shortfall while Seoul is indirect",
                    (e.request_weight * (1.0 - w.ukr) * (w.aid < A3) * w.war_active)[:, None], "C65, C66")
        request.add("cost of asking", -e.request_cost[:, None])
        offer = self.utility(1)
        offer.add("goodwill toward Seoul", (e.offer_weight * w.goodwill * (w.nato < TOP_NATO))[:, None], "C61")
        offer.add("cost of offering", -e.offer_cost[:, None])
        self.stage(request=self.binary("request", "ask Seoul for more", request, e.tau),
                   offer=self.binary("offer", "offer the next NATO rung", offer, e.tau) & (w.nato < TOP_NATO))
