"""The stylized facts of model-brief §7, each a paired Monte Carlo test under common random numbers.

Seed 20240721, N = 1000 replications per arm unless stated.  A fact 'X > Y' passes when the lower
97.5% bound of the paired mean difference is above zero; 'X >= Y' when the upper bound is not below
zero.  The measured effects (see docs/model.md) are several standard errors wide, so these tests are
not knife-edge; a model change that flips a sign fails them.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import assert_greater, assert_not_less, paired, simulate

N = 1000
ARMS = ("nonlethal_only", "status_quo", "gradual", "direct_155", "direct_105", "conditional", "endogenous")


def run(arm, *overrides, n=N):
    return simulate(arm, n, tuple(overrides))


def test_sf1_direct_aid_raises_highend_transfer():
    arms = ("nonlethal_only", "status_quo", "direct_155", "direct_105")
    nl, sq, dr, d105 = (run(a)["highend_transfer"] for a in arms)
    assert_greater(dr, sq, "SF1 P(L6) direct_155 > status_quo")
    assert_not_less(sq, nl, "SF1 P(L6) status_quo >= nonlethal_only")
    assert_not_less(d105, dr, "SF1 P(L6) direct_105 >= direct_155")


def test_sf2_direct_aid_raises_dprk_shells():
    assert_greater(run("direct_155")["dprk_shells_total"], run("status_quo")["dprk_shells_total"], "SF2")


def test_sf3_direct_aid_prolongs_the_war():
    assert_greater(~run("direct_155")["war_ended"], ~run("status_quo")["war_ended"], "SF3 P(war on)")
    assert_greater(run("direct_155")["war_duration_months"], run("status_quo")["war_duration_months"], "SF3 duration")


def test_sf4_aid_improves_ukraines_position():
    arms = ("nonlethal_only", "status_quo", "direct_155", "direct_105")
    nl, sq, dr, d105 = (run(a)["ukr_position_mean"] for a in arms)
    assert_greater(dr, sq, "SF4 direct_155 > status_quo")
    assert_greater(d105, dr, "SF4 direct_105 > direct_155")
    assert_greater(sq, nl, "SF4 status_quo > nonlethal_only")


@pytest.mark.parametrize("arm", ARMS)
def test_sf5_china_restraint_lowers_highend(arm):
    low = run(arm, "parameters.china.restraint=0.05", n=600)["highend_transfer"]
    high = run(arm, "parameters.china.restraint=0.95", n=600)["highend_transfer"]
    assert_greater(low, high, f"SF5 P(L6) at low vs high China restraint ({arm})")


@pytest.mark.parametrize("arm", ["status_quo", "direct_155"])
def test_sf6_russian_reservation_lowers_highend(arm):
    low = run(arm, "parameters.russia.reservation=0.05")["highend_transfer"]
    high = run(arm, "parameters.russia.reservation=0.95")["highend_transfer"]
    assert_greater(low, high, f"SF6 ({arm})")


def test_sf7_ire_and_need_raise_highend_under_direct_aid():
    ire_hi = run("direct_155", "parameters.russia.ire_kappa_direct=0.6")["highend_transfer"]
    ire_lo = run("direct_155", "parameters.russia.ire_kappa_direct=0.1")["highend_transfer"]
    assert_greater(ire_hi, ire_lo, "SF7 ire sensitivity")
    need_hi = run("direct_155", "parameters.russia.need_elasticity=2.0")["highend_transfer"]
    need_lo = run("direct_155", "parameters.russia.need_elasticity=0.2")["highend_transfer"]
    assert_greater(need_hi, need_lo, "SF7 need elasticity")


@pytest.mark.parametrize("column", ["eu_goodwill_end", "rok_exports_eu_total_bn"])
def test_sf8_europe_rewards_aid(column):
    nl, sq, gr, dr = (run(a)[column] for a in ("nonlethal_only", "status_quo", "gradual", "direct_155"))
    assert_not_less(dr, gr, f"SF8 {column} direct >= gradual")
    assert_not_less(gr, sq, f"SF8 {column} gradual >= status_quo")
    assert_not_less(sq, nl, f"SF8 {column} status_quo >= nonlethal")
    assert_greater(dr, sq, f"SF8 {column} direct > status_quo")


@pytest.mark.parametrize("column", ["opposition_mobilization_max", "na_law_enacted"])
def test_sf9_direct_aid_mobilises_the_opposition(column):
    dr = run("direct_155")[column]
    for other in ("gradual", "status_quo"):
        assert_greater(dr, run(other)[column], f"SF9 {column} direct > {other}")


def test_sf10_russia_relations_and_the_160_firms():
    nl, sq, dr = (run(a) for a in ("nonlethal_only", "status_quo", "direct_155"))
    assert_not_less(nl["rok_ru_rel_end"], sq["rok_ru_rel_end"], "SF10 NL >= SQ")
    assert_greater(sq["rok_ru_rel_end"], dr["rok_ru_rel_end"], "SF10 SQ > DIR")
    assert_greater(dr["rok_econ_loss"], sq["rok_econ_loss"], "SF10 loss DIR > SQ")
    assert_not_less(sq["rok_econ_loss"], nl["rok_econ_loss"], "SF10 loss SQ >= NL")
    gap_direct, _ = paired(sq["rok_ru_rel_end"], dr["rok_ru_rel_end"])
    gap_indirect, _ = paired(nl["rok_ru_rel_end"], sq["rok_ru_rel_end"])
    assert gap_direct > gap_indirect, "SF10 plausible deniability: SQ-DIR gap exceeds NL-SQ gap"


@pytest.mark.parametrize("arm", ["conditional", "endogenous"])
def test_sf12_direct_aid_hinges_on_the_ladder(arm):
    pushed = run(arm, "forcing.ladder_floor=6")["aid_level_max"] >= 3
    held = run(arm, "forcing.ladder_cap=4")["aid_level_max"] >= 3
    assert_greater(pushed, held, f"SF12 P(A3) ladder forced to L6 vs held at L4 ({arm})")


@pytest.mark.parametrize("arm", ["conditional", "endogenous"])
def test_sf13_atrocity_raises_direct_aid(arm):
    df = run(arm)
    direct = df["aid_level_max"] >= 3
    with_atrocity, without = direct[df["atrocity_occurred"]], direct[~df["atrocity_occurred"]]
    p1, p0 = with_atrocity.mean(), without.mean()
    se = np.sqrt(p1 * (1 - p1) / len(with_atrocity) + p0 * (1 - p0) / len(without))
    assert p1 - p0 - 1.96 * se > 0, f"SF13 {arm}: P(A3|atrocity) {p1:.3f} vs {p0:.3f}"


@pytest.mark.parametrize("arm", ARMS)
def test_sf14_dprk_capability_grows_anyway(arm):
    capped = run(arm, "forcing.ladder_cap=4", n=300)["dprk_capability_gain"]
    assert (capped > 0).all(), f"SF14: capability fell in some replication of {arm} with the ladder capped at L4"
    assert (run(arm, n=300)["dprk_capability_gain"] > 0).all()
    with_tech = run(arm, "forcing.ladder_floor=5", n=300)["dprk_capability_gain"]
    assert_greater(with_tech, capped, f"SF14 faster with Russian tech (L5+) in {arm}")


def test_sf18_the_status_quo_does_not_freeze_the_partnership():
    sq = run("status_quo")
    climbed = (sq["ladder_max"] > 4).mean()
    assert climbed > 0.25, f"SF18: P(ladder climbs a rung | SQ) = {climbed:.3f}"
    assert sq["highend_transfer"].mean() > 0.05
    maxed = run("status_quo", "parameters.china.restraint=1", "parameters.russia.reservation=1")
    assert maxed["highend_transfer"].mean() < sq["highend_transfer"].mean()
