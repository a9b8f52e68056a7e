"""Shared machinery of the decision agents: simultaneous activation and logged logit choices.

Mesa's idiom for simultaneous activation: every agent's `step` reads the committed state and the other
agents' committed choices (last month's) and stages its own choice; only then does every agent's
`advance` commit.  No agent can see another's choice of the same month, so activation order cannot
matter (tested with Mesa's `shuffle_do`).
"""

from __future__ import annotations

import mesa
import numpy as np

from ..choice import Utility, binary_probability, logit_probabilities, sample


class DecisionAgent(mesa.Agent):
    """A state actor; each of its choices for the month is an array over the batch's replications."""

    stream: str = ""

    def __init__(self, model):
        super().__init__(model)
        self._staged: dict[str, np.ndarray] = {}

    def stage(self, **choices: np.ndarray) -> None:
        self._staged.update(choices)

    def advance(self) -> None:
        for name, value in self._staged.items():
            setattr(self, name, value)
        self._staged = {}

    def utility(self, k: int) -> Utility:
        return Utility((self.model.n, k), keep=self.model.trace is not None)

    def logit(self, decision: str, options: tuple[str, ...], utility: Utility, tau: np.ndarray,
              feasible: np.ndarray | None = None) -> np.ndarray:
        """Sample an option per replication from this agent's own stream for this decision."""
        m = self.model
        total = utility.total if feasible is None else np.where(feasible, utility.total, -np.inf)
        probs = logit_probabilities(total, tau)
        chosen = sample(probs, m.streams.uniform(f"choice.{self.stream}.{decision}", m.month))
        if m.trace is not None:
            m.trace.decision(self.stream, decision, options, utility, probs, chosen, feasible)
        return chosen

    def binary(self, decision: str, option: str, utility: Utility, tau: np.ndarray) -> np.ndarray:
        """Act (True) or not: a two-option logit against a status quo of utility 0."""
        m = self.model
        p_act = binary_probability(utility.total[:, 0], tau)
        act = m.streams.uniform(f"choice.{self.stream}.{decision}", m.month) < p_act
        if m.trace is not None:
            probs = np.stack([1.0 - p_act, p_act], axis=1)
            zero = Utility((m.n, 1), keep=True)
            both = Utility((m.n, 2), keep=True)
            for name, value in (utility.terms or {"utility": utility.total}).items():
                both.add(name, np.concatenate([np.zeros_like(zero.total), np.broadcast_to(value, zero.total.shape)],
                                              axis=1), utility.claims.get(name, ""))
            m.trace.decision(self.stream, decision, ("hold", option), both, probs, act.astype(np.int64))
        return act
