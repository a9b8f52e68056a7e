"""No dead parameter, no outcome that no arm can move (issue: Model v2)."""

from __future__ import annotations

import numpy as np

from conftest import MAIN_CONFIG, simulate
from scenarios.analysis.screening import screen
from scenarios.config.loader import load_config
from scenarios.config.parameters import ROK_FEATURES, fields
from scenarios.model.outcomes import OUTCOMES

# Drawn before any choice is made, so the same in every arm by construction (common random numbers).
EXOGENOUS = {"atrocity_occurred", "russia_retaliatory", "us_type"}


def test_every_parameter_moves_some_outcome_across_its_plausible_range():
    live, dead = screen(load_config(MAIN_CONFIG), ["status_quo", "direct_155", "conditional", "endogenous"], 200)
    assert not dead, "dead parameters (largest standardised effect < 0.02): " + ", ".join(
        f"{e.parameter} ({e.size:.3f} on {e.outcome})" for e in dead)
    assert len(live) == len(fields()) - 1 + len(ROK_FEATURES)


def test_no_outcome_is_the_same_in_every_arm_unless_it_is_an_exogenous_draw():
    arms = ("nonlethal_only", "status_quo", "gradual", "direct_155", "direct_105", "conditional", "endogenous")
    frames = {arm: simulate(arm, 1000) for arm in arms}
    for outcome in OUTCOMES:
        columns = [frames[arm][outcome.name].to_numpy() for arm in arms]
        same = all(np.array_equal(columns[0], c, equal_nan=outcome.kind != "category") for c in columns[1:])
        assert same == (outcome.name in EXOGENOUS), f"{outcome.name}: identical in every arm = {same}"
