"""One test per hooked claim: each submodel moves in the direction its source claim says."""

from __future__ import annotations

import numpy as np

from conftest import MAIN_CONFIG, assert_greater, paired, simulate
from scenarios.config.loader import load_config
from scenarios.model import dynamics
from scenarios.model.agents.rok import goodwill_gain, ire_target
from scenarios.model.lethal_aid import LethalAidModel


def model(arm="status_quo", n=2000, *overrides):
    return LethalAidModel(load_config(MAIN_CONFIG, list(overrides)), arm, np.arange(n, dtype=np.uint64))


def test_ire_target_is_ordered_indirect_below_direct_below_large_direct():  # C14-C16
    p = model().p
    levels = [ire_target(np.full(2000, a), p) for a in range(5)]
    assert (levels[0] == 0).all() and (levels[1] > 0).all()  # C15: indirect supply angers Moscow too
    assert (levels[1] == levels[2]).all() and (levels[2] < levels[3]).all() and (levels[3] < levels[4]).all()


def test_goodwill_gains_are_monotone_in_the_aid_rung():  # C57, C67
    p = model().p
    gains = np.stack([goodwill_gain(np.full(2000, a), p) for a in range(5)])
    assert (np.diff(gains, axis=0) >= 0).all()


def test_capability_grows_without_any_russian_help():  # C10
    df = simulate("status_quo", 300, ("forcing.ladder_cap=0",))
    assert (df["dprk_capability_gain"] > 0).all() and (df["ladder_max"] == 0).all()


def test_seoul_learns_retaliation_from_escalation():  # Bayes update (brief §ODD 7)
    m = model()
    m.world.belief = np.full(m.n, 0.5)
    m.russia.likelihood = np.column_stack([np.full(m.n, 0.6), np.full(m.n, 0.2)])  # escalation likelier if retaliatory
    dynamics.belief(m)
    assert np.allclose(m.world.belief, 0.75)


def test_direct_aid_lowers_the_war_end_hazard():  # C2
    ended = {}
    for aid in (1, 3):
        m = model()
        m.world.aid = np.full(m.n, aid)
        dynamics.war_end(m)
        ended[aid] = ~m.world.war_active
    assert (ended[3] <= ended[1]).all() and ended[1].sum() > ended[3].sum()


def test_assembly_law_can_hold_direct_aid_at_a2():  # C50, C51
    free = simulate("direct_155", 400)
    gated = simulate("direct_155", 400, ("parameters.opposition.majority=1", "parameters.opposition.p_pass=1",
                                         "parameters.rok.p_veto=0", "parameters.opposition.p_approve=0"))
    assert gated["na_law_enacted"].mean() > 0.95
    assert (gated["aid_level_end"] <= 2).mean() > 0.95 and (free["aid_level_end"] == 3).mean() > 0.2


def test_trump_cuts_western_supply_and_pushes_the_war_to_end():  # C80
    biden = simulate("status_quo", 1000, ("parameters.us.p_trump=0",))
    trump = simulate("status_quo", 1000, ("parameters.us.p_trump=1",))
    assert_greater(biden["ukr_position_end"], trump["ukr_position_end"], "C80 supply cut")
    assert_greater(trump["war_ended"], biden["war_ended"], "C80 war-end push")


def test_trump_view_decides_whether_direct_aid_helps_the_alliance():  # C78, C79
    hawk = simulate("direct_155", 1000, ("parameters.us.p_trump=1", "parameters.us.trump_view=1"))
    dove = simulate("direct_155", 1000, ("parameters.us.p_trump=1", "parameters.us.trump_view=-1"))
    assert_greater(hawk["us_rok_rel_end"], dove["us_rok_rel_end"], "C78 vs C79")


def test_limits_mechanism_shrinks_the_direct_aid_effect():  # C9, the competing hypothesis
    def effect(*o):
        return paired(simulate("direct_155", 1000, o)["highend_transfer"],
                      simulate("status_quo", 1000, o)["highend_transfer"])[0]
    assert effect("parameters.russia.limits_mechanism=1") < effect()


def test_nato_ties_lower_china_relations():  # C39, C86
    low = simulate("status_quo", 300, ("parameters.rok.nato_init=0",))
    high = simulate("status_quo", 300)
    assert (low["cn_rok_rel_end"] > high["cn_rok_rel_end"]).all()
