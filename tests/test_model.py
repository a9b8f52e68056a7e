"""The mechanisms of the model, one test per claim they encode (fixed seeds, paired across arms)."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assert_greater, make_model, paired, simulate
from scenarios.model import dynamics
from scenarios.model.mechanics import goodwill_gain, ire_target


def test_ire_target_is_ordered_by_openness_and_volume():  # C14-C16
    p = make_model().p
    levels = [ire_target(np.full(2000, a), p) for a in range(5)]
    assert (levels[0] == 0).all() and (levels[1] > 0).all()  # C15: indirect supply angers Moscow too
    assert (levels[1] < levels[2]).all()  # the production surge is more indirect supply: a Russian cost
    assert (levels[2] < levels[3]).all() and (levels[3] < levels[4]).all()  # open aid far more (C16)


def test_goodwill_gains_are_monotone_in_the_aid_rung():  # C57, C67
    p = make_model().p
    gains = np.stack([goodwill_gain(np.full(2000, a), p) for a in range(5)])
    assert (np.diff(gains, axis=0) >= 0).all()


def test_capability_grows_without_any_russian_help():  # C10
    df = simulate("status_quo", 300, ("forcing.ladder_cap=1",))
    assert (df["dprk_capability_gain"] > 0).all() and (df["ladder_max"] <= 1).all()


def test_seoul_learns_retaliation_from_escalation():  # Bayes update (brief §ODD 7)
    m = make_model()
    m.world.belief = np.full(m.n, 0.5)
    m.russia.likelihood = np.column_stack([np.full(m.n, 0.6), np.full(m.n, 0.2)])  # escalation likelier if retaliatory
    dynamics.belief(m)
    assert np.allclose(m.world.belief, 0.75)


def test_activation_order_cannot_change_any_result():
    """Simultaneous activation: Mesa's shuffle_do in a random order each month gives identical outcomes."""
    fixed = make_model("endogenous", 500).run()[0]
    shuffled = make_model("endogenous", 500, activation="shuffled").run()[0]
    for name, values in fixed.items():
        np.testing.assert_array_equal(values, shuffled[name], err_msg=name)


def test_a_replication_replayed_alone_with_a_trace_equals_its_row():
    batch = make_model("endogenous", 64).run()[0]
    for i in (0, 17, 63):
        alone = make_model("endogenous", 1, first=i, trace=True)
        outcomes = alone.run()[0]
        for name, values in outcomes.items():
            np.testing.assert_array_equal(values[0], batch[name][i], err_msg=f"{name}, replication {i}")
        story = alone.trace.replication(0)
        assert len(story) == 30 and {d["agent"] for d in story[0]["decisions"]} >= {"russia", "rok", "dprk", "china"}
        russia = next(d for d in story[0]["decisions"] if d["agent"] == "russia")
        assert abs(sum(o["probability"] for o in russia["options"]) - 1) < 1e-9
        assert "Putin's ire at Seoul" in russia["options"][2]["terms"]


def test_most_steps_into_high_end_help_are_russias_best_option():
    for arm in ("status_quo", "direct_155", "direct_105"):
        df = simulate(arm, 2000)
        share = df.loc[df["highend_transfer"], "highend_deliberate"].mean()
        assert share > 0.75, f"{arm}: only {share:.2f} of the L6 steps were Russia's highest-value option"


@pytest.mark.parametrize("tau", [0.001, 0.3])
def test_the_direct_aid_effect_keeps_its_sign_at_both_ends_of_russias_temperature(tau):
    d105 = simulate("direct_105", 1000, (f"parameters.russia.tau={tau}",))["highend_transfer"]
    sq = simulate("status_quo", 1000, (f"parameters.russia.tau={tau}",))["highend_transfer"]
    assert_greater(d105, sq, f"P(L6) direct_105 > status_quo at tau {tau}")


def test_the_war_lasts_longer_with_every_increase_of_supply():  # C1, C2
    on = {arm: ~simulate(arm, 1000)["war_ended"] for arm in ("nonlethal_only", "status_quo", "direct_155",
                                                             "direct_105")}
    assert_greater(on["status_quo"], on["nonlethal_only"], "P(war on) status_quo > nonlethal_only")
    assert_greater(on["direct_155"], on["status_quo"], "P(war on) direct_155 > status_quo")
    assert_greater(on["direct_105"], on["direct_155"], "P(war on) direct_105 > direct_155")


def test_the_ladder_is_sticky_while_the_war_lasts_and_high_end_help_happens_only_in_war():  # C31, C32
    df = simulate("status_quo", 2000)
    assert df["ladder_changes"].mean() < 3
    assert ((df["ladder_end"] < 4) & ~df["war_ended"]).mean() < 0.05  # rarely below the treaty while the war goes on
    ended = df["war_ended"] & df["highend_transfer"]
    assert (df.loc[ended, "months_to_highend"] <= df.loc[ended, "war_duration_months"] + 1).all()


def test_the_partnership_decays_after_the_war():  # C32
    df = simulate("status_quo", 2000)
    over = df[df["war_ended"] & (df["war_duration_months"] < 12)]
    assert len(over) > 50 and (over["ladder_end"] < over["ladder_max"]).mean() > 0.5


def test_one_bill_one_veto():  # C50, C51: the law passes only through pass -> (no veto | override)
    sure = ("parameters.opposition.majority=1", "parameters.opposition.p_pass=1")
    vetoed = simulate("direct_155", 1000, sure + ("parameters.rok.p_veto=1", "parameters.opposition.p_override=0"))
    assert vetoed["na_bill_tabled"].all() and not vetoed["na_law_enacted"].any()
    p = simulate("direct_155", 4000, sure + ("parameters.rok.p_veto=0.9", "parameters.opposition.p_override=0"))
    assert abs(p["na_law_enacted"].mean() - 0.1) < 0.02  # one veto draw: 1 - 0.9, not re-rolled


def test_assembly_law_can_hold_direct_aid_at_a2_and_intended_aid_is_reported():  # C50
    gated = simulate("direct_155", 400, ("parameters.opposition.majority=1", "parameters.opposition.p_pass=1",
                                         "parameters.rok.p_veto=0", "parameters.opposition.p_approve=0"))
    assert gated["na_law_enacted"].mean() > 0.95
    assert (gated["aid_intended_max"] == 3).all() and (gated["aid_level_end"] <= 2).mean() > 0.95


def test_aid_effects_stop_with_the_war():
    ended = make_model("direct_155", 500, ("parameters.war.end_hazard=1",))  # the war ends in the first month
    ended.run()
    w = ended.world
    assert not w.war_active.any() and (w.aid == 0).all() and (w.rok_direct == 0).all()
    going = make_model("direct_155", 500, ("parameters.war.end_hazard=0",))
    going.run()
    assert w.ire.mean() < 0.3 * going.world.ire.mean()  # ire decays once nothing is sent
    assert w.goodwill.mean() < going.world.goodwill.mean() and w.rok_ru.mean() > going.world.rok_ru.mean()


def test_seouls_declared_threat_deters_moscow_only_if_credible():  # D1, C13 vs C11
    def effect(credibility):
        o = (f"parameters.russia.credibility={credibility}",)
        return paired(simulate("conditional", 2000, o)["highend_transfer"],
                      simulate("status_quo", 2000, o)["highend_transfer"])[0]
    assert effect(1.0) < 0 < effect(0.0) + 0.01
    assert effect(1.0) < effect(0.0)


def test_ambiguity_deters_technology_help_that_a_specific_l6_threshold_leaves_open():  # C13, D3
    specific = simulate("conditional", 2000, ("parameters.russia.credibility=1",))
    ambiguous = simulate("conditional", 2000, ("parameters.russia.credibility=1",
                                               "arms.conditional.rok_policy.disclosure=ambiguous"))
    assert_greater(specific["ladder_max"] >= 5, ambiguous["ladder_max"] >= 5, "P(L5) specific > ambiguous")


def test_the_nato_track_can_deepen_and_china_responds_to_seouls_choices():  # C21, C39, C46, C85, C86
    sq, direct = simulate("status_quo", 1000), simulate("direct_105", 1000)
    assert (sq["nato_level_end"] > 3).mean() > 0.2
    assert_greater(direct["nato_level_end"], sq["nato_level_end"], "goodwill from aid opens the NATO track")
    assert_greater(sq["cn_rok_rel_end"], direct["cn_rok_rel_end"], "China-ROK relations respond to aid")
    held = simulate("status_quo", 300, ("arms.status_quo.rok_policy.nato=hold",))
    assert (held["nato_level_end"] == 3).all()


def test_endogenous_seoul_rarely_goes_direct_without_a_trigger_and_security_weighs_against_it():
    df = simulate("endogenous", 2000)
    direct = df["aid_intended_max"] >= 3
    assert direct.mean() < 0.45
    untriggered = ~df["atrocity_occurred"] & (df["ladder_max"] < 5)
    assert direct[untriggered].mean() < 0.2  # those few weigh Europe and industry heavily (the Dirichlet draw)
    w = df["param.rok.weights.security"]
    assert direct[w > w.quantile(0.75)].mean() < direct[w < w.quantile(0.25)].mean()


def test_trump_cuts_western_supply_and_pushes_the_war_to_end():  # C80
    biden = simulate("status_quo", 1000, ("parameters.us.p_trump=0",))
    trump = simulate("status_quo", 1000, ("parameters.us.p_trump=1",))
    assert_greater(biden["ukr_position_end"], trump["ukr_position_end"], "C80 supply cut")
    assert_greater(trump["war_ended"], biden["war_ended"], "C80 war-end push")


def test_trump_view_decides_whether_direct_aid_helps_the_alliance_and_the_fear_follows():  # C78, C79
    hawk = simulate("direct_155", 1000, ("parameters.us.p_trump=1", "parameters.us.trump_view=1"))
    dove = simulate("direct_155", 1000, ("parameters.us.p_trump=1", "parameters.us.trump_view=-1"))
    assert_greater(hawk["us_rok_rel_end"], dove["us_rok_rel_end"], "C78 vs C79")
    assert_greater(dove["abandon_fear_end"], hawk["abandon_fear_end"], "a hostile Trump raises abandonment fear")


def test_limits_mechanism_shrinks_the_direct_aid_effect():  # C9, the competing hypothesis
    def effect(*o):
        return paired(simulate("direct_155", 1000, o)["highend_transfer"],
                      simulate("status_quo", 1000, o)["highend_transfer"])[0]
    assert effect("parameters.russia.limits_mechanism=1") < effect()
