"""The Mesa model: one instance advances a batch of R replications of one arm in lockstep.

It knows no sampling, files or processes: it receives its parameter values (drawn by the experiment
design), its setup (calendar, Seoul's policy object, forcing) and its random streams, and returns arrays.
"""

from __future__ import annotations

import mesa
import numpy as np

from ..randomness import Streams
from . import dynamics
from .agents import DPRK, China, NATOEurope, ROKGovernment, ROKOpposition, Russia, USGovernment
from .observe import Recorder
from .params import ParameterTable
from .setup import Setup
from .state import World
from .trace import Trace

DOMESTIC_DRAWS = ("pass", "veto", "override", "vote")


class LethalAidModel(mesa.Model):
    """Seoul's lethal-aid choice and its reciprocation (docs/model.md), monthly steps.

    The random numbers of replication i come only from (seed, i) through named streams, so a batch of one
    is the same computation as row i of a batch of thousands.  `activation="shuffled"` activates the agents
    in a random order each month (Mesa's `shuffle_do`): results are identical, which the tests check.
    """

    def __init__(self, setup: Setup, params: ParameterTable, streams: Streams, trace: bool = False,
                 activation: str = "fixed"):
        super().__init__(rng=streams.seed)  # Mesa's own generator is used only by shuffle_do
        self.setup, self.p, self.streams = setup, params, streams
        self.n = params.n
        self.month = 0
        self.activation = activation
        self.trace = Trace() if trace else None
        trump_won = streams.uniform("events.election") < params.us.p_trump
        self.world = World.initial(params, setup.ladder_bounds(0), trump_won, setup.start_aid)
        self.domestic_draws = {k: streams.uniform(f"domestic.{k}") for k in DOMESTIC_DRAWS}  # drawn once: C51
        retaliatory = streams.uniform("russia.type") < params.russia.p_retaliatory_type
        self.rok = ROKGovernment(self, setup.policy)
        self.opposition = ROKOpposition(self)
        self.us = USGovernment(self)
        self.russia = Russia(self, retaliatory)
        self.dprk = DPRK(self)
        self.china = China(self)
        self.nato = NATOEurope(self)
        self.recorder = Recorder(self, setup.horizon)

    def step(self):
        self.month = self.steps - 1
        if self.trace is not None:
            self.trace.begin(self.month, self.setup.date(self.month))
        dynamics.exogenous_events(self)  # 1. events
        if self.activation == "shuffled":  # 2-3. decide on the frozen state, then commit all at once
            self.agents.shuffle_do("step")
            self.agents.shuffle_do("advance")
        else:
            self.agents.do("step")
            self.agents.do("advance")
        dynamics.ratify(self)  # 4. the two-level game gates direct aid
        dynamics.nato_track(self)
        dynamics.supplies(self)  # 5. transitions
        dynamics.battlefield(self)
        dynamics.russia_need(self)
        dynamics.war_end(self)
        dynamics.ire_and_ladder(self)
        dynamics.belief(self)
        dynamics.peninsula(self)
        dynamics.relations_and_markets(self)
        dynamics.domestic(self)
        dynamics.alliance(self)
        self.recorder.collect(self)  # 6. observe
        if self.trace is not None:
            self.trace.state(self.world.snapshot())

    def run(self) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Simulate the horizon; return (outcomes per replication, monthly series (R, horizon))."""
        for _ in range(self.setup.horizon):
            self.step()
        return self.recorder.outcomes(self), self.recorder.series
