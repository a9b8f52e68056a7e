"""The Mesa model: one instance advances a batch of R replications of one arm in lockstep."""

from __future__ import annotations

import mesa
import numpy as np

from ..config.schema import Fixed, ScenarioConfig, month_index
from ..design import draw_parameters
from ..randomness import Streams
from . import dynamics
from .agents import DPRK, China, NATOEurope, ROKGovernment, ROKOpposition, Russia, USGovernment
from .observe import Recorder
from .state import World


class LethalAidModel(mesa.Model):
    """Seoul's lethal-aid choice and its reciprocation (model-brief §6.2), monthly steps.

    The random numbers of replication i come only from (seed, i) through named streams, so a batch
    of one is the same computation as row i of a batch of thousands.
    """

    def __init__(self, config: ScenarioConfig, arm: str, replications: np.ndarray,
                 parameter_rows: dict[str, np.ndarray] | None = None):
        super().__init__(rng=config.seed)  # Mesa's own generators are unused: every draw uses self.streams
        self.n = len(replications)
        self.horizon = config.horizon_months
        self.month = 0
        self.streams = Streams(config.seed, replications)
        self.p = draw_parameters(config, self.streams)
        self.p.update(parameter_rows or {})  # per-row values of swept scalar parameters (sweeps)
        forcing = config.forcing_for(arm)
        self.ladder_bounds = (forcing.ladder_floor or 0, 6 if forcing.ladder_cap is None else forcing.ladder_cap)
        start = month_index(config.start)
        self.inauguration_month = month_index(config.events.us_election) + config.events.inauguration_lag - start
        policy = config.arms[arm].rok_policy
        from_month = month_index(policy.from_ or config.start) - start if isinstance(policy, Fixed) else 0
        trump_won = self.streams.uniform("events.election") < self.p["us.p_trump"]
        start_aid = np.full(self.n, 1, dtype=np.int64)  # July 2024: indirect supply (A1)
        self.world = World.initial(self.p, self.ladder_bounds, trump_won, start_aid)
        retaliatory = self.streams.uniform("russia.type") < self.p["russia.p_retaliatory_type"]
        self.rok = ROKGovernment(self, policy, from_month)
        self.opposition = ROKOpposition(self)
        self.us = USGovernment(self)
        self.russia = Russia(self, retaliatory)
        self.dprk = DPRK(self)
        self.china = China(self)
        self.nato = NATOEurope(self)
        self.recorder = Recorder(self, self.horizon)

    def step(self):
        self.month = self.steps - 1
        w = self.world
        dynamics.exogenous_events(self)  # 1. events
        self.agents.do("decide")  # 2-3. every agent reads the same state and writes only its own choice
        w.aid = dynamics.ratify(self, self.rok.target)  # 4. domestic ratification gates direct aid
        w.nato_prev, w.nato = w.nato, self.rok.nato_step()
        dynamics.supplies(self)  # 5. transitions
        dynamics.battlefield(self)
        dynamics.russia_need(self)
        dynamics.war_end(self)
        dynamics.ire_and_ladder(self)
        dynamics.belief(self)
        dynamics.peninsula(self)
        exports = dynamics.relations_and_markets(self)
        dynamics.domestic(self)
        dynamics.alliance(self)
        self.recorder.collect(self, exports)  # 6. observe

    def run(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Simulate the horizon; return (outcomes per replication, monthly series (R, horizon))."""
        for _ in range(self.horizon):
            self.step()
        return self.recorder.outcomes(self), self.recorder.series
