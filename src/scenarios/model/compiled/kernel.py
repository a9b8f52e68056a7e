"""The compiled model's batch loop: each replication simulated alone, month by month, in one compiled loop.

The month is LethalAidModel.step's: events; every agent decides on the frozen state and last month's committed
choices, and only then are the choices committed (simultaneous activation); the transitions in dynamics.py's
order; the recorder.  A replication's numbers come only from its own stream keys, so the batch is a loop over
independent rows, which is why one row is the same computation whatever batch it is in."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from . import params as P
from . import rng
from .choice import flag
from .others import china_choices, dprk_press, nato_choices, opposition_action, us_stance
from .rok import accept_nato, endogenous_target, seoul_table
from .russia import AMBIGUOUS, NO_THREAT, SPECIFIC, russia_move
from .state import (ABANDON, AID, AID_INTENDED, AID_MAX, APPROVAL, ATROCITY_OCCURRED, BELIEF, BILL_TABLED, CAPABILITY,
                    CAPABILITY0, CN_ENABLE, CN_PUSHBACK, CN_RESTRAIN, CN_ROK, DPRK_PRESS, DPRK_SUPPLY, EXPORTS_BN,
                    FIRST_DIRECT, GOODWILL, HIGHEND, HIGHEND_DELIBERATE, HIGHEND_MONTH, INTENDED_MAX, IRE, LADDER,
                    LADDER_CHANGES, LADDER_MAX, LADDER_PREV, MOBILIZATION, MOBILIZATION_MAX, NATO, NATO_OFFER,
                    NATO_PREV, NATO_REQUEST, NA_LAW, NEED, OPP_ACTION, PROVOCATION_P, ROK_ACCEPT_NATO, ROK_DIRECT,
                    ROK_INDIRECT, ROK_RU, ROK_RU0, ROK_TARGET, ROK_TRIGGERED, RU_BEST_MOVE, RU_LIKE_RES, RU_LIKE_RET,
                    RU_MOVE, RU_RETALIATORY, SHOWDOWNS, TABLE_ROWS, TENSION, TENSION_PREV, TOTAL_DPRK,
                    TOTAL_EXPORTS_BN, TOTAL_ROK_DIRECT, TOTAL_ROK_INDIRECT, TOTAL_UKR, TRUMP_WON, UKR, US_COST_SHARING,
                    US_PRESS, US_PUSH_WAR_END, US_REASSURE, US_ROK, US_TRUMP, WAR, WAR_MONTHS, WESTERN)
from .transitions import (alliance, battlefield, belief, domestic, exogenous_events, ire_and_ladder, nato_track,
                          peninsula, ratify, relations_and_markets, russia_need, supplies, war_end)
from .jit import FAST_MATH, kernel_function, without_aliasing

FIXED, CONDITIONAL, ENDOGENOUS = 0, 1, 2
# the policy vector: what policies.py's objects hold, as integers (THETA -1: each replication's theta_ladder)
KIND, RUNG, FROM_MONTH, THETA, ATROCITY_TRIGGER, BASE_RUNG, DISCLOSURE, NATO_HOLD, POLICY_SIZE = range(9)
DISCLOSURES = {"none": NO_THREAT, "specific": SPECIFIC, "ambiguous": AMBIGUOUS}
# forcing rows: Forcings' integer arrays
LADDER_LO, LADDER_HI, AID_LO, AID_HI, NATO_LO, NATO_HI, US_HOLD, FORCING_ROWS = range(8)

TABLE_SHAPE = (TABLE_ROWS, 6)  # Seoul's per-replication table (state.py)
MOVES_SHAPE = (3, 3)  # Moscow's three moves: values, threat terms, technology rungs

OUTCOME_NAMES = (  # model/outcomes.py OUTCOMES, in order: the rows of `outcomes`
    "highend_transfer",
    "highend_deliberate",
    "months_to_highend",
    "ladder_max",
    "ladder_end",
    "ladder_changes",
    "dprk_shells_total",
    "rok_shells_indirect_total",
    "rok_shells_direct_total",
    "war_ended",
    "war_duration_months",
    "ukr_position_mean",
    "ukr_position_end",
    "dprk_capability_gain",
    "tension_end",
    "eu_goodwill_end",
    "rok_exports_eu_total_bn",
    "rok_ru_rel_end",
    "rok_econ_loss",
    "approval_end",
    "opposition_mobilization_max",
    "na_bill_tabled",
    "na_law_enacted",
    "showdowns",
    "us_type",
    "us_rok_rel_end",
    "abandon_fear_end",
    "cn_rok_rel_end",
    "nato_level_end",
    "aid_intended_max",
    "aid_level_max",
    "aid_level_end",
    "first_direct_month",
    "atrocity_occurred",
    "russia_retaliatory",
    "rok_belief_retaliatory_end",
)


@kernel_function
def initial(q, s, k, lo, hi, start_aid):
    """World.initial, the agents' first choices and the recorder's start, for one replication."""
    s[:] = 0.0
    s[WAR] = 1.0
    s[UKR] = q[P.WAR_UKR_INIT]
    s[LADDER] = min(max(np.rint(q[P.RUSSIA_LADDER_INIT]), lo), hi)
    s[LADDER_PREV] = s[LADDER]
    s[HIGHEND] = flag(s[LADDER] >= 6)
    s[HIGHEND_MONTH] = 0.0 if s[LADDER] >= 6 else math.nan
    s[AID] = s[AID_INTENDED] = s[ROK_TARGET] = start_aid
    s[NATO] = s[NATO_PREV] = np.rint(q[P.ROK_NATO_INIT])
    s[IRE] = q[P.RUSSIA_IRE_KAPPA_DIRECT] * q[P.RUSSIA_IRE_INDIRECT_RATIO] * flag(start_aid >= 1)
    s[NEED] = q[P.RUSSIA_NEED_BASE]
    s[CAPABILITY] = s[CAPABILITY0] = q[P.DPRK_CAPABILITY_INIT]
    s[TENSION] = s[TENSION_PREV] = q[P.TENSION_INIT]
    s[ROK_RU] = s[ROK_RU0] = q[P.RELATIONS_ROK_RU_INIT]
    s[GOODWILL] = q[P.EUROPE_GOODWILL_INIT]
    s[APPROVAL] = q[P.PUBLIC_APPROVAL_INIT]
    s[MOBILIZATION] = s[MOBILIZATION_MAX] = q[P.OPPOSITION_MOBILIZATION_INIT]
    s[TRUMP_WON] = flag(rng.uniform(k[rng.ELECTION], 0) < q[P.US_P_TRUMP])
    s[US_ROK] = q[P.US_RELATION_INIT]
    s[ABANDON] = q[P.US_ABANDON_INIT]
    s[CN_ROK] = q[P.CHINA_RELATION_INIT]
    s[BELIEF] = q[P.ROK_BELIEF_PRIOR]
    s[WESTERN] = q[P.US_WESTERN_SUPPLY_PER_MONTH]
    s[RU_RETALIATORY] = flag(rng.uniform(k[rng.RUSSIA_TYPE], 0) < q[P.RUSSIA_P_RETALIATORY_TYPE])
    s[PROVOCATION_P] = 1.0 - math.exp(-q[P.DPRK_PROVOCATION_RATE])
    s[RU_LIKE_RET] = s[RU_LIKE_RES] = 1.0
    s[LADDER_MAX] = s[LADDER]
    s[AID_MAX] = s[INTENDED_MAX] = start_aid
    s[FIRST_DIRECT] = math.nan


@kernel_function
def decide(q, s, k, t, table, policy, start_aid, lo, hi, values, threat_terms, tech, feasible):
    """Every agent's choice on the frozen state, then all committed at once (the agents' step, then advance)."""
    kind, disclosure = policy[KIND], policy[DISCLOSURE]
    theta = q[P.ROK_THETA_LADDER] if policy[THETA] < 0 else float(policy[THETA])
    accept = policy[NATO_HOLD] == 0 and accept_nato(q, s, rng.uniform(k[rng.ROK_NATO], t), table)
    triggered = s[ROK_TRIGGERED]
    valued = False  # whether Seoul's choice left Moscow's rung values around the current rung in `values`...
    if kind == FIXED:
        target = float(policy[RUNG] if t >= policy[FROM_MONTH] else start_aid)
        disclosure = NO_THREAT
    elif kind == CONDITIONAL:
        fired = s[LADDER] >= theta or (policy[ATROCITY_TRIGGER] == 1 and s[ATROCITY_OCCURRED] > 0)
        triggered = max(triggered, flag(fired))
        target = 3.0 if triggered > 0 else float(policy[BASE_RUNG])
    else:
        rung, valued = endogenous_target(
            q, s, rng.uniform(k[rng.ROK_AID], t), table, disclosure, theta, values, threat_terms, tech, feasible
        )
        target = float(rung)
    action = opposition_action(q, s, rng.uniform(k[rng.OPPOSITION], t))
    stance = us_stance(q, s, rng.uniform(k[rng.US], t))
    move, best, like_ret, like_res = russia_move(
        q, s, rng.uniform(k[rng.RUSSIA], t), lo, hi, disclosure, theta, values, threat_terms, tech, feasible, valued
    )
    press = dprk_press(q, s, rng.uniform(k[rng.DPRK_PRESS], t))
    restrain, pushback, enable = china_choices(q, s, k, t)
    request, offer = nato_choices(q, s, k, t)
    # advance: commit
    trump = s[US_TRUMP] > 0
    s[ROK_ACCEPT_NATO], s[ROK_TARGET], s[ROK_TRIGGERED] = flag(accept), target, triggered
    s[OPP_ACTION] = action
    s[US_PRESS], s[US_REASSURE] = flag(not trump and stance == 0), flag(not trump and stance == 1)
    s[US_PUSH_WAR_END], s[US_COST_SHARING] = flag(trump and stance == 0), flag(trump and stance == 1)
    s[RU_MOVE], s[RU_BEST_MOVE], s[RU_LIKE_RET], s[RU_LIKE_RES] = move, best, like_ret, like_res
    s[DPRK_PRESS] = flag(press)
    s[CN_RESTRAIN], s[CN_PUSHBACK], s[CN_ENABLE] = flag(restrain), flag(pushback), flag(enable)
    s[NATO_REQUEST], s[NATO_OFFER] = flag(request), flag(offer)


@kernel_function
def record(s, t, series):
    """Recorder.collect; `series` is the replication's (18, horizon) block, rows in the order of outcomes.SERIES
    (observe.READERS says which state variable each reads).  Written out, not looped over a tuple of slots: such a
    loop compiled to an indirect jump per element."""
    series[0, t], series[1, t], series[2, t], series[3, t] = s[LADDER], s[AID], s[NATO], s[WAR]
    series[4, t], series[5, t], series[6, t], series[7, t] = s[UKR], s[NEED], s[IRE], s[DPRK_SUPPLY]
    series[8, t], series[9, t], series[10, t], series[11, t] = s[CAPABILITY], s[TENSION], s[GOODWILL], s[ROK_RU]
    series[12, t], series[13, t], series[14, t] = s[APPROVAL], s[MOBILIZATION], s[US_ROK]
    series[15, t], series[16, t], series[17, t] = s[ABANDON], s[CN_ROK], s[BELIEF]
    s[LADDER_MAX] = max(s[LADDER_MAX], s[LADDER])
    s[LADDER_CHANGES] += flag(s[LADDER] != s[LADDER_PREV])
    s[AID_MAX] = max(s[AID_MAX], s[AID])
    s[INTENDED_MAX] = max(s[INTENDED_MAX], s[AID_INTENDED])
    s[MOBILIZATION_MAX] = max(s[MOBILIZATION_MAX], s[MOBILIZATION])
    if math.isnan(s[FIRST_DIRECT]) and s[AID] >= 3:
        s[FIRST_DIRECT] = t
    s[SHOWDOWNS] += flag(s[OPP_ACTION] == 1 or s[OPP_ACTION] == 2)
    s[TOTAL_DPRK] += s[DPRK_SUPPLY]
    s[TOTAL_ROK_INDIRECT] += s[ROK_INDIRECT]
    s[TOTAL_ROK_DIRECT] += s[ROK_DIRECT]
    s[TOTAL_EXPORTS_BN] += s[EXPORTS_BN]
    s[TOTAL_UKR] += s[UKR]


@kernel_function
def outcomes_of(q, s, horizon, out):
    """Recorder.outcomes: the replication's row `out`, in OUTCOME_NAMES' order."""
    out[0], out[1], out[2], out[3], out[4] = (
        s[HIGHEND],
        s[HIGHEND_DELIBERATE],
        s[HIGHEND_MONTH],
        s[LADDER_MAX],
        s[LADDER],
    )
    out[5], out[6], out[7], out[8] = s[LADDER_CHANGES], s[TOTAL_DPRK], s[TOTAL_ROK_INDIRECT], s[TOTAL_ROK_DIRECT]
    out[9], out[10], out[11], out[12] = 1.0 - s[WAR], s[WAR_MONTHS], s[TOTAL_UKR] / horizon, s[UKR]
    out[13], out[14], out[15] = s[CAPABILITY] - s[CAPABILITY0], s[TENSION], s[GOODWILL]
    out[16], out[17] = s[TOTAL_EXPORTS_BN], s[ROK_RU]
    # firm-equivalents of the ~160 Korean firms in Russia lost with the relation since July 2024 (C17)
    out[18] = q[P.RELATIONS_FIRMS_IN_RUSSIA] * min(max((s[ROK_RU0] - s[ROK_RU]) / s[ROK_RU0], 0), 1)
    out[19], out[20], out[21], out[22], out[23] = (
        s[APPROVAL],
        s[MOBILIZATION_MAX],
        s[BILL_TABLED],
        s[NA_LAW],
        s[SHOWDOWNS],
    )
    out[24], out[25], out[26], out[27], out[28] = s[TRUMP_WON], s[US_ROK], s[ABANDON], s[CN_ROK], s[NATO]
    out[29], out[30], out[31], out[32] = s[INTENDED_MAX], s[AID_MAX], s[AID], s[FIRST_DIRECT]
    out[33], out[34], out[35] = s[ATROCITY_OCCURRED], s[RU_RETALIATORY], s[BELIEF]


@without_aliasing
@njit(cache=True, error_model="numpy", _nrt=False, fastmath=FAST_MATH)
def simulate_batch(
    parameters,
    replications,
    name_keys,
    forcing,
    war_hold,
    ire_shock,
    policy,
    start_aid,
    inauguration_month,
    outcomes,
    series,
    table,
    keys,
    feasible,
    normals,
    state,
    moves,
):
    """Simulate every replication of a batch: `parameters` (R, params.COUNT) in, outcomes (len(OUTCOME_NAMES), R) and
    series (R, 18, horizon) out: a replication's months side by side, so it writes to memory it just used.

    Compiled without numba's reference counting (which took 60% of the time: an atomic increment and decrement
    for every array handed to an inlined function), so nothing here allocates: the caller passes `table`
    (TABLE_SHAPE floats: Seoul's table), `keys` (the stream keys' room), `feasible` (3 booleans), `normals`
    (2, horizon: a replication's noise, drawn before its first month), `state` (SIZE floats) and `moves`
    (MOVES_SHAPE).  No two of the arrays may overlap: they are compiled as never aliasing (without_aliasing)."""
    horizon = series.shape[2]
    s, k = state, keys
    values, threat_terms, tech = moves[0], moves[1], moves[2]
    for r in range(len(replications)):
        q = parameters[r]
        rng.replication_keys(name_keys, replications[r], k)
        initial(q, s, k, forcing[LADDER_LO, 0], forcing[LADDER_HI, 0], start_aid)
        seoul_table(q, table)
        rng.normals(k, normals)
        for t in range(horizon):
            lo, hi = forcing[LADDER_LO, t], forcing[LADDER_HI, t]
            exogenous_events(q, s, k, t, forcing[US_HOLD], inauguration_month)
            decide(q, s, k, t, table, policy, start_aid, lo, hi, values, threat_terms, tech, feasible)
            ratify(q, s, k, forcing[AID_LO, t], forcing[AID_HI, t])
            nato_track(s, forcing[NATO_LO, t], forcing[NATO_HI, t])
            supplies(q, s)
            battlefield(q, s, normals[0, t])
            russia_need(q, s)
            war_end(q, s, k, t, war_hold[t])
            ire_and_ladder(q, s, k, t, lo, hi, ire_shock[t])
            belief(s)
            peninsula(q, s)
            relations_and_markets(q, s)
            domestic(q, s, normals[1, t])
            alliance(q, s)
            record(s, t, series[r])
        outcomes_of(q, s, horizon, outcomes[:, r])
