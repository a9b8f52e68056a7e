"""Seoul's aid policy in an arm, as an object: what rung it aims at each month, and what Moscow reads
from what it declared (the conditional threat D1, or strategic ambiguity D3).

fixed: hold a rung from a month on (before it, the starting rung); declares nothing.
conditional: D1/D2 as a rule: go direct (A3) once the ladder reaches theta or after an atrocity; declared
    either with specifics (Moscow knows theta) or ambiguously (Moscow only knows it is L5 or L6: C13).
endogenous: each month a logit over -1/0/+1 rungs by Seoul's utility (agents/rok.py), declaring D1 as
    Yoon did in July 2024 ('Moscow must decide which of the two Koreas is more important' [001]).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .mechanics import A3, L_HIGHEND, L_TECH

Disclosure = Literal["none", "specific", "ambiguous"]
NatoMode = Literal["respond", "hold"]


def threat_of(disclosure: Disclosure, theta: np.ndarray, rungs: np.ndarray) -> np.ndarray | None:
    """P(Seoul goes direct if Russia stands at a rung), as Moscow reads Seoul's declaration."""
    if disclosure == "none":
        return None
    if disclosure == "specific":
        return (rungs >= theta[:, None]).astype(float)
    # ambiguous: Moscow knows only that the threshold is technology help or high-end help, equally likely
    return 0.5 * (rungs >= L_TECH) + 0.5 * (rungs >= L_HIGHEND)


@dataclass(frozen=True)
class FixedAid:
    rung: int
    from_month: int = 0  # month index from which the rung holds; before it, the starting rung
    nato: NatoMode = "respond"

    def target(self, rok) -> np.ndarray:
        m = rok.model
        return np.full(m.n, self.rung if m.month >= self.from_month else m.setup.start_aid)

    def threat(self, model, rungs):
        return None


@dataclass(frozen=True)
class ConditionalAid:
    theta: int | None = None  # None: each replication's parameters.rok.theta_ladder
    atrocity: bool = True
    base_rung: int = 1
    disclosure: Disclosure = "specific"
    nato: NatoMode = "respond"

    def thresholds(self, model) -> np.ndarray:
        return model.p.rok.theta_ladder if self.theta is None else np.full(model.n, float(self.theta))

    def triggers(self, model) -> np.ndarray:
        """This month's triggers: the ladder at theta (D1: C44, C45) or an atrocity so far (D2: C43)."""
        w = model.world
        trigger = w.ladder >= self.thresholds(model)
        return trigger | w.atrocity_occurred if self.atrocity else trigger

    def target_given(self, triggered: np.ndarray) -> np.ndarray:
        return np.where(triggered, A3, self.base_rung)

    def threat(self, model, rungs):
        return threat_of(self.disclosure, self.thresholds(model), rungs)


@dataclass(frozen=True)
class EndogenousAid:
    disclosure: Disclosure = "specific"
    nato: NatoMode = "respond"

    def target(self, rok) -> np.ndarray:
        return rok.endogenous_target()

    def threat(self, model, rungs):
        return threat_of(self.disclosure, model.p.rok.theta_ladder, rungs)
