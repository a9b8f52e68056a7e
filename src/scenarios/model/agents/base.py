"""Shared machinery of the decision agents."""

from __future__ import annotations

import mesa
import numpy as np

from ..choice import choose


class DecisionAgent(mesa.Agent):
    """A state actor; its choice for the month is an array over the batch's replications."""

    stream: str = ""

    def logit(self, utility: np.ndarray, tau: np.ndarray, purpose: str = "") -> tuple[np.ndarray, np.ndarray]:
        """Sample an option per replication from this agent's own named stream."""
        m = self.model
        u = m.streams.uniform(f"choice.{self.stream}{purpose}", m.month)
        return choose(utility, tau, u)
