"""Monthly transitions (brief §ODD 7), in the order of §ODD 3 step 5. Every coefficient is a parameter.

Each function updates the world in place from the month's choices; randomness comes only from the
model's named streams, keyed by month.
"""

from __future__ import annotations

import numpy as np

from .agents.domestic import CONTEST, LEGISLATE
from .agents.rok import direct_intensity, goodwill_gain, ire_target
from .agents.russia import supply_share


def exogenous_events(m) -> None:
    """Atrocity, DPRK provocation, inauguration (pre-drawn per replication and month: CRN across arms)."""
    w, p, s, t = m.world, m.p, m.streams, m.month
    w.atrocity_now = s.uniform("events.atrocity", t) < p["events.atrocity_hazard"]
    w.atrocity_occurred |= w.atrocity_now
    w.provocation_now = s.uniform("events.provocation", t) < 1.0 - np.exp(-p["dprk.provocation_rate"])
    if t == m.inauguration_month:
        w.us_trump = w.trump_won.copy()


def ratify(m, target: np.ndarray) -> np.ndarray:
    """Two-level game (C50, C51): bill -> pass -> veto -> override -> law; with the law, direct aid needs
    one Assembly vote, and a rejection holds aid at A2 for the rest of the horizon."""
    w, p, s, t = m.world, m.p, m.streams, m.month
    tabled = (m.opposition.action == LEGISLATE) & ~w.na_law
    passed = tabled & (p["opposition.majority"] > 0.5) & (s.uniform("domestic.pass", t) < p["opposition.p_pass"])
    vetoed = passed & (s.uniform("domestic.veto", t) < p["rok.p_veto"])
    overridden = vetoed & (s.uniform("domestic.override", t) < p["opposition.p_override"])
    w.na_law |= passed & (~vetoed | overridden)
    vote = w.na_law & (w.direct_vote == 0) & (target >= 3)
    approved = s.uniform("domestic.assembly_vote", t) < p["opposition.p_approve"]
    w.direct_vote = np.where(vote, np.where(approved, 1, -1), w.direct_vote)
    blocked = w.na_law & (w.direct_vote < 0)
    return np.where(blocked & (target >= 3), 2, target)


def supplies(m) -> None:
    w, p = m.world, m.p
    war = w.war_active
    w.rok_indirect = war * (p["rok.indirect_per_month"] * (w.aid >= 1) + p["rok.surge_per_month"] * (w.aid >= 2))
    w.rok_direct = war * p["rok.direct155_per_month"] * direct_intensity(w.aid, p)
    floor = p["dprk.need_floor"]
    need_factor = np.clip((floor + w.need) / (floor + 1.0), 0.0, 1.0)  # C3: Russia asks for more when in need
    raw = p["dprk.capacity_per_month"] * supply_share(w.ladder, p) * need_factor * (1 + p["dprk.press_bonus"] * m.dprk.press)
    w.dprk_supply = war * np.minimum(raw, p["dprk.capacity_per_month"])  # C24: counts 1:1


def battlefield(m) -> None:
    """C1, C59, C80: net artillery supply moves Ukraine's position; noise from its own stream."""
    w, p = m.world, m.p
    western = p["us.western_supply_per_month"] * (1.0 - p["us.trump_supply_cut"] * w.us_trump)
    net = western + w.rok_indirect + w.rok_direct - p["russia.own_supply_per_month"] - w.dprk_supply
    step = p["war.sensitivity"] * net / p["war.supply_ref"] + p["war.noise_sd"] * m.streams.normal("battlefield", m.month)
    w.ukr = np.where(w.war_active, np.clip(w.ukr + step, 0.0, 1.0), w.ukr)


def russia_need(m) -> None:
    """C3, C34: need rises with Ukraine's position and falls with DPRK relief."""
    w, p = m.world, m.p
    need = (p["russia.need_base"] + p["russia.need_elasticity"] * (w.ukr - p["russia.need_reference"])
            + p["russia.need_relief"] * (p["russia.relief_reference"] - w.dprk_supply / p["dprk.capacity_per_month"]))
    w.need = np.where(w.war_active, np.clip(need, 0.0, 1.0), p["russia.need_after_war"])


def war_end(m) -> None:
    """C2, C80: monthly hazard; the uniform is pre-drawn per month so arms are coupled (CRN)."""
    w, p = m.world, m.p
    hazard = (p["war.end_hazard"] * np.where(m.us.push_war_end, p["war.trump_multiplier"], 1.0)
              * np.where(w.aid >= 3, p["war.prolong_multiplier"], 1.0))
    ends = w.war_active & (m.streams.uniform("war_end", m.month) < hazard)
    w.war_active = w.war_active & ~ends
    w.war_months += w.war_active


def ire_and_ladder(m) -> None:
    """C14-C16, C20 (ire); Russia's move, the forcing bounds, and decay after the war (C32)."""
    w, p = m.world, m.p
    d = p["russia.ire_decay"]
    w.ire = d * w.ire + (1 - d) * ire_target(w.aid, p) + p["russia.ire_nato"] * np.maximum(w.nato - w.nato_prev, 0)
    lo, hi = m.ladder_bounds
    w.ladder_prev = w.ladder.copy()
    ladder = w.ladder + m.russia.move
    decays = ~w.war_active & (m.streams.uniform("ladder_decay", m.month) < p["russia.decay_after_war"])
    w.ladder = np.clip(ladder - decays, lo, hi)
    reached = (w.ladder >= 6) & ~w.highend
    w.highend_month = np.where(reached, m.month + 1, w.highend_month)
    w.highend |= w.ladder >= 6


def belief(m) -> None:
    """Seoul's Bayes update on Russia's type from the move it just saw."""
    w = m.world
    like_ret, like_res = m.russia.likelihood[:, 0], m.russia.likelihood[:, 1]
    num = w.belief * like_ret
    den = num + (1 - w.belief) * like_res
    w.belief = np.where(den > 0, num / np.where(den > 0, den, 1.0), w.belief)


def peninsula(m) -> float:
    """C10, C26, C71 (capability, Richardson) and C37-C42, C92 (tension)."""
    w, p = m.world, m.p
    growth = ((p["dprk.growth"] + p["dprk.growth_l5"] * (w.ladder >= 5) + p["dprk.growth_l6"] * (w.ladder >= 6))
              * (1.0 - p["dprk.cyber_share"] * p["dprk.cyber_effect_per_rung"] * w.nato))
    gained = growth - p["dprk.fatigue"] * w.capability
    w.capability = w.capability + gained
    w.tension_prev = w.tension
    w.tension = np.maximum(w.tension + p["tension.capability_reaction"] * gained
                           + p["tension.nato_reaction"] * np.maximum(w.nato - w.nato_prev, 0)
                           + p["tension.ladder_reaction"] * w.ladder / 6 - p["tension.restraint"] * w.tension
                           + p["tension.drift"] + p["dprk.provocation_tension"] * w.provocation_now, 0.0)


def relations_and_markets(m) -> np.ndarray:
    """C14-C17 (ROK-Russia), C57-C64 (goodwill, exports), C39 (China). Returns this month's EU exports (USD bn)."""
    w, p = m.world, m.p
    direct = w.aid >= 3
    w.rok_ru = np.clip(w.rok_ru - p["relations.rok_ru_ire"] * w.ire - p["relations.rok_ru_direct"] * direct
                       + p["relations.rok_ru_recovery"] * (p["relations.rok_ru_rest"] - w.rok_ru), 0.0, 1.0)
    w.goodwill = np.maximum((1 - p["europe.goodwill_decay"]) * w.goodwill + goodwill_gain(w.aid, p)
                            + p["europe.gain_per_nato_rung"] * w.nato + p["europe.deepen_gain"] * m.nato.deepen, 0.0)
    per_year = (p["europe.eu_base_bn"] * (1 + p["europe.goodwill_elasticity"] * w.goodwill)
                * (1 + p["europe.war_uplift"] * w.war_active) * (1 + p["europe.nato_uplift"] * w.nato / 3)
                * (1 + p["europe.surge_uplift"] * (w.aid >= 2)))
    target = p["china.relation_init"] - p["china.nato_effect"] * w.nato
    w.cn_rok = np.clip(w.cn_rok + p["china.relation_rate"] * (target - w.cn_rok)
                       - p["china.pushback_hit"] * m.china.pushback, 0.0, 1.0)
    return per_year / 12.0


def domestic(m) -> None:
    """C47, C48, C51, C52: approval and opposition mobilisation (the rally term is an assumption)."""
    w, p = m.world, m.p
    direct, intensity = w.aid >= 3, direct_intensity(w.aid, p)
    threat = np.maximum(w.tension - w.tension_prev, 0.0)
    w.approval = np.clip(w.approval - p["public.direct_backlash"] * p["public.skepticism"] * intensity
                         - p["public.threat_backlash"] * threat + p["public.rally"] * (w.atrocity_now & direct)
                         - p["opposition.contest_approval_hit"] * (m.opposition.action == CONTEST)
                         + p["public.reversion"] * (p["public.approval_init"] - w.approval)
                         + p["public.noise_sd"] * m.streams.normal("approval", m.month), 0.0, 1.0)
    w.mobilization = np.clip((1 - p["opposition.mobilization_decay"]) * w.mobilization
                             + p["opposition.mu_direct"] * intensity + p["opposition.mu_threat"] * threat
                             + p["opposition.mu_low_approval"] * (1 - w.approval), 0.0, 1.0)


def alliance(m) -> None:
    """C76-C80: US-ROK relation moves toward a type-dependent target; abandonment fear."""
    w, p = m.world, m.p
    direct = w.aid >= 3
    biden = p["us.relation_init"] + p["us.biden_gain"] * w.aid / 4
    trump = (p["us.relation_init"] + p["us.trump_gain"] * p["us.trump_view"] * direct
             - p["us.prolong_penalty"] * (direct & w.war_active) - p["us.cost_sharing_hit"] * m.us.cost_sharing)
    target = np.where(w.us_trump, trump, biden)
    w.us_rok = np.clip(w.us_rok + p["us.relation_rate"] * (target - w.us_rok), 0.0, 1.0)
    w.abandon = np.clip(w.abandon + p["us.abandon_war_drift"] * w.war_active - p["us.abandon_reassure"] * m.us.reassure
                        + p["us.abandon_cost_sharing"] * m.us.cost_sharing - p["us.abandon_decay"] * w.abandon, 0.0, 1.0)
