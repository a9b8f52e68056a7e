"""A per-replication monthly record of the model's reasoning, kept only when asked for.

For every month: each actor's decisions (the options, the named terms of each option's utility, the
probabilities, the choice) and the state after the month's transitions.  A model built with `trace=True`
fills it; otherwise agents skip the bookkeeping (utility terms are summed, not stored).  `explain` replays
one replication with a trace to tell its story.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Decision:
    agent: str
    decision: str
    options: tuple[str, ...]
    terms: dict[str, np.ndarray]  # term name -> (R, k) contribution to each option's utility
    claims: dict[str, str]  # term name -> the claim it encodes
    utility: np.ndarray  # (R, k), -inf where infeasible
    probs: np.ndarray  # (R, k)
    chosen: np.ndarray  # (R,) option index

    def row(self, i: int) -> dict:
        feasible = np.isfinite(self.utility[i])
        return {"agent": self.agent, "decision": self.decision, "chosen": self.options[int(self.chosen[i])],
                "claims": dict(self.claims),
                "options": [{"option": option, "feasible": bool(feasible[k]), "probability": float(self.probs[i, k]),
                             "utility": float(self.utility[i, k]) if feasible[k] else None,
                             "terms": {name: float(v[i, k]) for name, v in self.terms.items()}}
                            for k, option in enumerate(self.options)]}


class Trace:
    def __init__(self):
        self.months: list[dict] = []

    def begin(self, month: int, date: str) -> None:
        self.months.append({"month": month, "date": date, "decisions": [], "state": {}})

    def decision(self, agent: str, decision: str, options: tuple[str, ...], utility, probs: np.ndarray,
                 chosen: np.ndarray, feasible: np.ndarray | None = None) -> None:
        total = utility.total if feasible is None else np.where(feasible, utility.total, -np.inf)
        self.months[-1]["decisions"].append(Decision(agent, decision, options, dict(utility.terms or {}),
                                                     dict(utility.claims), total, probs, np.asarray(chosen)))

    def state(self, snapshot: dict[str, np.ndarray]) -> None:
        self.months[-1]["state"] = snapshot

    def replication(self, i: int) -> list[dict]:
        """Row i of the batch as plain data: [{month, date, decisions: [...], state: {...}}, ...]."""
        return [{"month": m["month"], "date": m["date"], "decisions": [d.row(i) for d in m["decisions"]],
                 "state": {k: v[i].item() for k, v in m["state"].items()}} for m in self.months]
