"""Monthly transitions (docs/model.md §7), in the order of §3 step 5. Every coefficient is a parameter.

Each function updates the world in place from the month's committed choices; randomness comes only from
the model's named streams.  Once the war is over nothing is sent, so no aid effect accrues (ire, goodwill,
lost approval, the Russia-ties penalty all follow the aid *in effect*, which is A0 after the war).
"""

from __future__ import annotations

import numpy as np

from .mechanics import (A2, A3, CONTEST, L_HIGHEND, L_TECH, LEGISLATE, direct_volume, export_rate,
                        goodwill_gain, indirect_volume, ire_target, supply_share)


def exogenous_events(m) -> None:
    """Atrocity, DPRK provocation, inauguration (pre-drawn per replication and month: CRN across arms)."""
    w, p, s, t = m.world, m.p, m.streams, m.month
    w.atrocity_now = s.uniform("events.atrocity", t) < p.events.atrocity_hazard
    w.atrocity_occurred = w.atrocity_occurred | w.atrocity_now
    w.provocation_now = s.uniform("events.provocation", t) < 1.0 - np.exp(-p.dprk.provocation_rate)
    held = m.setup.forcings.us_hold[t]
    if held >= 0:  # the record (a timeline) says who governs
        w.us_trump = np.full(m.n, bool(held))
    elif t == m.setup.inauguration_month:
        w.us_trump = w.trump_won.copy()


def ratify(m) -> None:
    """The two-level game as [001] tells it (C50, C51): the opposition tables one approval bill; if it passes,
    the president vetoes it (p_veto) and the Assembly may override (p_override): one bill, one veto.  With the
    law, direct aid needs one Assembly vote; a rejection holds aid at A2 for the rest of the horizon.  Each
    replication draws each of these chances once (not once a month), so re-tabling cannot re-roll the veto
    and the arms share the draws (common random numbers)."""
    w, p, d = m.world, m.p, m.domestic_draws
    tabled = (m.opposition.action == LEGISLATE) & ~w.bill_tabled
    w.bill_tabled = w.bill_tabled | tabled
    passed = tabled & (p.opposition.majority > 0.5) & (d["pass"] < p.opposition.p_pass)
    vetoed = passed & (d["veto"] < p.rok.p_veto)
    overridden = vetoed & (d["override"] < p.opposition.p_override)
    w.na_law = w.na_law | (passed & (~vetoed | overridden))
    f = m.setup.forcings
    intended = np.clip(m.rok.target, f.aid_lo[m.month], f.aid_hi[m.month])  # a timeline may set Seoul's rung
    vote = w.na_law & (w.direct_vote == 0) & (intended >= A3)
    w.direct_vote = np.where(vote, np.where(d["vote"] < p.opposition.p_approve, 1, -1), w.direct_vote)
    ratified = np.where(w.na_law & (w.direct_vote < 0) & (intended >= A3), A2, intended)
    w.aid_intended = intended
    w.aid = np.where(w.war_active, ratified, 0)


def nato_track(m) -> None:
    """The track deepens a rung when NATO offers and Seoul accepts (C21, C46, C61)."""
    w, f = m.world, m.setup.forcings
    w.nato_prev = w.nato
    w.nato = np.clip(w.nato + (m.nato.offer & m.rok.accept_nato), f.nato_lo[m.month], f.nato_hi[m.month])


def supplies(m) -> None:
    w, p = m.world, m.p
    war = w.war_active
    w.western = war * p.us.western_supply_per_month * (1.0 - p.us.trump_supply_cut * w.us_trump)  # C80
    w.rok_indirect = war * p.rok.indirect_per_month * indirect_volume(w.aid, p)  # C59
    w.rok_direct = war * p.rok.direct155_per_month * direct_volume(w.aid, p)  # C1
    floor = p.dprk.need_floor
    need_factor = np.clip((floor + w.need) / (floor + 1.0), 0.0, 1.0)  # C3: Russia asks for more in need
    cap = p.dprk.capacity_per_month
    raw = cap * supply_share(w.ladder, p) * need_factor * (1 + p.dprk.press_bonus * m.dprk.press)
    w.dprk_supply = war * np.minimum(raw, cap)  # C24: counts 1:1
    w.china_supply = war * p.china.support_shells * m.china.enable  # C85


def battlefield(m) -> None:
    """C1, C59, C80: net artillery supply moves Ukraine's position; noise from its own stream."""
    w, p = m.world, m.p
    net = w.western + w.rok_indirect + w.rok_direct - p.russia.own_supply_per_month - w.dprk_supply - w.china_supply
    step = p.war.sensitivity * net / p.war.supply_ref + p.war.noise_sd * m.streams.normal("battlefield", m.month)
    w.ukr = np.where(w.war_active, np.clip(w.ukr + step, 0.0, 1.0), w.ukr)


def russia_need(m) -> None:
    """C3, C34: Russia's need for munitions rises as Ukraine stands stronger and as Ukraine's artillery supply
    exceeds July 2024's (the chain of [001]: aid bolsters Ukraine, so Russia seeks more from the DPRK); it
    ends with the war."""
    w, p = m.world, m.p
    july = p.us.western_supply_per_month + p.rok.indirect_per_month
    edge = (w.ukr - 0.5) + (w.western + w.rok_indirect + w.rok_direct) / july - 1.0
    w.need = w.war_active * np.clip(p.russia.need_base + p.russia.need_elasticity * edge, 0.0, 1.0)


def war_end(m) -> None:
    """C1, C2, C80: a monthly ceasefire hazard that falls as Ukraine stands stronger and as its artillery supply
    grows (so every added shell prolongs the war), and rises when Trump pushes.  The uniform is pre-drawn per
    month, so the arms are coupled (common random numbers) and a lower hazard can only end the war later."""
    w, p = m.world, m.p
    july = p.us.western_supply_per_month + p.rok.indirect_per_month
    supply = np.maximum(w.western + w.rok_indirect + w.rok_direct, 1.0)
    hazard = (p.war.end_hazard * np.where(m.us.push_war_end, p.war.trump_multiplier, 1.0)
              * np.exp(-p.war.position_effect * (w.ukr - 0.5)) * (july / supply) ** p.war.supply_elasticity)
    ends = w.war_active & (m.streams.uniform("war_end", m.month) < hazard) & ~m.setup.forcings.war_hold[m.month]
    w.war_active = w.war_active & ~ends
    w.war_months = w.war_months + w.war_active


def ire_and_ladder(m) -> None:
    """C14-C16, C20 (ire); Russia's move within the forcing bounds; after the war the partnership loses a
    rung now and then (C32: 'likely to be a short-term cooperation'), down to the pre-war convergence (L1, C29)."""
    w, p = m.world, m.p
    d = p.russia.ire_decay
    w.ire = (d * w.ire + (1 - d) * ire_target(w.aid, p) * w.war_active
             + p.russia.ire_nato * np.maximum(w.nato - w.nato_prev, 0) + m.setup.forcings.ire_shock[m.month])
    lo, hi = m.setup.ladder_bounds(m.month)
    w.ladder_prev = w.ladder
    decays = ~w.war_active & (w.ladder > 1) & (m.streams.uniform("ladder_decay", m.month) < p.russia.decay_after_war)
    w.ladder = np.clip(w.ladder + m.russia.move - decays, lo, hi)
    reached = (w.ladder >= L_HIGHEND) & ~w.highend
    w.highend_month = np.where(reached, m.month + 1, w.highend_month)
    w.highend_deliberate = np.where(reached, (m.russia.move == 1) & (m.russia.best_move == 1), w.highend_deliberate)
    w.highend = w.highend | reached


def belief(m) -> None:
    """Seoul's Bayes update on Russia's type from the move it just saw."""
    w = m.world
    like_ret, like_res = m.russia.likelihood[:, 0], m.russia.likelihood[:, 1]
    num = w.belief * like_ret
    den = num + (1 - w.belief) * like_res
    w.belief = np.where(den > 0, num / np.where(den > 0, den, 1.0), w.belief)


def peninsula(m) -> None:
    """C10, C26, C71 (capability, Richardson) and C18, C37-C42, C92 (tension)."""
    w, p, d = m.world, m.p, m.p.dprk
    cyber = 1.0 - d.cyber_share * d.cyber_effect_per_rung * np.maximum(w.nato - 2, 0)  # C71: from CCDCOE (G2) on
    growth = (d.growth + d.growth_l5 * (w.ladder >= L_TECH) + d.growth_l6 * (w.ladder >= L_HIGHEND)) * cyber
    gained = growth - d.fatigue * w.capability
    w.capability = w.capability + gained
    t = p.tension
    w.tension_prev = w.tension
    w.tension = np.maximum(w.tension + t.capability_reaction * gained
                           + t.nato_reaction * np.maximum(w.nato - w.nato_prev, 0)
                           + t.ladder_reaction * w.ladder / 6 - t.restraint * w.tension
                           + t.drift + d.provocation_tension * w.provocation_now, 0.0)


def relations_and_markets(m) -> None:
    """C14-C17 (ROK-Russia), C57-C64 (goodwill, exports), C39, C85, C86 (China-ROK)."""
    w, p = m.world, m.p
    rel = p.relations
    w.rok_ru = np.clip(w.rok_ru - rel.rok_ru_ire * w.ire - rel.rok_ru_direct * (w.aid >= A3)
                       + rel.rok_ru_recovery * (rel.rok_ru_rest - w.rok_ru), 0.0, 1.0)
    e = p.europe
    w.goodwill = np.maximum((1 - e.goodwill_decay) * w.goodwill + goodwill_gain(w.aid, p)
                            + e.gain_per_nato_rung * w.nato, 0.0)
    w.exports_bn = export_rate(w.aid, w.goodwill, w.nato, w.war_active, p) / 12.0
    c = p.china
    target = (c.relation_init - c.nato_effect * (w.nato - np.rint(p.rok.nato_init))
              - c.aid_effect * direct_volume(w.aid, p))
    w.cn_rok = np.clip(w.cn_rok + c.relation_rate * (target - w.cn_rok) - c.pushback_hit * m.china.pushback, 0.0, 1.0)


def domestic(m) -> None:
    """C47, C48, C51, C52: approval and opposition mobilisation (the rally term is an assumption)."""
    w, p = m.world, m.p
    pub, opp = p.public, p.opposition
    volume = direct_volume(w.aid, p)
    threat = np.maximum(w.tension - w.tension_prev, 0.0)
    w.approval = np.clip(w.approval - pub.direct_backlash * pub.skepticism * volume - pub.threat_backlash * threat
                         + pub.rally * (w.atrocity_now & (w.aid >= A3))
                         - opp.contest_approval_hit * (m.opposition.action == CONTEST)
                         + pub.reversion * (pub.approval_init - w.approval)
                         + pub.noise_sd * m.streams.normal("approval", m.month), 0.0, 1.0)
    w.mobilization = np.clip((1 - opp.mobilization_decay) * w.mobilization + opp.mu_direct * volume
                             + opp.mu_threat * threat + opp.mu_low_approval * (1 - w.approval), 0.0, 1.0)


def alliance(m) -> None:
    """C76-C80: the US-ROK relation moves toward a target that depends on the administration; fear of
    abandonment rises with the war, cost-sharing pressure and a worsening relation, and falls with reassurance."""
    w, us = m.world, m.p.us
    direct = w.aid >= A3
    biden = us.relation_init + us.biden_gain * w.aid / 4
    trump = (us.relation_init + us.trump_gain * us.trump_view * direct - us.prolong_penalty * direct
             - us.cost_sharing_hit * m.us.cost_sharing)
    before = w.us_rok
    w.us_rok = np.clip(before + us.relation_rate * (np.where(w.us_trump, trump, biden) - before), 0.0, 1.0)
    w.abandon = np.clip(w.abandon + us.abandon_war_drift * w.war_active - us.abandon_reassure * m.us.reassure
                        + us.abandon_cost_sharing * m.us.cost_sharing
                        + us.abandon_relation * np.maximum(before - w.us_rok, 0.0)
                        - us.abandon_decay * w.abandon, 0.0, 1.0)
