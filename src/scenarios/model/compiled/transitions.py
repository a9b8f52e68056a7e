"""The monthly transitions (model/dynamics.py) for one replication, compiled: the same formulas in the same order,
on the state vector `s` (state.py).  `k` holds the replication's stream keys, `t` is the month."""

from __future__ import annotations

import math

import numpy as np

from . import params as P
from . import rng
from .choice import flag
from .mechanics import direct_volume, goodwill_gain, indirect_volume, ire_target, supply_share
from .state import (ABANDON, AID, AID_INTENDED, APPROVAL, ATROCITY_NOW, ATROCITY_OCCURRED, BELIEF, BILL_TABLED,
                    CAPABILITY, CHINA_SUPPLY, CN_ENABLE, CN_PUSHBACK, CN_ROK, DIRECT_VOTE, DPRK_PRESS, DPRK_SUPPLY,
                    EXPORTS_BN, GOODWILL, HIGHEND, HIGHEND_DELIBERATE, HIGHEND_MONTH, IRE, LADDER, LADDER_PREV,
                    MOBILIZATION, NATO, NATO_OFFER, NATO_PREV, NA_LAW, NEED, OPP_ACTION, PROVOCATION_NOW, PROVOCATION_P,
                    ROK_ACCEPT_NATO, ROK_DIRECT, ROK_INDIRECT, ROK_RU, ROK_TARGET, RU_BEST_MOVE, RU_LIKE_RES,
                    RU_LIKE_RET, RU_MOVE, TENSION, TENSION_PREV, TRUMP_WON, UKR, US_COST_SHARING, US_PUSH_WAR_END,
                    US_REASSURE, US_ROK, US_TRUMP, WAR, WAR_MONTHS, WESTERN)
from .jit import kernel_function

CONTEST, LEGISLATE = 1, 2  # mechanics.CONTEST, LEGISLATE


@kernel_function
def clip(x, lo, hi):
    return min(max(x, lo), hi)


@kernel_function
def exogenous_events(q, s, k, t, us_hold, inauguration_month):
    s[ATROCITY_NOW] = flag(rng.uniform(k[rng.ATROCITY], t) < q[P.EVENTS_ATROCITY_HAZARD])
    s[ATROCITY_OCCURRED] = max(s[ATROCITY_OCCURRED], s[ATROCITY_NOW])
    s[PROVOCATION_NOW] = flag(rng.uniform(k[rng.PROVOCATION], t) < s[PROVOCATION_P])
    if us_hold[t] >= 0:  # the record (a timeline) says who governs
        s[US_TRUMP] = us_hold[t]
    elif t == inauguration_month:
        s[US_TRUMP] = s[TRUMP_WON]


@kernel_function
def ratify(q, s, k, aid_lo, aid_hi):
    """The two-level game (dynamics.ratify): one bill, one veto, one Assembly vote on direct aid."""
    tabled = s[OPP_ACTION] == LEGISLATE and s[BILL_TABLED] == 0
    s[BILL_TABLED] = max(s[BILL_TABLED], flag(tabled))
    passed = tabled and q[P.OPPOSITION_MAJORITY] > 0.5 and rng.uniform(k[rng.PASS], 0) < q[P.OPPOSITION_P_PASS]
    vetoed = passed and rng.uniform(k[rng.VETO], 0) < q[P.ROK_P_VETO]
    overridden = vetoed and rng.uniform(k[rng.OVERRIDE], 0) < q[P.OPPOSITION_P_OVERRIDE]
    if passed and (not vetoed or overridden):
        s[NA_LAW] = 1.0
    intended = clip(s[ROK_TARGET], aid_lo, aid_hi)
    if s[NA_LAW] > 0 and s[DIRECT_VOTE] == 0 and intended >= 3:
        s[DIRECT_VOTE] = 1.0 if rng.uniform(k[rng.VOTE], 0) < q[P.OPPOSITION_P_APPROVE] else -1.0
    ratified = 2.0 if s[NA_LAW] > 0 and s[DIRECT_VOTE] < 0 and intended >= 3 else intended
    s[AID_INTENDED] = intended
    s[AID] = ratified if s[WAR] > 0 else 0.0


@kernel_function
def nato_track(s, lo, hi):
    s[NATO_PREV] = s[NATO]
    s[NATO] = clip(s[NATO] + flag(s[NATO_OFFER] > 0 and s[ROK_ACCEPT_NATO] > 0), lo, hi)


@kernel_function
def supplies(q, s):
    war = s[WAR]
    s[WESTERN] = war * q[P.US_WESTERN_SUPPLY_PER_MONTH] * (1.0 - q[P.US_TRUMP_SUPPLY_CUT] * s[US_TRUMP])
    s[ROK_INDIRECT] = war * q[P.ROK_INDIRECT_PER_MONTH] * indirect_volume(q, s[AID])
    s[ROK_DIRECT] = war * q[P.ROK_DIRECT155_PER_MONTH] * direct_volume(q, s[AID])
    floor = q[P.DPRK_NEED_FLOOR]
    need_factor = clip((floor + s[NEED]) / (floor + 1.0), 0.0, 1.0)
    cap = q[P.DPRK_CAPACITY_PER_MONTH]
    raw = cap * supply_share(q, s[LADDER]) * need_factor * (1 + q[P.DPRK_PRESS_BONUS] * s[DPRK_PRESS])
    s[DPRK_SUPPLY] = war * min(raw, cap)
    s[CHINA_SUPPLY] = war * q[P.CHINA_SUPPORT_SHELLS] * s[CN_ENABLE]


@kernel_function
def battlefield(q, s, noise):
    net = (
        s[WESTERN]
        + s[ROK_INDIRECT]
        + s[ROK_DIRECT]
        - q[P.RUSSIA_OWN_SUPPLY_PER_MONTH]
        - s[DPRK_SUPPLY]
        - s[CHINA_SUPPLY]
    )
    step = q[P.WAR_SENSITIVITY] * net / q[P.WAR_SUPPLY_REF] + q[P.WAR_NOISE_SD] * noise
    if s[WAR] > 0:
        s[UKR] = clip(s[UKR] + step, 0.0, 1.0)


@kernel_function
def russia_need(q, s):
    july = q[P.US_WESTERN_SUPPLY_PER_MONTH] + q[P.ROK_INDIRECT_PER_MONTH]
    edge = (s[UKR] - 0.5) + (s[WESTERN] + s[ROK_INDIRECT] + s[ROK_DIRECT]) / july - 1.0
    s[NEED] = s[WAR] * clip(q[P.RUSSIA_NEED_BASE] + q[P.RUSSIA_NEED_ELASTICITY] * edge, 0.0, 1.0)


@kernel_function
def war_end(q, s, k, t, war_hold):
    if s[WAR] > 0 and not war_hold:  # the hazard (an exp and a pow) only while it can end the war
        july = q[P.US_WESTERN_SUPPLY_PER_MONTH] + q[P.ROK_INDIRECT_PER_MONTH]
        supply = max(s[WESTERN] + s[ROK_INDIRECT] + s[ROK_DIRECT], 1.0)
        hazard = (
            q[P.WAR_END_HAZARD]
            * (q[P.WAR_TRUMP_MULTIPLIER] if s[US_PUSH_WAR_END] > 0 else 1.0)
            * math.exp(-q[P.WAR_POSITION_EFFECT] * (s[UKR] - 0.5))
            * (july / supply) ** q[P.WAR_SUPPLY_ELASTICITY]
        )
        if rng.uniform(k[rng.WAR_END], t) < hazard:
            s[WAR] = 0.0
    s[WAR_MONTHS] += s[WAR]


@kernel_function
def ire_and_ladder(q, s, k, t, lo, hi, ire_shock):
    d = q[P.RUSSIA_IRE_DECAY]
    s[IRE] = (
        d * s[IRE]
        + (1 - d) * ire_target(q, s[AID]) * s[WAR]
        + q[P.RUSSIA_IRE_NATO] * max(s[NATO] - s[NATO_PREV], 0)
        + ire_shock
    )
    s[LADDER_PREV] = s[LADDER]
    decays = s[WAR] == 0 and s[LADDER] > 1 and rng.uniform(k[rng.LADDER_DECAY], t) < q[P.RUSSIA_DECAY_AFTER_WAR]
    s[LADDER] = clip(s[LADDER] + s[RU_MOVE] - flag(decays), lo, hi)
    if s[LADDER] >= 6 and s[HIGHEND] == 0:
        s[HIGHEND_MONTH] = t + 1
        s[HIGHEND_DELIBERATE] = flag(s[RU_MOVE] == 1 and s[RU_BEST_MOVE] == 1)
        s[HIGHEND] = 1.0


@kernel_function
def belief(s):
    num = s[BELIEF] * s[RU_LIKE_RET]
    den = num + (1 - s[BELIEF]) * s[RU_LIKE_RES]
    if den > 0:
        s[BELIEF] = num / den


@kernel_function
def peninsula(q, s):
    cyber = 1.0 - q[P.DPRK_CYBER_SHARE] * q[P.DPRK_CYBER_EFFECT_PER_RUNG] * max(s[NATO] - 2, 0)
    growth = (
        q[P.DPRK_GROWTH] + q[P.DPRK_GROWTH_L5] * flag(s[LADDER] >= 5) + q[P.DPRK_GROWTH_L6] * flag(s[LADDER] >= 6)
    ) * cyber
    gained = growth - q[P.DPRK_FATIGUE] * s[CAPABILITY]
    s[CAPABILITY] = s[CAPABILITY] + gained
    s[TENSION_PREV] = s[TENSION]
    s[TENSION] = max(
        s[TENSION]
        + q[P.TENSION_CAPABILITY_REACTION] * gained
        + q[P.TENSION_NATO_REACTION] * max(s[NATO] - s[NATO_PREV], 0)
        + q[P.TENSION_LADDER_REACTION] * s[LADDER] / 6
        - q[P.TENSION_RESTRAINT] * s[TENSION]
        + q[P.TENSION_DRIFT]
        + q[P.DPRK_PROVOCATION_TENSION] * s[PROVOCATION_NOW],
        0.0,
    )


@kernel_function
def relations_and_markets(q, s):
    s[ROK_RU] = clip(
        s[ROK_RU]
        - q[P.RELATIONS_ROK_RU_IRE] * s[IRE]
        - q[P.RELATIONS_ROK_RU_DIRECT] * flag(s[AID] >= 3)
        + q[P.RELATIONS_ROK_RU_RECOVERY] * (q[P.RELATIONS_ROK_RU_REST] - s[ROK_RU]),
        0.0,
        1.0,
    )
    s[GOODWILL] = max(
        (1 - q[P.EUROPE_GOODWILL_DECAY]) * s[GOODWILL]
        + goodwill_gain(q, s[AID])
        + q[P.EUROPE_GAIN_PER_NATO_RUNG] * s[NATO],
        0.0,
    )
    rate = (
        q[P.EUROPE_EU_BASE_BN]
        * (1 + q[P.EUROPE_GOODWILL_ELASTICITY] * s[GOODWILL])
        * (1 + q[P.EUROPE_WAR_UPLIFT] * s[WAR])
        * (1 + q[P.EUROPE_NATO_UPLIFT] * s[NATO] / 5)
        * (1 + q[P.EUROPE_SURGE_UPLIFT] * flag(s[AID] >= 2))
    )
    s[EXPORTS_BN] = rate / 12.0
    target = (
        q[P.CHINA_RELATION_INIT]
        - q[P.CHINA_NATO_EFFECT] * (s[NATO] - np.rint(q[P.ROK_NATO_INIT]))
        - q[P.CHINA_AID_EFFECT] * direct_volume(q, s[AID])
    )
    s[CN_ROK] = clip(
        s[CN_ROK] + q[P.CHINA_RELATION_RATE] * (target - s[CN_ROK]) - q[P.CHINA_PUSHBACK_HIT] * s[CN_PUSHBACK], 0.0, 1.0
    )


@kernel_function
def domestic(q, s, noise):
    volume = direct_volume(q, s[AID])
    threat = max(s[TENSION] - s[TENSION_PREV], 0.0)
    s[APPROVAL] = clip(
        s[APPROVAL]
        - q[P.PUBLIC_DIRECT_BACKLASH] * q[P.PUBLIC_SKEPTICISM] * volume
        - q[P.PUBLIC_THREAT_BACKLASH] * threat
        + q[P.PUBLIC_RALLY] * flag(s[ATROCITY_NOW] > 0 and s[AID] >= 3)
        - q[P.OPPOSITION_CONTEST_APPROVAL_HIT] * flag(s[OPP_ACTION] == CONTEST)
        + q[P.PUBLIC_REVERSION] * (q[P.PUBLIC_APPROVAL_INIT] - s[APPROVAL])
        + q[P.PUBLIC_NOISE_SD] * noise,
        0.0,
        1.0,
    )
    s[MOBILIZATION] = clip(
        (1 - q[P.OPPOSITION_MOBILIZATION_DECAY]) * s[MOBILIZATION]
        + q[P.OPPOSITION_MU_DIRECT] * volume
        + q[P.OPPOSITION_MU_THREAT] * threat
        + q[P.OPPOSITION_MU_LOW_APPROVAL] * (1 - s[APPROVAL]),
        0.0,
        1.0,
    )


@kernel_function
def alliance(q, s):
    direct = flag(s[AID] >= 3)
    biden = q[P.US_RELATION_INIT] + q[P.US_BIDEN_GAIN] * s[AID] / 4
    trump = (
        q[P.US_RELATION_INIT]
        + q[P.US_TRUMP_GAIN] * q[P.US_TRUMP_VIEW] * direct
        - q[P.US_PROLONG_PENALTY] * direct
        - q[P.US_COST_SHARING_HIT] * s[US_COST_SHARING]
    )
    before = s[US_ROK]
    s[US_ROK] = clip(before + q[P.US_RELATION_RATE] * ((trump if s[US_TRUMP] > 0 else biden) - before), 0.0, 1.0)
    s[ABANDON] = clip(
        s[ABANDON]
        + q[P.US_ABANDON_WAR_DRIFT] * s[WAR]
        - q[P.US_ABANDON_REASSURE] * s[US_REASSURE]
        + q[P.US_ABANDON_COST_SHARING] * s[US_COST_SHARING]
        + q[P.US_ABANDON_RELATION] * max(before - s[US_ROK], 0.0)
        - q[P.US_ABANDON_DECAY] * s[ABANDON],
        0.0,
        1.0,
    )
